/**
 * @module acl/public
 * When an ACL is public, and the ACL that remains when public grants are ignored (spec §4.8, §6.3).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */

import { ALL_USERS, AUTHENTICATED_USERS, type AccessControlList, type Grant } from "./types.ts";

/** @public True for a grant, of any permission, to AllUsers or AuthenticatedUsers. */
export function isPublicGrant(grant: Grant): boolean {
  return grant.grantee.type === "Group" && (grant.grantee.uri === ALL_USERS || grant.grantee.uri === AUTHENTICATED_USERS);
}

/** @public "An ACL is public if it grants any permission to AllUsers or AuthenticatedUsers." */
export function isAclPublic(acl: AccessControlList): boolean {
  return acl.grants.some(isPublicGrant);
}

/**
 * @public The ACL with its public grants removed: what authorization sees under IgnorePublicAcls, and what
 * GetBucketAcl / GetObjectAcl return then ("the effective permissions", spec §4.7).
 */
export function withoutPublicGrants(acl: AccessControlList): AccessControlList {
  return isAclPublic(acl) ? { owner: acl.owner, grants: acl.grants.filter((g) => !isPublicGrant(g)) } : acl;
}
