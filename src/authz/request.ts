/**
 * @module authz/request
 * The fully resolved request the authorization engine decides on (spec §1.7): who asks, which actions on which
 * resources, and every permission source that can matter — identity policies, boundary, session policies,
 * SCPs/RCPs, the bucket (owner, Object Ownership, ACLs, policy, Block Public Access), the object (stored owner
 * and ACL) and an optional access point. The protocol layer resolves all of it; the engine does no lookups.
 */
import type { ObjectOwnership } from "../acl/ownership.ts";
import type { AccessControlList } from "../acl/types.ts";
import type { Principal } from "../kernel/principal.ts";
import type { CompiledPolicy, ContextKeys } from "../policy/index.ts";
import type { PublicAccessBlockFlags } from "./blockPublicAccess.ts";

/**
 * @public Organization policies (SCPs or RCPs) that govern one account, one list per level from the
 * organization root down to the account. Every level must allow (spec §2.2 steps 2–3).
 */
export type OrgPolicyLevels = readonly (readonly CompiledPolicy[])[];

/** @public The requester's own account side: the user context of spec §1.2. */
export interface IdentityContext {
  /** Inline and managed policies of the IAM user (with its groups') or of the session's role. */
  readonly policies: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  /**
   * Session policies passed when the session was created; undefined when none was passed (a role session is
   * then limited by nothing, a federated-user session allowed nothing: spec §2.2 step 7).
   */
  readonly sessionPolicies?: readonly CompiledPolicy[];
}

/** @public An existing object version as stored (its effective owner/ACL follow from the bucket's ownership). */
export interface StoredObject {
  /** Canonical user ID of the account that owns the version as stored (the anonymous ID for anonymous uploads). */
  readonly ownerCanonicalId: string;
  readonly acl: AccessControlList;
}

/** @public A bucket (and, for object actions, a key in it) as the engine needs it. */
export interface ResourceContext {
  readonly bucket: string;
  /** The object key for object actions. */
  readonly key?: string;
  /** The existing object version the request acts on; undefined for a new key or a bucket action. */
  readonly object?: StoredObject;
  readonly ownerAccountId: string;
  readonly ownerCanonicalId: string;
  /** Organization of the bucket owner's account (for the same-organization message rule, spec §11.3.5). */
  readonly ownerOrgId?: string;
  /** The setting in force (no stored controls ⇒ `ObjectWriter`, spec §5.2). */
  readonly ownership: ObjectOwnership;
  /** The bucket ACL as stored; the engine applies ownership and IgnorePublicAcls. */
  readonly bucketAcl: AccessControlList;
  readonly bucketPolicy?: CompiledPolicy;
  /** Whether the bucket policy is public (spec §6.3); computed (and cached per policy) when not given. */
  readonly bucketPolicyPublic?: boolean;
  /** Effective Block Public Access: account ∪ bucket levels (spec §6.2). */
  readonly publicAccessBlock: PublicAccessBlockFlags;
  /** RCPs of the bucket owner's account; undefined when not governed by RCPs. */
  readonly rcps?: OrgPolicyLevels;
}

/** @public The access point a request came through (spec §7). It fronts the target bucket. */
export interface AccessPointContext {
  /** `arn:aws:s3:<region>:<account>:accesspoint/<name>`. */
  readonly arn: string;
  readonly accountId: string;
  readonly policy?: CompiledPolicy;
  /** Whether the access point policy is public; computed when not given. */
  readonly policyPublic?: boolean;
  /** A VPC-origin access point is never public (spec §6.3). */
  readonly networkOrigin: "Internet" | "VPC";
  /** The access point's own Block Public Access flags; OR-ed with the bucket's (spec §7.2.8). */
  readonly publicAccessBlock: PublicAccessBlockFlags;
  /** RCPs of the access point owner's account. */
  readonly rcps?: OrgPolicyLevels;
}

/** @public Whether an action is checked on a bucket, on an object, or on nothing (`*`, spec §9.1). */
export type CheckLevel = "bucket" | "object" | "none";

/** @public One action the request needs (from the catalogue, see `checksFor`). */
export interface AuthzCheck {
  readonly action: string;
  /** The copy source, or the request's own target. */
  readonly on: "source" | "target";
  readonly level: CheckLevel;
  /** The bucket or object ARN (undefined for level `none`). */
  readonly resource: string | undefined;
}

/** @public Everything the engine needs to decide one request. */
export interface AuthzRequest {
  readonly principal: Principal;
  /** Identity side; omit for root, anonymous and service principals (they have none). */
  readonly identity?: IdentityContext;
  /** SCPs of the requester's account (they bind its root too); undefined when not governed by SCPs. */
  readonly scps?: OrgPolicyLevels;
  /** The S3 operation name, for explanations. */
  readonly operation: string;
  /** Actions to authorize, in order; the first that is not allowed decides (spec §1.7, §9.4). */
  readonly checks: readonly AuthzCheck[];
  /** The bucket/object the request addresses; undefined when it has none (ListBuckets, CreateBucket). */
  readonly target?: ResourceContext;
  /** The copy source (CopyObject, UploadPartCopy). */
  readonly source?: ResourceContext;
  /** The access point the target was addressed through. */
  readonly accessPoint?: AccessPointContext;
  /** Request context keys (spec §8); requester-derived keys are added by the policy language itself. */
  readonly context: ContextKeys;
  /** The bucket owner's root may do it even against a bucket-policy Deny (catalogue `ownerRootAlwaysAllowed`, §12.9). */
  readonly ownerRootAlwaysAllowed?: boolean;
  /** The request would store a public ACL (PutBucketAcl, PutObjectAcl, PutObject…): BlockPublicAcls rejects it (§6.4). */
  readonly storesPublicAcl?: boolean;
  /** The request would store a public policy (PutBucketPolicy): BlockPublicPolicy rejects it (§6.4). */
  readonly storesPublicPolicy?: boolean;
}
