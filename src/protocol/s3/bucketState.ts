/**
 * @module protocol/s3/bucketState
 * The ACL-related state of buckets and objects as the protocol stores it: the Object Ownership
 * setting and the bucket ACL live in bucket config entries, the object ACL in the version record.
 * Owners are stored as account IDs and shown as canonical user IDs; ACLs speak canonical IDs.
 */
import { ANONYMOUS_CANONICAL_ID, type AccessControlList } from "../../acl/types.ts";
import { aclFromJson, aclToJson } from "../../acl/acl-json.ts";
import { defaultBucketAcl, defaultObjectAcl } from "../../acl/defaults.ts";
import { effectiveOwnership, OBJECT_OWNERSHIP_SETTINGS, type ObjectOwnership } from "../../acl/ownership.ts";
import type { AclError } from "../../acl/errors.ts";
import type { BucketRecord, ObjectVersionRecord } from "../../storage/ports.ts";
import type { Principal } from "../../kernel/principal.ts";
import { S3Error, type S3ErrorCode } from "./errors.ts";
import type { Services } from "./context.ts";

/** Config entry names. */
export const OWNERSHIP_CONFIG = "ownership";
export const ACL_CONFIG = "acl";
/** The bucket policy, as the JSON text the owner put (returned verbatim by GetBucketPolicy). */
export const POLICY_CONFIG = "policy";
/** Bucket-level Block Public Access: JSON `{"BlockPublicAcls":bool,"IgnorePublicAcls":bool,"BlockPublicPolicy":bool,"RestrictPublicBuckets":bool}`. */
export const PUBLIC_ACCESS_BLOCK_CONFIG = "publicAccessBlock";
/** Server access logging (PutBucketLogging): the JSON of a `BucketLoggingConfig` (ops/bucketLogging.ts). */
export const LOGGING_CONFIG = "logging";
/** Account-level Block Public Access (account config entry, same JSON shape as the bucket level). */
export const ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG = "publicAccessBlock";

/** The owner value stored for objects written by anonymous requesters. */
export const ANONYMOUS_OWNER = "anonymous";

/** @public The S3 error for an ACL-layer error value. */
export function aclS3Error(e: AclError): S3Error {
  return new S3Error(e.code as S3ErrorCode, { message: e.message, fields: e.fields, status: e.status });
}

/** @public The stored Object Ownership setting, if ownership controls are set. */
export function storedOwnership(svc: Services, bucket: string): ObjectOwnership | undefined {
  const v = svc.meta.getBucketConfig(bucket, OWNERSHIP_CONFIG);
  return v !== undefined && (OBJECT_OWNERSHIP_SETTINGS as readonly string[]).includes(v) ? (v as ObjectOwnership) : undefined;
}

/** @public The Object Ownership setting in force (no controls set behaves as ObjectWriter). */
export function ownershipOf(svc: Services, bucket: string): ObjectOwnership {
  return effectiveOwnership(storedOwnership(svc, bucket));
}

/** @public Canonical user ID of an owner as stored (account ID or {@link ANONYMOUS_OWNER}). */
export function canonicalIdOf(svc: Services, ownerAccountId: string): string {
  if (ownerAccountId === ANONYMOUS_OWNER) return ANONYMOUS_CANONICAL_ID;
  return svc.accounts.get(ownerAccountId)?.canonicalUserId ?? ownerAccountId;
}

/** @public The stored owner for a canonical user ID. */
export function ownerAccountOf(svc: Services, canonicalId: string): string {
  if (canonicalId === ANONYMOUS_CANONICAL_ID) return ANONYMOUS_OWNER;
  return svc.accounts.byCanonicalId(canonicalId)?.id ?? canonicalId;
}

/** @public The canonical ID that writes by this principal are attributed to. */
export function writerCanonicalId(svc: Services, principal: Principal): string {
  if (principal.kind === "anonymous" || principal.accountId === undefined) return ANONYMOUS_CANONICAL_ID;
  return canonicalIdOf(svc, principal.accountId);
}

/** @public Whether a canonical ID names a known account (ACL grants may only name those). */
export function knownCanonicalIds(svc: Services): (id: string) => boolean {
  return (id) => id === ANONYMOUS_CANONICAL_ID || svc.accounts.byCanonicalId(id) !== undefined;
}

function parseStoredAcl(svc: Services, text: string | undefined, fallback: () => AccessControlList): AccessControlList {
  if (text === undefined) return fallback();
  try {
    return aclFromJson(text);
  } catch (e) {
    svc.log.error("corrupt stored ACL", { err: e });
    throw new S3Error("InternalError");
  }
}

/** @public The stored bucket ACL (the default private ACL when none was stored). */
export function storedBucketAcl(svc: Services, bucket: BucketRecord): AccessControlList {
  return parseStoredAcl(svc, svc.meta.getBucketConfig(bucket.name, ACL_CONFIG), () => defaultBucketAcl(canonicalIdOf(svc, bucket.ownerAccountId)));
}

/** @public Stores a bucket ACL. */
export function saveBucketAcl(svc: Services, bucket: string, acl: AccessControlList): void {
  svc.meta.putBucketConfig(bucket, ACL_CONFIG, aclToJson(acl));
}

/** @public The stored owner and ACL of an object version. */
export function storedObjectAcl(svc: Services, rec: ObjectVersionRecord): { ownerId: string; acl: AccessControlList } {
  const ownerId = canonicalIdOf(svc, rec.ownerAccountId);
  return { ownerId, acl: parseStoredAcl(svc, rec.acl, () => defaultObjectAcl(ownerId)) };
}

/** @public The owner shown for an object: under BucketOwnerEnforced every object is the bucket owner's. */
export function effectiveOwnerAccount(setting: ObjectOwnership, bucket: BucketRecord, rec: ObjectVersionRecord): string {
  return setting === "BucketOwnerEnforced" ? bucket.ownerAccountId : rec.ownerAccountId;
}
