/**
 * @module authz/accessPointSide
 * The access point's own evaluation (spec §7.2): its policy is a resource policy owned by the access point's
 * account and written with access point ARNs. Like a bucket policy, it is unioned with the identity side for
 * principals of its own account (§2.3) and must grant principals of other accounts. RestrictPublicBuckets
 * (of the access point, bucket or account) limits a public access point policy to the owner's principals;
 * a VPC-origin access point is never public (§6.3). Anonymous requests cannot use access points (S3-AP-LIM).
 */
import { evaluatePolicy } from "../policy/index.ts";
import type { PolicyResult } from "../policy/index.ts";
import type { PublicAccessBlockFlags } from "./blockPublicAccess.ts";
import type { SideOutcome } from "./bucketSide.ts";
import type { LayerQuery } from "./policyLayers.ts";
import { isPolicyPublicCached } from "./publicPolicy.ts";
import type { AccessPointContext, AuthzCheck, AuthzRequest } from "./request.ts";
import type { LayerTrace, Reason } from "./result.ts";
import { standsAlone } from "./sameAccountGrant.ts";
import type { UserOutcome } from "./userContext.ts";

const NO_MATCH: PolicyResult = Object.freeze({ effect: "NoMatch", deciding: Object.freeze([]) });

/** @public The access point ARN form of a check's resource: the access point itself, or `…/object/<key>`. */
export function accessPointResource(ap: AccessPointContext, check: AuthzCheck, key: string | undefined): string | undefined {
  if (check.level === "none") return undefined;
  return check.level === "object" ? `${ap.arn}/object/${key ?? ""}` : ap.arn;
}

/** @internal Evaluates the access point policy for one action. */
export function accessPointSide(req: AuthzRequest, q: LayerQuery, ap: AccessPointContext, resource: string | undefined, pab: PublicAccessBlockFlags, user: UserOutcome, trace: LayerTrace[] | undefined, index: number): SideOutcome {
  const p = req.principal;
  const policy = ap.policy === undefined ? NO_MATCH : evaluatePolicy(ap.policy, { principal: p, action: q.action, resource, context: q.context }, q.trace ? { trace: true } : undefined);
  trace?.push({ check: index, action: q.action, layer: "access-point-policy", outcome: ap.policy === undefined ? "absent" : policy.effect, statements: policy.trace ?? [] });
  if (policy.effect === "Deny") return { deny: policy.deciding, resource: "missing", reasons: [] };
  if (p.kind === "anonymous") return { resource: "missing", missing: { layer: "access-point-policy" }, reasons: [] };
  const sameAccount = p.accountId !== undefined && p.accountId === ap.accountId;
  const isPublic = ap.networkOrigin !== "VPC" && ap.policy !== undefined && (ap.policyPublic ?? isPolicyPublicCached(ap.policy.policy, "access-point"));
  const rpbCut = policy.effect === "Allow" && pab.RestrictPublicBuckets && isPublic && !sameAccount && p.kind !== "service";
  const allows = policy.effect === "Allow" && !rpbCut;
  const reasons: Reason[] = allows ? policy.deciding.map((statement) => ({ layer: "access-point-policy", text: `access point policy statement #${statement.index} allows`, statement })) : [];
  if (sameAccount) return { resource: allows && standsAlone(policy.deciding, p, user.boundaryOk, user.sessionOk) ? "standalone" : "unneeded", reasons };
  if (allows) return { resource: "granted", reasons };
  return { resource: "missing", missing: rpbCut ? { layer: "block-public-access", setting: "RestrictPublicBuckets" } : { layer: "access-point-policy" }, reasons };
}
