/**
 * @module authz/catalogue/types
 * The shape of one row of the S3 operation catalogue: what an S3 REST operation needs from the
 * authorization engine (spec §9). The rows themselves live in `catalogue.ts`.
 */

/** @public The resource an operation's actions are checked against (spec §9.1). */
export type ResourceKind = "bucket" | "object" | "none";

/**
 * @public Request features that add an action to the required set (spec §9.2 "Extra" column).
 * - `tagging-header`: `x-amz-tagging` is sent.
 * - `non-private-acl`: an `x-amz-acl` other than `private`, or any `x-amz-grant-*` header, is sent.
 * - `object-ownership-header`: `x-amz-object-ownership` is sent.
 * - `object-lock-enabled-header`: `x-amz-bucket-object-lock-enabled: true` is sent.
 * - `object-lock-retention-headers`: `x-amz-object-lock-mode` / `x-amz-object-lock-retain-until-date` are sent.
 * - `object-lock-legal-hold-header`: `x-amz-object-lock-legal-hold` is sent.
 * - `bypass-governance-header`: `x-amz-bypass-governance-retention: true` is sent.
 */
export type ExtraActionTrigger =
  | "tagging-header"
  | "non-private-acl"
  | "object-ownership-header"
  | "object-lock-enabled-header"
  | "object-lock-retention-headers"
  | "object-lock-legal-hold-header"
  | "bypass-governance-header";

/** @public An action required only when the request has a given feature. */
export interface ExtraAction {
  readonly action: string;
  readonly when: ExtraActionTrigger;
}

/** @public What one S3 REST operation requires. */
export interface OperationSpec {
  /** IAM actions required on the target resource, in evaluation order. */
  readonly actions: readonly string[];
  /** Replaces `actions` when the request names a version (`versionId` query parameter). */
  readonly versionActions?: readonly string[];
  /** Copy operations: actions on the source object named by `x-amz-copy-source`, checked first (spec §9.4). */
  readonly sourceActions?: readonly string[];
  /** Replaces `sourceActions` when the copy source names a `versionId`. */
  readonly sourceVersionActions?: readonly string[];
  /** Actions that are required in addition when the request has the named feature. */
  readonly extra?: readonly ExtraAction[];
  /** What the target resource is: the bucket, an object in it, or nothing (`*`). */
  readonly resource: ResourceKind;
  /** Operation-specific condition keys (spec §8.1); the "all actions" and global keys are not repeated. */
  readonly conditionKeys: readonly string[];
  /** The bucket owner's root user may always do it, even against an explicit bucket-policy Deny (spec §12.9). */
  readonly ownerRootAlwaysAllowed?: true;
  /** Only principals of the bucket owner's account may call it; others get 405 even with a grant (spec §2.7). */
  readonly sameAccountOnly?: true;
  /** The bucket owner may do it on objects it does not own (spec §1.5, §12.7). */
  readonly bucketOwnerPower?: true;
  /** Whether crossbucket serves it; recognised-but-unserved operations are answered with NotImplemented. */
  readonly served: boolean;
  /** Where the row comes from, e.g. "§9.2" or a SAR-S3 operations-table reference. */
  readonly source: string;
}
