/**
 * @module authz/testing/world
 * Small builders for engine tests: the fixed actors of spec §12 (bucket owner B, writer W, third account C),
 * principals, compiled policies from JSON, buckets and requests built through the catalogue. Test support only.
 */
import { privateAcl, userGrant } from "../../acl/types.ts";
import type { AccessControlList, Grant } from "../../acl/types.ts";
import type { ObjectOwnership } from "../../acl/ownership.ts";
import type { Principal } from "../../kernel/principal.ts";
import { ANONYMOUS } from "../../kernel/principal.ts";
import { compilePolicy, ContextKeys, parsePolicy } from "../../policy/index.ts";
import type { CompiledPolicy, ContextValue, PolicyKind } from "../../policy/index.ts";
import { NO_BLOCK } from "../blockPublicAccess.ts";
import type { PublicAccessBlockFlags } from "../blockPublicAccess.ts";
import { S3_OPERATIONS } from "../catalogue.ts";
import type { ActionFacts, S3OperationName } from "../catalogue.ts";
import { checksFor } from "../checks.ts";
import type { AccessPointContext, AuthzRequest, IdentityContext, OrgPolicyLevels, ResourceContext } from "../request.ts";

/** Bucket owner, writer and third account of spec §12. */
export const B = "111111111111";
export const W = "222222222222";
export const C = "333333333333";

/** A deterministic 64-hex canonical user ID for an account. */
export function canonical(account: string): string {
  return `c${account}`.padEnd(64, "0");
}

export function root(account: string, orgId?: string): Principal {
  const p: Principal = { kind: "root", accountId: account, arn: `arn:aws:iam::${account}:root`, principalArn: `arn:aws:iam::${account}:root`, userId: account, canonicalUserId: canonical(account) };
  return orgId === undefined ? p : { ...p, orgId };
}

export function user(account: string, name: string, orgId?: string): Principal {
  const arn = `arn:aws:iam::${account}:user/${name}`;
  const p: Principal = { kind: "user", accountId: account, arn, principalArn: arn, userId: `AIDA${account}${name.toUpperCase()}`, username: name, uniqueId: `AIDA${account}${name.toUpperCase()}`, canonicalUserId: canonical(account) };
  return orgId === undefined ? p : { ...p, orgId };
}

export function session(account: string, role: string, name: string): Principal {
  return { kind: "assumed-role", accountId: account, arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`, principalArn: `arn:aws:iam::${account}:role/${role}`, userId: `AROA${account}:${name}`, uniqueId: `AROA${account}${role.toUpperCase()}`, canonicalUserId: canonical(account) };
}

export function federated(account: string, name: string): Principal {
  const arn = `arn:aws:sts::${account}:federated-user/${name}`;
  return { kind: "federated-user", accountId: account, arn, principalArn: arn, userId: `${account}:${name}`, canonicalUserId: canonical(account) };
}

export function service(name: string): Principal {
  return { kind: "service", service: name };
}

export const anonymous: Principal = ANONYMOUS;

let counter = 0;

/** Parses and compiles a policy document; throws on a document that does not parse. */
export function policy(doc: unknown, kind: PolicyKind = "identity", id?: string): CompiledPolicy {
  const parsed = parsePolicy(typeof doc === "string" ? doc : JSON.stringify(doc), kind);
  if (parsed.policy === undefined) throw new Error(`bad test policy: ${JSON.stringify(parsed.errors)}`);
  return compilePolicy(parsed.policy, id ?? `${kind}-${++counter}`);
}

/** An identity policy allowing `actions` on `resources`. */
export function allow(actions: string | string[], resources: string | string[] = "*"): CompiledPolicy {
  return policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resources }] });
}

/** A bucket policy from statements. */
export function bucketPolicy(...statements: unknown[]): CompiledPolicy {
  return policy({ Version: "2012-10-17", Statement: statements }, "bucket", "bucket-policy");
}

/** An ACL owned by `owner` (FULL_CONTROL) plus extra grants. */
export function acl(owner: string, ...extra: Grant[]): AccessControlList {
  const base = privateAcl(canonical(owner));
  return { owner: base.owner, grants: [...base.grants, ...extra] };
}

/** A grant to an account. */
export function grantTo(account: string, permission: Grant["permission"]): Grant {
  return userGrant(canonical(account), permission);
}

export interface BucketSpec {
  readonly owner?: string;
  readonly bucket?: string;
  readonly ownership?: ObjectOwnership;
  readonly policy?: CompiledPolicy;
  readonly acl?: AccessControlList;
  readonly pab?: Partial<PublicAccessBlockFlags>;
  readonly key?: string;
  /** The existing object: its owner account (or canonical ID when `ownerCanonical`) and ACL. */
  readonly object?: { readonly owner: string; readonly acl?: AccessControlList; readonly ownerCanonical?: string };
  readonly rcps?: OrgPolicyLevels;
  readonly orgId?: string;
}

/** A bucket resource context (ObjectWriter, no BPA, private ACL unless given). */
export function bucket(spec: BucketSpec = {}): ResourceContext {
  const owner = spec.owner ?? B;
  const obj = spec.object;
  const r: ResourceContext = {
    bucket: spec.bucket ?? "bkt",
    ownerAccountId: owner,
    ownerCanonicalId: canonical(owner),
    ownership: spec.ownership ?? "ObjectWriter",
    bucketAcl: spec.acl ?? acl(owner),
    publicAccessBlock: { ...NO_BLOCK, ...spec.pab },
    ...(spec.policy === undefined ? {} : { bucketPolicy: spec.policy }),
    ...(spec.key === undefined ? { key: "k" } : { key: spec.key }),
    ...(obj === undefined ? {} : { object: { ownerCanonicalId: obj.ownerCanonical ?? canonical(obj.owner), acl: obj.acl ?? acl(obj.owner) } }),
    ...(spec.rcps === undefined ? {} : { rcps: spec.rcps }),
    ...(spec.orgId === undefined ? {} : { ownerOrgId: spec.orgId }),
  };
  return r;
}

export interface RequestSpec {
  readonly principal: Principal;
  readonly op: S3OperationName;
  readonly target?: ResourceContext;
  readonly source?: ResourceContext;
  readonly identity?: readonly CompiledPolicy[];
  readonly boundary?: CompiledPolicy;
  readonly sessionPolicies?: readonly CompiledPolicy[];
  readonly scps?: OrgPolicyLevels;
  readonly accessPoint?: AccessPointContext;
  readonly context?: Readonly<Record<string, ContextValue>>;
  readonly facts?: ActionFacts;
  readonly storesPublicAcl?: boolean;
  readonly storesPublicPolicy?: boolean;
}

/** A request for a catalogued operation. */
export function request(spec: RequestSpec): AuthzRequest {
  const op = S3_OPERATIONS[spec.op];
  const t = spec.target;
  const checks = checksFor(op, spec.facts ?? { versioned: false }, t === undefined ? undefined : { bucket: t.bucket, ...(t.key === undefined ? {} : { key: t.key }) }, spec.source === undefined ? undefined : { bucket: spec.source.bucket, key: spec.source.key ?? "k" });
  const identity: IdentityContext | undefined =
    spec.identity === undefined && spec.boundary === undefined && spec.sessionPolicies === undefined
      ? undefined
      : { policies: spec.identity ?? [], ...(spec.boundary === undefined ? {} : { permissionsBoundary: spec.boundary }), ...(spec.sessionPolicies === undefined ? {} : { sessionPolicies: spec.sessionPolicies }) };
  return {
    principal: spec.principal,
    operation: spec.op,
    checks,
    context: ContextKeys.of(spec.context ?? {}),
    ...(identity === undefined ? {} : { identity }),
    ...(t === undefined ? {} : { target: t }),
    ...(spec.source === undefined ? {} : { source: spec.source }),
    ...(spec.scps === undefined ? {} : { scps: spec.scps }),
    ...(spec.accessPoint === undefined ? {} : { accessPoint: spec.accessPoint }),
    ...(op.ownerRootAlwaysAllowed === true ? { ownerRootAlwaysAllowed: true } : {}),
    ...(spec.storesPublicAcl === true ? { storesPublicAcl: true } : {}),
    ...(spec.storesPublicPolicy === true ? { storesPublicPolicy: true } : {}),
  };
}
