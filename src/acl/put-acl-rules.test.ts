import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkPutAcl } from "./put-acl-rules.ts";

// "Requests to set ACLs or update ACLs fail and return the AccessControlListNotSupported error code":
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html
describe("Put*Acl under Object Ownership", () => {
  it("ACLs-enabled settings let PutBucketAcl and PutObjectAcl apply the ACL", () => {
    for (const setting of ["ObjectWriter", "BucketOwnerPreferred"] as const) {
      assert.deepEqual(checkPutAcl(setting, "bucket", { kind: "canned", name: "public-read" }), { ok: true, value: "apply" });
      assert.deepEqual(checkPutAcl(setting, "object", { kind: "grants", grants: [] }), { ok: true, value: "apply" });
    }
  });

  // Observed for `private`: https://github.com/hashicorp/terraform-provider-aws/issues/34079
  it("BucketOwnerEnforced refuses PutBucketAcl with any ACL, private included", () => {
    for (const name of ["private", "bucket-owner-full-control", "public-read"] as const) {
      const r = checkPutAcl("BucketOwnerEnforced", "bucket", { kind: "canned", name });
      assert.ok(!r.ok);
      assert.equal(r.error.code, "AccessControlListNotSupported");
    }
  });

  it("BucketOwnerEnforced refuses PutObjectAcl with grants or a canned ACL other than bucket-owner-full-control", () => {
    assert.equal(checkPutAcl("BucketOwnerEnforced", "object", { kind: "canned", name: "private" }).ok, false);
    assert.equal(checkPutAcl("BucketOwnerEnforced", "object", { kind: "grants", grants: [] }).ok, false);
  });

  // UNCONFIRMED (spec Appendix A12)
  it("BucketOwnerEnforced accepts PutObjectAcl with bucket-owner-full-control as a no-op", () => {
    assert.deepEqual(checkPutAcl("BucketOwnerEnforced", "object", { kind: "canned", name: "bucket-owner-full-control" }), { ok: true, value: "no-op" });
  });
});
