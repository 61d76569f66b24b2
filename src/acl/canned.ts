/**
 * @module acl/canned
 * Canned ACLs (`x-amz-acl`) and the grants each one expands to on a bucket or an object (spec §4.4).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
 */

import { type AclResult, SRC, fail, invalidArgument, ok } from "./errors.ts";
import {
  ALL_USERS,
  AUTHENTICATED_USERS,
  EC2_EXEC_READ_CANONICAL_ID,
  LOG_DELIVERY,
  type AccessControlList,
  type AclResource,
  type Grant,
  groupGrant,
  userGrant,
} from "./types.ts";

/** @public Every canned ACL name S3 knows (the user-guide set). */
export const CANNED_ACL_NAMES = [
  "private",
  "public-read",
  "public-read-write",
  "authenticated-read",
  "aws-exec-read",
  "bucket-owner-read",
  "bucket-owner-full-control",
  "log-delivery-write",
] as const;

/** @public A canned ACL name. */
export type CannedAclName = (typeof CANNED_ACL_NAMES)[number];

/** @public True when `name` is a canned ACL name (exact, case-sensitive). */
export function isCannedAclName(name: string): name is CannedAclName {
  return (CANNED_ACL_NAMES as readonly string[]).includes(name);
}

/**
 * @public What S3 answers for an `x-amz-acl` value it does not know: `InvalidArgument` with an empty message
 * and the header as argument (observed: https://github.com/versity/versitygw/issues/1379).
 */
export function invalidCannedAcl(value: string): ReturnType<typeof invalidArgument> {
  return invalidArgument("", "x-amz-acl", value, SRC.cannedAcl);
}

/** @public Who the canned ACL is being applied for. */
export interface CannedAclContext {
  readonly resource: AclResource;
  /** Canonical ID of the resource owner (the bucket owner for a bucket, the object owner for an object). */
  readonly ownerId: string;
  /** Canonical ID of the bucket owner (used by `bucket-owner-*` on objects). */
  readonly bucketOwnerId: string;
}

/**
 * @public Expands a canned ACL into an ACL owned by `ctx.ownerId`.
 * - `bucket-owner-read` / `bucket-owner-full-control` given for a bucket are ignored by S3, i.e. `private`.
 * - `bucket-owner-full-control` where owner and bucket owner are one account gives a single grant (DERIVED).
 * - `log-delivery-write` is a bucket ACL: owner FULL_CONTROL plus LogDelivery WRITE and READ_ACP. S3's
 *   SDK enum for objects does not list it; we refuse it on objects with the unknown-name error (UNCONFIRMED).
 * - An unknown name fails with {@link invalidCannedAcl}.
 */
export function cannedAcl(name: string, ctx: CannedAclContext): AclResult<AccessControlList> {
  if (!isCannedAclName(name)) return fail(invalidCannedAcl(name));
  if (name === "log-delivery-write" && ctx.resource === "object") return fail(invalidCannedAcl(name));
  const owner = userGrant(ctx.ownerId, "FULL_CONTROL");
  return ok({ owner: { id: ctx.ownerId }, grants: [owner, ...extraGrants(name, ctx)] });
}

/** @internal The grants a canned ACL adds after the owner's FULL_CONTROL. */
function extraGrants(name: CannedAclName, ctx: CannedAclContext): Grant[] {
  const onObject = ctx.resource === "object";
  const otherBucketOwner = onObject && ctx.bucketOwnerId !== ctx.ownerId;
  switch (name) {
    case "private":
      return [];
    case "public-read":
      return [groupGrant(ALL_USERS, "READ")];
    case "public-read-write":
      return [groupGrant(ALL_USERS, "READ"), groupGrant(ALL_USERS, "WRITE")];
    case "authenticated-read":
      return [groupGrant(AUTHENTICATED_USERS, "READ")];
    case "aws-exec-read":
      return [userGrant(EC2_EXEC_READ_CANONICAL_ID, "READ")];
    case "bucket-owner-read":
      return otherBucketOwner ? [userGrant(ctx.bucketOwnerId, "READ")] : [];
    case "bucket-owner-full-control":
      return otherBucketOwner ? [userGrant(ctx.bucketOwnerId, "FULL_CONTROL")] : [];
    case "log-delivery-write":
      return [groupGrant(LOG_DELIVERY, "WRITE"), groupGrant(LOG_DELIVERY, "READ_ACP")];
  }
}
