/**
 * @module identity/iamScope
 * What every IAM operation works with: the store, the caller's account, the time and randomness;
 * plus the look-ups that fail with IAM's own `NoSuchEntity` messages and the policy-document check.
 */
import { parsePolicy, type PolicyKind } from "../policy/index.ts";
import type { IamEntities, IamEntityKind, IdentityStore } from "../storage/identityPort.ts";
import { IamError } from "./iamError.ts";
import type { RandomBytes } from "./iamIds.ts";

/** @public The context of one IAM call, in the caller's account. */
export interface IamScope {
  readonly store: IdentityStore;
  readonly accountId: string;
  readonly now: Date;
  readonly random: RandomBytes;
}

const NOUN: Readonly<Record<IamEntityKind, string>> = { user: "user", group: "group", role: "role", policy: "policy" };

/** @public The entity, or IAM's NoSuchEntity ("The user with name X cannot be found."). */
export function requireEntity<K extends IamEntityKind>(scope: IamScope, kind: K, name: string): IamEntities[K] {
  const found = scope.store.get(kind, scope.accountId, name);
  if (found === undefined) throw new IamError("NoSuchEntity", `The ${NOUN[kind]} with name ${name} cannot be found.`);
  return found;
}

/** @public Fails with EntityAlreadyExists when an entity of that kind and name exists. */
export function requireAbsent(scope: IamScope, kind: "user" | "group" | "role", name: string): void {
  if (scope.store.get(kind, scope.accountId, name) !== undefined) {
    const noun = kind === "user" ? "User" : kind === "group" ? "Group" : "Role";
    throw new IamError("EntityAlreadyExists", `${noun} with name ${name} already exists.`);
  }
}

/** @public Largest policy documents IAM accepts, in characters (whitespace excluded for managed policies). */
export const POLICY_SIZE: Readonly<Record<"inline-user" | "inline-role" | "inline-group" | "managed" | "trust", number>> = {
  "inline-user": 2048,
  "inline-role": 10240,
  "inline-group": 5120,
  managed: 6144,
  trust: 2048,
};

/** @public Parses and validates a policy document; MalformedPolicyDocument with the first problem otherwise. */
export function checkPolicyDocument(text: string | undefined, kind: PolicyKind, param = "policyDocument"): string {
  if (text === undefined || text === "") throw new IamError("ValidationError", `1 validation error detected: Value null at '${param}' failed to satisfy constraint: Member must not be null`);
  const parsed = parsePolicy(text, kind);
  const first = parsed.errors[0];
  if (parsed.policy === undefined || first !== undefined) {
    throw new IamError("MalformedPolicyDocument", first !== undefined ? capitalise(first.message) : "Syntax errors in policy.");
  }
  return text;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** @public ISO 8601 timestamp without milliseconds, as IAM prints dates. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
