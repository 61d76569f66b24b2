import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isAclPublic, withoutPublicGrants } from "./public.ts";
import { ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY, PERMISSIONS, type AccessControlList, type Grant } from "./types.ts";

// "ACLs": https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
const O = "0".repeat(64);
const owner: Grant = { grantee: { type: "CanonicalUser", id: O }, permission: "FULL_CONTROL" };
const acl = (...grants: Grant[]): AccessControlList => ({ owner: { id: O }, grants });

describe("public ACLs", () => {
  it("an ACL granting any permission to AllUsers is public", () => {
    for (const permission of PERMISSIONS) assert.equal(isAclPublic(acl(owner, { grantee: { type: "Group", uri: ALL_USERS }, permission })), true);
  });

  it("an ACL granting any permission to AuthenticatedUsers is public", () => {
    for (const permission of PERMISSIONS) assert.equal(isAclPublic(acl(owner, { grantee: { type: "Group", uri: AUTHENTICATED_USERS }, permission })), true);
  });

  it("grants to accounts and to LogDelivery do not make an ACL public", () => {
    assert.equal(isAclPublic(acl(owner, { grantee: { type: "Group", uri: LOG_DELIVERY }, permission: "WRITE" }, { grantee: { type: "CanonicalUser", id: "c".repeat(64) }, permission: "READ" })), false);
  });

  it("ignoring public grants keeps every other grant in order", () => {
    const logs: Grant = { grantee: { type: "Group", uri: LOG_DELIVERY }, permission: "WRITE" };
    const a = acl(owner, { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" }, logs, { grantee: { type: "Group", uri: AUTHENTICATED_USERS }, permission: "READ" });
    assert.deepEqual(withoutPublicGrants(a), acl(owner, logs));
  });
});
