/**
 * @module acl/effective-acl
 * The owner and ACL that count for a stored bucket or object under the bucket's Object Ownership setting
 * (spec §5.4, §5.5, §12.4, §12.15).
 *
 * Under BucketOwnerEnforced every object, whoever wrote it, is treated as the bucket owner's with a single
 * FULL_CONTROL grant to it, and the bucket ACL likewise; Get*Acl show that ACL. The stored owner and ACL
 * are kept untouched, so switching back to ObjectWriter / BucketOwnerPreferred restores them.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 */

import type { ObjectOwnership } from "./ownership.ts";
import { type AccessControlList, privateAcl } from "./types.ts";

/** @public An owner and ACL as stored, or as in force. */
export interface OwnedAcl {
  readonly ownerId: string;
  readonly acl: AccessControlList;
}

/** @public The effective owner and ACL, and whether the stored ones were set aside. */
export interface EffectiveAcl extends OwnedAcl {
  /** True when BucketOwnerEnforced replaced the stored owner / ACL. */
  readonly enforced: boolean;
}

/** @public The owner and ACL in force for an object version. */
export function effectiveObjectAcl(stored: OwnedAcl, setting: ObjectOwnership, bucketOwnerId: string): EffectiveAcl {
  if (setting === "BucketOwnerEnforced") return { ownerId: bucketOwnerId, acl: privateAcl(bucketOwnerId), enforced: true };
  return { ...stored, enforced: false };
}

/** @public The ACL in force for a bucket (its owner never changes). */
export function effectiveBucketAcl(stored: AccessControlList, setting: ObjectOwnership, bucketOwnerId: string): EffectiveAcl {
  if (setting === "BucketOwnerEnforced") return { ownerId: bucketOwnerId, acl: privateAcl(bucketOwnerId), enforced: true };
  return { ownerId: bucketOwnerId, acl: stored, enforced: false };
}
