/**
 * @module audit/findings
 * What `crossbucket audit` reports (issue #6, "Audit"), as plain data: one record per finding, streamed in
 * the order the audit walks the world (bucket by bucket), so that a report over a million objects never
 * holds them all. The same records travel as NDJSON from the admin API and are rendered by `cli/audit`.
 *
 * Owners and grantees are named by account ID (`anonymous` for the anonymous user) with their canonical
 * user ID beside, as `crossbucket why` names them.
 */
import type { BlockedLayer, BpaSetting, PublicAccessBlockFlags } from "../authz/index.ts";
import type { ObjectOwnership } from "../acl/ownership.ts";
import type { Permission } from "../acl/types.ts";

/** @public Who an ACL grant is for. `accountId` is absent for a canonical ID no account of the world has. */
export type AuditGrantee =
  | { readonly type: "account"; readonly canonicalId: string; readonly accountId?: string }
  | { readonly type: "group"; readonly group: "AllUsers" | "AuthenticatedUsers" | "LogDelivery" };

/** @public An ACL grant to someone other than the resource's owner. */
export interface AuditGrant {
  readonly grantee: AuditGrantee;
  readonly permission: Permission;
  /** A grant to AllUsers or AuthenticatedUsers: public by Block Public Access' definition (spec §4.8). */
  readonly public: boolean;
}

/**
 * @public Objects (current versions) of a bucket owned by an account other than the bucket owner: the seeds'
 * trap, where the bucket owner cannot read what another account uploaded. One finding per foreign owner.
 * `enforced` tells that the bucket is BucketOwnerEnforced, so the stored owner does not count today (it
 * would again if ACLs were re-enabled, spec §5.5).
 */
export interface ForeignOwnedObjects {
  readonly kind: "foreign-owned-objects";
  readonly bucket: string;
  readonly bucketOwner: string;
  readonly owner: string;
  readonly ownerCanonicalId: string;
  readonly count: number;
  readonly enforced: boolean;
}

/**
 * @public A bucket or object ACL granting something to another account or to a group. `effective` is false
 * when the grant does not count today: ACLs disabled (BucketOwnerEnforced), or a public grant under
 * IgnorePublicAcls.
 */
export interface AclGrantFinding {
  readonly kind: "acl-grant";
  readonly bucket: string;
  readonly resource: "bucket" | "object";
  readonly key?: string;
  readonly versionId?: string;
  /** The owner of the bucket or object (account ID). */
  readonly owner: string;
  readonly grant: AuditGrant;
  readonly effective: boolean;
}

/** @public Why a bucket cannot be switched to BucketOwnerEnforced as it is. */
export type ReadinessBlocker =
  | {
      /** S3 refuses PutBucketOwnershipControls(BucketOwnerEnforced) with 400 InvalidBucketAclWithObjectOwnership. */
      readonly reason: "bucket-acl-grants";
      readonly refusedWith: "InvalidBucketAclWithObjectOwnership";
      readonly grants: readonly AuditGrant[];
    }
  | {
      /** A bucket policy statement makes writes depend on an ACL other than bucket-owner-full-control: those writes would fail with 400 AccessControlListNotSupported. */
      readonly reason: "policy-requires-acl";
      readonly statement: string;
      readonly key: string;
      readonly values: readonly string[];
    };

/** @public What changes on the switch without blocking it. */
export type ReadinessNote =
  | { readonly reason: "policy-requires-bucket-owner-full-control"; readonly statement: string; readonly key: string }
  | { readonly reason: "object-acl-grants"; readonly objects: number }
  | { readonly reason: "foreign-owned-objects"; readonly objects: number };

/** @public Whether a bucket with ACLs enabled can be switched to BucketOwnerEnforced (spec §5.4, §12.15). */
export interface EnforcedReadiness {
  readonly kind: "enforced-readiness";
  readonly bucket: string;
  readonly owner: string;
  /** The Object Ownership in force (never BucketOwnerEnforced: those buckets are ready by definition). */
  readonly ownership: Exclude<ObjectOwnership, "BucketOwnerEnforced">;
  readonly ready: boolean;
  readonly blockers: readonly ReadinessBlocker[];
  readonly notes: readonly ReadinessNote[];
}

/**
 * @public A bucket that is public by Block Public Access' definition (spec §6.3, §4.8): a public bucket
 * policy or a public bucket ACL. `public` is whether it still is with the Block Public Access in force
 * (account ∪ bucket): RestrictPublicBuckets neutralises a public policy, IgnorePublicAcls (or ACLs disabled)
 * a public ACL. Objects with public ACLs are reported as `acl-grant` findings and counted here.
 */
export interface PublicBucket {
  readonly kind: "public-bucket";
  readonly bucket: string;
  readonly owner: string;
  readonly policyPublic: boolean;
  readonly aclPublic: boolean;
  readonly objectsWithPublicAcl: number;
  readonly blockPublicAccess: PublicAccessBlockFlags;
  readonly public: boolean;
  /** The settings that neutralise what is public, if any. */
  readonly neutralisedBy: readonly (BpaSetting | "BucketOwnerEnforced")[];
}

/** @public One cell of the effective-access matrix: a principal, a bucket, an action, the answer. */
export interface AccessCell {
  readonly kind: "access";
  readonly bucket: string;
  /** Principal ARN, or `anonymous`. */
  readonly principal: string;
  /** The S3 operation simulated, and the IAM action it needs. */
  readonly operation: string;
  readonly action: string;
  /**
   * For object operations: the key simulated, the first object of the bucket owner's; when it has none,
   * `crossbucket-audit-probe`, judged as if such an object existed with the default ACL.
   */
  readonly key?: string;
  readonly verdict: "allowed" | "denied";
  /** The layer that denied (from the engine's decision); absent when allowed or refused by a fixed S3 rule. */
  readonly blockedBy?: BlockedLayer;
  /**
   * In an account's own audit (`/_crossbucket/audit`), a principal of another account denied by that account's
   * own policies or organization (identity policy, boundary, session policy, SCP): which one is not shown.
   */
  readonly blockedByRequesterAccount?: true;
  readonly setting?: BpaSetting;
  /** The S3 answer when denied: e.g. 403 AccessDenied, or 405 MethodNotAllowed for another account's bucket-policy call. */
  readonly status?: number;
  readonly code?: string;
}

/** @public Objects scanned so far of the total to scan; not a finding (renderers show it as progress). */
export interface Progress {
  readonly kind: "progress";
  readonly scanned: number;
  readonly total: number;
}

/** @public The last record of an audit: what was covered. */
export interface AuditSummary {
  readonly kind: "summary";
  readonly buckets: number;
  readonly objects: number;
  readonly principals: number;
  readonly findings: Readonly<Record<Exclude<Finding["kind"], "summary">, number>>;
}

/** @public Every finding kind. */
export type Finding = ForeignOwnedObjects | AclGrantFinding | EnforcedReadiness | PublicBucket | AccessCell | AuditSummary;

/** @public What an audit streams: findings, and progress in between. */
export type AuditRecord = Finding | Progress;

/** @public The finding kinds, in the order reports show their sections. */
export const FINDING_KINDS = ["foreign-owned-objects", "acl-grant", "enforced-readiness", "public-bucket", "access"] as const;
