/**
 * @module identity/worldBuckets
 * The `buckets` section of a world file (with each bucket's access points), the `bucketDefaults` setting and
 * the Block Public Access flags (per bucket, per access point and per account). Checked here: the shape of each entry, canned ACL names,
 * grant grantees and permissions, the grant limit, the bucket policy with S3's MalformedPolicy
 * messages. What needs the accounts and the stores (bucket and access point name rules, the owners, canonical
 * IDs, ACLs under BucketOwnerEnforced, principals named by the policies, access point policies, which name the
 * access point's ARN) is checked when the world is applied (server/seedWorld.ts), with the same paths.
 */
import { CANNED_ACL_NAMES, isCannedAclName, type CannedAclName } from "../acl/canned.ts";
import { MAX_GRANTS } from "../acl/limits.ts";
import { OBJECT_OWNERSHIP_SETTINGS, type ObjectOwnership } from "../acl/ownership.ts";
import { ALL_USERS, AUTHENTICATED_USERS, isGroupUri, isPermission, LOG_DELIVERY, PERMISSIONS, type GroupUri, type Permission } from "../acl/types.ts";
import { validateBucketPolicy } from "../policy/index.ts";
import type { PublicAccessBlockFlags } from "../authz/index.ts";
import { accountIdValue, optionalString, policyText, recordAt, rejectUnknownFields, requiredString, WorldError } from "./worldFields.ts";

/** @public Which defaults new buckets get: AWS's since April 2023, or before (see ProtocolConfig.bucketDefaults). */
export type BucketDefaults = "current" | "legacy";

/** @public The four Block Public Access settings (an omitted flag is false, as in PutPublicAccessBlock). */
export type { PublicAccessBlockFlags };

/** @public The flag names, in the order S3 writes them. */
export const PUBLIC_ACCESS_BLOCK_FLAGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

/** @public Who an ACL grant of the world names. */
export type WorldGrantee =
  | { readonly kind: "account"; readonly accountId: string }
  | { readonly kind: "canonicalUser"; readonly id: string }
  | { readonly kind: "group"; readonly uri: GroupUri };

/** @public One grant of a bucket ACL. */
export interface WorldGrant {
  readonly grantee: WorldGrantee;
  readonly permission: Permission;
}

/** @public A bucket ACL: a canned ACL, or the exact list of grants to store. */
export type WorldBucketAcl = { readonly kind: "canned"; readonly name: CannedAclName } | { readonly kind: "grants"; readonly grants: readonly WorldGrant[] };

/** @public A bucket of the world. Omitted settings get the bucket defaults in force. */
export interface WorldBucket {
  readonly name: string;
  /** The owner account: its ID, or its name in the world. */
  readonly owner: string;
  /** Defaults to the server's region. */
  readonly region?: string;
  /** Omitted: unversioned when created, left as it is afterwards (S3 never returns a bucket to unversioned). */
  readonly versioning?: "Enabled" | "Suspended";
  /** `none`: no ownership controls stored (behaves as ObjectWriter). */
  readonly objectOwnership?: ObjectOwnership | "none";
  /** Bucket policy JSON text. */
  readonly policy?: string;
  readonly acl?: WorldBucketAcl;
  /** `none`: no bucket-level configuration stored. */
  readonly publicAccessBlock?: PublicAccessBlockFlags | "none";
  /** Access points attached to the bucket, created as S3 Control's CreateAccessPoint creates them. */
  readonly accessPoints?: readonly WorldAccessPoint[];
}

/**
 * @public An access point of the world, attached to the bucket that lists it. Its network origin, VPC and Block
 * Public Access are fixed at creation (S3 Control has no call that changes them); its policy is kept as declared.
 */
export interface WorldAccessPoint {
  readonly name: string;
  /** The owner account (ID or name); defaults to the bucket's owner. Another account makes a cross-account access point. */
  readonly account?: string;
  /** Access point policy JSON text. */
  readonly policy?: string;
  /** Omitted: all four settings on, as CreateAccessPoint gives an access point without a configuration. */
  readonly publicAccessBlock?: PublicAccessBlockFlags;
  /** Present: the access point accepts requests from that VPC only (network origin VPC). */
  readonly vpcConfiguration?: { readonly vpcId: string };
}

const BUCKET_FIELDS = ["name", "owner", "region", "versioning", "objectOwnership", "policy", "acl", "publicAccessBlock", "accessPoints"];
const ACCESS_POINT_FIELDS = ["name", "account", "policy", "publicAccessBlock", "vpcConfiguration"];
const GRANTEE_KEYS = ["account", "canonicalUser", "group"] as const;
const GROUPS: Readonly<Record<string, GroupUri>> = { AllUsers: ALL_USERS, AuthenticatedUsers: AUTHENTICATED_USERS, LogDelivery: LOG_DELIVERY };
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** @public Reads `bucketDefaults` (undefined when absent). */
export function parseBucketDefaults(v: unknown, path: string): BucketDefaults | undefined {
  if (v === undefined) return undefined;
  if (v !== "current" && v !== "legacy") throw new WorldError(path, "must be current (BucketOwnerEnforced, Block Public Access on) or legacy (ObjectWriter, no Block Public Access)");
  return v;
}

/** @public Reads Block Public Access settings: an object of the four flags, or `none` (no configuration). */
export function parsePublicAccessBlock(v: unknown, path: string): PublicAccessBlockFlags | "none" {
  if (v === "none") return "none";
  const obj = recordAt(v, path, `an object with ${PUBLIC_ACCESS_BLOCK_FLAGS.join(", ")} (true/false), or none`);
  rejectUnknownFields(obj, PUBLIC_ACCESS_BLOCK_FLAGS, path, "Block Public Access");
  const flag = (name: (typeof PUBLIC_ACCESS_BLOCK_FLAGS)[number]): boolean => {
    const f = obj[name];
    if (f === undefined) return false;
    if (typeof f !== "boolean") throw new WorldError(`${path}/${name}`, "must be true or false");
    return f;
  };
  return { BlockPublicAcls: flag("BlockPublicAcls"), IgnorePublicAcls: flag("IgnorePublicAcls"), BlockPublicPolicy: flag("BlockPublicPolicy"), RestrictPublicBuckets: flag("RestrictPublicBuckets") };
}

/** @public Reads the `buckets` section (empty when absent). */
export function parseWorldBuckets(v: unknown, path: string): WorldBucket[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new WorldError(path, "must be a list of buckets");
  const buckets = v.map((b, i) => parseBucket(b, `${path}/${i}`));
  const seen = new Set<string>();
  buckets.forEach((b, i) => {
    if (seen.has(b.name)) throw new WorldError(`${path}/${i}/name`, `duplicate bucket ${b.name}`);
    seen.add(b.name);
  });
  return buckets;
}

function parseBucket(raw: unknown, path: string): WorldBucket {
  const obj = recordAt(raw, path);
  rejectUnknownFields(obj, BUCKET_FIELDS, path, "bucket");
  const name = requiredString(obj, "name", path);
  const ownerRaw = obj["owner"];
  if (ownerRaw === undefined) throw new WorldError(`${path}/owner`, "is required: the owner account's ID or name");
  const owner = typeof ownerRaw === "number" ? accountIdValue(ownerRaw, `${path}/owner`) : requiredString(obj, "owner", path);
  const region = optionalString(obj, "region", path);
  if (region !== undefined && !REGION.test(region)) throw new WorldError(`${path}/region`, `must be a region name such as us-east-1, not ${region}`);
  const versioning = optionalString(obj, "versioning", path);
  if (versioning !== undefined && versioning !== "Enabled" && versioning !== "Suspended") throw new WorldError(`${path}/versioning`, "must be Enabled or Suspended");
  const ownership = optionalString(obj, "objectOwnership", path);
  if (ownership !== undefined && ownership !== "none" && !(OBJECT_OWNERSHIP_SETTINGS as readonly string[]).includes(ownership)) {
    throw new WorldError(`${path}/objectOwnership`, `must be one of ${OBJECT_OWNERSHIP_SETTINGS.join(", ")}, or none`);
  }
  const out: { -readonly [K in keyof WorldBucket]: WorldBucket[K] } = { name, owner };
  if (region !== undefined) out.region = region;
  if (versioning !== undefined) out.versioning = versioning;
  if (ownership !== undefined) out.objectOwnership = ownership as ObjectOwnership | "none";
  if (obj["policy"] !== undefined) out.policy = bucketPolicy(obj["policy"], name, `${path}/policy`);
  if (obj["acl"] !== undefined) out.acl = parseAcl(obj["acl"], `${path}/acl`);
  if (obj["publicAccessBlock"] !== undefined) out.publicAccessBlock = parsePublicAccessBlock(obj["publicAccessBlock"], `${path}/publicAccessBlock`);
  if (obj["accessPoints"] !== undefined) out.accessPoints = parseAccessPoints(obj["accessPoints"], `${path}/accessPoints`);
  return out;
}

function parseAccessPoints(v: unknown, path: string): WorldAccessPoint[] {
  if (!Array.isArray(v)) throw new WorldError(path, "must be a list of access points");
  return v.map((raw, i) => parseAccessPoint(raw, `${path}/${i}`));
}

function parseAccessPoint(raw: unknown, path: string): WorldAccessPoint {
  const obj = recordAt(raw, path, "an access point: name, and optionally account, policy, publicAccessBlock, vpcConfiguration");
  rejectUnknownFields(obj, ACCESS_POINT_FIELDS, path, "access point");
  const out: { -readonly [K in keyof WorldAccessPoint]: WorldAccessPoint[K] } = { name: requiredString(obj, "name", path) };
  const accountRaw = obj["account"];
  if (accountRaw !== undefined) out.account = typeof accountRaw === "number" ? accountIdValue(accountRaw, `${path}/account`) : requiredString(obj, "account", path);
  if (obj["policy"] !== undefined) out.policy = policyText(obj["policy"], `${path}/policy`);
  if (obj["publicAccessBlock"] !== undefined) {
    const flags = parsePublicAccessBlock(obj["publicAccessBlock"], `${path}/publicAccessBlock`);
    if (flags === "none") throw new WorldError(`${path}/publicAccessBlock`, "an access point always has Block Public Access settings: give the four flags (an omitted flag is false), or omit the field for all four on");
    out.publicAccessBlock = flags;
  }
  if (obj["vpcConfiguration"] !== undefined) {
    const vpc = recordAt(obj["vpcConfiguration"], `${path}/vpcConfiguration`, "an object with vpcId");
    rejectUnknownFields(vpc, ["vpcId"], `${path}/vpcConfiguration`, "VPC configuration");
    out.vpcConfiguration = { vpcId: requiredString(vpc, "vpcId", `${path}/vpcConfiguration`) };
  }
  return out;
}

/** The policy text, checked as PutBucketPolicy checks it (principal existence is checked on apply). */
function bucketPolicy(v: unknown, bucket: string, path: string): string {
  const text = policyText(v, path);
  const checked = validateBucketPolicy(text, { bucket });
  if (!checked.ok) throw new WorldError(path, `MalformedPolicy: ${checked.message}`);
  return text;
}

function parseAcl(v: unknown, path: string): WorldBucketAcl {
  if (typeof v === "string") {
    if (!isCannedAclName(v)) throw new WorldError(path, `InvalidArgument: ${v} is not a canned ACL (${CANNED_ACL_NAMES.join(", ")})`);
    return { kind: "canned", name: v };
  }
  if (!Array.isArray(v)) throw new WorldError(path, "must be a canned ACL name or a list of grants");
  if (v.length > MAX_GRANTS) throw new WorldError(path, `MalformedACLError: an ACL holds at most ${MAX_GRANTS} grants`);
  return { kind: "grants", grants: v.map((g, i) => parseGrant(g, `${path}/${i}`)) };
}

function parseGrant(raw: unknown, path: string): WorldGrant {
  const obj = recordAt(raw, path, "a grant: one of account, canonicalUser, group, and a permission");
  if (obj["emailAddress"] !== undefined) throw new WorldError(`${path}/emailAddress`, "MethodNotAllowed: S3 no longer accepts email grantees; name the account instead");
  rejectUnknownFields(obj, [...GRANTEE_KEYS, "permission"], path, "grant");
  const given = GRANTEE_KEYS.filter((k) => obj[k] !== undefined);
  if (given.length !== 1) throw new WorldError(path, "must name exactly one grantee: account, canonicalUser or group");
  const permission = obj["permission"];
  if (typeof permission !== "string" || !isPermission(permission)) throw new WorldError(`${path}/permission`, `must be one of ${PERMISSIONS.join(", ")}`);
  const kind = given[0] as (typeof GRANTEE_KEYS)[number];
  const value = obj[kind];
  switch (kind) {
    case "account":
      return { grantee: { kind, accountId: accountIdValue(value, `${path}/account`) }, permission };
    case "canonicalUser":
      if (typeof value !== "string" || !/^[0-9a-f]{64}$/.test(value)) throw new WorldError(`${path}/canonicalUser`, "must be a 64-hex canonical user ID");
      return { grantee: { kind, id: value }, permission };
    case "group": {
      const uri = typeof value === "string" ? (GROUPS[value] ?? value) : undefined;
      if (uri === undefined || !isGroupUri(uri)) throw new WorldError(`${path}/group`, `must be AllUsers, AuthenticatedUsers, LogDelivery or one of their URIs`);
      return { grantee: { kind, uri }, permission };
    }
  }
}

/** @public The optional `publicAccessBlock` field of an object (an account's, in world.ts). */
export function optionalPublicAccessBlock(obj: Record<string, unknown>, path: string): { publicAccessBlock?: PublicAccessBlockFlags | "none" } {
  const v = obj["publicAccessBlock"];
  return v === undefined ? {} : { publicAccessBlock: parsePublicAccessBlock(v, `${path}/publicAccessBlock`) };
}
