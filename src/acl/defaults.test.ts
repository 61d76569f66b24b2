import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { defaultBucketAcl, defaultObjectAcl } from "./defaults.ts";

// "When you create a bucket or an object, Amazon S3 creates a default ACL that grants the resource owner full
// control": https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#acl-resource-owner
describe("default ACLs", () => {
  const O = "0".repeat(64);
  const ownerOnly = { owner: { id: O }, grants: [{ grantee: { type: "CanonicalUser", id: O }, permission: "FULL_CONTROL" }] };

  it("a new bucket without an ACL grants its owner FULL_CONTROL and nothing else", () => {
    assert.deepEqual(defaultBucketAcl(O), ownerOnly);
  });

  it("a new object without an ACL grants its owner FULL_CONTROL and nothing else", () => {
    assert.deepEqual(defaultObjectAcl(O), ownerOnly);
  });
});
