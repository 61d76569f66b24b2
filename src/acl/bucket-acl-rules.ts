/**
 * @module acl/bucket-acl-rules
 * Bucket ACL rules tied to Object Ownership and Block Public Access: the ACL a CreateBucket request ends
 * with (spec §12.16), and whether a bucket may switch to BucketOwnerEnforced (spec §5.4, §12.15).
 */

import { defaultBucketAcl } from "./defaults.ts";
import { type AclError, type AclResult, SRC, aclError, fail, ok } from "./errors.ts";
import type { ObjectOwnership } from "./ownership.ts";
import { isAclPublic } from "./public.ts";
import { type RequestedAcl, resolveRequestedAcl } from "./requested-acl.ts";
import type { AccessControlList } from "./types.ts";

/** @public `InvalidBucketAclWithObjectOwnership`, as listed in the Object Ownership error responses. */
export function invalidBucketAclWithObjectOwnership(): AclError {
  return aclError("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", SRC.ownershipErrors);
}

/** @public True when every grant of a bucket ACL is to the bucket owner (no other account, no group). */
export function grantsOnlyToOwner(acl: AccessControlList, bucketOwnerId: string): boolean {
  return acl.grants.every((g) => g.grantee.type === "CanonicalUser" && g.grantee.id === bucketOwnerId);
}

/**
 * @public The refusal of PutBucketOwnershipControls(BucketOwnerEnforced) when the bucket ACL grants anyone but
 * the owner, or undefined when the switch is allowed. Object ACLs never block it.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-existing-bucket.html
 */
export function enforcementBlockedBy(bucketAcl: AccessControlList, bucketOwnerId: string): AclError | undefined {
  return grantsOnlyToOwner(bucketAcl, bucketOwnerId) ? undefined : invalidBucketAclWithObjectOwnership();
}

/** @public The inputs of a CreateBucket ACL decision. */
export interface CreateBucketAclInput {
  /** The setting the new bucket gets: the `x-amz-object-ownership` header, BucketOwnerEnforced when absent. */
  readonly setting: ObjectOwnership;
  readonly requested: RequestedAcl;
  readonly ownerId: string;
  /** Whether BlockPublicAcls applies to the new bucket (new buckets have it on unless the account says otherwise). */
  readonly blockPublicAcls: boolean;
}

/**
 * @public The ACL of a new bucket, or S3's refusal:
 * - BucketOwnerEnforced with an ACL that grants anyone but the owner → `InvalidBucketAclWithObjectOwnership`
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html; observed for
 *   `create-bucket --acl public-read`, https://github.com/kubernetes/kops/issues/15454);
 * - ACLs enabled and a public ACL while BlockPublicAcls applies → `InvalidBucketAclWithBlockPublicAccessError`
 *   "Bucket cannot have public ACLs set with BlockPublicAccess enabled" (observed text,
 *   https://github.com/emgarten/Sleet/issues/180; status 400 UNCONFIRMED);
 * - `bucket-owner-read` / `bucket-owner-full-control` are ignored on buckets, i.e. `private`.
 */
export function decideCreateBucketAcl(input: CreateBucketAclInput): AclResult<AccessControlList> {
  const { ownerId } = input;
  const resolved = resolveRequestedAcl(input.requested, { resource: "bucket", ownerId, bucketOwnerId: ownerId });
  if (!resolved.ok) return resolved;
  const acl = resolved.value ?? defaultBucketAcl(ownerId);
  if (input.setting === "BucketOwnerEnforced") {
    return grantsOnlyToOwner(acl, ownerId) ? ok(acl) : fail(invalidBucketAclWithObjectOwnership());
  }
  if (input.blockPublicAcls && isAclPublic(acl)) {
    return fail(aclError("InvalidBucketAclWithBlockPublicAccessError", "Bucket cannot have public ACLs set with BlockPublicAccess enabled", SRC.createBucket));
  }
  return ok(acl);
}
