/**
 * @module identity/credentials
 * The credential resolver of a server with IAM and STS: root keys (from the world), IAM users'
 * Active access keys, and STS session credentials (`ASIA…` with their session token, `expired`
 * after their expiration). Inactive or deleted keys are unknown, as AWS answers InvalidAccessKeyId.
 */
import type { Principal } from "../kernel/principal.ts";
import type { IdentityStore, SessionRecord } from "../storage/identityPort.ts";
import { AccountDirectory, type CanonicalIdFn, type CredentialLookup } from "./accounts.ts";
import { sessionPrincipal, userPrincipal } from "./principals.ts";
import type { World } from "./world.ts";

/** @public A resolved caller, with the STS session behind it when it used temporary credentials. */
export interface Caller {
  readonly principal: Principal;
  readonly session?: SessionRecord;
}

/** @public Accounts plus IAM and STS credentials; a drop-in {@link AccountDirectory}. */
export class IdentityDirectory extends AccountDirectory {
  constructor(
    world: World,
    canonicalId: CanonicalIdFn,
    readonly store: IdentityStore,
  ) {
    super(world, canonicalId);
  }

  override resolve(accessKeyId: string, now?: Date): CredentialLookup {
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
    if (now !== undefined && now.getTime() >= Date.parse(session.expiration)) return { kind: "expired" };
    const principal = this.#sessionPrincipal(session);
    if (principal === undefined) return { kind: "unknown" };
    return { kind: "found", secretAccessKey: session.secretAccessKey, principal, sessionToken: session.sessionToken };
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
