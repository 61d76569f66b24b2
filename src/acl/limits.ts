/**
 * @module acl/limits
 * The size limit of an ACL: at most 100 grants (spec §4.6).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
 */

import { type AclError, MALFORMED_ACL_MESSAGE, SRC, aclError } from "./errors.ts";

/** @public The most grants one ACL may hold. */
export const MAX_GRANTS = 100;

/**
 * @public The error for an ACL with more than {@link MAX_GRANTS} grants, or undefined when within the limit.
 * S3 answers `MalformedACLError` with its schema message (observed for XML bodies,
 * https://github.com/ceph/ceph/pull/16291); we answer the same for grant headers (UNCONFIRMED).
 */
export function tooManyGrants(count: number): AclError | undefined {
  return count > MAX_GRANTS ? aclError("MalformedACLError", MALFORMED_ACL_MESSAGE, SRC.acl) : undefined;
}
