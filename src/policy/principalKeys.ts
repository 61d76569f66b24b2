/**
 * @module policy/principalKeys
 * Global condition keys whose values come from the requester (spec §8.2, §8.3): `aws:username`, `aws:userid`,
 * `aws:PrincipalArn` (the role ARN for a role session), `aws:PrincipalAccount`, `aws:PrincipalType`,
 * `aws:PrincipalTag/*`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalIsAWSService`,
 * `aws:PrincipalServiceName`. Used when the request's context keys do not set the key themselves.
 */
import type { Principal, PrincipalKind } from "../kernel/principal.ts";
import type { ContextValue } from "./context.ts";

const PRINCIPAL_TYPE: Record<PrincipalKind, string | undefined> = {
  root: "Account",
  user: "User",
  "assumed-role": "AssumedRole",
  "federated-user": "FederatedUser",
  anonymous: "Anonymous",
  service: undefined,
};

const TAG_PREFIX = "aws:principaltag/";

const NAMED_KEYS: ReadonlySet<string> = new Set([
  "aws:username",
  "aws:userid",
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principaltype",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalisawsservice",
  "aws:principalservicename",
]);

/** @public Whether {@link principalKey} can give a value for this key (lower-case name). */
export function isPrincipalKey(keyLower: string): boolean {
  return NAMED_KEYS.has(keyLower) || keyLower.startsWith(TAG_PREFIX);
}

/** @public A reader of one requester-derived key, or undefined when the key never comes from the requester. */
export function principalKeyReader(keyLower: string): ((p: Principal) => ContextValue | undefined) | undefined {
  return isPrincipalKey(keyLower) ? (p) => principalKey(p, keyLower) : undefined;
}

/** @public The value of a requester-derived key (lower-case name), or undefined if absent for this requester. */
export function principalKey(p: Principal, keyLower: string): ContextValue | undefined {
  const signed = p.kind !== "anonymous";
  switch (keyLower) {
    case "aws:username":
      return p.kind === "user" ? p.username : undefined;
    case "aws:userid":
      return p.userId;
    case "aws:principalarn":
      return signed ? (p.principalArn ?? p.arn) : undefined;
    case "aws:principalaccount":
      return p.accountId;
    case "aws:principaltype":
      return PRINCIPAL_TYPE[p.kind];
    case "aws:principalorgid":
      return signed ? p.orgId : undefined;
    case "aws:principalorgpaths":
      return signed ? p.orgPaths : undefined;
    case "aws:principalisawsservice":
      return signed ? String(p.kind === "service") : undefined;
    case "aws:principalservicename":
      return p.kind === "service" ? p.service : undefined;
  }
  if (keyLower.startsWith(TAG_PREFIX) && p.tags !== undefined) {
    const tag = keyLower.slice(TAG_PREFIX.length);
    for (const k in p.tags) if (k.toLowerCase() === tag) return p.tags[k];
  }
  return undefined;
}
