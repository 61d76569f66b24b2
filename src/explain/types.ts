/**
 * @module explain/types
 * The structured explanation of one authorization decision (`crossbucket why`, `simulate`, the admin API):
 * who asked and how, what was required, each layer in evaluation order with its result, the statements that
 * decided with the condition values compared, the verdict, what the client was answered, and remedies.
 * Plain JSON data: it is stored as rendered JSON and sent over HTTP unchanged.
 */
import type { ObjectOwnership } from "../acl/ownership.ts";
import type { Permission } from "../acl/types.ts";
import type { AuthzRequest, AuthzResult, BlockedLayer, BpaSetting, PublicAccessBlockFlags, Verdict } from "../authz/index.ts";
import type { PrincipalKind } from "../kernel/principal.ts";
import type { PrincipalMatchKind, StatementElement } from "../policy/index.ts";

/** @public What {@link explain} reads: one decision as the authorize stage recorded it (or as `simulate` made it). */
export interface DecisionInput {
  readonly requestId?: string;
  readonly time?: Date;
  /** The fully resolved engine request; it is replayed with a trace. */
  readonly request: AuthzRequest;
  /** The result the server acted on (without trace); the replay must give the same verdict. */
  readonly result: AuthzResult;
  /** The S3 error code the client got, undefined when the request was allowed. */
  readonly answeredWith?: string;
  /** The error message the client got. */
  readonly message?: string;
}

/** @public Facts the pure explanation cannot derive from the engine request; the caller supplies what it knows. */
export interface ExplainOptions {
  /** The account ID behind a canonical user ID (object owners and ACL grantees are named by canonical ID). */
  readonly accountOf?: (canonicalUserId: string) => string | undefined;
  /** The access key that signed the request, when known. */
  readonly accessKeyId?: string;
  /** The HTTP status of `answeredWith`. */
  readonly status?: number;
  /**
   * The decision is the `s3:ListBucket` check S3 makes when a read names a key that does not exist: without
   * ListBucket the caller gets 403 AccessDenied instead of 404 NoSuchKey (spec §9.3).
   */
  readonly missingKey?: boolean;
  /** The decision was made by `simulate` for a hypothetical request (nothing was performed). */
  readonly simulated?: boolean;
}

/** @public The requester. */
export interface PrincipalExplanation {
  readonly kind: PrincipalKind;
  readonly arn?: string;
  readonly accountId?: string;
  /** `aws:PrincipalArn` (the role ARN for a role session). */
  readonly principalArn?: string;
  readonly userId?: string;
  readonly service?: string;
  /** In words, e.g. `IAM user w-user of account 222222222222`. */
  readonly description: string;
}

/** @public How the request authenticated (condition keys `s3:authType`, `s3:signatureversion`, …). */
export interface AuthenticationExplanation {
  readonly signed: boolean;
  /** `REST-HEADER` (Authorization header) or `REST-QUERY-STRING` (presigned URL). */
  readonly authType?: string;
  readonly signatureVersion?: string;
  readonly accessKeyId?: string;
  /** STS credentials (role session, federated user). */
  readonly temporaryCredentials: boolean;
  readonly sourceIp?: string;
  readonly secureTransport?: string;
}

/** @public One grant of an ACL, with the account behind a canonical ID when known. */
export interface GrantExplanation {
  readonly index: number;
  /** `CanonicalUser` ID or group URI. */
  readonly grantee: string;
  readonly granteeType: "CanonicalUser" | "Group";
  readonly granteeAccountId?: string;
  readonly permission: Permission;
}

/** @public An existing object version the request acts on. */
export interface ObjectExplanation {
  /** The owner the rules apply: the bucket owner under BucketOwnerEnforced, else the stored owner. */
  readonly ownerCanonicalId: string;
  /** Absent for the anonymous user (canonical ID `65a011a2…`) and accounts outside the world. */
  readonly ownerAccountId?: string;
  readonly ownedByBucketOwner: boolean;
  /** The owner recorded when the version was written, when it is not the owner the rules apply (BucketOwnerEnforced). */
  readonly storedOwnerCanonicalId?: string;
  readonly storedOwnerAccountId?: string;
  readonly acl: readonly GrantExplanation[];
}

/** @public A bucket (and key) the request addresses. */
export interface ResourceExplanation {
  readonly bucket: string;
  readonly key?: string;
  readonly ownerAccountId: string;
  readonly ownerCanonicalId: string;
  readonly objectOwnership: ObjectOwnership;
  readonly aclsEnabled: boolean;
  /** Effective Block Public Access (account ∪ bucket, and access point when used). */
  readonly publicAccessBlock: PublicAccessBlockFlags;
  readonly bucketPolicy?: { readonly id: string; readonly public: boolean; readonly statements: number };
  readonly bucketAcl: readonly GrantExplanation[];
  /** The existing object version, for object actions; absent for a new key or a bucket action. */
  readonly object?: ObjectExplanation;
}

/** @public The access point a request came through. */
export interface AccessPointExplanation {
  readonly arn: string;
  readonly accountId: string;
  readonly networkOrigin: "Internet" | "VPC";
  readonly hasPolicy: boolean;
  readonly publicAccessBlock: PublicAccessBlockFlags;
}

/** @public One condition key as it was compared. */
export interface ConditionExplanation {
  readonly operator: string;
  readonly key: string;
  readonly policyValues: readonly string[];
  /** Undefined when the request had no value for the key. */
  readonly requestValues?: readonly string[];
  readonly result: boolean;
}

/** @public One policy statement as it was evaluated. */
export interface StatementExplanation {
  readonly policyId: string;
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly matched: boolean;
  /** The first element that did not match. */
  readonly failed?: StatementElement;
  readonly principalMatch?: PrincipalMatchKind;
  readonly conditions: readonly ConditionExplanation[];
}

/** @public The layers, in evaluation order (issue #6). ACL layers are named after the ACL consulted. */
export type LayerName =
  | "identity-policy"
  | "permissions-boundary"
  | "session-policy"
  | "scp"
  | "rcp"
  | "bucket-policy"
  | "access-point-policy"
  | "bucket-acl"
  | "object-acl"
  | "object-owner"
  | "block-public-access";

/**
 * @public A layer's part: `allow` (it grants), `deny` (explicit deny, or a setting that blocks), `no-allow`
 * (evaluated, grants nothing), `not-applicable` (not consulted, with the reason), `info` (a fact that shapes
 * the decision, e.g. who owns the object).
 */
export type LayerStatus = "allow" | "deny" | "no-allow" | "not-applicable" | "info";

/**
 * @public The statements of a policy layer that were not candidates for the action: the engine's indexes ruled
 * them out (their Action does not cover it, or their Principal names other identities), so the trace counts
 * them instead of detailing them.
 */
export interface NotCandidatesExplanation {
  /** Statements whose Action/NotAction does not cover the action. */
  readonly byAction: number;
  /** Statements whose Principal names other identities. */
  readonly byPrincipal: number;
  /** In words, e.g. `3 other statements do not apply to s3:GetObject (their Action does not cover it)`. */
  readonly text: string;
}

/** @public One layer for one required action. */
export interface LayerExplanation {
  readonly layer: LayerName;
  readonly status: LayerStatus;
  /** One sentence. */
  readonly summary: string;
  /** True for the layer the denial is blamed on. */
  readonly decisive?: boolean;
  /** The candidate statements, evaluated one by one. */
  readonly statements?: readonly StatementExplanation[];
  /** Policy layers: how many statements were not candidates (absent when every statement was). */
  readonly notCandidates?: NotCandidatesExplanation;
}

/** @public One required action and how each layer answered it. */
export interface CheckExplanation {
  readonly index: number;
  readonly action: string;
  readonly resource?: string;
  /** The copy source, or the request's own target. */
  readonly on: "source" | "target";
  readonly level: "bucket" | "object" | "none";
  /** `not-evaluated`: an earlier required action was already refused (the first refusal decides). */
  readonly outcome: "allowed" | "denied" | "not-evaluated";
  readonly layers: readonly LayerExplanation[];
}

/** @public A statement, ACL grant or fixed rule that decided. */
export interface DecidingExplanation {
  readonly layer: string;
  readonly text: string;
  readonly statement?: StatementExplanation;
}

/** @public A concrete change that would make the request succeed (or the reason it cannot). */
export interface Remedy {
  /** Stable identifier of the rule, e.g. `foreign-object-owner`. */
  readonly id: string;
  readonly text: string;
}

/** @public The whole explanation. */
export interface Explanation {
  readonly requestId?: string;
  /** ISO 8601. */
  readonly time?: string;
  readonly simulated: boolean;
  readonly operation: string;
  readonly verdict: Verdict;
  readonly answer: { readonly allowed: boolean; readonly status?: number; readonly code?: string; readonly message?: string };
  /** One sentence: what happened and the main reason. */
  readonly summary: string;
  readonly principal: PrincipalExplanation;
  readonly authentication: AuthenticationExplanation;
  readonly required: readonly { readonly action: string; readonly resource?: string; readonly on: "source" | "target" }[];
  readonly target?: ResourceExplanation;
  readonly source?: ResourceExplanation;
  readonly accessPoint?: AccessPointExplanation;
  readonly checks: readonly CheckExplanation[];
  readonly blockedBy?: { readonly layer: BlockedLayer; readonly setting?: BpaSetting; readonly action: string; readonly resource?: string };
  readonly deciding: readonly DecidingExplanation[];
  readonly remedies: readonly Remedy[];
  /** For a read of a missing key: the answer is 403 instead of 404 because `s3:ListBucket` was refused. */
  readonly missingKey?: boolean;
  /** False if replaying the recorded request did not give the recorded verdict (it always should: the engine is pure). */
  readonly replayConsistent: boolean;
}
