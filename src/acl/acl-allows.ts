/**
 * @module acl/acl-allows
 * Whether an ACL grants a requester a permission, with the reason (spec §4.1, §4.2, §12.17).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
 *
 * Grantee matching:
 * - `AllUsers` matches everyone, including unsigned (anonymous) requests;
 * - `AuthenticatedUsers` matches every signed request from any AWS account;
 * - `LogDelivery` matches only the S3 log delivery service;
 * - a `CanonicalUser` grant is to an account: it matches every principal of that account (root, IAM users,
 *   role sessions). The anonymous user matches the anonymous canonical ID, under which S3 records it.
 * A FULL_CONTROL grant covers every permission. That an IAM principal of a granted account still needs an
 * identity-policy allow is the engine's concern, not the ACL's.
 */

import type { Principal } from "../kernel/principal.ts";
import { ALL_USERS, ANONYMOUS_CANONICAL_ID, AUTHENTICATED_USERS, LOG_DELIVERY, type AccessControlList, type Grant, type Grantee, type Permission } from "./types.ts";

/** @public The requester as ACLs see it. */
export interface AclRequester {
  /** Canonical user ID of the requester's account (absent for anonymous requests). */
  readonly canonicalUserId?: string;
  /** True for unsigned requests. */
  readonly anonymous: boolean;
  /** True when the request comes from S3 server access log delivery (`logging.s3.amazonaws.com`). */
  readonly logDelivery?: boolean;
}

/** @public The service principal that the `LogDelivery` group stands for. */
export const LOG_DELIVERY_SERVICE = "logging.s3.amazonaws.com";

/** @public The ACL view of a resolved principal. */
export function aclRequesterOf(principal: Principal): AclRequester {
  const anonymous = principal.kind === "anonymous";
  const logDelivery = principal.kind === "service" && principal.service === LOG_DELIVERY_SERVICE;
  const id = anonymous ? ANONYMOUS_CANONICAL_ID : principal.canonicalUserId;
  return id === undefined ? { anonymous, logDelivery } : { canonicalUserId: id, anonymous, logDelivery };
}

/** @public Whether a grantee stands for the requester. */
export function granteeMatches(grantee: Grantee, requester: AclRequester): boolean {
  if (grantee.type === "CanonicalUser") {
    const id = requester.anonymous ? ANONYMOUS_CANONICAL_ID : requester.canonicalUserId;
    return id !== undefined && grantee.id === id;
  }
  switch (grantee.uri) {
    case ALL_USERS:
      return true;
    case AUTHENTICATED_USERS:
      return !requester.anonymous;
    case LOG_DELIVERY:
      return requester.logDelivery === true;
  }
}

/** @public Whether a granted permission covers a needed one. */
export function permissionCovers(granted: Permission, needed: Permission): boolean {
  return granted === needed || granted === "FULL_CONTROL";
}

/** @public The outcome of an ACL check, with what decided it. */
export interface AclCheck {
  readonly allowed: boolean;
  readonly needed: Permission;
  /** The first grant that allows, and its index in the ACL. */
  readonly matched?: { readonly index: number; readonly grant: Grant };
  /** Indexes of grants whose grantee is the requester but whose permission does not cover the need. */
  readonly granteeOnly: readonly number[];
  /** One line for traces, e.g. `grant #1 (AllUsers READ) allows READ`. */
  readonly explanation: string;
}

/** @public Checks whether `acl` grants `needed` to the requester. */
export function aclAllows(acl: AccessControlList, requester: AclRequester, needed: Permission): AclCheck {
  const granteeOnly: number[] = [];
  for (const [index, grant] of acl.grants.entries()) {
    if (!granteeMatches(grant.grantee, requester)) continue;
    if (permissionCovers(grant.permission, needed)) {
      return { allowed: true, needed, matched: { index, grant }, granteeOnly, explanation: `grant #${index} (${describeGrant(grant)}) allows ${needed}` };
    }
    granteeOnly.push(index);
  }
  const why =
    granteeOnly.length === 0
      ? `no grant names ${describeRequester(requester)}`
      : `grants ${granteeOnly.map((i) => `#${i}`).join(", ")} name ${describeRequester(requester)} but not with ${needed} or FULL_CONTROL`;
  return { allowed: false, needed, granteeOnly, explanation: `ACL does not allow ${needed}: ${why}` };
}

/** @public A short text for a grant, e.g. `AllUsers READ` or `id 79a5… FULL_CONTROL`. */
export function describeGrant(grant: Grant): string {
  const who = grant.grantee.type === "Group" ? (grant.grantee.uri.split("/").pop() ?? grant.grantee.uri) : `id ${grant.grantee.id}`;
  return `${who} ${grant.permission}`;
}

function describeRequester(r: AclRequester): string {
  if (r.anonymous) return "the anonymous requester";
  if (r.logDelivery === true) return "log delivery";
  return r.canonicalUserId === undefined ? "the requester" : `account ${r.canonicalUserId}`;
}
