/**
 * @module explain/facts
 * The facts of one required action that the explanation's layers and remedies share: which resource it is
 * checked on, whether the requester's account owns it, who owns the object and which ACL S3 consults, the
 * effective Block Public Access flags, whether a public policy's grants were cut by RestrictPublicBuckets.
 * They restate the engine's inputs (src/authz/bucketSide.ts) for explanation; the verdict stays the engine's.
 */
import { aclRequesterOf } from "../acl/acl-allows.ts";
import type { AclRequester } from "../acl/acl-allows.ts";
import { aclsEnabled } from "../acl/ownership.ts";
import type { AclResource } from "../acl/types.ts";
import { ANONYMOUS_CANONICAL_ID } from "../acl/types.ts";
import { combinePublicAccessBlock, isPolicyPublic } from "../authz/index.ts";
import type { AccessPointContext, AuthzCheck, AuthzRequest, LayerTrace, PublicAccessBlockFlags, ResourceContext, StoredObject } from "../authz/index.ts";
import { OWNER_POWER_ACTIONS } from "../authz/ownerPowers.ts";

/** @internal Everything the layers of one check are explained from. */
export interface CheckFacts {
  readonly index: number;
  readonly check: AuthzCheck;
  readonly side: ResourceContext | undefined;
  readonly accessPoint: AccessPointContext | undefined;
  /** The action is checked on a bucket or object (not `none`, and the request names one). */
  readonly hasResource: boolean;
  /** The requester's account owns the bucket. */
  readonly sameAccount: boolean;
  readonly requester: AclRequester;
  readonly pab: PublicAccessBlockFlags | undefined;
  readonly aclsEnabled: boolean;
  /** The existing object version, for object-level checks. */
  readonly stored: StoredObject | undefined;
  /** The owner the rules apply (bucket owner under BucketOwnerEnforced). */
  readonly ownerCanonicalId: string | undefined;
  /** The object is owned by another account than the bucket owner (and the action is not a PutObject). */
  readonly ownedByOther: boolean;
  readonly requesterOwnsObject: boolean;
  /** The bucket owner's powers over foreign objects cover this action and the requester is of the bucket owner's account. */
  readonly ownerPower: boolean;
  /** The ACL S3 consults for this action. */
  readonly aclKind: AclResource;
  readonly bucketPolicyPublic: boolean;
  readonly accessPointPolicyPublic: boolean;
  /** The bucket policy allowed, but RestrictPublicBuckets cut its grant (public policy, other account). */
  readonly bucketRpbCut: boolean;
  readonly accessPointRpbCut: boolean;
  /** The trace entries of this check. */
  readonly trace: readonly LayerTrace[];
}

const BUCKET_GRANTED = "s3:putobject";

/** @internal The facts of check `index` of `req`, from the engine's trace of the same request. */
export function checkFacts(req: AuthzRequest, index: number, trace: readonly LayerTrace[]): CheckFacts {
  const check = req.checks[index] as AuthzCheck;
  const p = req.principal;
  const side = check.on === "source" ? req.source : req.target;
  const hasResource = side !== undefined && check.level !== "none";
  const ap = check.on === "target" && hasResource ? req.accessPoint : undefined;
  const pab = !hasResource ? undefined : ap === undefined ? side.publicAccessBlock : combinePublicAccessBlock(side.publicAccessBlock, ap.publicAccessBlock);
  const sameAccount = side !== undefined && p.accountId !== undefined && p.accountId === side.ownerAccountId;
  const requester = aclRequesterOf(p);
  const acls = side === undefined ? true : aclsEnabled(side.ownership);
  const stored = check.level === "object" ? side?.object : undefined;
  const ownerCanonicalId = stored === undefined || side === undefined ? undefined : acls ? stored.ownerCanonicalId : side.ownerCanonicalId;
  const action = check.action.toLowerCase();
  const isPut = action === BUCKET_GRANTED;
  const ownedByOther = stored !== undefined && side !== undefined && ownerCanonicalId !== side.ownerCanonicalId && !isPut;
  const requesterCanonical = requester.anonymous ? ANONYMOUS_CANONICAL_ID : requester.canonicalUserId;
  const mine = trace.filter((t) => t.check === index);
  const bucketPolicyPublic = side?.bucketPolicy !== undefined && (side.bucketPolicyPublic ?? isPolicyPublic(side.bucketPolicy.policy, "bucket"));
  const accessPointPolicyPublic = ap?.policy !== undefined && ap.networkOrigin !== "VPC" && (ap.policyPublic ?? isPolicyPublic(ap.policy.policy, "access-point"));
  const outcome = (layer: string): string | undefined => mine.find((t) => t.layer === layer)?.outcome;
  const cut = (isPublic: boolean, owner: string | undefined, layer: string): boolean =>
    outcome(layer) === "Allow" && pab?.RestrictPublicBuckets === true && isPublic && p.kind !== "service" && !(p.accountId !== undefined && p.accountId === owner);
  return {
    index,
    check,
    side,
    accessPoint: ap,
    hasResource,
    sameAccount,
    requester,
    pab,
    aclsEnabled: acls,
    stored,
    ownerCanonicalId,
    ownedByOther,
    requesterOwnsObject: stored !== undefined && requesterCanonical !== undefined && requesterCanonical === ownerCanonicalId,
    ownerPower: ownedByOther && sameAccount && OWNER_POWER_ACTIONS.has(action),
    aclKind: stored !== undefined && !isPut ? "object" : "bucket",
    bucketPolicyPublic,
    accessPointPolicyPublic,
    bucketRpbCut: cut(bucketPolicyPublic, side?.ownerAccountId, "bucket-policy"),
    accessPointRpbCut: cut(accessPointPolicyPublic, ap?.accountId, "access-point-policy"),
    trace: mine,
  };
}
