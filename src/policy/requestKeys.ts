/**
 * @module policy/requestKeys
 * Reading a request's value of a condition key or policy variable: the request's context first, then, for the
 * requester-derived keys of `principalKeys.ts`, the principal. Whether a key can come from the principal is
 * decided once, when a policy is compiled, so evaluation does one map lookup for ordinary keys.
 */
import type { Principal } from "../kernel/principal.ts";
import type { ContextKeys, ContextValue } from "./context.ts";
import { principalKey } from "./principalKeys.ts";

/** @internal What key lookups need from a request. */
export interface KeyRequest {
  readonly principal: Principal;
  readonly context: ContextKeys;
}

const PRINCIPAL_KEYS: ReadonlySet<string> = new Set([
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

/** @internal Whether {@link principalKey} can give a value for this key (lower-case), so it must be asked. */
export function isPrincipalKey(keyLower: string): boolean {
  return PRINCIPAL_KEYS.has(keyLower) || keyLower.startsWith("aws:principaltag/");
}

/** @internal The request's value of a key (lower-case); `fromPrincipal` is {@link isPrincipalKey} of the key. */
export function requestValue(req: KeyRequest, keyLower: string, fromPrincipal: boolean): ContextValue | undefined {
  const v = req.context.lookup(keyLower);
  if (v !== undefined || !fromPrincipal) return v;
  return principalKey(req.principal, keyLower);
}

/** @internal The request's single value of a key, as policy variables read it (multivalued keys have none). */
export function requestSingle(req: KeyRequest, keyLower: string, fromPrincipal: boolean): string | undefined {
  const v = requestValue(req, keyLower, fromPrincipal);
  return typeof v === "string" ? v : undefined;
}
