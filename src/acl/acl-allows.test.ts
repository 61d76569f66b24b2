import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ANONYMOUS } from "../kernel/principal.ts";
import { aclAllows, aclRequesterOf, granteeMatches } from "./acl-allows.ts";
import { ALL_USERS, ANONYMOUS_CANONICAL_ID, AUTHENTICATED_USERS, LOG_DELIVERY, PERMISSIONS, type AccessControlList, type Grantee } from "./types.ts";

// Grantee meanings: https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee
const A = "a".repeat(64);
const C = "c".repeat(64);
const anon = { anonymous: true };
const accountA = { canonicalUserId: A, anonymous: false };
const accountC = { canonicalUserId: C, anonymous: false };
const logs = { anonymous: false, logDelivery: true };
const group = (uri: typeof ALL_USERS | typeof AUTHENTICATED_USERS | typeof LOG_DELIVERY): Grantee => ({ type: "Group", uri });
const acl = (...grants: AccessControlList["grants"]): AccessControlList => ({ owner: { id: A }, grants });

describe("grantee matching", () => {
  it("AllUsers matches everyone, including anonymous requests", () => {
    for (const r of [anon, accountA, accountC, logs]) assert.equal(granteeMatches(group(ALL_USERS), r), true);
  });

  it("AuthenticatedUsers matches any signed request from any account, never an anonymous one", () => {
    assert.equal(granteeMatches(group(AUTHENTICATED_USERS), accountA), true);
    assert.equal(granteeMatches(group(AUTHENTICATED_USERS), accountC), true);
    assert.equal(granteeMatches(group(AUTHENTICATED_USERS), anon), false);
  });

  it("LogDelivery matches only the log delivery service", () => {
    assert.equal(granteeMatches(group(LOG_DELIVERY), logs), true);
    assert.equal(granteeMatches(group(LOG_DELIVERY), accountA), false);
    assert.equal(granteeMatches(group(LOG_DELIVERY), anon), false);
  });

  it("a CanonicalUser grant matches the requester's account and no other", () => {
    assert.equal(granteeMatches({ type: "CanonicalUser", id: A }, accountA), true);
    assert.equal(granteeMatches({ type: "CanonicalUser", id: A }, accountC), false);
    assert.equal(granteeMatches({ type: "CanonicalUser", id: A }, anon), false);
  });

  it("the anonymous requester matches grants to the anonymous canonical ID (owner of anonymous uploads)", () => {
    assert.equal(granteeMatches({ type: "CanonicalUser", id: ANONYMOUS_CANONICAL_ID }, anon), true);
    assert.equal(granteeMatches({ type: "CanonicalUser", id: ANONYMOUS_CANONICAL_ID }, accountA), false);
  });

  // ACL grants are to accounts: IAM users and role sessions of the account match too.
  it("IAM users and role sessions match through their account's canonical ID", () => {
    for (const kind of ["root", "user", "assumed-role", "federated-user"] as const) {
      const r = aclRequesterOf({ kind, accountId: "111122223333", canonicalUserId: A });
      assert.equal(granteeMatches({ type: "CanonicalUser", id: A }, r), true, kind);
      assert.equal(granteeMatches(group(AUTHENTICATED_USERS), r), true, kind);
    }
  });

  it("maps the anonymous principal and the log delivery service principal", () => {
    assert.deepEqual(aclRequesterOf(ANONYMOUS), { canonicalUserId: ANONYMOUS_CANONICAL_ID, anonymous: true, logDelivery: false });
    assert.equal(aclRequesterOf({ kind: "service", service: "logging.s3.amazonaws.com" }).logDelivery, true);
    assert.equal(aclRequesterOf({ kind: "service", service: "cloudtrail.amazonaws.com" }).logDelivery, false);
  });
});

describe("aclAllows", () => {
  it("FULL_CONTROL covers every permission", () => {
    for (const p of PERMISSIONS) assert.equal(aclAllows(acl({ grantee: { type: "CanonicalUser", id: A }, permission: "FULL_CONTROL" }), accountA, p).allowed, true);
  });

  it("a permission other than FULL_CONTROL covers only itself", () => {
    const a = acl({ grantee: { type: "CanonicalUser", id: C }, permission: "READ" });
    assert.deepEqual(
      PERMISSIONS.filter((p) => aclAllows(a, accountC, p).allowed),
      ["READ"],
    );
  });

  it("names the grant that allowed, by index", () => {
    const check = aclAllows(acl({ grantee: { type: "CanonicalUser", id: A }, permission: "FULL_CONTROL" }, { grantee: group(ALL_USERS), permission: "READ" }), anon, "READ");
    assert.equal(check.allowed, true);
    assert.equal(check.matched?.index, 1);
    assert.equal(check.explanation, "grant #1 (AllUsers READ) allows READ");
  });

  it("explains a denial where the requester is named but without the needed permission", () => {
    const check = aclAllows(acl({ grantee: { type: "CanonicalUser", id: C }, permission: "READ" }), accountC, "WRITE_ACP");
    assert.equal(check.allowed, false);
    assert.deepEqual(check.granteeOnly, [0]);
    assert.match(check.explanation, /grants #0 name account c+ but not with WRITE_ACP/);
  });

  it("explains a denial where no grant names the requester", () => {
    const check = aclAllows(acl({ grantee: { type: "CanonicalUser", id: A }, permission: "FULL_CONTROL" }), accountC, "READ");
    assert.equal(check.allowed, false);
    assert.match(check.explanation, /no grant names account c+/);
  });

  it("an empty ACL allows nothing, not even to its owner", () => {
    assert.equal(aclAllows(acl(), accountA, "READ").allowed, false);
  });
});
