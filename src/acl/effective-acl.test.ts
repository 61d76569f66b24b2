import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { effectiveBucketAcl, effectiveObjectAcl } from "./effective-acl.ts";
import { ALL_USERS, type AccessControlList } from "./types.ts";

// "Changes introduced by disabling ACLs" / "Re-enabling ACLs":
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
const B = "b".repeat(64);
const W = "a".repeat(64);
const writerAcl: AccessControlList = {
  owner: { id: W },
  grants: [
    { grantee: { type: "CanonicalUser", id: W }, permission: "FULL_CONTROL" },
    { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" },
  ],
};
const stored = { ownerId: W, acl: writerAcl };
const bucketOwnerFullControl: AccessControlList = { owner: { id: B }, grants: [{ grantee: { type: "CanonicalUser", id: B }, permission: "FULL_CONTROL" }] };

describe("effective object ACL", () => {
  it("under BucketOwnerEnforced every object is the bucket owner's with only its FULL_CONTROL grant", () => {
    assert.deepEqual(effectiveObjectAcl(stored, "BucketOwnerEnforced", B), { ownerId: B, acl: bucketOwnerFullControl, enforced: true });
  });

  it("switching back to ObjectWriter or BucketOwnerPreferred restores the stored owner and ACL", () => {
    for (const setting of ["ObjectWriter", "BucketOwnerPreferred"] as const) {
      assert.deepEqual(effectiveObjectAcl(stored, setting, B), { ownerId: W, acl: writerAcl, enforced: false });
    }
  });
});

describe("effective bucket ACL", () => {
  it("under BucketOwnerEnforced the bucket ACL reads as the bucket owner's FULL_CONTROL", () => {
    const publicBucket: AccessControlList = { owner: { id: B }, grants: [...bucketOwnerFullControl.grants, { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" }] };
    assert.deepEqual(effectiveBucketAcl(publicBucket, "BucketOwnerEnforced", B).acl, bucketOwnerFullControl);
    assert.deepEqual(effectiveBucketAcl(publicBucket, "ObjectWriter", B).acl, publicBucket);
  });
});
