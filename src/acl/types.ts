/**
 * @module acl/types
 * The S3 access control list model: grantees, permissions, grants and the ACL itself, independent of XML
 * (spec §4.1, §4.2, §4.6). Rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
 */

/** @public The five ACL permissions, in the order of the botocore `Permission` enum. */
export const PERMISSIONS = ["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"] as const;

/** @public An ACL permission. FULL_CONTROL implies the other four. */
export type Permission = (typeof PERMISSIONS)[number];

/** @public True when `text` is one of the five permission names (case-sensitive, as S3 compares them). */
export function isPermission(text: string): text is Permission {
  return (PERMISSIONS as readonly string[]).includes(text);
}

/** @public Anyone, signed or unsigned. */
export const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
/** @public Any signed request from any AWS account. */
export const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
/** @public The S3 server-access-log delivery group. */
export const LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";

/** @public The three predefined group URIs S3 accepts. */
export const GROUP_URIS = [ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY] as const;

/** @public A predefined group URI. */
export type GroupUri = (typeof GROUP_URIS)[number];

/** @public True when `uri` is exactly one of the three predefined group URIs. */
export function isGroupUri(uri: string): uri is GroupUri {
  return (GROUP_URIS as readonly string[]).includes(uri);
}

/**
 * @public Canonical user ID under which S3 records the anonymous user, e.g. as owner of an object uploaded
 * without a signature (spec §0.3, §4.1).
 */
export const ANONYMOUS_CANONICAL_ID = "65a011a29cdf8ec533ec3d1ccaae921c";

/**
 * @public Canonical user ID that `aws-exec-read` grants READ to (Amazon EC2, shown as `za-team`). Not in
 * the AWS docs; observed in ACLs returned by S3 and used by several S3 test suites (spec Appendix A10).
 */
export const EC2_EXEC_READ_CANONICAL_ID = "6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c";

/**
 * @public Who a grant is for, as stored. An email grantee (`AmazonCustomerByEmail`) is never stored: S3
 * resolved it to a `CanonicalUser` when it still accepted it, and now rejects it (see `acl/errors`).
 */
export type Grantee =
  | { readonly type: "CanonicalUser"; readonly id: string; readonly displayName?: string }
  | { readonly type: "Group"; readonly uri: GroupUri };

/** @public One grant: a grantee and one permission. */
export interface Grant {
  readonly grantee: Grantee;
  readonly permission: Permission;
}

/** @public The owner named in an ACL: an account's canonical user ID. */
export interface AclOwner {
  readonly id: string;
  readonly displayName?: string;
}

/** @public An access control list of a bucket or an object version. Grants keep their order. */
export interface AccessControlList {
  readonly owner: AclOwner;
  readonly grants: readonly Grant[];
}

/** @public Whether an ACL belongs to a bucket or to an object (canned ACLs and permissions differ). */
export type AclResource = "bucket" | "object";

/** @public A grant to an account. */
export function userGrant(id: string, permission: Permission): Grant {
  return { grantee: { type: "CanonicalUser", id }, permission };
}

/** @public A grant to a predefined group. */
export function groupGrant(uri: GroupUri, permission: Permission): Grant {
  return { grantee: { type: "Group", uri }, permission };
}

/** @public The `private` ACL: the owner has FULL_CONTROL, nobody else has anything. */
export function privateAcl(ownerId: string): AccessControlList {
  return { owner: { id: ownerId }, grants: [userGrant(ownerId, "FULL_CONTROL")] };
}
