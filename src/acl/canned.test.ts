import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CANNED_ACL_NAMES, cannedAcl, isCannedAclName } from "./canned.ts";
import { ALL_USERS, AUTHENTICATED_USERS, EC2_EXEC_READ_CANONICAL_ID, LOG_DELIVERY, type AccessControlList, type Grant } from "./types.ts";
import type { AclResult } from "./errors.ts";

// Canned ACL table: https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
const B = "b".repeat(64); // bucket owner
const W = "a".repeat(64); // object writer in another account

function value(r: AclResult<AccessControlList>): AccessControlList {
  assert.ok(r.ok, r.ok ? "" : r.error.code);
  return r.value;
}
const id = (i: string, permission: Grant["permission"]): Grant => ({ grantee: { type: "CanonicalUser", id: i }, permission });
const group = (uri: typeof ALL_USERS | typeof AUTHENTICATED_USERS | typeof LOG_DELIVERY, permission: Grant["permission"]): Grant => ({
  grantee: { type: "Group", uri },
  permission,
});

describe("canned ACLs on a bucket", () => {
  const onBucket = (name: string) => value(cannedAcl(name, { resource: "bucket", ownerId: B, bucketOwnerId: B }));
  const cases: [string, Grant[]][] = [
    ["private", [id(B, "FULL_CONTROL")]],
    ["public-read", [id(B, "FULL_CONTROL"), group(ALL_USERS, "READ")]],
    ["public-read-write", [id(B, "FULL_CONTROL"), group(ALL_USERS, "READ"), group(ALL_USERS, "WRITE")]],
    ["authenticated-read", [id(B, "FULL_CONTROL"), group(AUTHENTICATED_USERS, "READ")]],
    ["aws-exec-read", [id(B, "FULL_CONTROL"), id(EC2_EXEC_READ_CANONICAL_ID, "READ")]],
    ["log-delivery-write", [id(B, "FULL_CONTROL"), group(LOG_DELIVERY, "WRITE"), group(LOG_DELIVERY, "READ_ACP")]],
    // "If you specify this canned ACL when creating a bucket, Amazon S3 ignores it."
    ["bucket-owner-read", [id(B, "FULL_CONTROL")]],
    ["bucket-owner-full-control", [id(B, "FULL_CONTROL")]],
  ];
  for (const [name, grants] of cases) {
    it(`${name} on a bucket grants ${grants.map((g) => g.permission).join(", ")} with the bucket owner as owner`, () => {
      assert.deepEqual(onBucket(name), { owner: { id: B }, grants });
    });
  }
});

describe("canned ACLs on an object written by another account", () => {
  const onObject = (name: string) => value(cannedAcl(name, { resource: "object", ownerId: W, bucketOwnerId: B }));
  const cases: [string, Grant[]][] = [
    ["private", [id(W, "FULL_CONTROL")]],
    ["public-read", [id(W, "FULL_CONTROL"), group(ALL_USERS, "READ")]],
    ["public-read-write", [id(W, "FULL_CONTROL"), group(ALL_USERS, "READ"), group(ALL_USERS, "WRITE")]],
    ["authenticated-read", [id(W, "FULL_CONTROL"), group(AUTHENTICATED_USERS, "READ")]],
    ["aws-exec-read", [id(W, "FULL_CONTROL"), id(EC2_EXEC_READ_CANONICAL_ID, "READ")]],
    ["bucket-owner-read", [id(W, "FULL_CONTROL"), id(B, "READ")]],
    ["bucket-owner-full-control", [id(W, "FULL_CONTROL"), id(B, "FULL_CONTROL")]],
  ];
  for (const [name, grants] of cases) {
    it(`${name} on an object grants ${grants.map((g) => g.permission).join(", ")} with the writer as owner`, () => {
      assert.deepEqual(onObject(name), { owner: { id: W }, grants });
    });
  }

  it("bucket-owner-full-control by the bucket owner itself yields one FULL_CONTROL grant", () => {
    assert.deepEqual(value(cannedAcl("bucket-owner-full-control", { resource: "object", ownerId: B, bucketOwnerId: B })).grants, [
      id(B, "FULL_CONTROL"),
    ]);
  });

  it("refuses log-delivery-write on an object as an invalid x-amz-acl value", () => {
    const r = cannedAcl("log-delivery-write", { resource: "object", ownerId: W, bucketOwnerId: B });
    assert.equal(r.ok, false);
  });
});

describe("unknown canned ACL names", () => {
  // Observed AWS answer: https://github.com/versity/versitygw/issues/1379
  it("answers InvalidArgument with an empty message and ArgumentName x-amz-acl", () => {
    const r = cannedAcl("privatee", { resource: "bucket", ownerId: B, bucketOwnerId: B });
    assert.ok(!r.ok);
    assert.equal(r.error.code, "InvalidArgument");
    assert.equal(r.error.status, 400);
    assert.equal(r.error.message, "");
    assert.deepEqual(r.error.fields, [
      ["ArgumentName", "x-amz-acl"],
      ["ArgumentValue", "privatee"],
    ]);
  });

  it("compares canned ACL names case-sensitively", () => {
    assert.equal(isCannedAclName("Private"), false);
    assert.equal(CANNED_ACL_NAMES.every(isCannedAclName), true);
  });
});
