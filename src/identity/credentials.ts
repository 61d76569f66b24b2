/**
 * @module identity/credentials
 * The credential resolver of a server with IAM and STS: root keys (from the world), IAM users'
 * Active access keys, and STS session credentials (`ASIA…` with their session token, `expired`
 * after their expiration). Inactive or deleted keys are unknown, as AWS answers InvalidAccessKeyId.
 * The accounts are the world's plus those Organizations created (persisted in the identity store);
 * resolved principals carry their account's organization (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`).
 */
import type { Principal } from "../kernel/principal.ts";
import type { IdentityStore, SessionRecord, StoredAccountRecord } from "../storage/identityPort.ts";
import { AccountDirectory, type Account, type CanonicalIdFn, type CredentialLookup } from "./accounts.ts";
import { orgMembershipOf } from "./organizations.ts";
import type { AccountRegistry } from "./orgModel.ts";
import { sessionPrincipal, userPrincipal } from "./principals.ts";
import type { World } from "./world.ts";

/** @public A resolved caller, with the STS session behind it when it used temporary credentials. */
export interface Caller {
  readonly principal: Principal;
  readonly session?: SessionRecord;
}

function storedAccount(r: StoredAccountRecord): Account {
  return { id: r.id, name: r.name, email: r.email, canonicalUserId: r.canonicalUserId };
}

/** A resolved key, valid while the identity store has not been written to; a session's until it expires. */
interface ResolvedKey {
  readonly generation: number;
  readonly found: CredentialLookup & { readonly kind: "found" };
  readonly expiresAtMs?: number;
}

/** Resolved keys kept at most; past this the cache starts again (keys are few, an attacker's are never cached). */
const RESOLVED_KEYS_MAX = 10_000;

/** @public Accounts plus IAM and STS credentials; a drop-in {@link AccountDirectory}. */
export class IdentityDirectory extends AccountDirectory implements AccountRegistry {
  readonly #canonicalId: CanonicalIdFn;
  readonly #generation: (() => number) | undefined;
  readonly #resolved = new Map<string, ResolvedKey>();

  /**
   * `generation`, when given, must change after every write to `store` (see `countWrites`): resolved keys
   * are then remembered until the next write, so that a request does not read the store to know its caller.
   */
  constructor(
    world: World,
    canonicalId: CanonicalIdFn,
    readonly store: IdentityStore,
    generation?: () => number,
  ) {
    super(world, canonicalId);
    this.#canonicalId = canonicalId;
    this.#generation = generation;
  }

  override get(accountId: string): Account | undefined {
    const found = super.get(accountId);
    if (found !== undefined) return found;
    const stored = this.store.getStoredAccount(accountId);
    return stored !== undefined ? storedAccount(stored) : undefined;
  }

  override byCanonicalId(id: string): Account | undefined {
    return super.byCanonicalId(id) ?? this.store.listStoredAccounts().map(storedAccount).find((a) => a.canonicalUserId === id);
  }

  /** The world's accounts, then those created at run time. */
  override list(): Account[] {
    return [...super.list(), ...this.store.listStoredAccounts().map(storedAccount)];
  }

  /** Persists an account created at run time (Organizations CreateAccount), with its canonical user ID. */
  register(account: { readonly id: string; readonly name: string; readonly email: string }, createDate: string): Account {
    if (this.get(account.id) !== undefined) throw new Error(`account ${account.id} exists already`);
    const record: StoredAccountRecord = { ...account, canonicalUserId: this.#canonicalId(account.id), createDate };
    this.store.putStoredAccount(record);
    return storedAccount(record);
  }

  override resolve(accessKeyId: string, now?: Date): CredentialLookup {
    const generation = this.#generation?.();
    if (generation !== undefined) {
      const known = this.#resolved.get(accessKeyId);
      if (known !== undefined && known.generation === generation) {
        return known.expiresAtMs !== undefined && now !== undefined && now.getTime() >= known.expiresAtMs ? { kind: "expired" } : known.found;
      }
    }
    const lookup = this.#resolve(accessKeyId, now);
    if (lookup.kind !== "found") return lookup;
    const { expiresAtMs, ...rest } = lookup;
    const found = { ...rest, principal: this.#withOrganization(rest.principal) };
    if (generation !== undefined) {
      if (this.#resolved.size >= RESOLVED_KEYS_MAX) this.#resolved.clear();
      this.#resolved.set(accessKeyId, { generation, found, ...(expiresAtMs !== undefined ? { expiresAtMs } : {}) });
    }
    return found;
  }

  /** Adds the organization of the principal's account (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`). */
  #withOrganization(p: Principal): Principal {
    const org = p.accountId !== undefined ? orgMembershipOf(this.store, p.accountId) : undefined;
    return org !== undefined ? { ...p, orgId: org.orgId, orgPaths: org.paths } : p;
  }

  /** The lookup; for session credentials also when they expire (milliseconds since the epoch). */
  #resolve(accessKeyId: string, now?: Date): Exclude<CredentialLookup, { kind: "found" }> | (CredentialLookup & { readonly kind: "found"; readonly expiresAtMs?: number }) {
    const root = super.resolve(accessKeyId, now);
    if (root.kind === "found") return root;
    const key = this.store.getAccessKey(accessKeyId);
    if (key !== undefined) {
      if (key.status !== "Active") return { kind: "unknown" };
      const account = this.get(key.accountId);
      const user = this.store.get("user", key.accountId, key.userName);
      if (account === undefined || user === undefined) return { kind: "unknown" };
      return { kind: "found", secretAccessKey: key.secretAccessKey, principal: userPrincipal(account, user) };
    }
    const session = this.store.getSession(accessKeyId);
    if (session === undefined) return { kind: "unknown" };
    const expiresAtMs = Date.parse(session.expiration);
    if (now !== undefined && now.getTime() >= expiresAtMs) return { kind: "expired" };
    const principal = this.#sessionPrincipal(session);
    if (principal === undefined) return { kind: "unknown" };
    return { kind: "found", secretAccessKey: session.secretAccessKey, principal, sessionToken: session.sessionToken, expiresAtMs };
  }

  /** The session behind temporary credentials, if `accessKeyId` is one. */
  session(accessKeyId: string): SessionRecord | undefined {
    return this.store.getSession(accessKeyId);
  }

  #sessionPrincipal(session: SessionRecord): Principal | undefined {
    const account = this.get(session.accountId);
    if (account === undefined) return undefined;
    const s = session.subject;
    return sessionPrincipal(account, session, {
      role: s.kind === "role" ? this.store.get("role", session.accountId, s.roleName) : undefined,
      user: s.kind === "user" ? this.store.get("user", session.accountId, s.userName) : undefined,
    });
  }
}
