import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type ObjectOwnership, decideObjectOwnership, effectiveOwnership, isBucketOwnerFullControl } from "./ownership.ts";
import type { RequestedAcl } from "./requested-acl.ts";
import { ALL_USERS, ANONYMOUS_CANONICAL_ID, type Grant } from "./types.ts";

// Spec §5.3 table. Sources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
// and https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
const B = "b".repeat(64); // bucket owner
const W = "a".repeat(64); // writer in another account
const fc = (id: string): Grant => ({ grantee: { type: "CanonicalUser", id }, permission: "FULL_CONTROL" });
const read = (id: string): Grant => ({ grantee: { type: "CanonicalUser", id }, permission: "READ" });
const none: RequestedAcl = { kind: "none" };
const canned = (name: "private" | "public-read" | "bucket-owner-full-control" | "bucket-owner-read" | "log-delivery-write"): RequestedAcl => ({
  kind: "canned",
  name,
});
const grants = (...g: Grant[]): RequestedAcl => ({ kind: "grants", grants: g });

function decided(setting: ObjectOwnership, writer: string, requested: RequestedAcl) {
  const r = decideObjectOwnership(setting, writer, B, requested);
  assert.ok(r.ok, r.ok ? "" : r.error.code);
  return { owner: r.value.ownerId, grants: r.value.acl.grants, aclOwner: r.value.acl.owner.id };
}
function refused(setting: ObjectOwnership, writer: string, requested: RequestedAcl) {
  const r = decideObjectOwnership(setting, writer, B, requested);
  assert.ok(!r.ok, "expected a refusal");
  return r.error;
}

describe("BucketOwnerEnforced", () => {
  for (const writer of [B, W]) {
    const who = writer === B ? "the bucket owner" : "another account";
    it(`an object written by ${who} with no ACL is owned by the bucket owner with FULL_CONTROL`, () => {
      assert.deepEqual(decided("BucketOwnerEnforced", writer, none), { owner: B, grants: [fc(B)], aclOwner: B });
    });
    it(`an object written by ${who} with bucket-owner-full-control is accepted and owned by the bucket owner`, () => {
      assert.deepEqual(decided("BucketOwnerEnforced", writer, canned("bucket-owner-full-control")), { owner: B, grants: [fc(B)], aclOwner: B });
    });
    it(`an object written by ${who} with public-read is refused with 400 AccessControlListNotSupported`, () => {
      const e = refused("BucketOwnerEnforced", writer, canned("public-read"));
      assert.equal(e.code, "AccessControlListNotSupported");
      assert.equal(e.status, 400);
      assert.equal(e.message, "The bucket does not allow ACLs");
    });
  }

  it("accepts bucket-owner-full-control written as explicit FULL_CONTROL grants to writer and bucket owner", () => {
    assert.equal(decided("BucketOwnerEnforced", W, grants(fc(W), fc(B))).owner, B);
    assert.equal(decided("BucketOwnerEnforced", W, grants(fc(B))).owner, B);
  });

  it("refuses grant headers to other accounts or groups, and bucket-owner-read", () => {
    assert.equal(refused("BucketOwnerEnforced", W, grants(read(B))).code, "AccessControlListNotSupported");
    assert.equal(refused("BucketOwnerEnforced", W, grants(fc(W))).code, "AccessControlListNotSupported");
    assert.equal(refused("BucketOwnerEnforced", W, grants({ grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" })).code, "AccessControlListNotSupported");
    assert.equal(refused("BucketOwnerEnforced", W, canned("bucket-owner-read")).code, "AccessControlListNotSupported");
  });

  // UNCONFIRMED (spec Appendix A12): docs accept only no ACL or bofc, so `private` is refused.
  it("refuses x-amz-acl: private", () => {
    assert.equal(refused("BucketOwnerEnforced", W, canned("private")).code, "AccessControlListNotSupported");
  });

  it("gives an anonymous upload to the bucket owner", () => {
    assert.equal(decided("BucketOwnerEnforced", ANONYMOUS_CANONICAL_ID, none).owner, B);
  });
});

describe("BucketOwnerPreferred", () => {
  it("an object written by the bucket owner is the bucket owner's, with the ACL requested", () => {
    assert.deepEqual(decided("BucketOwnerPreferred", B, none), { owner: B, grants: [fc(B)], aclOwner: B });
    assert.deepEqual(decided("BucketOwnerPreferred", B, canned("bucket-owner-full-control")).grants, [fc(B)]);
    assert.equal(decided("BucketOwnerPreferred", B, canned("public-read")).grants.length, 2);
  });

  it("another account writing with no ACL keeps ownership, with the default ACL", () => {
    assert.deepEqual(decided("BucketOwnerPreferred", W, none), { owner: W, grants: [fc(W)], aclOwner: W });
  });

  it("another account writing with bucket-owner-full-control hands ownership to the bucket owner and loses full control", () => {
    assert.deepEqual(decided("BucketOwnerPreferred", W, canned("bucket-owner-full-control")), { owner: B, grants: [fc(B)], aclOwner: B });
  });

  it("another account writing with another ACL keeps ownership, with the grants requested", () => {
    assert.deepEqual(decided("BucketOwnerPreferred", W, canned("bucket-owner-read")), { owner: W, grants: [fc(W), read(B)], aclOwner: W });
    assert.deepEqual(decided("BucketOwnerPreferred", W, grants(read(B))), { owner: W, grants: [read(B)], aclOwner: W });
  });

  // UNCONFIRMED (spec Appendix A13): only the canned ACL moves ownership.
  it("explicit FULL_CONTROL grants equivalent to bucket-owner-full-control do not move ownership", () => {
    assert.deepEqual(decided("BucketOwnerPreferred", W, grants(fc(W), fc(B))), { owner: W, grants: [fc(W), fc(B)], aclOwner: W });
  });
});

describe("ObjectWriter", () => {
  it("an object written by the bucket owner is the bucket owner's", () => {
    assert.equal(decided("ObjectWriter", B, none).owner, B);
  });

  it("another account writing with no ACL owns the object and the bucket owner gets nothing", () => {
    assert.deepEqual(decided("ObjectWriter", W, none), { owner: W, grants: [fc(W)], aclOwner: W });
  });

  it("another account writing with bucket-owner-full-control owns the object; both accounts get FULL_CONTROL", () => {
    assert.deepEqual(decided("ObjectWriter", W, canned("bucket-owner-full-control")), { owner: W, grants: [fc(W), fc(B)], aclOwner: W });
  });

  it("another account writing with bucket-owner-read owns the object; the bucket owner gets READ", () => {
    assert.deepEqual(decided("ObjectWriter", W, canned("bucket-owner-read")), { owner: W, grants: [fc(W), read(B)], aclOwner: W });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html#about-resource-owner
  it("an anonymous upload is owned by the anonymous canonical user with FULL_CONTROL", () => {
    assert.deepEqual(decided("ObjectWriter", ANONYMOUS_CANONICAL_ID, none), {
      owner: ANONYMOUS_CANONICAL_ID,
      grants: [fc(ANONYMOUS_CANONICAL_ID)],
      aclOwner: ANONYMOUS_CANONICAL_ID,
    });
  });

  it("passes on the canned ACL's own refusal (log-delivery-write is not an object ACL)", () => {
    assert.equal(refused("ObjectWriter", W, canned("log-delivery-write")).code, "InvalidArgument");
  });
});

describe("ownership helpers", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketOwnershipControls.html
  it("a bucket without ownership controls behaves as ObjectWriter", () => {
    assert.equal(effectiveOwnership(undefined), "ObjectWriter");
    assert.equal(effectiveOwnership("BucketOwnerPreferred"), "BucketOwnerPreferred");
  });

  it("explicit grants count as bucket-owner-full-control only if all are FULL_CONTROL to writer or bucket owner, bucket owner included", () => {
    assert.equal(isBucketOwnerFullControl(grants(fc(W), fc(B)), W, B), true);
    assert.equal(isBucketOwnerFullControl(grants(fc(W)), W, B), false);
    assert.equal(isBucketOwnerFullControl(grants(fc(B), read(W)), W, B), false);
    assert.equal(isBucketOwnerFullControl(none, W, B), false);
  });
});
