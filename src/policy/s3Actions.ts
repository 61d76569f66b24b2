/**
 * @module policy/s3Actions
 * The S3 actions and the resource types each applies to (spec §9; Service Authorization Reference for S3,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html). Used to reject
 * unknown actions and statements whose actions apply to none of their resources in bucket and access point
 * policies. Object actions also apply to objects addressed through an access point.
 */

/** @public Resource-type bits. */
export const RT = { bucket: 1, object: 2, accesspoint: 4, accesspointobject: 8, job: 16, none: 32 } as const;

const OBJECT = RT.object | RT.accesspointobject;
const BUCKET = RT.bucket;
const BUCKET_VIA_AP = RT.bucket | RT.accesspoint;

const GROUPS: readonly (readonly [number, string])[] = [
  [OBJECT, "AbortMultipartUpload BypassGovernanceRetention DeleteObject DeleteObjectTagging DeleteObjectVersion DeleteObjectVersionTagging GetObject GetObjectAcl GetObjectAttributes GetObjectLegalHold GetObjectRetention GetObjectTagging GetObjectTorrent GetObjectVersion GetObjectVersionAcl GetObjectVersionAttributes GetObjectVersionForReplication GetObjectVersionTagging GetObjectVersionTorrent InitiateReplication ListMultipartUploadParts ObjectOwnerOverrideToBucketOwner PutObject PutObjectAcl PutObjectLegalHold PutObjectRetention PutObjectTagging PutObjectVersionAcl PutObjectVersionTagging ReplicateDelete ReplicateObject ReplicateTags RestoreObject"],
  [BUCKET_VIA_AP, "ListBucket ListBucketMultipartUploads"],
  [BUCKET, "CreateBucket DeleteBucket DeleteBucketPolicy DeleteBucketWebsite GetAccelerateConfiguration GetAnalyticsConfiguration GetBucketAcl GetBucketCORS GetBucketLocation GetBucketLogging GetBucketNotification GetBucketObjectLockConfiguration GetBucketOwnershipControls GetBucketPolicy GetBucketPolicyStatus GetBucketPublicAccessBlock GetBucketRequestPayment GetBucketTagging GetBucketVersioning GetBucketWebsite GetEncryptionConfiguration GetIntelligentTieringConfiguration GetInventoryConfiguration GetLifecycleConfiguration GetMetricsConfiguration GetReplicationConfiguration ListBucketVersions PutAccelerateConfiguration PutAnalyticsConfiguration PutBucketAcl PutBucketCORS PutBucketLogging PutBucketNotification PutBucketObjectLockConfiguration PutBucketOwnershipControls PutBucketPolicy PutBucketPublicAccessBlock PutBucketRequestPayment PutBucketTagging PutBucketVersioning PutBucketWebsite PutEncryptionConfiguration PutIntelligentTieringConfiguration PutInventoryConfiguration PutLifecycleConfiguration PutMetricsConfiguration PutReplicationConfiguration"],
  [RT.accesspoint, "CreateAccessPoint DeleteAccessPoint DeleteAccessPointPolicy GetAccessPointPolicy GetAccessPointPolicyStatus PutAccessPointPolicy"],
  [RT.job, "DescribeJob UpdateJobPriority UpdateJobStatus PutJobTagging GetJobTagging DeleteJobTagging"],
  [RT.none, "ListAllMyBuckets GetAccountPublicAccessBlock PutAccountPublicAccessBlock ListAccessPoints ListJobs CreateJob GetAccessPoint"],
];

/** @public Every S3 action (`s3:Name`) with its resource-type bits. */
export const S3_ACTIONS: ReadonlyMap<string, number> = new Map(
  GROUPS.flatMap(([types, names]) => names.split(" ").map((n) => [`s3:${n}`, types] as const)),
);

const BY_LOWER: ReadonlyMap<string, number> = new Map([...S3_ACTIONS].map(([k, v]) => [k.toLowerCase(), v]));

/** @public The resource-type bits of an S3 action (any case), or undefined if S3 has no such action. */
export function s3ActionResourceTypes(action: string): number | undefined {
  return BY_LOWER.get(action.toLowerCase());
}
