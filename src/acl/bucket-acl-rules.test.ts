import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type CreateBucketAclInput, decideCreateBucketAcl, enforcementBlockedBy } from "./bucket-acl-rules.ts";
import { ALL_USERS, LOG_DELIVERY, type AccessControlList } from "./types.ts";

const B = "b".repeat(64);
const C = "c".repeat(64);
const ownerFc = { grantee: { type: "CanonicalUser" as const, id: B }, permission: "FULL_CONTROL" as const };

function create(input: Partial<CreateBucketAclInput>) {
  return decideCreateBucketAcl({ setting: "BucketOwnerEnforced", requested: { kind: "none" }, ownerId: B, blockPublicAcls: true, ...input });
}

describe("CreateBucket ACL (2023 defaults)", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-new-bucket.html
  it("without ownership header or ACL the bucket gets its owner's FULL_CONTROL", () => {
    assert.deepEqual(create({}), { ok: true, value: { owner: { id: B }, grants: [ownerFc] } });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html (x-amz-acl: private needs only s3:CreateBucket)
  it("accepts x-amz-acl: private under BucketOwnerEnforced", () => {
    assert.equal(create({ requested: { kind: "canned", name: "private" } }).ok, true);
  });

  it("ignores bucket-owner-full-control on a bucket, so it is accepted as private", () => {
    assert.deepEqual(create({ requested: { kind: "canned", name: "bucket-owner-full-control" } }), { ok: true, value: { owner: { id: B }, grants: [ownerFc] } });
  });

  // Observed: https://github.com/kubernetes/kops/issues/15454
  it("refuses public-read without an ownership header with InvalidBucketAclWithObjectOwnership", () => {
    const r = create({ requested: { kind: "canned", name: "public-read" } });
    assert.ok(!r.ok);
    assert.equal(r.error.code, "InvalidBucketAclWithObjectOwnership");
    assert.equal(r.error.message, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
  });

  it("refuses grant headers to another account under BucketOwnerEnforced", () => {
    const r = create({ requested: { kind: "grants", grants: [{ grantee: { type: "CanonicalUser", id: C }, permission: "READ" }] } });
    assert.equal(r.ok ? "ok" : r.error.code, "InvalidBucketAclWithObjectOwnership");
  });

  // "If you try to create a bucket with a public ACL, the request will fail": API-CreateBucket; text observed in
  // https://github.com/emgarten/Sleet/issues/180
  it("refuses a public ACL with ObjectWriter while BlockPublicAcls applies", () => {
    const r = create({ setting: "ObjectWriter", requested: { kind: "canned", name: "public-read" } });
    assert.ok(!r.ok);
    assert.equal(r.error.code, "InvalidBucketAclWithBlockPublicAccessError");
  });

  it("accepts a public ACL with ObjectWriter once BlockPublicAcls is off, and a non-public one at any time", () => {
    assert.equal(create({ setting: "ObjectWriter", requested: { kind: "canned", name: "public-read" }, blockPublicAcls: false }).ok, true);
    const logs = create({ setting: "ObjectWriter", requested: { kind: "canned", name: "log-delivery-write" } });
    assert.ok(logs.ok);
    assert.deepEqual(logs.value.grants.map((g) => g.permission), ["FULL_CONTROL", "WRITE", "READ_ACP"]);
  });
});

describe("switching a bucket to BucketOwnerEnforced", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-existing-bucket.html
  const acl = (...grants: AccessControlList["grants"]): AccessControlList => ({ owner: { id: B }, grants });

  it("is allowed when the bucket ACL grants only the bucket owner", () => {
    assert.equal(enforcementBlockedBy(acl(ownerFc), B), undefined);
  });

  it("is refused with InvalidBucketAclWithObjectOwnership when the bucket ACL grants a group or another account", () => {
    assert.equal(enforcementBlockedBy(acl(ownerFc, { grantee: { type: "Group", uri: LOG_DELIVERY }, permission: "WRITE" }), B)?.code, "InvalidBucketAclWithObjectOwnership");
    assert.equal(enforcementBlockedBy(acl(ownerFc, { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" }), B)?.code, "InvalidBucketAclWithObjectOwnership");
    assert.equal(enforcementBlockedBy(acl(ownerFc, { grantee: { type: "CanonicalUser", id: C }, permission: "READ" }), B)?.code, "InvalidBucketAclWithObjectOwnership");
  });
});
