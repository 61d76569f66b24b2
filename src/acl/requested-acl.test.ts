import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { requestedAclFromHeaders, resolveRequestedAcl } from "./requested-acl.ts";
import { ALL_USERS } from "./types.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);
const known = (id: string) => id === A || id === B;
const lookup = (headers: Record<string, string>) => (name: string) => headers[name];

describe("requestedAclFromHeaders", () => {
  it("reports no ACL when the request has neither x-amz-acl nor grant headers", () => {
    assert.deepEqual(requestedAclFromHeaders(lookup({}), known), { ok: true, value: { kind: "none" } });
  });

  it("keeps a valid canned ACL by name", () => {
    assert.deepEqual(requestedAclFromHeaders(lookup({ "x-amz-acl": "bucket-owner-full-control" }), known), {
      ok: true,
      value: { kind: "canned", name: "bucket-owner-full-control" },
    });
  });

  // Observed S3 answer: https://github.com/versity/versitygw/issues/1379
  it("refuses an unknown canned ACL with InvalidArgument on x-amz-acl", () => {
    const r = requestedAclFromHeaders(lookup({ "x-amz-acl": "public" }), known);
    assert.ok(!r.ok);
    assert.equal(r.error.code, "InvalidArgument");
    assert.deepEqual(r.error.fields[0], ["ArgumentName", "x-amz-acl"]);
  });

  // Rule: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html ; text: getmoto/moto#4550
  it("refuses x-amz-acl together with x-amz-grant-* with InvalidRequest", () => {
    const r = requestedAclFromHeaders(lookup({ "x-amz-acl": "private", "x-amz-grant-read": `id="${A}"` }), known);
    assert.ok(!r.ok);
    assert.equal(r.error.code, "InvalidRequest");
    assert.equal(r.error.message, "Specifying both Canned ACLs and Header Grants is not allowed");
  });

  it("collects the grants of every grant header, each with its own permission", () => {
    const r = requestedAclFromHeaders(
      lookup({ "x-amz-grant-full-control": `id="${B}"`, "x-amz-grant-read": `uri="${ALL_USERS}"`, "x-amz-grant-write-acp": `id="${A}"` }),
      known,
    );
    assert.ok(r.ok && r.value.kind === "grants");
    assert.deepEqual(
      r.value.grants.map((g) => g.permission),
      ["READ", "WRITE_ACP", "FULL_CONTROL"],
    );
  });

  it("passes on the first grant header error", () => {
    const r = requestedAclFromHeaders(lookup({ "x-amz-grant-read": `id="${A}"`, "x-amz-grant-write": "nonsense" }), known);
    assert.ok(!r.ok);
    assert.deepEqual(r.error.fields[0], ["ArgumentName", "x-amz-grant-write"]);
  });

  // "An ACL can have up to 100 grants": https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
  it("refuses more than 100 grants with MalformedACLError", () => {
    const many = Array.from({ length: 101 }, () => `id="${A}"`).join(",");
    const r = requestedAclFromHeaders(lookup({ "x-amz-grant-read": many }), known);
    assert.ok(!r.ok);
    assert.equal(r.error.code, "MalformedACLError");
    const hundred = Array.from({ length: 100 }, () => `id="${A}"`).join(",");
    assert.ok(requestedAclFromHeaders(lookup({ "x-amz-grant-read": hundred }), known).ok);
  });
});

describe("resolveRequestedAcl", () => {
  it("gives explicit grants exactly, without an implicit owner grant", () => {
    const r = resolveRequestedAcl(
      { kind: "grants", grants: [{ grantee: { type: "CanonicalUser", id: B }, permission: "READ" }] },
      { resource: "object", ownerId: A, bucketOwnerId: B },
    );
    assert.deepEqual(r, { ok: true, value: { owner: { id: A }, grants: [{ grantee: { type: "CanonicalUser", id: B }, permission: "READ" }] } });
  });

  it("gives undefined when no ACL was requested, so the caller applies the default", () => {
    assert.deepEqual(resolveRequestedAcl({ kind: "none" }, { resource: "bucket", ownerId: A, bucketOwnerId: A }), { ok: true, value: undefined });
  });
});
