/**
 * @module identity/identityDecision
 * Whether a principal's identity side allows an action on a resource (spec §10.4): the service
 * control policies of the principal's account (spec §2.2 step 3: an Allow at every level of the
 * organization, no Deny; the management account is not governed), then the identity policies (user:
 * inline, attached, groups'; role session: the role's), the permissions boundary and the session
 * policy, each of which must also allow. Root is allowed in its account, within the SCPs.
 */
import type { Principal } from "../kernel/principal.ts";
import { ContextKeys, PolicyCache, compilePolicy, evaluatePolicies, parsePolicy, type CompiledPolicy, type ContextValue, type PolicyKind } from "../policy/index.ts";
import type { IamPrincipalBase, IdentityStore, SessionRecord } from "../storage/identityPort.ts";
import { findPolicy, defaultDocument } from "./iamManagedPolicies.ts";
import { parseRoleArn } from "./iamNames.ts";
import { orgContextOf } from "./organizations.ts";

/** @public The outcome, with the AWS-style reason of a denial. */
export type IdentityDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

function compile(text: string, kind: PolicyKind, id: string): CompiledPolicy | undefined {
  const parsed = parsePolicy(text, kind);
  return parsed.policy !== undefined ? compilePolicy(parsed.policy, id) : undefined;
}

function policiesOf(store: IdentityStore, accountId: string, e: IamPrincipalBase, into: CompiledPolicy[]): void {
  for (const [name, text] of Object.entries(e.inlinePolicies)) {
    const c = compile(text, "identity", name);
    if (c !== undefined) into.push(c);
  }
  for (const arn of e.attachedPolicies) {
    const p = findPolicy({ store, accountId }, arn);
    const c = p !== undefined ? compile(defaultDocument(p), "identity", arn) : undefined;
    if (c !== undefined) into.push(c);
  }
}

interface IdentitySide {
  readonly policies: CompiledPolicy[];
  readonly boundary?: CompiledPolicy | undefined;
  /** The session policies (inline and managed), when the session was created with any. */
  readonly session?: CompiledPolicy[] | undefined;
}

function sessionPoliciesOf(store: IdentityStore, session: SessionRecord | undefined): CompiledPolicy[] | undefined {
  if (session === undefined || (session.sessionPolicy === undefined && session.sessionPolicyArns === undefined)) return undefined;
  const out: CompiledPolicy[] = [];
  const inline = session.sessionPolicy !== undefined ? compile(session.sessionPolicy, "session", "session-policy") : undefined;
  if (inline !== undefined) out.push(inline);
  for (const arn of session.sessionPolicyArns ?? []) {
    const p = findPolicy({ store, accountId: session.accountId }, arn);
    const c = p !== undefined ? compile(defaultDocument(p), "session", arn) : undefined;
    if (c !== undefined) out.push(c);
  }
  return out;
}

function identitySide(store: IdentityStore, p: Principal, session: SessionRecord | undefined): IdentitySide | undefined {
  const accountId = p.accountId;
  if (accountId === undefined) return undefined;
  const policies: CompiledPolicy[] = [];
  let boundaryArn: string | undefined;
  if (p.kind === "user" && p.username !== undefined) {
    const user = store.get("user", accountId, p.username);
    if (user === undefined) return undefined;
    policiesOf(store, accountId, user, policies);
    for (const g of user.groups) {
      const group = store.get("group", accountId, g);
      if (group !== undefined) policiesOf(store, accountId, group, policies);
    }
    boundaryArn = user.permissionsBoundary;
  } else if (p.kind === "assumed-role" && p.principalArn !== undefined) {
    const parts = parseRoleArn(p.principalArn);
    const role = parts !== undefined ? store.get("role", accountId, parts.name) : undefined;
    if (role === undefined || role.id !== p.uniqueId) return { policies };
    policiesOf(store, accountId, role, policies);
    boundaryArn = role.permissionsBoundary;
  } else {
    return undefined;
  }
  const boundaryPolicy = boundaryArn !== undefined ? findPolicy({ store, accountId }, boundaryArn) : undefined;
  return {
    policies,
    boundary: boundaryPolicy !== undefined ? compile(defaultDocument(boundaryPolicy), "boundary", boundaryArn ?? "") : undefined,
    session: sessionPoliciesOf(store, session),
  };
}

/** Compiled SCP and RCP documents, by kind and text. */
const SCP_CACHE = new PolicyCache(1000);

/**
 * @public Whether the SCPs of the principal's account allow `action` on `resource`: every level (root,
 * each OU, the account) needs an applicable Allow and none may Deny. A missing Allow is reported as an
 * explicit deny, as AWS does (spec §2.6). Accounts in no organization, the management account and
 * organizations without SCPs enabled are not governed.
 */
export function decideScp(
  store: IdentityStore,
  principal: Principal,
  action: string,
  resource: string,
  context: Readonly<Record<string, ContextValue>> = {},
): IdentityDecision {
  const accountId = principal.accountId;
  const levels = accountId !== undefined ? (orgContextOf(store, accountId)?.scps ?? []) : [];
  if (levels.length === 0) return { allowed: true };
  const req = { principal, action, resource, context: ContextKeys.of(context) };
  let allowedEverywhere = true;
  for (const texts of levels) {
    const compiled: CompiledPolicy[] = [];
    for (const t of texts) {
      const c = SCP_CACHE.get(t, "scp");
      if (c.ok) compiled.push(c.compiled);
    }
    const r = evaluatePolicies(compiled, req);
    if (r.effect === "Deny") return { allowed: false, reason: "with an explicit deny in a service control policy" };
    if (r.effect !== "Allow") allowedEverywhere = false;
  }
  return allowedEverywhere ? { allowed: true } : { allowed: false, reason: "with an explicit deny in a service control policy" };
}

/**
 * @public Whether the RCPs of the resource's account allow `action` on `resource` by `principal`
 * (spec §2.2 step 2): every level needs an applicable Allow (RCPFullAWSAccess gives one) and none may
 * Deny. Resources of accounts in no organization, of the management account, or of organizations
 * without RCPs enabled are not governed.
 */
export function decideRcp(
  store: IdentityStore,
  resourceAccountId: string,
  principal: Principal,
  action: string,
  resource: string,
  context: Readonly<Record<string, ContextValue>> = {},
): IdentityDecision {
  const levels = orgContextOf(store, resourceAccountId)?.rcps ?? [];
  const req = { principal, action, resource, context: ContextKeys.of(context) };
  let allowedEverywhere = true;
  for (const texts of levels) {
    const compiled: CompiledPolicy[] = [];
    for (const t of texts) {
      const c = SCP_CACHE.get(t, "rcp");
      if (c.ok) compiled.push(c.compiled);
    }
    const r = evaluatePolicies(compiled, req);
    if (r.effect === "Deny") return { allowed: false, reason: "with an explicit deny in a resource control policy" };
    if (r.effect !== "Allow") allowedEverywhere = false;
  }
  return allowedEverywhere ? { allowed: true } : { allowed: false, reason: "with an explicit deny in a resource control policy" };
}

/**
 * @public Decides the identity side of `action` on `resource` for `principal`. Root users are
 * allowed (within their own account; callers check the account). Denials carry AWS's wording:
 * "… because no identity-based policy allows the iam:CreateRole action".
 */
export function decideIdentity(
  store: IdentityStore,
  principal: Principal,
  session: SessionRecord | undefined,
  action: string,
  resource: string,
  context: Readonly<Record<string, ContextValue>> = {},
): IdentityDecision {
  const scp = decideScp(store, principal, action, resource, context);
  if (!scp.allowed || principal.kind === "root") return scp;
  const side = identitySide(store, principal, session);
  if (side === undefined) return { allowed: false, reason: `because no identity-based policy allows the ${action} action` };
  const req = { principal, action, resource, context: ContextKeys.of(context) };
  const identity = evaluatePolicies(side.policies, req);
  if (identity.effect === "Deny") return { allowed: false, reason: "with an explicit deny in an identity-based policy" };
  if (side.boundary !== undefined) {
    const b = evaluatePolicies([side.boundary], req);
    if (b.effect === "Deny") return { allowed: false, reason: "with an explicit deny in a permissions boundary" };
    if (b.effect !== "Allow") return { allowed: false, reason: `because no permissions boundary allows the ${action} action` };
  }
  if (side.session !== undefined) {
    const s = evaluatePolicies(side.session, req);
    if (s.effect === "Deny") return { allowed: false, reason: "with an explicit deny in a session policy" };
    if (s.effect !== "Allow") return { allowed: false, reason: `because no session policy allows the ${action} action` };
  }
  if (identity.effect !== "Allow") return { allowed: false, reason: `because no identity-based policy allows the ${action} action` };
  return { allowed: true };
}

/** @public AWS's AccessDenied message: "User: arn… is not authorized to perform: a on resource: r because …". */
export function accessDeniedMessage(principal: Principal, action: string, resource: string, reason: string): string {
  return `User: ${principal.arn ?? "anonymous"} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
}
