import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { aclPermissionFor } from "./permission-map.ts";

// "Mapping of ACL permissions and access policy permissions":
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions
describe("ACL permission for a policy action", () => {
  const bucket: [string, string | undefined][] = [
    ["s3:ListBucket", "READ"],
    ["s3:ListBucketVersions", "READ"],
    ["s3:ListBucketMultipartUploads", "READ"],
    ["s3:PutObject", "WRITE"],
    ["s3:DeleteObject", "WRITE"],
    ["s3:DeleteObjectVersion", "WRITE"],
    ["s3:GetBucketAcl", "READ_ACP"],
    ["s3:PutBucketAcl", "WRITE_ACP"],
    ["s3:GetObject", undefined],
    ["s3:PutBucketPolicy", undefined],
  ];
  for (const [action, permission] of bucket) {
    it(`${action} on a bucket maps to ${permission ?? "no ACL permission"}`, () => assert.equal(aclPermissionFor(action, "bucket"), permission));
  }

  const object: [string, string | undefined][] = [
    ["s3:GetObject", "READ"],
    ["s3:GetObjectVersion", "READ"],
    ["s3:GetObjectAcl", "READ_ACP"],
    ["s3:GetObjectVersionAcl", "READ_ACP"],
    ["s3:PutObjectAcl", "WRITE_ACP"],
    ["s3:PutObjectVersionAcl", "WRITE_ACP"],
    ["s3:PutObject", undefined],
    ["s3:GetObjectTagging", undefined],
    ["s3:PutObjectRetention", undefined],
  ];
  for (const [action, permission] of object) {
    it(`${action} on an object maps to ${permission ?? "no ACL permission"}`, () => assert.equal(aclPermissionFor(action, "object"), permission));
  }

  it("compares action names case-insensitively, as IAM does", () => {
    assert.equal(aclPermissionFor("S3:getobject", "object"), "READ");
  });
});
