/**
 * @module policy/principalMatch
 * How a requester matches a `Principal` or `NotPrincipal` element (spec §3.3.1, §3.4, §12.13). A role ARN
 * covers all sessions of the role (a session's `principalArn` is the role ARN), a session ARN only that
 * session, an account (ID, root ARN or canonical ID) every identity of the account, `"*"` everyone.
 * The match kind says *how* the principal was named, which the engine needs for spec §2.3.
 */
import type { Principal } from "../kernel/principal.ts";
import { classifyAwsPrincipal } from "./principalForms.ts";
import type { PrincipalBlock } from "./types.ts";

/** @public How a statement's `Principal` named the requester, most specific first in {@link MATCH_STRENGTH}. */
export type PrincipalMatchKind =
  | "user" // the IAM user's ARN
  | "assumed-role" // the role session's ARN
  | "federated-user" // the federated user's ARN
  | "role" // the role's ARN: all sessions of it
  | "unique-id" // the user's or role's unique ID
  | "account" // the account ID or `arn:aws:iam::A:root`
  | "canonical-user" // the account's canonical user ID
  | "service" // a `Service` principal
  | "federated" // a `Federated` identity provider
  | "everyone"; // `"*"`

/** @public Rank of each kind; lower is more specific. */
export const MATCH_STRENGTH: Readonly<Record<PrincipalMatchKind, number>> = {
  user: 0, "assumed-role": 0, "federated-user": 0, role: 1, "unique-id": 1,
  account: 2, "canonical-user": 2, service: 3, federated: 3, everyone: 4,
};

/** @public A principal element compiled into lookup sets. */
export interface CompiledPrincipal {
  readonly everyone: boolean;
  readonly exactArns: ReadonlyMap<string, "user" | "assumed-role" | "federated-user">;
  readonly roleArns: ReadonlySet<string>;
  readonly uniqueIds: ReadonlySet<string>;
  readonly accounts: ReadonlySet<string>;
  readonly canonicalUsers: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
}

/** @public Compiles a principal element. Invalid values are ignored (validation reports them). */
export function compilePrincipal(block: PrincipalBlock): CompiledPrincipal {
  const c = {
    everyone: block.wildcard,
    exactArns: new Map<string, "user" | "assumed-role" | "federated-user">(),
    roleArns: new Set<string>(),
    uniqueIds: new Set<string>(),
    accounts: new Set<string>(),
    canonicalUsers: new Set<string>(),
    services: new Set<string>(),
    federated: new Set<string>(),
  };
  if (block.wildcard) return c;
  for (const e of block.entries) {
    for (const { value } of e.values.values) {
      if (e.type === "CanonicalUser") c.canonicalUsers.add(value);
      else if (e.type === "Service") c.services.add(value);
      else if (e.type === "Federated") c.federated.add(value);
      else {
        const form = classifyAwsPrincipal(value);
        if (form === undefined) continue;
        if (form.form === "everyone") c.everyone = true;
        else if (form.form === "account" && form.account !== undefined) c.accounts.add(form.account);
        else if (form.form === "role") c.roleArns.add(value);
        else if (form.form === "unique-id") c.uniqueIds.add(value);
        else if (form.form !== "account") c.exactArns.set(value, form.form);
      }
    }
  }
  return c;
}

/**
 * @public The most specific way `c` names `p`, or undefined if it does not. `federatedProvider` is the
 * identity provider of a web-identity/SAML request (`aws:FederatedProvider`), matched against `Federated`.
 */
export function matchPrincipal(c: CompiledPrincipal, p: Principal, federatedProvider?: string): PrincipalMatchKind | undefined {
  if (p.arn !== undefined && c.exactArns.size > 0) {
    const exact = c.exactArns.get(p.arn);
    if (exact !== undefined) return exact;
  }
  if (p.kind === "assumed-role" && p.principalArn !== undefined && c.roleArns.size > 0 && c.roleArns.has(p.principalArn)) return "role";
  if (p.uniqueId !== undefined && c.uniqueIds.size > 0 && c.uniqueIds.has(p.uniqueId)) return "unique-id";
  const identified = p.kind !== "anonymous" && p.kind !== "service";
  if (identified && p.accountId !== undefined && c.accounts.size > 0 && c.accounts.has(p.accountId)) return "account";
  if (identified && p.canonicalUserId !== undefined && c.canonicalUsers.size > 0 && c.canonicalUsers.has(p.canonicalUserId)) return "canonical-user";
  if (p.kind === "service" && p.service !== undefined && (c.services.has(p.service) || c.services.has("*"))) return "service";
  if (federatedProvider !== undefined && c.federated.has(federatedProvider)) return "federated";
  if (c.everyone) return "everyone";
  return undefined;
}

/**
 * @public Whether `NotPrincipal` exempts `p`. AWS checks the account, then the role, then the session, so a
 * requester is exempt only when every level of its identity is listed: a user needs its ARN (or unique ID) and
 * its account; a role session its session ARN, its role (ARN or unique ID) and its account. A service principal
 * is exempt exactly when `Principal` with the same value would name it, `{"Service": "*"}` included: NotPrincipal
 * "matches every principal except those listed", with the same syntax as Principal.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export function notPrincipalExempts(c: CompiledPrincipal, p: Principal, federatedProvider?: string): boolean {
  if (c.everyone) return true;
  const account = p.accountId !== undefined && (c.accounts.has(p.accountId) || (p.canonicalUserId !== undefined && c.canonicalUsers.has(p.canonicalUserId)));
  const exact = p.arn !== undefined && c.exactArns.has(p.arn);
  const unique = p.uniqueId !== undefined && c.uniqueIds.has(p.uniqueId);
  switch (p.kind) {
    case "anonymous":
      return false;
    case "service":
      // The same services `Principal` names (`*` included, see matchPrincipal): a service principal has one level only.
      return p.service !== undefined && (c.services.has(p.service) || c.services.has("*"));
    case "root":
      return account;
    case "user":
    case "federated-user":
      return account && (exact || unique);
    case "assumed-role": {
      const role = (p.principalArn !== undefined && c.roleArns.has(p.principalArn)) || unique;
      return account && role && exact;
    }
  }
  return federatedProvider !== undefined && c.federated.has(federatedProvider);
}

/**
 * @internal A statement's `Principal` (or, `negated`, `NotPrincipal`) test as one function built when the policy
 * is compiled: how the element names `p`, `""` when a NotPrincipal statement applies to `p`, false when the
 * statement does not apply to `p`.
 */
export function principalTest(c: CompiledPrincipal, negated: boolean): (p: Principal, federatedProvider: string | undefined) => PrincipalMatchKind | "" | false {
  if (negated) return (p, provider) => (notPrincipalExempts(c, p, provider) ? false : "");
  const onlyEveryone = c.everyone && c.exactArns.size + c.roleArns.size + c.uniqueIds.size + c.accounts.size + c.canonicalUsers.size + c.services.size + c.federated.size === 0;
  if (onlyEveryone) return () => "everyone";
  return (p, provider) => matchPrincipal(c, p, provider) ?? false;
}

/** @public How a principal element names `p` (`Principal` semantics), or undefined. Compiles on each call. */
export function principalMatchKind(block: PrincipalBlock, p: Principal, federatedProvider?: string): PrincipalMatchKind | undefined {
  return matchPrincipal(compilePrincipal(block), p, federatedProvider);
}
