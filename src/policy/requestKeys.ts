/**
 * @module policy/requestKeys
 * Reading a request's value of a condition key or policy variable: the request's context first, then, for the
 * requester-derived keys of `principalKeys.ts`, the principal. A {@link KeyReader} is built per key when a policy
 * is compiled — lower-case name and principal reader decided once — so evaluation does one map lookup for
 * ordinary keys and calls no module-level function.
 */
import type { Principal } from "../kernel/principal.ts";
import type { ContextKeys, ContextValue } from "./context.ts";
import { isPrincipalKey, principalKey, principalKeyReader } from "./principalKeys.ts";

/** @internal What key lookups need from a request. */
export interface KeyRequest {
  readonly principal: Principal;
  readonly context: ContextKeys;
}

/** @internal Reads one key from requests. */
export class KeyReader {
  private readonly fromPrincipal: ((p: Principal) => ContextValue | undefined) | undefined;

  /** @param keyLower the key's lower-case name */
  constructor(readonly keyLower: string) {
    this.fromPrincipal = principalKeyReader(keyLower);
  }

  /** The request's value of the key, or undefined when it has none. */
  value(req: KeyRequest): ContextValue | undefined {
    const v = req.context.lookup(this.keyLower);
    if (v !== undefined || this.fromPrincipal === undefined) return v;
    return this.fromPrincipal(req.principal);
  }

  /** The request's single value of the key, as policy variables read it (multivalued keys have none). */
  single(req: KeyRequest): string | undefined {
    const v = this.value(req);
    return typeof v === "string" ? v : undefined;
  }
}

/** @internal The request's single value of a key (lower-case), for one-off reads (traces, rare operators). */
export function requestSingle(req: KeyRequest, keyLower: string): string | undefined {
  const v = req.context.lookup(keyLower) ?? (isPrincipalKey(keyLower) ? principalKey(req.principal, keyLower) : undefined);
  return typeof v === "string" ? v : undefined;
}
