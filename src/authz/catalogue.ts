/**
 * @module authz/catalogue
 * The one catalogue of S3 REST operations: for each operation, the IAM actions it requires, on which
 * resource, which operation-specific condition keys apply, and the bucket owner's special powers.
 * Rows cite spec §9.2 (operation table) unless stated; names are exactly the AWS operation names.
 * Every other list of S3 operations or actions in crossbucket derives from this table.
 */

import type { OperationSpec } from "./catalogue/types.ts";
import { ACL_KEYS, COPY_KEYS, EXISTING_TAG, LIST_KEYS, PUT_OBJECT_KEYS, PUT_OBJECT_EXTRAS, REQUEST_TAG_KEYS, VERSION_ID } from "./catalogue/keys.ts";

export type { ExtraAction, ExtraActionTrigger, OperationSpec, ResourceKind } from "./catalogue/types.ts";

/** A recognised operation crossbucket does not serve (answered with NotImplemented). */
function unserved(resource: OperationSpec["resource"], actions: readonly string[], source: string): OperationSpec {
  return { resource, actions, conditionKeys: [], served: false, source };
}

const SAR = "SAR-S3 https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html";
const DELETE_EXTRAS = [{ action: "s3:BypassGovernanceRetention", when: "bypass-governance-header" }] as const;

const TABLE = {
  // Service level (spec §9.1: no resource-level permissions)
  ListBuckets: { resource: "none", actions: ["s3:ListAllMyBuckets"], conditionKeys: [], served: true, source: "§9.2 API-ListBuckets" },

  // Bucket lifecycle and listing
  CreateBucket: { resource: "bucket", actions: ["s3:CreateBucket"], extra: [{ action: "s3:PutBucketAcl", when: "non-private-acl" }, { action: "s3:PutBucketOwnershipControls", when: "object-ownership-header" }, { action: "s3:PutBucketObjectLockConfiguration", when: "object-lock-enabled-header" }, { action: "s3:PutBucketVersioning", when: "object-lock-enabled-header" }], conditionKeys: [...ACL_KEYS, "s3:locationconstraint", "s3:x-amz-object-ownership", "aws:RequestTag/*", "aws:TagKeys"], served: true, source: "§9.2 API-CreateBucket" },
  DeleteBucket: { resource: "bucket", actions: ["s3:DeleteBucket"], conditionKeys: [], served: true, source: "§9.2 API-DeleteBucket" },
  HeadBucket: { resource: "bucket", actions: ["s3:ListBucket"], conditionKeys: [], served: true, source: "§9.2 API-HeadBucket" },
  GetBucketLocation: { resource: "bucket", actions: ["s3:GetBucketLocation"], conditionKeys: [], served: true, source: "§9.2 API-GetBucketLocation" },
  ListObjects: { resource: "bucket", actions: ["s3:ListBucket"], conditionKeys: LIST_KEYS, served: true, source: "§9.2 API-ListObjects" },
  ListObjectsV2: { resource: "bucket", actions: ["s3:ListBucket"], conditionKeys: LIST_KEYS, served: true, source: "§9.2 API-ListObjectsV2" },
  ListObjectVersions: { resource: "bucket", actions: ["s3:ListBucketVersions"], conditionKeys: LIST_KEYS, served: true, source: "§9.2 API-ListObjectVersions" },
  ListMultipartUploads: { resource: "bucket", actions: ["s3:ListBucketMultipartUploads"], conditionKeys: [], served: true, source: "§9.2 S3-MPU" },

  // Objects
  GetObject: { resource: "object", actions: ["s3:GetObject"], versionActions: ["s3:GetObjectVersion"], conditionKeys: [EXISTING_TAG, VERSION_ID], served: true, source: "§9.2 API-GetObject" },
  HeadObject: { resource: "object", actions: ["s3:GetObject"], versionActions: ["s3:GetObjectVersion"], conditionKeys: [EXISTING_TAG, VERSION_ID], served: true, source: "§9.2 API-HeadObject (version form DERIVED)" },
  GetObjectAttributes: { resource: "object", actions: ["s3:GetObject", "s3:GetObjectAttributes"], versionActions: ["s3:GetObjectVersion", "s3:GetObjectVersionAttributes"], conditionKeys: [EXISTING_TAG, VERSION_ID], served: true, source: "§9.2 API-GetObjectAttributes" },
  PutObject: { resource: "object", actions: ["s3:PutObject"], extra: PUT_OBJECT_EXTRAS, conditionKeys: PUT_OBJECT_KEYS, served: true, source: "§9.2 API-PutObject (ACL headers need only s3:PutObject, §9.2 note)" },
  CopyObject: { resource: "object", sourceActions: ["s3:GetObject"], sourceVersionActions: ["s3:GetObjectVersion"], actions: ["s3:PutObject"], extra: PUT_OBJECT_EXTRAS, conditionKeys: COPY_KEYS, served: true, source: "§9.2, §9.4 API-CopyObject" },
  DeleteObject: { resource: "object", actions: ["s3:DeleteObject"], versionActions: ["s3:DeleteObjectVersion"], extra: DELETE_EXTRAS, conditionKeys: [VERSION_ID, "s3:if-match"], bucketOwnerPower: true, served: true, source: "§9.2, §12.7 API-DeleteObject" },
  DeleteObjects: { resource: "object", actions: ["s3:DeleteObject"], versionActions: ["s3:DeleteObjectVersion"], extra: DELETE_EXTRAS, conditionKeys: [], bucketOwnerPower: true, served: true, source: "§9.2, §12.7 API-DeleteObjects (checked per key)" },
  PostObject: { resource: "object", actions: ["s3:PutObject"], extra: PUT_OBJECT_EXTRAS, conditionKeys: PUT_OBJECT_KEYS, served: false, source: "API-PostObject (browser form upload = s3:PutObject, DERIVED)" },
  RestoreObject: { resource: "object", actions: ["s3:RestoreObject"], conditionKeys: [], bucketOwnerPower: true, served: false, source: "§9.2, §12.7 API-RestoreObject" },
  SelectObjectContent: unserved("object", ["s3:GetObject"], "API-SelectObjectContent"),
  GetObjectTorrent: { resource: "object", actions: ["s3:GetObjectTorrent"], versionActions: ["s3:GetObjectVersionTorrent"], conditionKeys: [VERSION_ID], served: false, source: SAR },

  // Multipart uploads
  CreateMultipartUpload: { resource: "object", actions: ["s3:PutObject"], extra: PUT_OBJECT_EXTRAS, conditionKeys: PUT_OBJECT_KEYS, served: true, source: "§9.2 S3-MPU (header-driven extras DERIVED)" },
  UploadPart: { resource: "object", actions: ["s3:PutObject"], conditionKeys: [], served: true, source: "§9.2 S3-MPU" },
  UploadPartCopy: { resource: "object", sourceActions: ["s3:GetObject"], sourceVersionActions: ["s3:GetObjectVersion"], actions: ["s3:PutObject"], conditionKeys: ["s3:x-amz-copy-source"], served: true, source: "§9.2, §9.4 API-UploadPartCopy" },
  CompleteMultipartUpload: { resource: "object", actions: ["s3:PutObject"], conditionKeys: [], served: true, source: "§9.2 S3-MPU" },
  AbortMultipartUpload: { resource: "object", actions: ["s3:AbortMultipartUpload"], conditionKeys: [], bucketOwnerPower: true, served: true, source: "§9.2, §12.7 S3-MPU" },
  ListParts: { resource: "object", actions: ["s3:ListMultipartUploadParts"], conditionKeys: [], bucketOwnerPower: true, served: true, source: "§9.2, §12.7 S3-MPU" },

  // Versioning
  GetBucketVersioning: { resource: "bucket", actions: ["s3:GetBucketVersioning"], conditionKeys: [], served: true, source: "§9.2 API-GetBucketVersioning" },
  PutBucketVersioning: { resource: "bucket", actions: ["s3:PutBucketVersioning"], conditionKeys: [], served: true, source: "§9.2 API-PutBucketVersioning" },

  // Tagging
  GetObjectTagging: { resource: "object", actions: ["s3:GetObjectTagging"], versionActions: ["s3:GetObjectVersionTagging"], conditionKeys: [EXISTING_TAG, VERSION_ID], served: true, source: "§9.2 API-GetObjectTagging" },
  PutObjectTagging: { resource: "object", actions: ["s3:PutObjectTagging"], versionActions: ["s3:PutObjectVersionTagging"], conditionKeys: [EXISTING_TAG, ...REQUEST_TAG_KEYS, VERSION_ID], served: true, source: "§9.2 API-PutObjectTagging" },
  DeleteObjectTagging: { resource: "object", actions: ["s3:DeleteObjectTagging"], versionActions: ["s3:DeleteObjectVersionTagging"], conditionKeys: [EXISTING_TAG, VERSION_ID], served: true, source: "§9.2 API-DeleteObjectTagging" },
  GetBucketTagging: { resource: "bucket", actions: ["s3:GetBucketTagging"], conditionKeys: [], served: true, source: "§9.2 API-GetBucketTagging" },
  PutBucketTagging: { resource: "bucket", actions: ["s3:PutBucketTagging"], conditionKeys: [], served: true, source: "§9.2 API-PutBucketTagging" },
  DeleteBucketTagging: { resource: "bucket", actions: ["s3:PutBucketTagging"], conditionKeys: [], served: true, source: "§9.2 API-DeleteBucketTagging" },

  // ACLs
  GetBucketAcl: { resource: "bucket", actions: ["s3:GetBucketAcl"], conditionKeys: [], served: true, source: "§9.2 API-GetBucketAcl" },
  PutBucketAcl: { resource: "bucket", actions: ["s3:PutBucketAcl"], conditionKeys: ACL_KEYS, served: true, source: "§9.2 API-PutBucketAcl" },
  GetObjectAcl: { resource: "object", actions: ["s3:GetObjectAcl"], versionActions: ["s3:GetObjectVersionAcl"], conditionKeys: [EXISTING_TAG, VERSION_ID], served: true, source: "§9.2 API-GetObjectAcl" },
  PutObjectAcl: { resource: "object", actions: ["s3:PutObjectAcl"], versionActions: ["s3:PutObjectVersionAcl"], conditionKeys: [...ACL_KEYS, "s3:x-amz-storage-class", EXISTING_TAG, VERSION_ID], served: true, source: "§9.2 API-PutObjectAcl" },

  // Object Ownership, bucket policy, Block Public Access
  PutBucketOwnershipControls: { resource: "bucket", actions: ["s3:PutBucketOwnershipControls"], conditionKeys: [], served: true, source: "§9.2 API-PutBucketOwnershipControls" },
  GetBucketOwnershipControls: { resource: "bucket", actions: ["s3:GetBucketOwnershipControls"], conditionKeys: [], served: true, source: "§9.2 API-GetBucketOwnershipControls" },
  DeleteBucketOwnershipControls: { resource: "bucket", actions: ["s3:PutBucketOwnershipControls"], conditionKeys: [], served: true, source: "§9.2 API-DeleteBucketOwnershipControls" },
  PutBucketPolicy: { resource: "bucket", actions: ["s3:PutBucketPolicy"], conditionKeys: [], ownerRootAlwaysAllowed: true, sameAccountOnly: true, served: true, source: "§9.2, §2.7, §12.9 API-PutBucketPolicy" },
  GetBucketPolicy: { resource: "bucket", actions: ["s3:GetBucketPolicy"], conditionKeys: [], ownerRootAlwaysAllowed: true, sameAccountOnly: true, served: true, source: "§9.2, §2.7, §12.9 API-GetBucketPolicy" },
  DeleteBucketPolicy: { resource: "bucket", actions: ["s3:DeleteBucketPolicy"], conditionKeys: [], ownerRootAlwaysAllowed: true, sameAccountOnly: true, served: true, source: "§9.2, §2.7, §12.9 API-DeleteBucketPolicy" },
  GetBucketPolicyStatus: { resource: "bucket", actions: ["s3:GetBucketPolicyStatus"], conditionKeys: [], served: true, source: "§9.2 API-GetBucketPolicyStatus" },
  PutPublicAccessBlock: { resource: "bucket", actions: ["s3:PutBucketPublicAccessBlock"], conditionKeys: [], served: true, source: "§9.2 API-PutPublicAccessBlock" },
  GetPublicAccessBlock: { resource: "bucket", actions: ["s3:GetBucketPublicAccessBlock"], conditionKeys: [], served: true, source: "§9.2 API-GetPublicAccessBlock" },
  DeletePublicAccessBlock: { resource: "bucket", actions: ["s3:PutBucketPublicAccessBlock"], conditionKeys: [], served: true, source: "§9.2 API-DeletePublicAccessBlock" },

  // Logging
  PutBucketLogging: { resource: "bucket", actions: ["s3:PutBucketLogging"], conditionKeys: [], served: true, source: `API-PutBucketLogging, ${SAR}` },
  GetBucketLogging: { resource: "bucket", actions: ["s3:GetBucketLogging"], conditionKeys: [], served: true, source: `API-GetBucketLogging, ${SAR}` },

  // Object Lock on objects
  GetObjectRetention: unserved("object", ["s3:GetObjectRetention"], "§9.2 API-GetObjectRetention"),
  PutObjectRetention: { resource: "object", actions: ["s3:PutObjectRetention"], extra: DELETE_EXTRAS, conditionKeys: ["s3:object-lock-mode", "s3:object-lock-retain-until-date", "s3:object-lock-remaining-retention-days"], served: false, source: "§9.2 API-PutObjectRetention" },
  GetObjectLegalHold: unserved("object", ["s3:GetObjectLegalHold"], "§9.2 API-GetObjectLegalHold"),
  PutObjectLegalHold: { resource: "object", actions: ["s3:PutObjectLegalHold"], conditionKeys: ["s3:object-lock-legal-hold"], served: false, source: "§9.2 API-PutObjectLegalHold" },

  // Recognised bucket subresources crossbucket does not serve (SAR-S3 operations table)
  GetBucketCors: unserved("bucket", ["s3:GetBucketCORS"], SAR),
  PutBucketCors: unserved("bucket", ["s3:PutBucketCORS"], SAR),
  DeleteBucketCors: unserved("bucket", ["s3:PutBucketCORS"], SAR),
  GetBucketLifecycleConfiguration: unserved("bucket", ["s3:GetLifecycleConfiguration"], SAR),
  PutBucketLifecycleConfiguration: unserved("bucket", ["s3:PutLifecycleConfiguration"], SAR),
  DeleteBucketLifecycle: unserved("bucket", ["s3:PutLifecycleConfiguration"], SAR),
  GetBucketEncryption: unserved("bucket", ["s3:GetEncryptionConfiguration"], SAR),
  PutBucketEncryption: unserved("bucket", ["s3:PutEncryptionConfiguration"], SAR),
  DeleteBucketEncryption: unserved("bucket", ["s3:PutEncryptionConfiguration"], SAR),
  GetBucketWebsite: unserved("bucket", ["s3:GetBucketWebsite"], SAR),
  PutBucketWebsite: unserved("bucket", ["s3:PutBucketWebsite"], SAR),
  DeleteBucketWebsite: unserved("bucket", ["s3:DeleteBucketWebsite"], SAR),
  GetBucketNotificationConfiguration: unserved("bucket", ["s3:GetBucketNotification"], SAR),
  PutBucketNotificationConfiguration: unserved("bucket", ["s3:PutBucketNotification"], SAR),
  GetBucketRequestPayment: unserved("bucket", ["s3:GetBucketRequestPayment"], SAR),
  PutBucketRequestPayment: unserved("bucket", ["s3:PutBucketRequestPayment"], SAR),
  GetObjectLockConfiguration: unserved("bucket", ["s3:GetBucketObjectLockConfiguration"], SAR),
  PutObjectLockConfiguration: unserved("bucket", ["s3:PutBucketObjectLockConfiguration"], SAR),
  GetBucketAccelerateConfiguration: unserved("bucket", ["s3:GetAccelerateConfiguration"], SAR),
  PutBucketAccelerateConfiguration: unserved("bucket", ["s3:PutAccelerateConfiguration"], SAR),
  GetBucketReplication: unserved("bucket", ["s3:GetReplicationConfiguration"], SAR),
  PutBucketReplication: unserved("bucket", ["s3:PutReplicationConfiguration"], SAR),
  DeleteBucketReplication: unserved("bucket", ["s3:PutReplicationConfiguration"], SAR),
  GetBucketAnalyticsConfiguration: unserved("bucket", ["s3:GetAnalyticsConfiguration"], SAR),
  PutBucketAnalyticsConfiguration: unserved("bucket", ["s3:PutAnalyticsConfiguration"], SAR),
  DeleteBucketAnalyticsConfiguration: unserved("bucket", ["s3:PutAnalyticsConfiguration"], SAR),
  ListBucketAnalyticsConfigurations: unserved("bucket", ["s3:GetAnalyticsConfiguration"], SAR),
  GetBucketInventoryConfiguration: unserved("bucket", ["s3:GetInventoryConfiguration"], SAR),
  PutBucketInventoryConfiguration: unserved("bucket", ["s3:PutInventoryConfiguration"], SAR),
  DeleteBucketInventoryConfiguration: unserved("bucket", ["s3:PutInventoryConfiguration"], SAR),
  ListBucketInventoryConfigurations: unserved("bucket", ["s3:GetInventoryConfiguration"], SAR),
  GetBucketMetricsConfiguration: unserved("bucket", ["s3:GetMetricsConfiguration"], SAR),
  PutBucketMetricsConfiguration: unserved("bucket", ["s3:PutMetricsConfiguration"], SAR),
  DeleteBucketMetricsConfiguration: unserved("bucket", ["s3:PutMetricsConfiguration"], SAR),
  ListBucketMetricsConfigurations: unserved("bucket", ["s3:GetMetricsConfiguration"], SAR),
  GetBucketIntelligentTieringConfiguration: unserved("bucket", ["s3:GetIntelligentTieringConfiguration"], SAR),
  PutBucketIntelligentTieringConfiguration: unserved("bucket", ["s3:PutIntelligentTieringConfiguration"], SAR),
  DeleteBucketIntelligentTieringConfiguration: unserved("bucket", ["s3:PutIntelligentTieringConfiguration"], SAR),
  ListBucketIntelligentTieringConfigurations: unserved("bucket", ["s3:GetIntelligentTieringConfiguration"], SAR),
} satisfies Record<string, OperationSpec>;

/** @public The name of an S3 REST operation, exactly as AWS spells it (e.g. `"ListObjectsV2"`). */
export type S3OperationName = keyof typeof TABLE;

/** @public The catalogue: every recognised S3 operation and what it requires. */
export const S3_OPERATIONS: Readonly<Record<S3OperationName, OperationSpec>> = Object.freeze(TABLE);

/** @public Every operation name in the catalogue. */
export const S3_OPERATION_NAMES: readonly S3OperationName[] = Object.freeze(Object.keys(TABLE) as S3OperationName[]);

/** @public Whether a string names a catalogued operation. */
export function isS3OperationName(name: string): name is S3OperationName {
  return Object.hasOwn(TABLE, name);
}

export { requiredActions } from "./catalogue/requiredActions.ts";
export type { ActionFacts, RequiredAction } from "./catalogue/requiredActions.ts";
export { extraTriggers } from "./catalogue/triggers.ts";
