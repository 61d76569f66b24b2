/**
 * @module authz/authorize
 * The S3 authorization engine (spec §1.7): for each required action, in order, gather the explicit denies
 * of every layer, the organization policies, the user context and the resource side (bucket/object, and the
 * access point when the request came through one), reduce them to a row of the truth table in `decision.ts`,
 * and stop at the first action that is not allowed. Pure: everything is in the request.
 */
import { combinePublicAccessBlock } from "./blockPublicAccess.ts";
import type { BpaSetting } from "./blockPublicAccess.ts";
import { accessPointResource, accessPointSide } from "./accessPointSide.ts";
import { bucketSide } from "./bucketSide.ts";
import type { SideOutcome } from "./bucketSide.ts";
import { decide, rowOf } from "./decision.ts";
import type { RowOutcome, UserSide } from "./decision.ts";
import { evaluateLevels } from "./policyLayers.ts";
import type { LayerQuery, OrgResult } from "./policyLayers.ts";
import type { AuthzCheck, AuthzRequest } from "./request.ts";
import type { AuthorizeOptions, AuthzResult, BlockedBy, BlockedLayer, LayerTrace, Reason } from "./result.ts";
import { userContext } from "./userContext.ts";
import type { UserOutcome } from "./userContext.ts";
import type { StatementRef } from "../policy/index.ts";

const UNNEEDED: SideOutcome = Object.freeze({ resource: "unneeded", reasons: Object.freeze([]) });

/** @public Decides a request. The first required action that is not allowed decides a denial (spec §1.7, §9.4). */
export function authorize(req: AuthzRequest, options?: AuthorizeOptions): AuthzResult {
  const trace: LayerTrace[] | undefined = options?.trace === true ? [] : undefined;
  const reasons: Reason[] = [];
  for (let i = 0; i < req.checks.length; i++) {
    const check = req.checks[i];
    if (check === undefined) continue;
    const denial = evaluateCheck(req, check, i, reasons, trace);
    if (denial !== undefined) return trace === undefined ? denial : { ...denial, trace };
  }
  return trace === undefined ? { verdict: "Allow", reasons } : { verdict: "Allow", reasons, trace };
}

interface Denial {
  readonly layer: BlockedLayer;
  readonly setting?: BpaSetting;
  readonly deciding?: readonly StatementRef[];
}

/** Evaluates one required action; returns the denial, or undefined (and adds reasons) when allowed. */
function evaluateCheck(req: AuthzRequest, check: AuthzCheck, index: number, reasons: Reason[], trace: LayerTrace[] | undefined): AuthzResult | undefined {
  const p = req.principal;
  const side = check.on === "source" ? req.source : req.target;
  const ap = check.on === "target" && check.level !== "none" && side !== undefined ? req.accessPoint : undefined;
  const q: LayerQuery = { principal: p, action: check.action, context: req.context, trace: trace !== undefined };
  const apResource = ap === undefined ? undefined : accessPointResource(ap, check, side?.key);
  const identityResources = ap === undefined ? [check.resource] : [apResource, check.resource];
  const hasResource = side !== undefined && check.level !== "none";

  const user = userContext(req, q, identityResources, hasResource, trace, index);
  const governedByScp = p.kind !== "anonymous" && p.kind !== "service";
  const scp = governedByScp ? evaluateLevels(req.scps, q, check.resource) : undefined;
  // RCPs restrict every caller of the account's resources except AWS service principals. [ORG-RCP]
  const rcp = p.kind === "service" || !hasResource ? undefined : mergeOrg(evaluateLevels(side.rcps, q, check.resource), ap === undefined ? undefined : evaluateLevels(ap.rcps, q, apResource));
  if (trace !== undefined) {
    if (scp !== undefined && req.scps !== undefined) trace.push({ check: index, action: check.action, layer: "scp", outcome: scp.effect });
    if (rcp !== undefined && (side?.rcps !== undefined || ap?.rcps !== undefined)) trace.push({ check: index, action: check.action, layer: "rcp", outcome: rcp.effect });
  }
  const pab = !hasResource ? undefined : ap === undefined ? side.publicAccessBlock : combinePublicAccessBlock(side.publicAccessBlock, ap.publicAccessBlock);
  const apSide = ap === undefined || pab === undefined ? undefined : accessPointSide(req, q, ap, apResource, pab, user, trace, index);
  const bucket = !hasResource || pab === undefined ? UNNEEDED : bucketSide(req, q, check, side, pab, ap !== undefined, user, trace, index);

  const deny = firstDeny(req, check, scp, rcp, user, apSide, bucket, pab);
  const organization: Denial | undefined = scp?.effect === "NoMatch" ? { layer: "scp" } : rcp?.effect === "NoMatch" ? { layer: "rcp" } : undefined;
  const rows: [RowOutcome, SideOutcome][] = [];
  if (apSide !== undefined) rows.push([decide(rowOf(deny !== undefined, organization === undefined, userSide(user, apSide), apSide.resource)), apSide]);
  rows.push([decide(rowOf(deny !== undefined, organization === undefined, userSide(user, bucket), bucket.resource)), bucket]);
  for (const [outcome, from] of rows) {
    if (outcome.verdict === "Allow") continue;
    const denial: Denial =
      outcome.blame === "deny" ? (deny ?? { layer: "identity-policy" })
      : outcome.blame === "organization" ? (organization ?? { layer: "scp" })
      : outcome.blame === "user" ? { layer: user.silentLayer }
      : (from.missing ?? { layer: "bucket-policy-no-grant" });
    const blockedBy: BlockedBy = denial.setting === undefined ? { layer: denial.layer, check } : { layer: denial.layer, setting: denial.setting, check };
    return { verdict: outcome.verdict, reasons: denialReasons(denial), blockedBy };
  }
  if (p.kind === "root" && side !== undefined && p.accountId === side.ownerAccountId) reasons.push({ layer: "user-context", text: "the root user of the owning account" });
  for (const statement of user.allowing) reasons.push({ layer: "identity-policy", text: `identity policy ${statement.policyId} statement #${statement.index} allows ${check.action}`, statement });
  if (apSide !== undefined) reasons.push(...apSide.reasons);
  reasons.push(...bucket.reasons);
  return undefined;
}

/** The user side of a row: the user context, or B's same-account grant standing in for it (UB of §1.7). */
function userSide(user: UserOutcome, from: SideOutcome): UserSide {
  return user.allows || from.userSatisfied === true ? "allows" : "silent";
}

function mergeOrg(a: OrgResult, b: OrgResult | undefined): OrgResult {
  if (b === undefined || a.effect === "Deny") return a;
  if (b.effect === "Deny" || a.effect === "Allow") return b;
  return a;
}

/** Explicit denies in blame order: SCP, RCP, identity, boundary, session, access point, bucket policy, BPA. */
function firstDeny(req: AuthzRequest, check: AuthzCheck, scp: OrgResult | undefined, rcp: OrgResult | undefined, user: UserOutcome, ap: SideOutcome | undefined, bucket: SideOutcome, pab: ReturnType<typeof combinePublicAccessBlock> | undefined): Denial | undefined {
  if (scp?.effect === "Deny") return { layer: "scp", deciding: scp.deciding };
  if (rcp?.effect === "Deny") return { layer: "rcp", deciding: rcp.deciding };
  if (user.deny !== undefined) return { layer: user.deny.layer, deciding: user.deny.deciding };
  if (ap?.deny !== undefined) return { layer: "access-point-policy", deciding: ap.deny };
  if (bucket.deny !== undefined) return { layer: "bucket-policy-deny", deciding: bucket.deny };
  // Block Public Access rejects storing a public ACL or policy like an explicit deny. [S3-BPA, §6.4]
  if (check.on === "target" && pab !== undefined) {
    if (req.storesPublicAcl === true && pab.BlockPublicAcls) return { layer: "block-public-access", setting: "BlockPublicAcls" };
    if (req.storesPublicPolicy === true && pab.BlockPublicPolicy) return { layer: "block-public-access", setting: "BlockPublicPolicy" };
  }
  return undefined;
}

function denialReasons(d: Denial): Reason[] {
  const out: Reason[] = (d.deciding ?? []).map((statement) => ({ layer: d.layer, text: `${statement.policyId} statement #${statement.index} denies`, statement }));
  if (out.length === 0) out.push({ layer: d.layer, text: d.setting === undefined ? `blocked by ${d.layer}` : `blocked by ${d.setting}` });
  return out;
}
