import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type AclRequester, aclAllows } from "./acl-allows.ts";
import { withoutPublicGrants } from "./public.ts";
import { ALL_USERS, ANONYMOUS_CANONICAL_ID, AUTHENTICATED_USERS, GROUP_URIS, PERMISSIONS, type AccessControlList, type Grant, type Permission } from "./types.ts";

// Properties of the ACL check against a deliberately naive reading of the ACL overview's grantee table.
const ids = ["a".repeat(64), "b".repeat(64), ANONYMOUS_CANONICAL_ID];
const grant: fc.Arbitrary<Grant> = fc.oneof(
  fc.record({ grantee: fc.record({ type: fc.constant("CanonicalUser" as const), id: fc.constantFrom(...ids) }), permission: fc.constantFrom(...PERMISSIONS) }),
  fc.record({ grantee: fc.record({ type: fc.constant("Group" as const), uri: fc.constantFrom(...GROUP_URIS) }), permission: fc.constantFrom(...PERMISSIONS) }),
);
const acl: fc.Arbitrary<AccessControlList> = fc.record({ owner: fc.record({ id: fc.constantFrom(...ids) }), grants: fc.array(grant, { maxLength: 6 }) });
const requester: fc.Arbitrary<AclRequester> = fc.oneof(
  fc.constant({ anonymous: true }),
  fc.record({ canonicalUserId: fc.constantFrom(...ids.slice(0, 2)), anonymous: fc.constant(false) }),
  fc.constant({ anonymous: false, logDelivery: true }),
);
const permission = fc.constantFrom(...PERMISSIONS);

function naive(a: AccessControlList, r: AclRequester, p: Permission): boolean {
  const me = r.anonymous ? ANONYMOUS_CANONICAL_ID : r.canonicalUserId;
  const mine = a.grants.filter((g) =>
    g.grantee.type === "CanonicalUser"
      ? g.grantee.id === me
      : g.grantee.uri === ALL_USERS || (g.grantee.uri === AUTHENTICATED_USERS ? !r.anonymous : r.logDelivery === true),
  );
  return mine.some((g) => g.permission === p) || mine.some((g) => g.permission === "FULL_CONTROL");
}

describe("aclAllows properties", () => {
  it("agrees with a naive reading of the grantee table", () => {
    fc.assert(fc.property(acl, requester, permission, (a, r, p) => assert.equal(aclAllows(a, r, p).allowed, naive(a, r, p))));
  });

  it("ignoring public grants never grants more", () => {
    fc.assert(
      fc.property(acl, requester, permission, (a, r, p) => {
        if (aclAllows(withoutPublicGrants(a), r, p).allowed) assert.ok(aclAllows(a, r, p).allowed);
      }),
    );
  });

  it("an allowed check always names a grant that covers the permission", () => {
    fc.assert(
      fc.property(acl, requester, permission, (a, r, p) => {
        const c = aclAllows(a, r, p);
        if (c.allowed) assert.ok(c.matched && (c.matched.grant.permission === p || c.matched.grant.permission === "FULL_CONTROL"));
      }),
    );
  });
});
