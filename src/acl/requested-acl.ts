/**
 * @module acl/requested-acl
 * The ACL a request asks for through its headers: nothing, a canned ACL (`x-amz-acl`) or explicit grants
 * (`x-amz-grant-*`), and how it becomes an ACL once the owner is known (spec §4.4, §4.5).
 */

import { type CannedAclContext, type CannedAclName, cannedAcl, invalidCannedAcl, isCannedAclName } from "./canned.ts";
import { type AclResult, SRC, aclError, fail, ok } from "./errors.ts";
import { GRANT_HEADERS, type KnownCanonicalIds, parseGrantHeader } from "./grant-header.ts";
import { tooManyGrants } from "./limits.ts";
import type { AccessControlList, Grant } from "./types.ts";

/**
 * @public What a request asked for. The distinction between a canned `bucket-owner-full-control` and an
 * equivalent explicit grant matters to Object Ownership (spec §5.3), so both forms are kept.
 */
export type RequestedAcl =
  | { readonly kind: "none" }
  | { readonly kind: "canned"; readonly name: CannedAclName }
  | { readonly kind: "grants"; readonly grants: readonly Grant[] };

/** @public No ACL in the request. */
export const NO_REQUESTED_ACL: RequestedAcl = Object.freeze({ kind: "none" });

/** @public Reads one request header by lower-case name (`Headers.get` fits). */
export type HeaderLookup = (name: string) => string | null | undefined;

/**
 * @public The error for a request that has both `x-amz-acl` and `x-amz-grant-*` headers. The rule is
 * documented (API-PutObjectAcl); the code and message are from an emulator whose test was run against AWS
 * (https://github.com/getmoto/moto/pull/4550).
 */
export function cannedAndGrantHeaders(): ReturnType<typeof aclError> {
  return aclError("InvalidRequest", "Specifying both Canned ACLs and Header Grants is not allowed", SRC.putObjectAcl);
}

/**
 * @public Reads `x-amz-acl` and the `x-amz-grant-*` headers. Checks, in order: both kinds present →
 * {@link cannedAndGrantHeaders}; unknown canned name → `InvalidArgument`; each grant header in API order
 * (see `acl/grant-header`); more than 100 grants → `MalformedACLError`. The protocol layer passes only
 * the headers the operation accepts (e.g. PutObject has no `x-amz-grant-write`).
 */
export function requestedAclFromHeaders(header: HeaderLookup, knownCanonicalIds: KnownCanonicalIds): AclResult<RequestedAcl> {
  const canned = header("x-amz-acl") ?? undefined;
  const present = GRANT_HEADERS.filter(([name]) => (header(name) ?? undefined) !== undefined);
  if (canned !== undefined && present.length > 0) return fail(cannedAndGrantHeaders());
  if (canned !== undefined) {
    return isCannedAclName(canned) ? ok({ kind: "canned", name: canned }) : fail(invalidCannedAcl(canned));
  }
  if (present.length === 0) return ok(NO_REQUESTED_ACL);
  const grants: Grant[] = [];
  for (const [name, permission] of present) {
    const parsed = parseGrantHeader(name, header(name) ?? "", permission, knownCanonicalIds);
    if (!parsed.ok) return parsed;
    grants.push(...parsed.value);
  }
  const tooMany = tooManyGrants(grants.length);
  return tooMany ? fail(tooMany) : ok({ kind: "grants", grants });
}

/**
 * @public The ACL a requested ACL produces for a resource owned by `ctx.ownerId`, or undefined when the
 * request asked for none (the caller applies the default, `acl/defaults`). Explicit grants are taken as
 * they are: the owner gets no grant of its own unless the headers give it one.
 */
export function resolveRequestedAcl(requested: RequestedAcl, ctx: CannedAclContext): AclResult<AccessControlList | undefined> {
  switch (requested.kind) {
    case "none":
      return ok(undefined);
    case "canned":
      return cannedAcl(requested.name, ctx);
    case "grants":
      return ok({ owner: { id: ctx.ownerId }, grants: requested.grants });
  }
}
