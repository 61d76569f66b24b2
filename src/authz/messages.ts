/**
 * @module authz/messages
 * The `AccessDenied` message text (spec §11.3). AWS gives the enhanced form — `User: <arn> is not authorized
 * to perform: <action> on resource: "<arn>" because no <type> policy allows the <action> action` / `with an
 * explicit deny in a <type> policy` — only when the requester and the resource owner are in the same account
 * or the same organization; otherwise, and for anonymous callers and ACL-only denials, plain `Access Denied`.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html
 * UNCONFIRMED (spec A17): the Block Public Access wording, and no policy-ARN suffix.
 */
import type { Principal } from "../kernel/principal.ts";
import type { AuthzResult, BlockedBy } from "./result.ts";

/** @public The generic message. */
export const ACCESS_DENIED = "Access Denied";

/** @public Who owns the refused resource, to decide between the enhanced and the generic text. */
export interface ResourceOwner {
  readonly accountId: string;
  readonly orgId?: string;
}

/** @public The message for a denied result (the generic text for an allowed one, which has none). */
export function accessDeniedMessage(result: AuthzResult, principal: Principal, owner: ResourceOwner | undefined): string {
  const blocked = result.blockedBy;
  if (blocked === undefined || result.verdict === "Allow" || principal.kind === "anonymous") return ACCESS_DENIED;
  const arn = principal.arn;
  if (arn === undefined || !sameAccountOrOrg(principal, owner)) return ACCESS_DENIED;
  const context = contextText(blocked, result.verdict === "ExplicitDeny");
  if (context === undefined) return ACCESS_DENIED;
  const resource = blocked.check.resource ?? "*";
  return `User: ${arn} is not authorized to perform: ${blocked.check.action} on resource: "${resource}" ${context}`;
}

function sameAccountOrOrg(p: Principal, owner: ResourceOwner | undefined): boolean {
  if (owner === undefined) return true; // account-level actions (ListBuckets): the caller's own account
  if (p.accountId !== undefined && p.accountId === owner.accountId) return true;
  return p.orgId !== undefined && p.orgId === owner.orgId;
}

/** The `because …` / `with an explicit deny …` tail, or undefined where AWS gives only the generic text. */
function contextText(b: BlockedBy, explicit: boolean): string | undefined {
  const action = b.check.action;
  const implicit = (type: string): string => `because no ${type} allows the ${action} action`;
  const deny = (type: string): string => `with an explicit deny in ${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
  switch (b.layer) {
    case "identity-policy":
      return explicit ? deny("identity-based policy") : implicit("identity-based policy");
    case "permissions-boundary":
      return explicit ? deny("permissions boundary") : implicit("permissions boundary");
    case "session-policy":
      return explicit ? deny("session policy") : implicit("session policy");
    case "scp":
      // An SCP without an Allow is reported as an explicit deny (spec §11.3.3).
      return deny("service control policy");
    case "rcp":
      return deny("resource control policy");
    case "bucket-policy-deny":
      return deny("resource-based policy");
    case "access-point-policy":
    case "access-point-delegation":
    case "bucket-policy-no-grant":
      return explicit ? deny("resource-based policy") : implicit("resource-based policy");
    case "block-public-access":
      if (b.setting === "BlockPublicAcls") return "because public ACLs are prevented by the BlockPublicAcls setting in S3 Block Public Access";
      if (b.setting === "BlockPublicPolicy") return "because public policies are prevented by the BlockPublicPolicy setting in S3 Block Public Access";
      return undefined;
    case "object-acl":
    case "bucket-acl":
    case "ownership":
      return undefined; // ACL-only denials: message shape UNCONFIRMED, generic text (spec §11.3.8)
  }
}
