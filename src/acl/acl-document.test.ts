import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type AclDocument, validateAclDocument } from "./acl-document.ts";
import { ALL_USERS } from "./types.ts";

// AccessControlPolicy body: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html
const O = "0".repeat(64); // current owner
const A = "a".repeat(64);
const ctx = { resourceOwnerId: O, knownCanonicalIds: (id: string) => id === O || id === A };
const ownerGrant = { grantee: { type: "CanonicalUser", id: O, displayName: "me" }, permission: "FULL_CONTROL" };

function code(doc: AclDocument): string {
  const r = validateAclDocument(doc, ctx);
  return r.ok ? "ok" : r.error.code;
}

describe("validateAclDocument", () => {
  it("returns the grants in order and drops DisplayName, which S3 ignores in requests", () => {
    const r = validateAclDocument(
      { owner: { id: O, displayName: "me" }, grants: [ownerGrant, { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" }] },
      ctx,
    );
    assert.deepEqual(r, {
      ok: true,
      value: {
        owner: { id: O },
        grants: [
          { grantee: { type: "CanonicalUser", id: O }, permission: "FULL_CONTROL" },
          { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" },
        ],
      },
    });
  });

  it("accepts an ACL with no grants at all (ceph/s3-tests test_bucket_acl_no_grants)", () => {
    assert.equal(code({ owner: { id: O }, grants: [] }), "ok");
  });

  // Observed: https://github.com/aws/aws-sdk-java-v2/issues/1488 (policy without Owner → MalformedACLError)
  it("refuses a document without Owner with MalformedACLError", () => {
    const r = validateAclDocument({ grants: [ownerGrant] }, ctx);
    assert.ok(!r.ok);
    assert.equal(r.error.code, "MalformedACLError");
    assert.equal(r.error.message, "The XML you provided was not well-formed or did not validate against our published schema");
  });

  it("refuses an unknown permission, an unknown grantee type and a grantee without its ID or URI as malformed", () => {
    assert.equal(code({ owner: { id: O }, grants: [{ grantee: { type: "CanonicalUser", id: A }, permission: "read" }] }), "MalformedACLError");
    assert.equal(code({ owner: { id: O }, grants: [{ grantee: { type: "Canonical User", id: A }, permission: "READ" }] }), "MalformedACLError");
    assert.equal(code({ owner: { id: O }, grants: [{ grantee: { type: "CanonicalUser" }, permission: "READ" }] }), "MalformedACLError");
    assert.equal(code({ owner: { id: O }, grants: [{ grantee: { type: "Group" }, permission: "READ" }] }), "MalformedACLError");
    assert.equal(code({ owner: { id: O }, grants: [{ permission: "READ" }] }), "MalformedACLError");
  });

  // Limit: https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html ; code: ceph/ceph#16291
  it("refuses more than 100 grants with MalformedACLError", () => {
    const grants = Array.from({ length: 101 }, () => ownerGrant);
    assert.equal(code({ owner: { id: O }, grants }), "MalformedACLError");
    assert.equal(code({ owner: { id: O }, grants: grants.slice(1) }), "ok");
  });

  // Observed on AWS: ceph/s3-tests test_object_giveaway expects 403 AccessDenied
  it("refuses an Owner other than the current owner with 403 AccessDenied", () => {
    const r = validateAclDocument({ owner: { id: A }, grants: [{ grantee: { type: "CanonicalUser", id: A }, permission: "FULL_CONTROL" }] }, ctx);
    assert.ok(!r.ok);
    assert.equal(r.error.code, "AccessDenied");
    assert.equal(r.error.status, 403);
  });

  // Observed on AWS (ceph/s3-tests): <Message>Invalid id</Message><ArgumentName>CanonicalUser/ID</ArgumentName>
  it("refuses an unknown canonical ID with InvalidArgument 'Invalid id' on CanonicalUser/ID", () => {
    const r = validateAclDocument({ owner: { id: O }, grants: [{ grantee: { type: "CanonicalUser", id: "_foo" }, permission: "FULL_CONTROL" }] }, ctx);
    assert.ok(!r.ok);
    assert.equal(r.error.message, "Invalid id");
    assert.deepEqual(r.error.fields, [
      ["ArgumentName", "CanonicalUser/ID"],
      ["ArgumentValue", "_foo"],
    ]);
  });

  it("refuses a group URI that is not predefined with InvalidArgument 'Invalid group uri'", () => {
    const r = validateAclDocument(
      { owner: { id: O }, grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/Authenticated" }, permission: "READ" }] },
      ctx,
    );
    assert.ok(!r.ok);
    assert.equal(r.error.code, "InvalidArgument");
    assert.equal(r.error.message, "Invalid group uri");
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html (end of email grantee support → 405)
  it("refuses an AmazonCustomerByEmail grantee with 405", () => {
    const r = validateAclDocument({ owner: { id: O }, grants: [{ grantee: { type: "AmazonCustomerByEmail", emailAddress: "x@example.com" }, permission: "READ" }] }, ctx);
    assert.ok(!r.ok);
    assert.equal(r.error.status, 405);
  });
});
