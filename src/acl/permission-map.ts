/**
 * @module acl/permission-map
 * Which ACL permission stands for a policy action, on a bucket or on an object (spec §4.3, "Mapping of ACL
 * permissions and access policy permissions").
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions
 *
 * Actions not listed here (tagging, retention, legal hold, policies, lifecycle, …) cannot be granted by an
 * ACL at all: "ACLs support only a finite set of permissions".
 */

import type { AclResource, Permission } from "./types.ts";

/** @internal Bucket ACL permission for each action it covers. */
const ON_BUCKET: Readonly<Record<string, Permission>> = {
  "s3:ListBucket": "READ",
  "s3:ListBucketVersions": "READ",
  "s3:ListBucketMultipartUploads": "READ",
  // Bucket WRITE lets the grantee create objects, and overwrite / delete them (spec §4.2).
  "s3:PutObject": "WRITE",
  "s3:DeleteObject": "WRITE",
  // Only when the grantee is the bucket owner: see BUCKET_OWNER_ONLY_ACL_ACTIONS.
  "s3:DeleteObjectVersion": "WRITE",
  "s3:GetBucketAcl": "READ_ACP",
  "s3:PutBucketAcl": "WRITE_ACP",
};

/** @internal Object ACL permission for each action it covers. */
const ON_OBJECT: Readonly<Record<string, Permission>> = {
  "s3:GetObject": "READ",
  "s3:GetObjectVersion": "READ",
  "s3:GetObjectAcl": "READ_ACP",
  "s3:GetObjectVersionAcl": "READ_ACP",
  "s3:PutObjectAcl": "WRITE_ACP",
  "s3:PutObjectVersionAcl": "WRITE_ACP",
};

/**
 * @public Actions whose ACL mapping applies only when the grantee is the bucket owner: "If the grantee is the
 * bucket owner, bucket WRITE also allows s3:DeleteObjectVersion" (spec §4.3). The engine checks that.
 */
export const BUCKET_OWNER_ONLY_ACL_ACTIONS: readonly string[] = ["s3:DeleteObjectVersion"];

/**
 * @public The ACL permission that grants `action` on a resource of the given kind, or undefined when an ACL
 * on that kind of resource cannot grant it. Action names are compared case-insensitively, as IAM does.
 */
export function aclPermissionFor(action: string, resource: AclResource): Permission | undefined {
  const table = resource === "bucket" ? ON_BUCKET : ON_OBJECT;
  const key = Object.keys(table).find((k) => k.toLowerCase() === action.toLowerCase());
  return key === undefined ? undefined : table[key];
}
