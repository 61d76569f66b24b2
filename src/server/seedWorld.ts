/**
 * @module server/seedWorld
 * Applies a world file at start: IAM entities and fixed access keys into the identity store, then
 * buckets with their ownership, ACL, policy and Block Public Access into the metadata store, and
 * account-level Block Public Access. Idempotent: starting twice on the same data folder yields the
 * same state; a declared entity is brought to its declared state (see identity/worldIamApply.ts for
 * IAM; a declared bucket gets exactly the ownership, ACL, policy and BPA the world gives it, the
 * defaults in force filling what it omits, as CreateBucket would). Everything is checked before
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
import type { MetadataStore } from "../storage/ports.ts";

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
}

/** @public Applies `world` to the stores (see the module comment). */
export function seedWorld(world: World, deps: SeedWorldDeps): SeedWorldResult {
  const store = deps.identity.store;
  const plans = store.transaction(() => {
    world.accounts.forEach((a, i) => {
      if (a.iam !== undefined) applyAccountIam({ store, accountId: a.id, now: deps.now, random: deps.random }, a.iam, `/accounts/${i}`);
    });
    // Planned inside the transaction: a bucket that fails rolls the IAM changes back too.
    return (world.buckets ?? []).map((b, i) => planBucket(b, `/buckets/${i}`, deps));
  });
  const createdBuckets: string[] = [];
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
  }
  for (const a of world.accounts) {
    if (a.publicAccessBlock === undefined) continue;
    const value = a.publicAccessBlock === "none" ? undefined : publicAccessBlockJson(a.publicAccessBlock);
    if (deps.meta.getAccountConfig(a.id, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG) !== value) deps.meta.putAccountConfig(a.id, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, value);
  }
  return { createdBuckets };
}

function ownerOf(b: WorldBucket, path: string, deps: SeedWorldDeps): Account {
  const found = deps.identity.get(b.owner) ?? deps.identity.list().find((a) => a.name === b.owner);
  if (found === undefined) throw new WorldError(`${path}/owner`, `${b.owner} is neither the ID nor the name of an account of the world`);
  return found;
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
  return { path, name: b.name, ownerAccountId: owner.id, region, exists: existing !== undefined, versioning: b.versioning, config };
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

