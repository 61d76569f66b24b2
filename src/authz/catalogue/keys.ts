/**
 * @module authz/catalogue/keys
 * Groups of operation-specific S3 condition keys (spec §8.1) shared by several catalogue rows.
 * A key ending in `/*` stands for the family of keys with that prefix (one per tag key).
 */

import type { ExtraAction } from "./types.ts";

/** @public `s3:ExistingObjectTag/<tag-key>`: tags of the object the request acts on. */
export const EXISTING_TAG = "s3:ExistingObjectTag/*";

/** @public `s3:versionid`: present only when the request names a version. */
export const VERSION_ID = "s3:versionid";

/** @public Canned-ACL and grant headers (spec §8.1, §4.5). */
export const ACL_KEYS: readonly string[] = [
  "s3:x-amz-acl",
  "s3:x-amz-grant-read",
  "s3:x-amz-grant-write",
  "s3:x-amz-grant-read-acp",
  "s3:x-amz-grant-write-acp",
  "s3:x-amz-grant-full-control",
];

/** @public Tags supplied in the request. */
export const REQUEST_TAG_KEYS: readonly string[] = ["s3:RequestObjectTag/*", "s3:RequestObjectTagKeys"];

/** @public Keys of the list operations. */
export const LIST_KEYS: readonly string[] = ["s3:prefix", "s3:delimiter", "s3:max-keys"];

/** @public Keys of object writes: PutObject, CreateMultipartUpload, and the destination of CopyObject. */
export const PUT_OBJECT_KEYS: readonly string[] = [
  ...ACL_KEYS,
  ...REQUEST_TAG_KEYS,
  "s3:x-amz-server-side-encryption",
  "s3:x-amz-server-side-encryption-aws-kms-key-id",
  "s3:x-amz-server-side-encryption-customer-algorithm",
  "s3:x-amz-storage-class",
  "s3:x-amz-website-redirect-location",
  "s3:object-lock-mode",
  "s3:object-lock-retain-until-date",
  "s3:object-lock-remaining-retention-days",
  "s3:object-lock-legal-hold",
  "s3:if-match",
  "s3:if-none-match",
  "s3:ObjectCreationOperation",
];

/** @public Keys of CopyObject: the copy-source keys plus those of the destination write. */
export const COPY_KEYS: readonly string[] = ["s3:x-amz-copy-source", "s3:x-amz-metadata-directive", ...PUT_OBJECT_KEYS];

/**
 * @public Actions an object write needs in addition when it sets tags or Object Lock settings
 * (spec §9.2; for PutObject the Object Lock extras are UNCONFIRMED, for CopyObject the SAR lists them).
 */
export const PUT_OBJECT_EXTRAS: readonly ExtraAction[] = [
  { action: "s3:PutObjectTagging", when: "tagging-header" },
  { action: "s3:PutObjectRetention", when: "object-lock-retention-headers" },
  { action: "s3:PutObjectLegalHold", when: "object-lock-legal-hold-header" },
];
