/**
 * @module audit/assess
 * The pure judgements behind `crossbucket audit`: which ACL grants reach beyond the owner, which bucket
 * policy statements make writes depend on ACLs, whether a bucket can be switched to BucketOwnerEnforced,
 * whether it is public by Block Public Access' definition, and what a simulated decision means as a cell of
 * the effective-access matrix. No I/O: the walker (`server/audit`) feeds stored data in.
 *
 * Readiness for BucketOwnerEnforced follows AWS's "Prerequisites for disabling ACLs" (spec §5.3, §5.4,
 * §12.5, §12.15): a bucket ACL granting anyone but the owner makes S3 refuse the switch
 * (InvalidBucketAclWithObjectOwnership); a bucket policy that requires an ACL other than
 * bucket-owner-full-control on writes must be changed first, because such writes then fail with
 * AccessControlListNotSupported; a policy requiring bucket-owner-full-control keeps working; object ACLs do
 * not block the switch, but what they grant stops counting, and foreign-owned objects become the bucket
 * owner's.
 */
import { aclsEnabled, type ObjectOwnership } from "../acl/ownership.ts";
import { isPublicGrant } from "../acl/public.ts";
import { ALL_USERS, AUTHENTICATED_USERS, type AccessControlList, type Grant } from "../acl/types.ts";
import type { AuthzResult, PublicAccessBlockFlags } from "../authz/index.ts";
import type { Policy, Statement } from "../policy/index.ts";
import type { AccessCell, AuditGrant, EnforcedReadiness, PublicBucket, ReadinessBlocker, ReadinessNote } from "./findings.ts";

/** @public The canned ACL whose requirement survives the switch to BucketOwnerEnforced. */
export const BUCKET_OWNER_FULL_CONTROL = "bucket-owner-full-control";

/** @public The grant as the audit names it: the grantee by account (looked up by canonical ID) or group. */
export function auditGrant(grant: Grant, accountOf: (canonicalId: string) => string | undefined): AuditGrant {
  const g = grant.grantee;
  if (g.type === "Group") {
    const group = g.uri === ALL_USERS ? "AllUsers" : g.uri === AUTHENTICATED_USERS ? "AuthenticatedUsers" : "LogDelivery";
    return { grantee: { type: "group", group }, permission: grant.permission, public: isPublicGrant(grant) };
  }
  const accountId = accountOf(g.id);
  return { grantee: { type: "account", canonicalId: g.id, ...(accountId !== undefined ? { accountId } : {}) }, permission: grant.permission, public: false };
}

/** @public The grants of an ACL to anyone other than `ownerCanonicalId` (other accounts and every group). */
export function grantsToOthers(acl: AccessControlList, ownerCanonicalId: string, accountOf: (canonicalId: string) => string | undefined): AuditGrant[] {
  const out: AuditGrant[] = [];
  for (const grant of acl.grants) {
    if (grant.grantee.type === "CanonicalUser" && grant.grantee.id === ownerCanonicalId) continue;
    out.push(auditGrant(grant, accountOf));
  }
  return out;
}

/** @public A grant counts today unless ACLs are disabled, or it is public and IgnorePublicAcls is in force. */
export function grantIsEffective(grant: AuditGrant, ownership: ObjectOwnership, bpa: PublicAccessBlockFlags): boolean {
  if (!aclsEnabled(ownership)) return false;
  return !(grant.public && bpa.IgnorePublicAcls);
}

/** @public A bucket policy condition that makes requests depend on an ACL header. */
export interface AclRequirement {
  readonly statement: string;
  readonly key: string;
  readonly values: readonly string[];
  /** True when only bucket-owner-full-control (or an explicit full-control grant) satisfies it. */
  readonly bucketOwnerFullControl: boolean;
}

const POSITIVE = new Set(["stringequals", "stringlike", "stringequalsignorecase", "stringequalsifexists", "stringlikeifexists", "stringequalsignorecaseifexists"]);
const NEGATED = new Set(["stringnotequals", "stringnotlike", "stringnotequalsignorecase", "stringnotequalsifexists", "stringnotlikeifexists", "stringnotequalsignorecaseifexists"]);

function label(s: Statement): string {
  return s.sid !== undefined && s.sid !== "" ? s.sid : `#${s.index}`;
}

/**
 * @public The conditions of a bucket policy that require an ACL header on requests: an Allow comparing
 * `s3:x-amz-acl` or an `s3:x-amz-grant-*` key with positive operators, or a Deny with negated ones (the
 * request must carry the value to escape the Deny). Set qualifiers (`ForAnyValue:`…) are read the same way.
 */
export function aclRequirements(policy: Policy): AclRequirement[] {
  const out: AclRequirement[] = [];
  for (const s of policy.statements) {
    for (const clause of s.condition ?? []) {
      const op = clause.operator.toLowerCase().replace(/^for(?:any|all)values:/, "");
      const requires = s.effect === "Allow" ? POSITIVE.has(op) : NEGATED.has(op);
      if (!requires) continue;
      for (const entry of clause.keys) {
        const key = entry.key.toLowerCase();
        const values = entry.values.map((v) => v.value);
        if (key === "s3:x-amz-acl") {
          out.push({ statement: label(s), key: entry.key, values, bucketOwnerFullControl: values.length > 0 && values.every((v) => v === BUCKET_OWNER_FULL_CONTROL) });
        } else if (key.startsWith("s3:x-amz-grant-")) {
          // An explicit FULL_CONTROL grant is the form of bucket-owner-full-control S3 still accepts (spec §5.1).
          out.push({ statement: label(s), key: entry.key, values, bucketOwnerFullControl: key === "s3:x-amz-grant-full-control" });
        }
      }
    }
  }
  return out;
}

/** @public What readiness is judged on, for one bucket with ACLs enabled. */
export interface ReadinessInput {
  readonly bucket: string;
  readonly owner: string;
  readonly ownership: Exclude<ObjectOwnership, "BucketOwnerEnforced">;
  /** Grants of the bucket ACL to anyone but the owner. */
  readonly bucketAclGrants: readonly AuditGrant[];
  readonly policy?: Policy;
  /** Current objects whose ACL grants something to another account or a group. */
  readonly objectsWithAclGrants: number;
  /** Current objects owned by another account. */
  readonly foreignOwnedObjects: number;
}

/** @public Whether a bucket can be switched to BucketOwnerEnforced, what blocks it and what would change. */
export function enforcedReadiness(input: ReadinessInput): EnforcedReadiness {
  const blockers: ReadinessBlocker[] = [];
  const notes: ReadinessNote[] = [];
  if (input.bucketAclGrants.length > 0) blockers.push({ reason: "bucket-acl-grants", refusedWith: "InvalidBucketAclWithObjectOwnership", grants: input.bucketAclGrants });
  for (const r of input.policy === undefined ? [] : aclRequirements(input.policy)) {
    if (r.bucketOwnerFullControl) notes.push({ reason: "policy-requires-bucket-owner-full-control", statement: r.statement, key: r.key });
    else blockers.push({ reason: "policy-requires-acl", statement: r.statement, key: r.key, values: r.values.filter((v) => v !== BUCKET_OWNER_FULL_CONTROL) });
  }
  if (input.objectsWithAclGrants > 0) notes.push({ reason: "object-acl-grants", objects: input.objectsWithAclGrants });
  if (input.foreignOwnedObjects > 0) notes.push({ reason: "foreign-owned-objects", objects: input.foreignOwnedObjects });
  return { kind: "enforced-readiness", bucket: input.bucket, owner: input.owner, ownership: input.ownership, ready: blockers.length === 0, blockers, notes };
}

/** @public What the public status of a bucket is judged on. */
export interface PublicInput {
  readonly bucket: string;
  readonly owner: string;
  readonly policyPublic: boolean;
  readonly aclPublic: boolean;
  readonly objectsWithPublicAcl: number;
  readonly ownership: ObjectOwnership;
  /** Block Public Access in force: the bucket owner account's and the bucket's, combined. */
  readonly blockPublicAccess: PublicAccessBlockFlags;
}

/**
 * @public The public-bucket finding, or undefined when nothing about the bucket is public by Block Public
 * Access' definition (no public policy, no public bucket ACL, no object with a public ACL).
 */
export function publicBucket(input: PublicInput): PublicBucket | undefined {
  if (!input.policyPublic && !input.aclPublic && input.objectsWithPublicAcl === 0) return undefined;
  const bpa = input.blockPublicAccess;
  const neutralisedBy: PublicBucket["neutralisedBy"][number][] = [];
  if (input.policyPublic && bpa.RestrictPublicBuckets) neutralisedBy.push("RestrictPublicBuckets");
  const aclsCount = aclsEnabled(input.ownership);
  if ((input.aclPublic || input.objectsWithPublicAcl > 0) && aclsCount && bpa.IgnorePublicAcls) neutralisedBy.push("IgnorePublicAcls");
  if ((input.aclPublic || input.objectsWithPublicAcl > 0) && !aclsCount) neutralisedBy.push("BucketOwnerEnforced");
  const isPublic = (input.policyPublic && !bpa.RestrictPublicBuckets) || (input.aclPublic && aclsCount && !bpa.IgnorePublicAcls);
  return {
    kind: "public-bucket",
    bucket: input.bucket,
    owner: input.owner,
    policyPublic: input.policyPublic,
    aclPublic: input.aclPublic,
    objectsWithPublicAcl: input.objectsWithPublicAcl,
    blockPublicAccess: bpa,
    public: isPublic,
    neutralisedBy,
  };
}

/** @public A simulated request's answer, as `server/simulate` gives it. */
export interface SimulatedAnswer {
  readonly allowed: boolean;
  readonly status?: number;
  readonly code?: string;
}

/**
 * @public A matrix cell from a simulation: allowed when S3 would let the request through; when denied, the
 * layer that blocked it in the engine's decision (absent when the engine allowed and a fixed S3 rule refused,
 * e.g. 405 for another account's bucket-policy call) and the answer S3 would give.
 */
export function accessCell(at: { bucket: string; principal: string; operation: string; action: string; key?: string }, answer: SimulatedAnswer, decision: AuthzResult | undefined): AccessCell {
  const base = { kind: "access", bucket: at.bucket, principal: at.principal, operation: at.operation, action: at.action, ...(at.key !== undefined ? { key: at.key } : {}) } as const;
  if (answer.allowed) return { ...base, verdict: "allowed" };
  const blocked = decision !== undefined && decision.verdict !== "Allow" ? decision.blockedBy : undefined;
  return {
    ...base,
    verdict: "denied",
    ...(blocked !== undefined ? { blockedBy: blocked.layer, ...(blocked.setting !== undefined ? { setting: blocked.setting } : {}) } : {}),
    ...(answer.status !== undefined ? { status: answer.status } : {}),
    ...(answer.code !== undefined ? { code: answer.code } : {}),
  };
}
