/**
 * @module server/seedWorld
 * Applies a world file at start: IAM entities and fixed access keys into the identity store, then
 * buckets with their ownership, ACL, policy and Block Public Access into the metadata store, their access
 * points (through the store calls S3 Control's CreateAccessPoint and PutAccessPointPolicy use), and
 * account-level Block Public Access. Idempotent: starting twice on the same data folder yields the
 * same state; a declared entity is brought to its declared state (see identity/worldIamApply.ts for
 * IAM; a declared bucket gets exactly the ownership, ACL, policy and BPA the world gives it, the
 * defaults in force filling what it omits, as CreateBucket would; a declared access point is created once,
 * then keeps its alias and gets exactly the policy declared, while its bucket, network origin and Block Public
 * Access cannot change, as in S3 Control). Everything is checked before
 * anything is written to the metadata store, and the IAM part runs in one transaction, so a world
 * that fails leaves the stores as they were; the failure is a WorldError with the entry's path.
 */
import { cannedAcl } from "../acl/canned.ts";
import { validateAclDocument, type AclDocumentGrant } from "../acl/acl-document.ts";
import { aclToJson } from "../acl/acl-json.ts";
import { grantsOnlyToOwner, invalidBucketAclWithObjectOwnership } from "../acl/bucket-acl-rules.ts";
import { defaultBucketAcl } from "../acl/defaults.ts";
import type { ObjectOwnership } from "../acl/ownership.ts";
import { ANONYMOUS_CANONICAL_ID, type AccessControlList } from "../acl/types.ts";
import type { Account } from "../identity/accounts.ts";
import type { IdentityDirectory } from "../identity/credentials.ts";
import type { RandomBytes } from "../identity/iamIds.ts";
import type { World } from "../identity/world.ts";
import type { BucketDefaults, PublicAccessBlockFlags, WorldBucket, WorldBucketAcl } from "../identity/worldBuckets.ts";
import { WorldError } from "../identity/worldFields.ts";
import { applyAccountIam } from "../identity/worldIamApply.ts";
import { validateBucketPolicy } from "../policy/index.ts";
import { BLOCK_ALL } from "../authz/index.ts";
import { publicAccessBlockJson } from "../protocol/s3/resourceContext.ts";
import { bucketNameViolation } from "../protocol/s3/bucketName.ts";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, ACL_CONFIG, OWNERSHIP_CONFIG, POLICY_CONFIG, PUBLIC_ACCESS_BLOCK_CONFIG } from "../protocol/s3/bucketState.ts";
import type { AccessPointRecord, MetadataStore } from "../storage/ports.ts";
import { accessPointAlias, accessPointArn, checkAccessPointName } from "../protocol/s3control/accessPointNames.ts";
import { ControlError } from "../protocol/s3control/controlErrors.ts";
import type { WorldAccessPoint } from "../identity/worldBuckets.ts";

/** @public What applying a world needs. */
export interface SeedWorldDeps {
  readonly meta: MetadataStore;
  /** The account directory with its identity store. */
  readonly identity: IdentityDirectory;
  /** The server's region: the default region of declared buckets. */
  readonly region: string;
  /** The bucket defaults in force (server option, else the world's setting, else current). */
  readonly bucketDefaults: BucketDefaults;
  readonly now: Date;
  readonly random: RandomBytes;
  /** Whether an IAM user or role a bucket policy names exists (as PutBucketPolicy checks). */
  readonly principalExists: (value: string) => boolean;
}

/** @public What applying a world did to buckets. */
export interface SeedWorldResult {
  /** Names of the buckets created by this run (those that existed were brought to their declared state). */
  readonly createdBuckets: readonly string[];
  /** ARNs of the access points created by this run. */
  readonly createdAccessPoints: readonly string[];
}


const ALL_ON: PublicAccessBlockFlags = BLOCK_ALL;

/** A bucket's declared state, resolved and checked, ready to store. */
interface BucketPlan {
  readonly path: string;
  readonly name: string;
  readonly ownerAccountId: string;
  readonly region: string;
  readonly exists: boolean;
  readonly versioning: WorldBucket["versioning"];
  readonly config: ReadonlyMap<string, string | undefined>;
  readonly accessPoints: readonly AccessPointPlan[];
}

/** An access point's declared state, checked: the record to create (alias drawn on creation) and its policy. */
interface AccessPointPlan {
  readonly arn: string;
  readonly exists: boolean;
  readonly record: Omit<AccessPointRecord, "alias" | "policy">;
  readonly policy: string | undefined;
}

/** @public Applies `world` to the stores (see the module comment). */
export function seedWorld(world: World, deps: SeedWorldDeps): SeedWorldResult {
  const store = deps.identity.store;
  const plans = store.transaction(() => {
    world.accounts.forEach((a, i) => {
      if (a.iam !== undefined) applyAccountIam({ store, accountId: a.id, now: deps.now, random: deps.random }, a.iam, `/accounts/${i}`);
    });
    // Planned inside the transaction: a bucket that fails rolls the IAM changes back too.
    const planned = (world.buckets ?? []).map((b, i) => planBucket(b, `/buckets/${i}`, deps));
    rejectDuplicateAccessPoints(planned);
    return planned;
  });
  const createdBuckets: string[] = [];
  const createdAccessPoints: string[] = [];
  for (const plan of plans) {
    if (!plan.exists) {
      const initial: Record<string, string> = {};
      for (const [name, value] of plan.config) if (value !== undefined) initial[name] = value;
      deps.meta.createBucket({ name: plan.name, ownerAccountId: plan.ownerAccountId, region: plan.region, createdAt: deps.now, versioning: "Unversioned" }, initial);
      createdBuckets.push(plan.name);
    }
    const current = deps.meta.getBucket(plan.name);
    if (plan.versioning !== undefined && current?.versioning !== plan.versioning) deps.meta.setBucketVersioning(plan.name, plan.versioning);
    for (const [name, value] of plan.config) {
      if (deps.meta.getBucketConfig(plan.name, name) !== value) deps.meta.putBucketConfig(plan.name, name, value);
    }
    for (const ap of plan.accessPoints) {
      const { accountId, name } = ap.record;
      if (!ap.exists && deps.meta.createAccessPoint({ ...ap.record, alias: freshAlias(deps, name) }) === "created") createdAccessPoints.push(ap.arn);
      if (deps.meta.getAccessPoint(accountId, name)?.policy !== ap.policy) deps.meta.putAccessPointPolicy(accountId, name, ap.policy);
    }
  }
  for (const a of world.accounts) {
    if (a.publicAccessBlock === undefined) continue;
    const value = a.publicAccessBlock === "none" ? undefined : publicAccessBlockJson(a.publicAccessBlock);
    if (deps.meta.getAccountConfig(a.id, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG) !== value) deps.meta.putAccountConfig(a.id, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, value);
  }
  return { createdBuckets, createdAccessPoints };
}

/** Draws aliases until one is free, as CreateAccessPoint does. */
function freshAlias(deps: SeedWorldDeps, name: string): string {
  for (;;) {
    const alias = accessPointAlias(name, deps.random);
    if (deps.meta.getAccessPointByAlias(alias) === undefined) return alias;
  }
}

/** An account's access point names are unique (AccessPointAlreadyOwnedByYou in S3 Control). */
function rejectDuplicateAccessPoints(plans: readonly BucketPlan[]): void {
  const seen = new Set<string>();
  for (const plan of plans) {
    plan.accessPoints.forEach((ap, j) => {
      const key = `${ap.record.accountId}/${ap.record.name}`;
      if (seen.has(key)) throw new WorldError(`${plan.path}/accessPoints/${j}/name`, `duplicate access point ${ap.record.name} of account ${ap.record.accountId}`);
      seen.add(key);
    });
  }
}

function ownerOf(b: WorldBucket, path: string, deps: SeedWorldDeps): Account {
  return accountNamed(b.owner, `${path}/owner`, deps);
}

function accountNamed(idOrName: string, path: string, deps: SeedWorldDeps): Account {
  const found = deps.identity.get(idOrName) ?? deps.identity.list().find((a) => a.name === idOrName);
  if (found === undefined) throw new WorldError(path, `${idOrName} is neither the ID nor the name of an account of the world`);
  return found;
}

/** Checks a declared access point as CreateAccessPoint and PutAccessPointPolicy would, against what the data folder holds. */
function planAccessPoint(ap: WorldAccessPoint, bucket: string, owner: Account, region: string, path: string, deps: SeedWorldDeps): AccessPointPlan {
  try {
    checkAccessPointName(ap.name);
  } catch (e) {
    if (e instanceof ControlError) throw new WorldError(`${path}/name`, `${e.code}: ${e.message} (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-restrictions-limitations-naming-rules.html)`);
    throw e;
  }
  if (region !== deps.region) throw new WorldError(`${path}`, `an access point is created in its bucket's region: bucket ${bucket} is in ${region}, this server serves ${deps.region}`);
  const account = ap.account === undefined ? owner : accountNamed(ap.account, `${path}/account`, deps);
  const arn = accessPointArn(deps.region, account.id, ap.name);
  let policy: string | undefined;
  if (ap.policy !== undefined) {
    const checked = validateBucketPolicy(ap.policy, { bucket, accessPointArn: arn, principalExists: deps.principalExists });
    if (!checked.ok) throw new WorldError(`${path}/policy`, `MalformedPolicy: ${checked.message}`);
    policy = ap.policy;
  }
  const flags = ap.publicAccessBlock ?? ALL_ON;
  const record: AccessPointPlan["record"] = {
    name: ap.name,
    accountId: account.id,
    bucket,
    bucketAccountId: owner.id,
    networkOrigin: ap.vpcConfiguration !== undefined ? "VPC" : "Internet",
    ...(ap.vpcConfiguration !== undefined ? { vpcId: ap.vpcConfiguration.vpcId } : {}),
    createdAt: deps.now,
    publicAccessBlock: { BlockPublicAcls: flags.BlockPublicAcls, IgnorePublicAcls: flags.IgnorePublicAcls, BlockPublicPolicy: flags.BlockPublicPolicy, RestrictPublicBuckets: flags.RestrictPublicBuckets },
  };
  const existing = deps.meta.getAccessPoint(account.id, ap.name);
  if (existing !== undefined) {
    const fixed = "is fixed when an access point is created (S3 Control has no call that changes it)";
    if (existing.bucket !== bucket) throw new WorldError(`${path}/name`, `access point ${ap.name} of account ${account.id} exists in the data folder, attached to bucket ${existing.bucket}; an access point's bucket ${fixed}`);
    if (existing.vpcId !== record.vpcId) throw new WorldError(`${path}/vpcConfiguration`, `access point ${ap.name} exists in the data folder with ${existing.vpcId === undefined ? "Internet network origin" : `VPC ${existing.vpcId}`}; the network origin ${fixed}`);
    const e = existing.publicAccessBlock;
    const f = record.publicAccessBlock;
    if (e.BlockPublicAcls !== f.BlockPublicAcls || e.IgnorePublicAcls !== f.IgnorePublicAcls || e.BlockPublicPolicy !== f.BlockPublicPolicy || e.RestrictPublicBuckets !== f.RestrictPublicBuckets) {
      throw new WorldError(`${path}/publicAccessBlock`, `access point ${ap.name} exists in the data folder with other Block Public Access settings; an access point's Block Public Access ${fixed}`);
    }
  }
  return { arn, exists: existing !== undefined, record, policy };
}

function planBucket(b: WorldBucket, path: string, deps: SeedWorldDeps): BucketPlan {
  const rule = bucketNameViolation(b.name);
  if (rule !== undefined) throw new WorldError(`${path}/name`, `InvalidBucketName: ${b.name} breaks the bucket naming rule "${rule}" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)`);
  const owner = ownerOf(b, path, deps);
  const region = b.region ?? deps.region;
  const existing = deps.meta.getBucket(b.name);
  if (existing !== undefined && existing.ownerAccountId !== owner.id) {
    throw new WorldError(`${path}/owner`, `BucketAlreadyExists: bucket ${b.name} exists in the data folder and belongs to account ${existing.ownerAccountId}`);
  }
  if (existing !== undefined && existing.region !== region) {
    throw new WorldError(`${path}/region`, `bucket ${b.name} exists in region ${existing.region}; a bucket's region cannot change`);
  }
  const current = deps.bucketDefaults === "current";
  const ownership: ObjectOwnership | undefined = b.objectOwnership === "none" ? undefined : (b.objectOwnership ?? (current ? "BucketOwnerEnforced" : undefined));
  const acl = bucketAcl(b.acl, owner, `${path}/acl`, deps);
  if (ownership === "BucketOwnerEnforced" && !grantsOnlyToOwner(acl, owner.canonicalUserId)) {
    const why = b.objectOwnership === undefined ? " (objectOwnership is BucketOwnerEnforced by default under the current bucket defaults)" : "";
    throw new WorldError(`${path}/acl`, `${invalidBucketAclWithObjectOwnership().code}: ${invalidBucketAclWithObjectOwnership().message}${why}`);
  }
  let policy: string | undefined;
  if (b.policy !== undefined) {
    const checked = validateBucketPolicy(b.policy, { bucket: b.name, principalExists: deps.principalExists });
    if (!checked.ok) throw new WorldError(`${path}/policy`, `MalformedPolicy: ${checked.message}`);
    policy = b.policy;
  }
  const bpa = b.publicAccessBlock === "none" ? undefined : (b.publicAccessBlock ?? (current ? ALL_ON : undefined));
  const config = new Map<string, string | undefined>([
    [OWNERSHIP_CONFIG, ownership],
    [ACL_CONFIG, aclToJson(acl)],
    [POLICY_CONFIG, policy],
    [PUBLIC_ACCESS_BLOCK_CONFIG, bpa === undefined ? undefined : publicAccessBlockJson(bpa)],
  ]);
  const accessPoints = (b.accessPoints ?? []).map((ap, j) => planAccessPoint(ap, b.name, owner, region, `${path}/accessPoints/${j}`, deps));
  return { path, name: b.name, ownerAccountId: owner.id, region, exists: existing !== undefined, versioning: b.versioning, config, accessPoints };
}

function bucketAcl(acl: WorldBucketAcl | undefined, owner: Account, path: string, deps: SeedWorldDeps): AccessControlList {
  const ownerId = owner.canonicalUserId;
  if (acl === undefined) return defaultBucketAcl(ownerId);
  if (acl.kind === "canned") {
    const r = cannedAcl(acl.name, { resource: "bucket", ownerId, bucketOwnerId: ownerId });
    if (!r.ok) throw new WorldError(path, `${r.error.code}: ${r.error.message}`);
    return r.value;
  }
  const known = (id: string): boolean => id === ANONYMOUS_CANONICAL_ID || deps.identity.byCanonicalId(id) !== undefined;
  const grants: AclDocumentGrant[] = acl.grants.map((g, i) => {
    const e = g.grantee;
    if (e.kind === "group") return { grantee: { type: "Group", uri: e.uri }, permission: g.permission };
    if (e.kind === "canonicalUser") return { grantee: { type: "CanonicalUser", id: e.id }, permission: g.permission };
    const account = deps.identity.get(e.accountId);
    if (account === undefined) throw new WorldError(`${path}/${i}/account`, `${e.accountId} is not an account of the world`);
    return { grantee: { type: "CanonicalUser", id: account.canonicalUserId }, permission: g.permission };
  });
  // One grant at a time first, so that a refusal names its grant.
  grants.forEach((g, i) => {
    const one = validateAclDocument({ owner: { id: ownerId }, grants: [g] }, { resourceOwnerId: ownerId, knownCanonicalIds: known });
    if (!one.ok) throw new WorldError(`${path}/${i}`, `${one.error.code}: ${one.error.message}`);
  });
  const all = validateAclDocument({ owner: { id: ownerId }, grants }, { resourceOwnerId: ownerId, knownCanonicalIds: known });
  if (!all.ok) throw new WorldError(path, `${all.error.code}: ${all.error.message}`);
  return all.value;
}

