/**
 * @module authz/bucketSide
 * The bucket and object contexts of spec §1.2–§1.5 for one required action: what the bucket owner B (bucket
 * policy, bucket ACL) and the object owner O (object ACL) contribute, after Block Public Access filtering
 * (§6.4) and Object Ownership (§5: under BucketOwnerEnforced ACLs are ignored and O := B).
 *
 * Paths (A = requester's account, O = effective object owner):
 * - bucket action, new key, or `s3:PutObject` (overwrite needs only bucket-level permission, spec A2,
 *   UNCONFIRMED): B grants through its policy or the bucket ACL;
 * - existing object with O = B: B grants through its policy or the object ACL;
 * - existing object with O ≠ B: only O grants (object ACL, or A = O); B's Allow statements help only B's own
 *   principals once O has granted account B (S3-WALK3); B's owner powers (§1.5) need no grant from O.
 * When A = B the user context decides, joined by same-account grants that stand alone (§2.3).
 */
import { aclRequesterOf } from "../acl/acl-allows.ts";
import type { AclRequester } from "../acl/acl-allows.ts";
import type { AccessControlList, AclResource } from "../acl/types.ts";
import { aclsEnabled } from "../acl/ownership.ts";
import { evaluatePolicy } from "../policy/index.ts";
import type { PolicyResult, StatementRef } from "../policy/index.ts";
import { aclGrant, aclPermission } from "./aclGrant.ts";
import type { AclOutcome } from "./aclGrant.ts";
import type { BpaSetting, PublicAccessBlockFlags } from "./blockPublicAccess.ts";
import type { ResourceSide } from "./decision.ts";
import { OWNER_POWER_ACTIONS } from "./ownerPowers.ts";
import type { LayerQuery } from "./policyLayers.ts";
import { isPolicyPublicCached } from "./publicPolicy.ts";
import type { AuthzCheck, AuthzRequest, ResourceContext } from "./request.ts";
import type { BlockedLayer, LayerTrace, Reason } from "./result.ts";
import { standsAlone } from "./sameAccountGrant.ts";
import type { UserOutcome } from "./userContext.ts";

/** @internal What the bucket side contributes to one action. */
export interface SideOutcome {
  readonly deny?: readonly StatementRef[];
  readonly resource: ResourceSide;
  readonly missing?: { readonly layer: BlockedLayer; readonly setting?: BpaSetting };
  /** B's own principal is granted by B's bucket policy, which counts as its user context (UB of §1.7). */
  readonly userSatisfied?: boolean;
  readonly reasons: readonly Reason[];
}

const NO_MATCH: PolicyResult = Object.freeze({ effect: "NoMatch", deciding: Object.freeze([]) });
const BUCKET_GRANTED_OBJECT_ACTIONS = new Set(["s3:putobject"]);

/** @internal Evaluates B's and O's grants for one action on `side`. */
export function bucketSide(req: AuthzRequest, q: LayerQuery, check: AuthzCheck, side: ResourceContext, pab: PublicAccessBlockFlags, viaAccessPoint: boolean, user: UserOutcome, trace: LayerTrace[] | undefined, index: number): SideOutcome {
  const p = req.principal;
  const sameAccount = p.accountId !== undefined && p.accountId === side.ownerAccountId;
  const policy = side.bucketPolicy === undefined ? NO_MATCH : evaluatePolicy(side.bucketPolicy, { principal: p, action: check.action, resource: check.resource, context: q.context }, q.trace ? { trace: true } : undefined);
  trace?.push({ check: index, action: check.action, layer: "bucket-policy", outcome: side.bucketPolicy === undefined ? "absent" : policy.effect, statements: policy.trace ?? [] });
  // Deny statements cover every object whoever owns it (§12.2); the owner's root keeps the policy APIs (§12.9).
  if (policy.effect === "Deny" && !(sameAccount && p.kind === "root" && req.ownerRootAlwaysAllowed === true)) {
    return { deny: policy.deciding, resource: "missing", reasons: [] };
  }
  const publicPolicy = side.bucketPolicy !== undefined && (side.bucketPolicyPublic ?? isPolicyPublicCached(side.bucketPolicy.policy, "bucket"));
  const rpbCut = policy.effect === "Allow" && pab.RestrictPublicBuckets && publicPolicy && !sameAccount && p.kind !== "service";
  const policyAllows = policy.effect === "Allow" && !rpbCut;
  const alone = sameAccount && policyAllows && standsAlone(policy.deciding, p, user.boundaryOk, user.sessionOk);
  const reasons: Reason[] = policyAllows ? policy.deciding.map((statement) => ({ layer: "bucket-policy", text: `bucket policy statement #${statement.index} allows`, statement })) : [];
  const acls = aclsEnabled(side.ownership);
  const requester = aclRequesterOf(p);
  const stored = check.level === "object" ? side.object : undefined;
  const ownerId = stored === undefined ? undefined : acls ? stored.ownerCanonicalId : side.ownerCanonicalId;

  const ownedByOther = stored !== undefined && ownerId !== side.ownerCanonicalId && !BUCKET_GRANTED_OBJECT_ACTIONS.has(check.action.toLowerCase());
  const sameAccountResult: ResourceSide = alone ? "standalone" : "unneeded";
  if (ownedByOther && stored !== undefined) {
    if (sameAccount && OWNER_POWER_ACTIONS.has(check.action.toLowerCase())) {
      reasons.push({ layer: "bucket-owner", text: "the bucket owner may do this to any object in its bucket (§1.5)" });
      return { resource: sameAccountResult, reasons };
    }
    const isOwner = requester.canonicalUserId !== undefined && requester.canonicalUserId === ownerId;
    const acl = aclCheck(stored.acl, "object", check.action, requester, pab.IgnorePublicAcls);
    if (isOwner) reasons.push({ layer: "object-owner", text: "the requester's account owns the object" });
    if (acl === "yes") reasons.push({ layer: "object-acl", text: "the object ACL grants the requester's account" });
    if (!isOwner && acl !== "yes") {
      return { resource: "missing", missing: acl === "public-only" ? { layer: "block-public-access", setting: "IgnorePublicAcls" } : { layer: "object-acl" }, userSatisfied: alone, reasons };
    }
    return { resource: sameAccount ? sameAccountResult : "unneeded", reasons };
  }
  if (sameAccount) return { resource: sameAccountResult, reasons };

  // B grants: its policy, or the ACL consulted for this path.
  const useObjectAcl = stored !== undefined && !BUCKET_GRANTED_OBJECT_ACTIONS.has(check.action.toLowerCase());
  const kind: AclResource = useObjectAcl ? "object" : "bucket";
  const consulted: AccessControlList = useObjectAcl && stored !== undefined ? stored.acl : side.bucketAcl;
  // Bucket WRITE lets non-owners create new keys only, not overwrite others' objects (§4.2, spec A2).
  const writeCounts = !(stored !== undefined && kind === "bucket" && requester.canonicalUserId !== ownerId);
  const acl: AclOutcome = acls && writeCounts ? aclCheck(consulted, kind, check.action, requester, pab.IgnorePublicAcls) : "no";
  if (acl === "yes") reasons.push({ layer: `${kind}-acl`, text: `the ${kind} ACL grants the requester` });
  if (policyAllows || acl === "yes") return { resource: "granted", reasons };

  return { resource: "missing", missing: missingLayer(rpbCut, acl, writeCounts, viaAccessPoint, side, check, kind, consulted, requester, stored), reasons };
}

/**
 * Which layer to blame when B grants nothing, in this order: a RestrictPublicBuckets cut, an IgnorePublicAcls
 * cut, ACLs disabled while the stored ACL/owner would have granted, a missing delegation to access points,
 * the ACL when there is no bucket policy and the ACL could grant the action, else the bucket policy.
 */
function missingLayer(rpbCut: boolean, acl: AclOutcome, writeCounts: boolean, viaAccessPoint: boolean, side: ResourceContext, check: AuthzCheck, kind: AclResource, consulted: AccessControlList, requester: AclRequester, stored: ResourceContext["object"]): { layer: BlockedLayer; setting?: BpaSetting } {
  if (rpbCut) return { layer: "block-public-access", setting: "RestrictPublicBuckets" };
  if (acl === "public-only") return { layer: "block-public-access", setting: "IgnorePublicAcls" };
  if (!aclsEnabled(side.ownership) && writeCounts && (aclCheck(consulted, kind, check.action, requester, false) === "yes" || (stored !== undefined && stored.ownerCanonicalId === requester.canonicalUserId))) return { layer: "ownership" };
  if (viaAccessPoint) return { layer: "access-point-delegation" };
  if (side.bucketPolicy === undefined && aclPermission(check.action, kind) !== undefined) return { layer: `${kind}-acl` };
  return { layer: "bucket-policy-no-grant" };
}

function aclCheck(acl: AccessControlList, kind: AclResource, action: string, requester: AclRequester, ignorePublic: boolean): AclOutcome {
  const permission = aclPermission(action, kind);
  return permission === undefined ? "no" : aclGrant(acl, requester, permission, ignorePublic);
}
