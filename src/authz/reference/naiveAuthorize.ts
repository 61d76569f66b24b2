/**
 * @module authz/reference/naiveAuthorize
 * A deliberately plain rendering of spec §1.7, used only by tests as an oracle for `authorize`. It follows the
 * pseudo-code line by line: compute U, RB, UB, AB, AO as booleans, then the bucket-action / object-action
 * if-chain, with the ACL module's own checks (`aclAllows`, `effectiveObjectAcl`, `withoutPublicGrants`).
 * It shares no code with the engine's layers; it uses the policy language's public evaluator.
 */
import { aclAllows, aclRequesterOf } from "../../acl/acl-allows.ts";
import { effectiveBucketAcl, effectiveObjectAcl } from "../../acl/effective-acl.ts";
import { aclPermissionFor } from "../../acl/permission-map.ts";
import { withoutPublicGrants } from "../../acl/public.ts";
import type { AccessControlList } from "../../acl/types.ts";
import { evaluatePolicies } from "../../policy/index.ts";
import type { CompiledPolicy, PolicyResult } from "../../policy/index.ts";
import type { BpaSetting } from "../blockPublicAccess.ts";
import { isPolicyPublic } from "../publicPolicy.ts";
import type { AuthzCheck, AuthzRequest, OrgPolicyLevels } from "../request.ts";
import type { BlockedLayer } from "../result.ts";

/** @internal The oracle's answer. */
export interface NaiveDecision {
  readonly verdict: "Allow" | "ExplicitDeny" | "ImplicitDeny";
  readonly layer?: BlockedLayer;
  readonly setting?: BpaSetting;
}

const OWNER_POWERS = ["s3:deleteobject", "s3:deleteobjectversion", "s3:restoreobject", "s3:abortmultipartupload", "s3:listmultipartuploadparts"];

/** @internal Decides a request the naive way. */
export function naiveAuthorize(req: AuthzRequest): NaiveDecision {
  for (const check of req.checks) {
    const d = naiveCheck(req, check);
    if (d.verdict !== "Allow") return d;
  }
  return { verdict: "Allow" };
}

function run(list: readonly CompiledPolicy[], req: AuthzRequest, action: string, resource: string | undefined): PolicyResult {
  return evaluatePolicies(list, { principal: req.principal, action, resource, context: req.context });
}

function levels(ls: OrgPolicyLevels | undefined, req: AuthzRequest, action: string, resource: string | undefined): "Deny" | "Allow" | "NoMatch" {
  if (ls === undefined) return "Allow";
  const results = ls.map((l) => run(l, req, action, resource).effect);
  if (results.includes("Deny")) return "Deny";
  if (results.some((r) => r !== "Allow")) return "NoMatch";
  return "Allow";
}

function naiveCheck(req: AuthzRequest, check: AuthzCheck): NaiveDecision {
  const P = req.principal;
  const a = check.action;
  const side = check.on === "source" ? req.source : req.target;
  const hasBucket = side !== undefined && check.level !== "none";
  const ap = check.on === "target" && hasBucket ? req.accessPoint : undefined;
  const apResource = ap === undefined ? undefined : check.level === "object" ? `${ap.arn}/object/${side?.key ?? ""}` : ap.arn;
  const A = P.accountId;
  const isIam = P.kind === "user" || P.kind === "assumed-role" || P.kind === "federated-user";

  // Identity side, on the access point ARN or the bucket ARN (either may allow; a Deny on either denies).
  const onBoth = (list: readonly CompiledPolicy[]): "Deny" | "Allow" | "NoMatch" => {
    const r1 = run(list, req, a, check.resource).effect;
    const r2 = ap === undefined ? "NoMatch" : run(list, req, a, apResource).effect;
    if (r1 === "Deny" || r2 === "Deny") return "Deny";
    if (r1 === "Allow" || r2 === "Allow") return "Allow";
    return "NoMatch";
  };
  const idEffect = isIam ? onBoth(req.identity?.policies ?? []) : "NoMatch";
  const boundary = req.identity?.permissionsBoundary;
  const bdEffect = isIam && boundary !== undefined ? onBoth([boundary]) : "none";
  const sessions = req.identity?.sessionPolicies;
  const spEffect = isIam && sessions !== undefined ? onBoth(sessions) : "none";
  const scp = P.kind === "anonymous" || P.kind === "service" ? "Allow" : levels(req.scps, req, a, check.resource);
  let rcp: "Deny" | "Allow" | "NoMatch" = "Allow";
  if (P.kind !== "service" && hasBucket) {
    const r1 = levels(side.rcps, req, a, check.resource);
    const r2 = ap === undefined ? "Allow" : levels(ap.rcps, req, a, apResource);
    rcp = r1 === "Deny" || r2 === "Deny" ? "Deny" : r1 === "NoMatch" || r2 === "NoMatch" ? "NoMatch" : "Allow";
  }
  const bp = hasBucket && side.bucketPolicy !== undefined ? run([side.bucketPolicy], req, a, check.resource) : undefined;
  const app = ap?.policy !== undefined ? run([ap.policy], req, a, apResource) : undefined;
  const B = side?.ownerAccountId;
  const rootOfB = P.kind === "root" && A !== undefined && A === B;

  // 1. explicit denies
  if (scp === "Deny") return { verdict: "ExplicitDeny", layer: "scp" };
  if (rcp === "Deny") return { verdict: "ExplicitDeny", layer: "rcp" };
  if (idEffect === "Deny") return { verdict: "ExplicitDeny", layer: "identity-policy" };
  if (bdEffect === "Deny") return { verdict: "ExplicitDeny", layer: "permissions-boundary" };
  if (spEffect === "Deny") return { verdict: "ExplicitDeny", layer: "session-policy" };
  if (app?.effect === "Deny") return { verdict: "ExplicitDeny", layer: "access-point-policy" };
  if (bp?.effect === "Deny" && !(rootOfB && req.ownerRootAlwaysAllowed === true)) return { verdict: "ExplicitDeny", layer: "bucket-policy-deny" };
  const flags = side === undefined ? undefined : ap === undefined ? side.publicAccessBlock : {
    BlockPublicAcls: side.publicAccessBlock.BlockPublicAcls || ap.publicAccessBlock.BlockPublicAcls,
    IgnorePublicAcls: side.publicAccessBlock.IgnorePublicAcls || ap.publicAccessBlock.IgnorePublicAcls,
    BlockPublicPolicy: side.publicAccessBlock.BlockPublicPolicy || ap.publicAccessBlock.BlockPublicPolicy,
    RestrictPublicBuckets: side.publicAccessBlock.RestrictPublicBuckets || ap.publicAccessBlock.RestrictPublicBuckets,
  };
  if (check.on === "target" && hasBucket && flags !== undefined) {
    if (req.storesPublicAcl === true && flags.BlockPublicAcls) return { verdict: "ExplicitDeny", layer: "block-public-access", setting: "BlockPublicAcls" };
    if (req.storesPublicPolicy === true && flags.BlockPublicPolicy) return { verdict: "ExplicitDeny", layer: "block-public-access", setting: "BlockPublicPolicy" };
  }
  // 2–3. organization policies
  if (scp === "NoMatch") return { verdict: "ImplicitDeny", layer: "scp" };
  if (rcp === "NoMatch") return { verdict: "ImplicitDeny", layer: "rcp" };

  // 5. U: the user context
  const bdOk = bdEffect === "none" || bdEffect === "Allow";
  const spOk = spEffect === "none" ? P.kind !== "federated-user" : spEffect === "Allow";
  let U: boolean;
  if (P.kind === "root") U = true;
  else if (P.kind === "anonymous" || P.kind === "service") U = hasBucket;
  else U = idEffect === "Allow" && bdOk && spOk;
  const userLayer: BlockedLayer = idEffect !== "Allow" || !isIam ? "identity-policy" : !bdOk ? "permissions-boundary" : "session-policy";
  const userDenied: NaiveDecision = { verdict: "ImplicitDeny", layer: userLayer };

  if (!hasBucket) return U ? { verdict: "Allow" } : userDenied;

  // Same-account grants that need no identity allow (§2.3).
  const standsAlone = (r: PolicyResult | undefined): boolean => {
    if (r === undefined || r.effect !== "Allow") return false;
    for (const s of r.deciding) {
      const k = s.principalMatch;
      if (k === undefined || k === "everyone" || k === "user" || k === "assumed-role" || k === "federated-user") return true;
      if (k === "role" && bdOk && spOk) return true;
      if (k === "unique-id" && (P.kind === "user" || (bdOk && spOk))) return true;
      if ((k === "account" || k === "canonical-user") && P.kind === "root") return true;
    }
    return false;
  };

  // Access point side (§7.2)
  if (ap !== undefined) {
    const apSame = A !== undefined && A === ap.accountId;
    const apPublic = ap.networkOrigin === "Internet" && ap.policy !== undefined && isPolicyPublic(ap.policy.policy, "access-point");
    const apCut = app?.effect === "Allow" && flags !== undefined && flags.RestrictPublicBuckets && apPublic && !apSame && P.kind !== "service";
    const apGrant = app?.effect === "Allow" && !apCut;
    if (P.kind === "anonymous") return { verdict: "ImplicitDeny", layer: "access-point-policy" };
    if (apSame) {
      if (!(U || (apGrant && standsAlone(app)))) return userDenied;
    } else {
      if (!U) return userDenied;
      if (!apGrant) return apCut ? { verdict: "ImplicitDeny", layer: "block-public-access", setting: "RestrictPublicBuckets" } : { verdict: "ImplicitDeny", layer: "access-point-policy" };
    }
  }

  // 4. public-access filtering and ownership
  const sameAccount = A !== undefined && A === B;
  const bpPublic = side.bucketPolicy !== undefined && isPolicyPublic(side.bucketPolicy.policy, "bucket");
  const rpbCut = bp?.effect === "Allow" && flags !== undefined && flags.RestrictPublicBuckets && bpPublic && !sameAccount && P.kind !== "service";
  const RB = bp?.effect === "Allow" && !rpbCut;
  const RBsame = sameAccount && RB && standsAlone(bp);
  const UB = U || RBsame;
  const requester = aclRequesterOf(P);
  const ignore = flags?.IgnorePublicAcls === true;
  const bucketAcl = effectiveBucketAcl(side.bucketAcl, side.ownership, side.ownerCanonicalId);
  const stored = check.level === "object" ? side.object : undefined;
  const object = stored === undefined ? undefined : effectiveObjectAcl({ ownerId: stored.ownerCanonicalId, acl: stored.acl }, side.ownership, side.ownerCanonicalId);
  const aclsOff = side.ownership === "BucketOwnerEnforced";
  const grants = (acl: AccessControlList, kind: "bucket" | "object", filter: boolean): boolean => {
    const perm = aclPermissionFor(a, kind);
    if (perm === undefined || aclsOff) return false;
    return aclAllows(filter ? withoutPublicGrants(acl) : acl, requester, perm).allowed;
  };
  const O = object?.ownerId;
  const requesterIsO = O !== undefined && requester.canonicalUserId === O;
  const isPut = a.toLowerCase() === "s3:putobject";

  const resourceDenied = (aclUsed: AccessControlList, storedAcl: AccessControlList, kind: "bucket" | "object", objectPath: boolean): NaiveDecision => {
    if (rpbCut) return { verdict: "ImplicitDeny", layer: "block-public-access", setting: "RestrictPublicBuckets" };
    if (ignore && grants(aclUsed, kind, false)) return { verdict: "ImplicitDeny", layer: "block-public-access", setting: "IgnorePublicAcls" };
    if (objectPath) return { verdict: "ImplicitDeny", layer: "object-acl" };
    if (aclsOff) {
      const perm = aclPermissionFor(a, kind);
      const storedGrant = perm !== undefined && aclAllows(storedAcl, requester, perm).allowed;
      const storedOwner = stored !== undefined && stored.ownerCanonicalId === requester.canonicalUserId;
      const writeOk = !(stored !== undefined && kind === "bucket" && !requesterIsO);
      if (writeOk && (storedGrant || storedOwner)) return { verdict: "ImplicitDeny", layer: "ownership" };
    }
    if (ap !== undefined) return { verdict: "ImplicitDeny", layer: "access-point-delegation" };
    if (side.bucketPolicy === undefined && aclPermissionFor(a, kind) !== undefined) return { verdict: "ImplicitDeny", layer: kind === "bucket" ? "bucket-acl" : "object-acl" };
    return { verdict: "ImplicitDeny", layer: "bucket-policy-no-grant" };
  };

  // bucket action, new key, or PutObject (bucket-level grant)
  if (object === undefined || stored === undefined || isPut) {
    if (sameAccount) return U || RBsame ? { verdict: "Allow" } : userDenied;
    if (!U) return userDenied;
    const AB = (object === undefined || requesterIsO) && grants(bucketAcl.acl, "bucket", ignore);
    if (RB || AB) return { verdict: "Allow" };
    const writeOk = object === undefined || requesterIsO;
    return resourceDenied(writeOk ? bucketAcl.acl : { owner: bucketAcl.acl.owner, grants: [] }, side.bucketAcl, "bucket", false);
  }
  if (O === side.ownerCanonicalId) {
    if (sameAccount) return U || RBsame ? { verdict: "Allow" } : userDenied;
    if (!U) return userDenied;
    const AO = grants(object.acl, "object", ignore);
    if (RB || AO) return { verdict: "Allow" };
    return resourceDenied(object.acl, stored.acl, "object", false);
  }
  // O != B
  if (sameAccount && OWNER_POWERS.includes(a.toLowerCase())) return UB ? { verdict: "Allow" } : userDenied;
  const AO = grants(object.acl, "object", ignore);
  const userOk = sameAccount ? UB : U;
  if (!(AO || requesterIsO)) {
    if (!userOk) return userDenied;
    return ignore && grants(object.acl, "object", false) ? { verdict: "ImplicitDeny", layer: "block-public-access", setting: "IgnorePublicAcls" } : { verdict: "ImplicitDeny", layer: "object-acl" };
  }
  return sameAccount ? (UB ? { verdict: "Allow" } : userDenied) : U ? { verdict: "Allow" } : userDenied;
}
