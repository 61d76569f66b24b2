/**
 * @module protocol/s3/ops
 * The handler table: one entry per served operation, keyed by the AWS operation name. The pipeline
 * dispatches through it; an operation the router recognises but this table lacks is NotImplemented.
 */
import type { S3OperationName } from "../../../authz/catalogue.ts";
import type { Handler } from "../context.ts";
import { createBucket, deleteBucket, getBucketLocation, getBucketVersioning, headBucket, listBuckets, putBucketVersioning } from "./bucket.ts";
import { copyObject } from "./copyObject.ts";
import { deleteObject, deleteObjects } from "./deleteObject.ts";
import { getObject, headObject } from "./getObject.ts";
import { getObjectAttributes } from "./getObjectAttributes.ts";
import { listObjects, listObjectsV2, listObjectVersions } from "./listObjects.ts";
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart, uploadPartCopy } from "./multipart.ts";
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from "./objectTagging.ts";
import { putObject } from "./putObject.ts";
import { getBucketAcl, getObjectAcl, putBucketAcl, putObjectAcl } from "./acl.ts";
import { deleteBucketPolicy, getBucketPolicy, getBucketPolicyStatus, putBucketPolicy } from "./bucketPolicy.ts";
import { deletePublicAccessBlock, getPublicAccessBlock, putPublicAccessBlock } from "./publicAccessBlock.ts";
import { deleteBucketOwnershipControls, getBucketOwnershipControls, putBucketOwnershipControls } from "./ownership.ts";
import { getBucketLogging, putBucketLogging } from "./bucketLogging.ts";

/** @public Handlers by operation. */
export const HANDLERS: Readonly<Partial<Record<S3OperationName, Handler>>> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  DeleteBucket: deleteBucket,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  PutBucketVersioning: putBucketVersioning,
  GetBucketVersioning: getBucketVersioning,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  GetObjectAttributes: getObjectAttributes,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  CopyObject: copyObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  ListMultipartUploads: listMultipartUploads,
  PutObjectTagging: putObjectTagging,
  GetObjectTagging: getObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: putObjectAcl,
  PutBucketOwnershipControls: putBucketOwnershipControls,
  GetBucketOwnershipControls: getBucketOwnershipControls,
  DeleteBucketOwnershipControls: deleteBucketOwnershipControls,
  PutBucketPolicy: putBucketPolicy,
  GetBucketPolicy: getBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketPolicyStatus: getBucketPolicyStatus,
  PutPublicAccessBlock: putPublicAccessBlock,
  GetPublicAccessBlock: getPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
  PutBucketLogging: putBucketLogging,
  GetBucketLogging: getBucketLogging,
};
