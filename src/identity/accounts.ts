/**
 * @module identity/accounts
 * The directory of accounts and the credentials that sign requests. Resolves an access key to the
 * principal it authenticates. IAM users and STS sessions plug into the same {@link CredentialResolver}.
 */
import type { Principal } from "../kernel/principal.ts";
import type { World } from "./world.ts";

/** @public An account. */
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** 64-hex canonical user ID: what ACLs and object owners name. */
  readonly canonicalUserId: string;
}

/** @public What an access key resolves to. */
export type CredentialLookup =
  | { readonly kind: "found"; readonly secretAccessKey: string; readonly principal: Principal; readonly sessionToken?: string }
  | { readonly kind: "unknown" }
  | { readonly kind: "expired" };

/** @public Resolves access keys to principals; the authentication stage depends only on this. */
export interface CredentialResolver {
  resolve(accessKeyId: string, now: Date): CredentialLookup;
}

/** @public Computes a stable 64-hex canonical user ID for an account (injected hash: sha256 hex). */
export type CanonicalIdFn = (accountId: string) => string;

/** @public Accounts of the world, with their root credentials. */
export class AccountDirectory implements CredentialResolver {
  readonly #byId = new Map<string, Account>();
  readonly #byCanonical = new Map<string, Account>();
  readonly #rootKeys = new Map<string, { secret: string; principal: Principal }>();

  constructor(world: World, canonicalId: CanonicalIdFn) {
    for (const a of world.accounts) {
      const account: Account = { id: a.id, name: a.name, email: a.email, canonicalUserId: canonicalId(a.id) };
      this.#byId.set(a.id, account);
      this.#byCanonical.set(account.canonicalUserId, account);
      this.#rootKeys.set(a.root.accessKeyId, { secret: a.root.secretAccessKey, principal: rootPrincipal(account) });
    }
  }

  get(accountId: string): Account | undefined {
    return this.#byId.get(accountId);
  }

  byCanonicalId(id: string): Account | undefined {
    return this.#byCanonical.get(id);
  }

  list(): Account[] {
    return [...this.#byId.values()];
  }

  resolve(accessKeyId: string, _now?: Date): CredentialLookup {
    const root = this.#rootKeys.get(accessKeyId);
    return root ? { kind: "found", secretAccessKey: root.secret, principal: root.principal } : { kind: "unknown" };
  }
}

/** @public The root user of an account as a principal. */
export function rootPrincipal(account: Account): Principal {
  const arn = `arn:aws:iam::${account.id}:root`;
  return { kind: "root", accountId: account.id, arn, principalArn: arn, userId: account.id, canonicalUserId: account.canonicalUserId };
}
