/**
 * @module protocol/s3/resourceContext
 * The bucket (and object) side of an authorization request, resolved from storage: owner, Object
 * Ownership, bucket ACL, bucket policy (compiled once per text), effective Block Public Access (account ∪
 * bucket, spec §6.2) and the stored owner and ACL of the object the request acts on.
 */
import { aclFromJson } from "../../acl/acl-json.ts";
import { defaultObjectAcl } from "../../acl/defaults.ts";
import type { AccessControlList } from "../../acl/types.ts";
import { isAclPublic } from "../../acl/public.ts";
import { accessDeniedMessage, combinePublicAccessBlock, isPolicyPublic, type PublicAccessBlockFlags, type ResourceContext, type StoredObject } from "../../authz/index.ts";
import { parsePolicy, compilePolicy, type CompiledPolicy } from "../../policy/index.ts";
import type { AccessPointContext } from "../../authz/index.ts";
import type { AccessPointRecord, BucketRecord, ObjectVersionRecord } from "../../storage/ports.ts";
import type { S3Request, Services } from "./context.ts";
import { S3Error } from "./errors.ts";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, ACL_CONFIG, OWNERSHIP_CONFIG, POLICY_CONFIG, PUBLIC_ACCESS_BLOCK_CONFIG, canonicalIdOf, ownershipOf, storedBucketAcl } from "./bucketState.ts";

interface CompiledBucketPolicy {
  readonly text: string;
  readonly compiled: CompiledPolicy;
  readonly isPublic: boolean;
}

/** Compiled bucket policies by bucket name; an entry is reused while the stored text is unchanged. */
const policies = new Map<string, CompiledBucketPolicy>();
const MAX_CACHED = 10_000;

/** @public The bucket policy in force, compiled, with whether it is public (spec §6.3); undefined when none. */
export function bucketPolicyOf(svc: Services, bucket: string): CompiledBucketPolicy | undefined {
  const text = svc.meta.getBucketConfig(bucket, POLICY_CONFIG);
  if (text === undefined) return undefined;
  const hit = policies.get(bucket);
  if (hit !== undefined && hit.text === text) return hit;
  const parsed = parsePolicy(text, "bucket");
  if (parsed.policy === undefined) {
    // PutBucketPolicy validated it, so the store is corrupt: refuse rather than ignore a policy that may deny.
    svc.log.error("stored bucket policy does not parse", { bucket, errors: parsed.errors });
    throw new S3Error("InternalError");
  }
  const entry: CompiledBucketPolicy = { text, compiled: compilePolicy(parsed.policy, `bucket policy of ${bucket}`), isPublic: isPolicyPublic(parsed.policy, "bucket") };
  if (policies.size >= MAX_CACHED) policies.clear();
  policies.set(bucket, entry);
  return entry;
}

/** Compiled access point policies by `<account>/<name>`, reused while the stored text is unchanged. */
const accessPointPolicies = new Map<string, CompiledBucketPolicy>();

/** @public The access point side of a request made through one (spec §7.2). */
export function accessPointContextOf(svc: Services, ap: AccessPointRecord): AccessPointContext {
  const rcps = svc.identities.organizationOf(ap.accountId)?.rcps;
  const arn = `arn:aws:s3:${svc.config.region}:${ap.accountId}:accesspoint/${ap.name}`;
  let policy: CompiledBucketPolicy | undefined;
  if (ap.policy !== undefined) {
    const id = `${ap.accountId}/${ap.name}`;
    policy = accessPointPolicies.get(id);
    if (policy === undefined || policy.text !== ap.policy) {
      const parsed = parsePolicy(ap.policy, "access-point");
      if (parsed.policy === undefined) {
        svc.log.error("stored access point policy does not parse", { accessPoint: arn, errors: parsed.errors });
        throw new S3Error("InternalError");
      }
      policy = { text: ap.policy, compiled: compilePolicy(parsed.policy, `access point policy of ${arn}`), isPublic: ap.networkOrigin !== "VPC" && isPolicyPublic(parsed.policy, "access-point") };
      if (accessPointPolicies.size >= MAX_CACHED) accessPointPolicies.clear();
      accessPointPolicies.set(id, policy);
    }
  }
  return {
    arn,
    accountId: ap.accountId,
    ...(policy !== undefined ? { policy: policy.compiled, policyPublic: policy.isPublic } : {}),
    networkOrigin: ap.networkOrigin,
    // The access point owner's account settings bind requests through it as well as its own (spec §7.2.8).
    publicAccessBlock: combinePublicAccessBlock(ap.publicAccessBlock, accountPublicAccessBlock(svc, ap.accountId)),
    ...(rcps !== undefined ? { rcps } : {}),
  };
}

/** @public Parses stored Block Public Access flags (JSON of the four settings); undefined when none. */
export function parsePublicAccessBlock(text: string | undefined): PublicAccessBlockFlags | undefined {
  if (text === undefined) return undefined;
  const raw = JSON.parse(text) as Partial<Record<keyof PublicAccessBlockFlags, unknown>>;
  return combinePublicAccessBlock({
    BlockPublicAcls: raw.BlockPublicAcls === true,
    IgnorePublicAcls: raw.IgnorePublicAcls === true,
    BlockPublicPolicy: raw.BlockPublicPolicy === true,
    RestrictPublicBuckets: raw.RestrictPublicBuckets === true,
  });
}

/** @public The stored form of Block Public Access flags. */
export function publicAccessBlockJson(flags: PublicAccessBlockFlags): string {
  return JSON.stringify({ BlockPublicAcls: flags.BlockPublicAcls, IgnorePublicAcls: flags.IgnorePublicAcls, BlockPublicPolicy: flags.BlockPublicPolicy, RestrictPublicBuckets: flags.RestrictPublicBuckets });
}

/** @public The bucket-level Block Public Access configuration, if one is stored. */
export function bucketPublicAccessBlock(svc: Services, bucket: string): PublicAccessBlockFlags | undefined {
  return parsePublicAccessBlock(svc.meta.getBucketConfig(bucket, PUBLIC_ACCESS_BLOCK_CONFIG));
}

/** @public The account-level Block Public Access configuration, if one is stored. */
export function accountPublicAccessBlock(svc: Services, accountId: string): PublicAccessBlockFlags | undefined {
  return parsePublicAccessBlock(svc.meta.getAccountConfig(accountId, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG));
}

/** @public Block Public Access in force for a bucket: the OR of its owner account's and its own settings. */
export function effectivePublicAccessBlock(svc: Services, bucket: BucketRecord): PublicAccessBlockFlags {
  return combinePublicAccessBlock(accountPublicAccessBlock(svc, bucket.ownerAccountId), bucketPublicAccessBlock(svc, bucket.name));
}

/** @public The stored owner and ACL of an object version, as the engine reads them. */
export function storedObjectOf(svc: Services, rec: ObjectVersionRecord): StoredObject {
  // A record is immutable (and cached by the store): its owner and parsed ACL are derived once.
  const known = STORED_OBJECTS.get(rec);
  if (known !== undefined) return known;
  const stored = readStoredObject(svc, rec);
  STORED_OBJECTS.set(rec, stored);
  return stored;
}

const STORED_OBJECTS = new WeakMap<ObjectVersionRecord, StoredObject>();

function readStoredObject(svc: Services, rec: ObjectVersionRecord): StoredObject {
  const ownerCanonicalId = canonicalIdOf(svc, rec.ownerAccountId);
  let acl: AccessControlList;
  try {
    acl = rec.acl === undefined ? defaultObjectAcl(ownerCanonicalId) : aclFromJson(rec.acl);
  } catch (err) {
    svc.log.error("corrupt stored object ACL", { bucket: rec.bucket, key: rec.key, err });
    throw new S3Error("InternalError");
  }
  return { ownerCanonicalId, acl };
}

/** The stored texts a bucket's resource side is derived from, and what was derived from them. */
interface BucketSide {
  readonly owner: string;
  readonly texts: readonly (string | undefined)[];
  readonly side: Omit<ResourceContext, "key" | "object" | "ownerOrgId" | "rcps">;
}

/** Derived bucket sides by bucket name: parsed ACL, ownership, compiled policy, effective Block Public Access. */
const bucketSides = new Map<string, BucketSide>();

/**
 * The part of a bucket's resource side that depends only on its stored settings, rebuilt only when one of
 * them changed: the store returns the same string for an unchanged entry, so the check is a few `===`.
 */
function bucketSideOf(svc: Services, bucket: BucketRecord): BucketSide["side"] {
  const texts = [
    svc.meta.getBucketConfig(bucket.name, ACL_CONFIG),
    svc.meta.getBucketConfig(bucket.name, OWNERSHIP_CONFIG),
    svc.meta.getBucketConfig(bucket.name, POLICY_CONFIG),
    svc.meta.getBucketConfig(bucket.name, PUBLIC_ACCESS_BLOCK_CONFIG),
    svc.meta.getAccountConfig(bucket.ownerAccountId, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG),
  ];
  const hit = bucketSides.get(bucket.name);
  if (hit !== undefined && hit.owner === bucket.ownerAccountId && hit.texts.every((t, i) => t === texts[i])) return hit.side;
  const policy = bucketPolicyOf(svc, bucket.name);
  const side: BucketSide["side"] = {
    bucket: bucket.name,
    ownerAccountId: bucket.ownerAccountId,
    ownerCanonicalId: canonicalIdOf(svc, bucket.ownerAccountId),
    ownership: ownershipOf(svc, bucket.name),
    bucketAcl: storedBucketAcl(svc, bucket),
    ...(policy !== undefined ? { bucketPolicy: policy.compiled, bucketPolicyPublic: policy.isPublic } : {}),
    publicAccessBlock: effectivePublicAccessBlock(svc, bucket),
  };
  if (bucketSides.size >= MAX_CACHED) bucketSides.clear();
  bucketSides.set(bucket.name, { owner: bucket.ownerAccountId, texts, side });
  return side;
}

/** @public The resource side of a bucket (and, given, of the object version the request acts on). */
export function resourceContextOf(svc: Services, bucket: BucketRecord, key?: string, object?: StoredObject): ResourceContext {
  const org = svc.identities.organizationOf(bucket.ownerAccountId);
  return {
    ...bucketSideOf(svc, bucket),
    ...(key !== undefined ? { key } : {}),
    ...(object !== undefined ? { object } : {}),
    ...(org !== undefined ? { ownerOrgId: org.orgId } : {}),
    ...(org?.rcps !== undefined ? { rcps: org.rcps } : {}),
  };
}

/**
 * @public Block Public Access at write time (spec §6.4): with BlockPublicAcls in force (account or bucket),
 * a request that would store a public ACL is refused with 403 AccessDenied, whatever the caller's grants.
 */
export function rejectPublicAcl(req: S3Request, svc: Services, bucket: BucketRecord, acl: AccessControlList, action: string, resource: string): void {
  if (!isAclPublic(acl) || !effectivePublicAccessBlock(svc, bucket).BlockPublicAcls) return;
  rejectPublic(req, bucket, "BlockPublicAcls", action, resource);
}

/** @public The 403 a Block Public Access setting answers a request that would make the bucket public with. */
export function rejectPublic(req: S3Request, bucket: BucketRecord, setting: "BlockPublicAcls" | "BlockPublicPolicy", action: string, resource: string): never {
  const result = { verdict: "ExplicitDeny", reasons: [], blockedBy: { layer: "block-public-access", setting, check: { action, on: "target", level: "bucket", resource } } } as const;
  throw new S3Error("AccessDenied", { message: accessDeniedMessage(result, req.principal, { accountId: bucket.ownerAccountId }) });
}
