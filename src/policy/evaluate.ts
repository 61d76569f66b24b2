/**
 * @module policy/evaluate
 * Evaluates a request against a compiled policy (spec §2.8): a statement applies when its principal, action,
 * resource and condition block all match; any applying `Deny` gives an explicit deny, else any applying
 * `Allow` an allow, else no match. Without a trace only indexed candidate statements are looked at; with a
 * trace every statement is explained: which element failed and, for conditions, the key, operator, policy
 * values and request values that were compared.
 */
import type { Principal } from "../kernel/principal.ts";
import { actionMatches, conditionHolds, identityKeys, resourcePatternMatches } from "./compile.ts";
import type { CompiledPolicy, CompiledStatement, KeySource } from "./compile.ts";
import type { ContextKeys, ContextValue } from "./context.ts";
import { matchPrincipal, notPrincipalExempts } from "./principalMatch.ts";
import type { PrincipalMatchKind } from "./principalMatch.ts";
import { principalKey } from "./principalKeys.ts";
import type { Effect } from "./types.ts";

/** @public What the policy language is asked about. */
export interface PolicyRequest {
  readonly principal: Principal;
  /** The IAM action, e.g. `s3:GetObject` (any case). */
  readonly action: string;
  /** The resource ARN, or undefined for actions without resource-level permissions (spec §9.1). */
  readonly resource: string | undefined;
  readonly context: ContextKeys;
}

/** @public A statement that decided a result. */
export interface StatementRef {
  readonly policyId: string;
  readonly index: number;
  readonly sid?: string;
  /** For statements with `Principal`: how the requester was named (spec §2.3 needs it). */
  readonly principalMatch?: PrincipalMatchKind;
}

/** @public The statement elements, in the order they are reported. */
export type StatementElement = "action" | "principal" | "resource" | "condition";

/** @public One condition key as it was evaluated. */
export interface ConditionTrace {
  readonly operator: string;
  readonly key: string;
  /** Policy values after variable substitution (a value whose variable had no value is shown as written). */
  readonly policyValues: readonly string[];
  /** The request's values for the key; undefined when the key was absent. */
  readonly requestValues: readonly string[] | undefined;
  readonly result: boolean;
}

/** @public Why one statement did or did not apply. */
export interface StatementTrace {
  readonly policyId: string;
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly matched: boolean;
  /** The first element that did not match (action, principal, resource, condition order). */
  readonly failed?: StatementElement;
  readonly elements: Readonly<Record<StatementElement, boolean>>;
  readonly principalMatch?: PrincipalMatchKind;
  readonly conditions: readonly ConditionTrace[];
}

/** @public The outcome of one policy (or of several of the same type, see {@link evaluatePolicies}). */
export interface PolicyResult {
  readonly effect: "Deny" | "Allow" | "NoMatch";
  /** The applying Deny statements, or else the applying Allow statements. */
  readonly deciding: readonly StatementRef[];
  readonly trace?: readonly StatementTrace[];
}

/** @public Evaluation options. */
export interface EvaluateOptions {
  /** Explain every statement (slower; use for `why` and failures). */
  readonly trace?: boolean;
}

const NO_MATCH: PolicyResult = Object.freeze({ effect: "NoMatch", deciding: Object.freeze([]) });

/** @internal The value of a context key, falling back to requester-derived keys. */
export function requestKey(req: PolicyRequest, keyLower: string): ContextValue | undefined {
  return req.context.lookup(keyLower) ?? principalKey(req.principal, keyLower);
}

/** Request keys: the context first, then requester-derived keys. Built once per evaluation, only when needed. */
class RequestKeys implements KeySource {
  constructor(private readonly req: PolicyRequest) {}
  value(keyLower: string): ContextValue | undefined {
    return requestKey(this.req, keyLower);
  }
  readonly single = (keyLower: string): string | undefined => {
    const v = requestKey(this.req, keyLower);
    return typeof v === "string" ? v : undefined;
  };
}

/** @public Evaluates one policy. */
export function evaluatePolicy(cp: CompiledPolicy, req: PolicyRequest, options?: EvaluateOptions): PolicyResult {
  if (options?.trace === true) return evaluateTraced(cp, req);
  const actionLower = req.action.toLowerCase();
  let candidates = cp.candidatesFor(actionLower);
  let checkAction = false;
  if (cp.byIdentity !== undefined && candidates.length > 8) {
    const narrowed = principalCandidates(cp, req.principal);
    if (narrowed.length < candidates.length) {
      candidates = narrowed;
      checkAction = true;
    }
  }
  let deny: StatementRef[] | undefined;
  let allow: StatementRef[] | undefined;
  let keys: RequestKeys | undefined;
  for (const s of candidates) {
    if (deny !== undefined && s.effect === "Allow") continue;
    if (checkAction && !actionMatches(s, actionLower)) continue;
    const pm = principalResult(s, req);
    if (pm === false) continue;
    keys ??= new RequestKeys(req);
    if (!resourceResult(s, req.resource, keys)) continue;
    if (!conditionsResult(s, keys)) continue;
    const ref = statementRef(cp.id, s, pm);
    if (s.effect === "Deny") (deny ??= []).push(ref);
    else (allow ??= []).push(ref);
  }
  if (deny !== undefined) return { effect: "Deny", deciding: deny };
  if (allow !== undefined) return { effect: "Allow", deciding: allow };
  return NO_MATCH;
}

/** @public Evaluates several policies of one type together: any Deny wins, else any Allow (spec §2.2). */
export function evaluatePolicies(list: readonly CompiledPolicy[], req: PolicyRequest, options?: EvaluateOptions): PolicyResult {
  const deny: StatementRef[] = [];
  const allow: StatementRef[] = [];
  const trace: StatementTrace[] = [];
  for (const cp of list) {
    const r = evaluatePolicy(cp, req, options);
    if (r.effect === "Deny") deny.push(...r.deciding);
    else if (r.effect === "Allow") allow.push(...r.deciding);
    if (r.trace !== undefined) trace.push(...r.trace);
  }
  const base: PolicyResult = deny.length > 0 ? { effect: "Deny", deciding: deny } : allow.length > 0 ? { effect: "Allow", deciding: allow } : NO_MATCH;
  return options?.trace === true ? { ...base, trace } : base;
}

function principalCandidates(cp: CompiledPolicy, p: Principal): CompiledStatement[] {
  const idx: number[] = [...cp.openToAll];
  for (const key of identityKeys(p)) {
    const hit = cp.byIdentity?.get(key);
    if (hit !== undefined) for (const i of hit) idx.push(i);
  }
  idx.sort((a, b) => a - b);
  const out: CompiledStatement[] = [];
  let last = -1;
  for (const i of idx) {
    const s = cp.statements[i];
    if (i !== last && s !== undefined) out.push(s);
    last = i;
  }
  return out;
}

/** false: no match; undefined: matched without a Principal element (or via NotPrincipal); else how. */
function principalResult(s: CompiledStatement, req: PolicyRequest): PrincipalMatchKind | undefined | false {
  const c = s.principal;
  if (c === undefined) return undefined;
  let provider: string | undefined;
  if (c.federated.size > 0) {
    const v = requestKey(req, "aws:federatedprovider");
    provider = typeof v === "string" ? v : undefined;
  }
  if (s.principalNegated) return notPrincipalExempts(c, req.principal, provider) ? false : undefined;
  return matchPrincipal(c, req.principal, provider) ?? false;
}

function resourceResult(s: CompiledStatement, resource: string | undefined, keys: KeySource): boolean {
  if (s.resources === undefined) return true;
  let any = false;
  for (const r of s.resources) {
    if (resourcePatternMatches(r, resource, keys)) {
      any = true;
      break;
    }
  }
  return any !== s.resourceNegated;
}

function conditionsResult(s: CompiledStatement, keys: KeySource): boolean {
  for (const c of s.conditions) if (!conditionHolds(c, keys).result) return false;
  return true;
}

function statementRef(policyId: string, s: CompiledStatement, pm: PrincipalMatchKind | undefined): StatementRef {
  const ref: { policyId: string; index: number; sid?: string; principalMatch?: PrincipalMatchKind } = { policyId, index: s.index };
  if (s.sid !== undefined) ref.sid = s.sid;
  if (pm !== undefined) ref.principalMatch = pm;
  return ref;
}

function evaluateTraced(cp: CompiledPolicy, req: PolicyRequest): PolicyResult {
  const actionLower = req.action.toLowerCase();
  const keys = new RequestKeys(req);
  const trace: StatementTrace[] = [];
  const deny: StatementRef[] = [];
  const allow: StatementRef[] = [];
  for (const s of cp.statements) {
    const pm = principalResult(s, req);
    const conditions = s.conditions.map((c): ConditionTrace => {
      const { result, resolved } = conditionHolds(c, keys);
      const v = keys.value(c.keyLower);
      return {
        operator: c.operator,
        key: c.key,
        policyValues: resolved === undefined ? c.values : resolved.map((r, i) => r ?? c.values[i] ?? ""),
        requestValues: v === undefined ? undefined : typeof v === "string" ? [v] : v,
        result,
      };
    });
    const elements = {
      action: actionMatches(s, actionLower),
      principal: pm !== false,
      resource: resourceResult(s, req.resource, keys),
      condition: conditions.every((c) => c.result),
    };
    const failed = (["action", "principal", "resource", "condition"] as const).find((e) => !elements[e]);
    const matched = failed === undefined;
    const t: { -readonly [K in keyof StatementTrace]: StatementTrace[K] } = { policyId: cp.id, index: s.index, effect: s.effect, matched, elements, conditions };
    if (s.sid !== undefined) t.sid = s.sid;
    if (failed !== undefined) t.failed = failed;
    if (pm !== false && pm !== undefined) t.principalMatch = pm;
    trace.push(t);
    if (matched) (s.effect === "Deny" ? deny : allow).push(statementRef(cp.id, s, pm === false ? undefined : pm));
  }
  if (deny.length > 0) return { effect: "Deny", deciding: deny, trace };
  if (allow.length > 0) return { effect: "Allow", deciding: allow, trace };
  return { effect: "NoMatch", deciding: [], trace };
}
