/**
 * @module identity/identityPolicies
 * The identity side of a requester as the S3 authorization engine needs it (spec §1.2 user context,
 * §2.2, §10.4): the IAM user's inline and attached policies plus those of its groups, or the role's for a
 * role session; the permissions boundary; the session policy of an STS session. Policies are compiled
 * once per text through a {@link PolicyCache}; a stored document that no longer parses is skipped and
 * reported, never fatal to the request.
 */
import type { IdentityContext, OrgPolicyLevels } from "../authz/index.ts";
import { orgContextOf } from "./organizations.ts";
import type { Principal } from "../kernel/principal.ts";
import { PolicyCache, type CompiledPolicy, type PolicyKind } from "../policy/index.ts";
import type { IamPrincipalBase, IdentityStore, SessionRecord } from "../storage/identityPort.ts";
import { defaultDocument, findPolicy } from "./iamManagedPolicies.ts";
import { parseRoleArn } from "./iamNames.ts";

/** @public An account's organization as authorization reads it. */
export interface AccountOrganization {
  readonly orgId: string;
  readonly paths: readonly string[];
  readonly scps?: OrgPolicyLevels;
  readonly rcps?: OrgPolicyLevels;
}

/** @public Builds {@link IdentityContext}s from the identity store. */
export class IdentityPolicies {
  readonly #store: IdentityStore;
  readonly #cache: PolicyCache;
  readonly #onBadPolicy: (id: string) => void;

  readonly #accountIds: () => readonly string[];
  readonly #generation: () => number;
  readonly #contexts = new Map<string, { readonly generation: number; readonly value: IdentityContext | undefined }>();
  readonly #organizations = new Map<string, { readonly generation: number; readonly value: AccountOrganization | undefined }>();

  /**
   * `generation` must change whenever the store is written (see `countWrites`); what is derived from the
   * store is cached until it does. Without it nothing is cached.
   */
  constructor(store: IdentityStore, accountIds: () => readonly string[], cache: PolicyCache = new PolicyCache(), onBadPolicy: (id: string) => void = () => {}, generation?: () => number) {
    this.#store = store;
    this.#generation = generation ?? (() => NaN);
    this.#accountIds = accountIds;
    this.#cache = cache;
    this.#onBadPolicy = onBadPolicy;
  }

  /**
   * The identity side of `principal`, or undefined for principals that have none (root users, anonymous
   * callers, service principals). `accessKeyId` names the temporary credentials of an STS session, if any.
   * A role session whose role was deleted (or deleted and recreated: another unique ID) has no policies.
   */
  contextOf(principal: Principal, accessKeyId: string | undefined): IdentityContext | undefined {
    if (principal.accountId === undefined || (principal.kind !== "user" && principal.kind !== "assumed-role")) return undefined;
    return this.#memo(this.#contexts, `${principal.arn ?? ""}\u0000${principal.uniqueId ?? ""}\u0000${accessKeyId ?? ""}`, () => this.#contextOf(principal, accessKeyId));
  }

  #contextOf(principal: Principal, accessKeyId: string | undefined): IdentityContext | undefined {
    const accountId = principal.accountId;
    if (accountId === undefined) return undefined;
    const session = accessKeyId !== undefined && accessKeyId.startsWith("ASIA") ? this.#store.getSession(accessKeyId) : undefined;
    const sessionPolicies = this.#sessionPolicies(session);
    if (principal.kind === "user" && principal.username !== undefined) {
      const user = this.#store.get("user", accountId, principal.username);
      if (user === undefined) return { policies: [], ...sessionPolicies };
      const policies: CompiledPolicy[] = [];
      this.#collect(accountId, "user", user, policies);
      for (const g of user.groups) {
        const group = this.#store.get("group", accountId, g);
        if (group !== undefined) this.#collect(accountId, "group", group, policies);
      }
      return { policies, ...this.#boundary(accountId, user.permissionsBoundary), ...sessionPolicies };
    }
    if (principal.kind === "assumed-role" && principal.principalArn !== undefined) {
      const parts = parseRoleArn(principal.principalArn);
      const role = parts !== undefined ? this.#store.get("role", accountId, parts.name) : undefined;
      if (role === undefined || role.id !== principal.uniqueId) return { policies: [], ...sessionPolicies };
      const policies: CompiledPolicy[] = [];
      this.#collect(accountId, "role", role, policies);
      return { policies, ...this.#boundary(accountId, role.permissionsBoundary), ...sessionPolicies };
    }
    return undefined;
  }

  /**
   * The organization an account belongs to, with its compiled SCP and RCP levels (root, each OU down, the
   * account); `scps`/`rcps` are undefined when no policy of that kind governs the account (the type is not
   * enabled, or it is the management account). Undefined outside organizations.
   */
  organizationOf(accountId: string): AccountOrganization | undefined {
    return this.#memo(this.#organizations, accountId, () => this.#organizationOf(accountId));
  }

  #organizationOf(accountId: string): AccountOrganization | undefined {
    const org = orgContextOf(this.#store, accountId);
    if (org === undefined) return undefined;
    const levels = (texts: string[][], kind: "scp" | "rcp"): OrgPolicyLevels | undefined =>
      texts.length === 0 ? undefined : texts.map((level, i) => level.flatMap((text, j) => this.#compile(text, kind, `${kind} ${i}.${j} of ${accountId}`) ?? []));
    const scps = levels(org.scps, "scp");
    const rcps = levels(org.rcps, "rcp");
    return { orgId: org.orgId, paths: org.paths, ...(scps !== undefined ? { scps } : {}), ...(rcps !== undefined ? { rcps } : {}) };
  }

  /**
   * Whether a principal a resource policy names exists: an IAM user or role ARN (path included) or the
   * unique ID of one. Account principals are not asked about: any 12-digit account may be named.
   */
  principalExists(value: string): boolean {
    const m = /^arn:aws:iam::(\d{12}):(user|role)(\/(?:[^/]*\/)*)?([^/]+)$/.exec(value);
    if (m !== null) {
      const [, accountId, kind, path, name] = m as unknown as [string, string, "user" | "role", string | undefined, string];
      const e = this.#store.get(kind, accountId, name);
      return e !== undefined && e.path === (path ?? "/") && e.name === name;
    }
    if (/^A(IDA|ROA)[A-Z0-9]{16,}$/.test(value)) return this.#uniqueIds().has(value);
    return false;
  }

  #uniqueIds(): Set<string> {
    const ids = new Set<string>();
    for (const accountId of this.#accountIds()) {
      for (const u of this.#store.list("user", accountId)) ids.add(u.id);
      for (const r of this.#store.list("role", accountId)) ids.add(r.id);
    }
    return ids;
  }

  #compile(text: string, kind: PolicyKind, id: string): CompiledPolicy | undefined {
    const entry = this.#cache.get(text, kind, id);
    if (entry.ok) return entry.compiled;
    this.#onBadPolicy(id);
    return undefined;
  }

  #memo<T>(cache: Map<string, { readonly generation: number; readonly value: T }>, key: string, load: () => T): T {
    const generation = this.#generation();
    const hit = cache.get(key);
    if (hit !== undefined && hit.generation === generation) return hit.value;
    const value = load();
    if (!Number.isNaN(generation)) {
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, { generation, value });
    }
    return value;
  }

  /** Inline policies are named `<kind>/<entity>/<policy>` in traces, managed ones by their ARN. */
  #collect(accountId: string, kind: "user" | "group" | "role", e: IamPrincipalBase, into: CompiledPolicy[]): void {
    for (const [name, text] of Object.entries(e.inlinePolicies)) {
      const c = this.#compile(text, "identity", `${kind}/${e.name}/${name}`);
      if (c !== undefined) into.push(c);
    }
    for (const arn of e.attachedPolicies) {
      const p = findPolicy({ store: this.#store, accountId }, arn);
      const c = p !== undefined ? this.#compile(defaultDocument(p), "identity", arn) : undefined;
      if (c !== undefined) into.push(c);
    }
  }

  #boundary(accountId: string, arn: string | undefined): { permissionsBoundary?: CompiledPolicy } {
    if (arn === undefined) return {};
    const p = findPolicy({ store: this.#store, accountId }, arn);
    const c = p !== undefined ? this.#compile(defaultDocument(p), "boundary", arn) : undefined;
    // Fail closed: a boundary whose policy is gone or unreadable allows nothing.
    const boundary = c ?? this.#compile(ALLOWS_NOTHING, "boundary", "unreadable-boundary");
    return boundary === undefined ? {} : { permissionsBoundary: boundary };
  }

  #sessionPolicies(session: SessionRecord | undefined): { sessionPolicies?: readonly CompiledPolicy[] } {
    if (session === undefined || (session.sessionPolicy === undefined && session.sessionPolicyArns === undefined)) return {};
    const out: CompiledPolicy[] = [];
    const inline = session.sessionPolicy !== undefined ? this.#compile(session.sessionPolicy, "session", "session-policy") : undefined;
    if (inline !== undefined) out.push(inline);
    // A managed session policy deleted since the session began contributes no permission.
    for (const arn of session.sessionPolicyArns ?? []) {
      const p = findPolicy({ store: this.#store, accountId: session.accountId }, arn);
      const c = p !== undefined ? this.#compile(defaultDocument(p), "session", arn) : undefined;
      if (c !== undefined) out.push(c);
    }
    return { sessionPolicies: out };
  }
}


/** A policy no request matches (`NotAction: "*"` names no action). */
const ALLOWS_NOTHING = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"*","Resource":"*"}]}';
