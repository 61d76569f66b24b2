/**
 * @module acl/defaults
 * The ACLs S3 gives when a request asks for none (spec §4.7).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#acl-resource-owner
 */

import { type AccessControlList, privateAcl } from "./types.ts";

/** @public A new bucket without an ACL in the request: its owner has FULL_CONTROL, nobody else anything. */
export function defaultBucketAcl(bucketOwnerId: string): AccessControlList {
  return privateAcl(bucketOwnerId);
}

/**
 * @public A new object without an ACL in the request: its owner has FULL_CONTROL, nobody else anything. This
 * holds for CopyObject too: the source's ACL is not copied (API-CopyObject). For an anonymous upload the
 * owner is the anonymous canonical ID. Who the owner is comes from `acl/ownership`.
 */
export function defaultObjectAcl(objectOwnerId: string): AccessControlList {
  return privateAcl(objectOwnerId);
}
