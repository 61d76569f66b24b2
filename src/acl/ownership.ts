/**
 * @module acl/ownership
 * Object Ownership at write time: who owns a new object and which ACL it gets, for each bucket setting and
 * requested ACL (spec §5.1–§5.3, §12.3, §12.4).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 *
 * W = writing account, B = bucket owner; "bofc" = `bucket-owner-full-control`.
 * | setting              | request ACL               | owner            | ACL                         |
 * | BucketOwnerEnforced  | none or bofc (any form)   | B                | B FULL_CONTROL              |
 * | BucketOwnerEnforced  | anything else             | 400 AccessControlListNotSupported              |
 * | BucketOwnerPreferred | canned bofc               | B                | B FULL_CONTROL (W loses it) |
 * | BucketOwnerPreferred | anything else             | W                | as requested, else private  |
 * | ObjectWriter         | anything                  | W                | as requested, else private  |
 * An anonymous writer is W = the anonymous canonical ID. Objects written by B are B's in every row.
 */

import { defaultObjectAcl } from "./defaults.ts";
import { type AclResult, aclNotSupported, fail, ok } from "./errors.ts";
import { type RequestedAcl, resolveRequestedAcl } from "./requested-acl.ts";
import { type AccessControlList, type Grant, privateAcl } from "./types.ts";

/** @public The three Object Ownership settings. */
export const OBJECT_OWNERSHIP_SETTINGS = ["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"] as const;

/** @public An Object Ownership setting. */
export type ObjectOwnership = (typeof OBJECT_OWNERSHIP_SETTINGS)[number];

/**
 * @public The setting in force for a bucket. A bucket with no OwnershipControls (created before they existed,
 * or after DeleteBucketOwnershipControls) behaves as ObjectWriter (spec §5.2).
 */
export function effectiveOwnership(stored: ObjectOwnership | undefined): ObjectOwnership {
  return stored ?? "ObjectWriter";
}

/** @public True when ACLs take part in authorization under the setting. */
export function aclsEnabled(setting: ObjectOwnership): boolean {
  return setting !== "BucketOwnerEnforced";
}

/**
 * @public True when the requested ACL is bucket-owner-full-control: the canned ACL, or explicit grants that
 * are all FULL_CONTROL to the writer or the bucket owner and include the bucket owner (the "equivalent
 * form" BucketOwnerEnforced accepts).
 */
export function isBucketOwnerFullControl(requested: RequestedAcl, writerId: string, bucketOwnerId: string): boolean {
  if (requested.kind === "canned") return requested.name === "bucket-owner-full-control";
  if (requested.kind === "none") return false;
  const toAccount = (id: string) => (g: Grant) => g.grantee.type === "CanonicalUser" && g.grantee.id === id;
  const onlyFullControlToWriterOrOwner = requested.grants.every(
    (g) => g.permission === "FULL_CONTROL" && (toAccount(writerId)(g) || toAccount(bucketOwnerId)(g)),
  );
  return onlyFullControlToWriterOrOwner && requested.grants.some(toAccount(bucketOwnerId));
}

/** @public Owner and ACL of a new object, and the rule that decided them. */
export interface OwnershipDecision {
  readonly ownerId: string;
  readonly acl: AccessControlList;
  readonly rule: string;
}

/**
 * @public Decides owner and ACL of an object being created (PutObject, CopyObject destination,
 * CreateMultipartUpload, POST upload). `writerId` is the canonical ID of the writing account, or the anonymous
 * canonical ID for unsigned requests.
 */
export function decideObjectOwnership(
  setting: ObjectOwnership,
  writerId: string,
  bucketOwnerId: string,
  requested: RequestedAcl,
): AclResult<OwnershipDecision> {
  const bofc = isBucketOwnerFullControl(requested, writerId, bucketOwnerId);
  if (setting === "BucketOwnerEnforced") {
    if (requested.kind !== "none" && !bofc) return fail(aclNotSupported());
    return ok({ ownerId: bucketOwnerId, acl: privateAcl(bucketOwnerId), rule: "BucketOwnerEnforced: the bucket owner owns every object" });
  }
  // BucketOwnerPreferred moves ownership only for the canned ACL (spec Appendix A13).
  if (setting === "BucketOwnerPreferred" && requested.kind === "canned" && bofc) {
    return ok({ ownerId: bucketOwnerId, acl: privateAcl(bucketOwnerId), rule: "BucketOwnerPreferred with bucket-owner-full-control: the bucket owner takes ownership" });
  }
  const resolved = resolveRequestedAcl(requested, { resource: "object", ownerId: writerId, bucketOwnerId });
  if (!resolved.ok) return resolved;
  const rule = writerId === bucketOwnerId ? `${setting}: the bucket owner wrote the object` : `${setting}: the writing account owns the object`;
  return ok({ ownerId: writerId, acl: resolved.value ?? defaultObjectAcl(writerId), rule });
}
