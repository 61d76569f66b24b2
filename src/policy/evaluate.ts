/**
 * @module policy/evaluate
 * Evaluates a request against a compiled policy (spec §2.8): a statement applies when its principal, action,
 * resource and condition block all match; any applying `Deny` gives an explicit deny, else any applying
 * `Allow` an allow, else no match. Only candidate statements are looked at — those the action index and, for
 * policies naming principals, the principal index can match; the others cannot apply. Without a trace nothing
 * is allocated per statement: a statement deciding alone returns a result built once and kept. With a trace
 * each candidate is explained (which element failed and, for conditions, the key, operator, policy values and
 * request values compared) and the other statements are counted per index that ruled them out.
 */
import type { Principal } from "../kernel/principal.ts";
import { actionMatches } from "./compile.ts";
import type { ActionCandidates, CompiledCondition, CompiledPolicy, CompiledStatement, PrincipalIndex } from "./compile.ts";
import type { ContextKeys } from "./context.ts";
import type { PrincipalMatchKind } from "./principalMatch.ts";
import { KeyReader, requestSingle } from "./requestKeys.ts";
import type { Effect } from "./types.ts";
import { resolveTemplate } from "./variables.ts";

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

/** @public Why one candidate statement did or did not apply. */
export interface ExplainedStatementTrace {
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
  readonly notCandidate?: undefined;
}

/**
 * @public The statements of a policy that were not candidates: the action index (their Action/NotAction does not
 * cover the action) or the principal index (their Principal names other identities) ruled them out, so none of
 * them applies and none is explained one by one. `failed` is the element that fails for all of them.
 */
export interface NotCandidateTrace {
  readonly policyId: string;
  /** The index that ruled the statements out. */
  readonly notCandidate: "action" | "principal";
  /** How many statements it ruled out. */
  readonly count: number;
  readonly matched: false;
  readonly failed: "action" | "principal";
  /** Always empty: no condition of these statements was evaluated. */
  readonly conditions: readonly ConditionTrace[];
}

/**
 * @public One entry of a policy's trace: first the counts of statements that were not candidates (when there
 * are any), then every candidate statement in document order, explained.
 */
export type StatementTrace = ExplainedStatementTrace | NotCandidateTrace;

/** @public The outcome of one policy (or of several of the same type, see {@link evaluatePolicies}). */
export interface PolicyResult {
  readonly effect: "Deny" | "Allow" | "NoMatch";
  /** The applying Deny statements, or else the applying Allow statements. */
  readonly deciding: readonly StatementRef[];
  readonly trace?: readonly StatementTrace[];
}

/** @public Evaluation options. */
export interface EvaluateOptions {
  /** Explain every candidate statement and count the others (slower; use for `why` and failures). */
  readonly trace?: boolean;
}

const NO_MATCH: PolicyResult = Object.freeze({ effect: "NoMatch", deciding: Object.freeze([]) });

/** Above this many action candidates, a policy with a principal index looks up the requester's statements. */
const NARROW_ABOVE = 4;

const FEDERATED_PROVIDER = new KeyReader("aws:federatedprovider");

/** @public Evaluates one policy. */
export function evaluatePolicy(cp: CompiledPolicy, req: PolicyRequest, options?: EvaluateOptions): PolicyResult {
  if (options?.trace === true) return evaluateTraced(cp, req);
  const candidates = cp.actionIndex.of(req.action);
  const list = candidates.statements;
  if (list.length === 0) return NO_MATCH;
  const ix = cp.principalIndex;
  if (ix === undefined || list.length <= NARROW_ABOVE || candidates.member === undefined) return decideList(list, req, cp.id);
  return decideNarrowed(cp, candidates.member, ix, req);
}

/** @public Evaluates several policies of one type together: any Deny wins, else any Allow (spec §2.2). */
export function evaluatePolicies(list: readonly CompiledPolicy[], req: PolicyRequest, options?: EvaluateOptions): PolicyResult {
  if (options?.trace === true) return evaluatePoliciesTraced(list, req);
  let deny: PolicyResult | undefined;
  let denyMore: StatementRef[] | undefined;
  let allow: PolicyResult | undefined;
  let allowMore: StatementRef[] | undefined;
  for (const cp of list) {
    const r = evaluatePolicy(cp, req);
    if (r.effect === "Deny") {
      if (deny === undefined) deny = r;
      else (denyMore ??= [...deny.deciding]).push(...r.deciding);
    } else if (r.effect === "Allow" && deny === undefined) {
      if (allow === undefined) allow = r;
      else (allowMore ??= [...allow.deciding]).push(...r.deciding);
    }
  }
  return decided(deny, denyMore, allow, allowMore);
}

function evaluatePoliciesTraced(list: readonly CompiledPolicy[], req: PolicyRequest): PolicyResult {
  const deny: StatementRef[] = [];
  const allow: StatementRef[] = [];
  const trace: StatementTrace[] = [];
  for (const cp of list) {
    const r = evaluateTraced(cp, req);
    if (r.effect === "Deny") deny.push(...r.deciding);
    else if (r.effect === "Allow") allow.push(...r.deciding);
    if (r.trace !== undefined) trace.push(...r.trace);
  }
  if (deny.length > 0) return { effect: "Deny", deciding: deny, trace };
  if (allow.length > 0) return { effect: "Allow", deciding: allow, trace };
  return { effect: "NoMatch", deciding: [], trace };
}

/** How a statement applies: false when it does not, `""` when it does without naming the requester. */
type Applies = PrincipalMatchKind | "" | false;

/** Whether a candidate statement applies (its action is known to match). Reads only what it must. */
function applies(s: CompiledStatement, req: PolicyRequest): Applies {
  let how: Applies = "";
  if (s.principalTest !== undefined) {
    how = s.principalTest(req.principal, s.needsProvider ? FEDERATED_PROVIDER.single(req) : undefined);
    if (how === false) return false;
  }
  if (s.resources !== undefined && !resourceMatches(s, req)) return false;
  for (const cond of s.conditions) if (!conditionHolds(cond, req)) return false;
  return how;
}

function resourceMatches(s: CompiledStatement, req: PolicyRequest): boolean {
  const resource = req.resource;
  let any = false;
  for (const r of s.resources ?? []) {
    if (resource === undefined ? r.matchesNoResource : r.matcher.matches(resource, req)) {
      any = true;
      break;
    }
  }
  return any !== s.resourceNegated;
}

function conditionHolds(c: CompiledCondition, req: PolicyRequest): boolean {
  return c.test(c.reader.value(req), req);
}

/** The result of `s` deciding alone with principal match `how`: built once per statement and kind, frozen. */
function soleResult(policyId: string, s: CompiledStatement, how: PrincipalMatchKind | ""): PolicyResult {
  const cache = (s.results ??= new Map());
  let r = cache.get(how);
  if (r === undefined) {
    r = Object.freeze({ effect: s.effect, deciding: Object.freeze([Object.freeze(statementRef(policyId, s, how === "" ? undefined : how))]) });
    cache.set(how, r);
  }
  return r;
}

/** The result from what applied: the first result of each effect as it is, or all deciding statements of it. */
function decided(deny: PolicyResult | undefined, denyMore: StatementRef[] | undefined, allow: PolicyResult | undefined, allowMore: StatementRef[] | undefined): PolicyResult {
  if (deny !== undefined) return denyMore === undefined ? deny : { effect: "Deny", deciding: denyMore };
  if (allow !== undefined) return allowMore === undefined ? allow : { effect: "Allow", deciding: allowMore };
  return NO_MATCH;
}

/** Decides over a list of candidates in document order; once a Deny applies, Allow statements are skipped. */
function decideList(list: readonly CompiledStatement[], req: PolicyRequest, policyId: string): PolicyResult {
  let deny: PolicyResult | undefined;
  let denyMore: StatementRef[] | undefined;
  let allow: PolicyResult | undefined;
  let allowMore: StatementRef[] | undefined;
  for (const s of list) {
    if (deny !== undefined && s.effect === "Allow") continue;
    const how = applies(s, req);
    if (how === false) continue;
    const r = soleResult(policyId, s, how);
    if (s.effect === "Deny") {
      if (deny === undefined) deny = r;
      else (denyMore ??= [...deny.deciding]).push(...r.deciding);
    } else if (allow === undefined) allow = r;
    else (allowMore ??= [...allow.deciding]).push(...r.deciding);
  }
  return decided(deny, denyMore, allow, allowMore);
}

/**
 * Decides over the action candidates the principal index can match: the open-to-all statements and those
 * naming the requester, two sorted position lists walked in step.
 */
function decideNarrowed(cp: CompiledPolicy, member: Uint8Array, ix: PrincipalIndex, req: PolicyRequest): PolicyResult {
  const a = ix.openToAll;
  const b = namedIn(ix, req.principal) ?? EMPTY;
  const statements = cp.statements;
  let deny: PolicyResult | undefined;
  let denyMore: StatementRef[] | undefined;
  let allow: PolicyResult | undefined;
  let allowMore: StatementRef[] | undefined;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i] ?? Infinity;
    const y = b[j] ?? Infinity;
    const at = x <= y ? x : y;
    if (x === at) i++;
    if (y === at) j++;
    if (member[at] !== 1) continue;
    const s = statements[at];
    if (s === undefined || (deny !== undefined && s.effect === "Allow")) continue;
    const how = applies(s, req);
    if (how === false) continue;
    const r = soleResult(cp.id, s, how);
    if (s.effect === "Deny") {
      if (deny === undefined) deny = r;
      else (denyMore ??= [...deny.deciding]).push(...r.deciding);
    } else if (allow === undefined) allow = r;
    else (allowMore ??= [...allow.deciding]).push(...r.deciding);
  }
  return decided(deny, denyMore, allow, allowMore);
}

const EMPTY: readonly number[] = Object.freeze([]);

/**
 * The sorted positions of the statements whose Principal names `p` (open-to-all statements aside), mirroring
 * `matchPrincipal`: a statement outside these and the open-to-all ones cannot name the requester. Usually one
 * map's list as stored; a requester named in several ways gets the lists merged.
 */
function namedIn(ix: PrincipalIndex, p: Principal): readonly number[] | undefined {
  let named: readonly number[] | undefined;
  if (p.arn !== undefined && ix.arns.size > 0) named = union(named, ix.arns.get(p.arn));
  if (p.kind === "assumed-role" && p.principalArn !== undefined && ix.roles.size > 0) named = union(named, ix.roles.get(p.principalArn));
  if (p.uniqueId !== undefined && ix.uniqueIds.size > 0) named = union(named, ix.uniqueIds.get(p.uniqueId));
  if (p.kind !== "anonymous" && p.kind !== "service") {
    if (p.accountId !== undefined && ix.accounts.size > 0) named = union(named, ix.accounts.get(p.accountId));
    if (p.canonicalUserId !== undefined && ix.canonicalUsers.size > 0) named = union(named, ix.canonicalUsers.get(p.canonicalUserId));
  }
  if (p.kind === "service" && p.service !== undefined && ix.services.size > 0) named = union(named, ix.services.get(p.service));
  return named;
}

/** The sorted union of two sorted position lists (either may be absent). */
function union(a: readonly number[] | undefined, b: readonly number[] | undefined): readonly number[] | undefined {
  if (b === undefined) return a;
  if (a === undefined) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i] ?? Infinity;
    const y = b[j] ?? Infinity;
    const at = x <= y ? x : y;
    if (x === at) i++;
    if (y === at) j++;
    out.push(at);
  }
  return out;
}

function statementRef(policyId: string, s: CompiledStatement, pm: PrincipalMatchKind | undefined): StatementRef {
  const ref: { policyId: string; index: number; sid?: string; principalMatch?: PrincipalMatchKind } = { policyId, index: s.index };
  if (s.sid !== undefined) ref.sid = s.sid;
  if (pm !== undefined) ref.principalMatch = pm;
  return ref;
}

/** The candidates a trace explains: action candidates, narrowed by the principal index when there is one. */
function traceCandidates(cp: CompiledPolicy, candidates: ActionCandidates, req: PolicyRequest): readonly CompiledStatement[] {
  const ix = cp.principalIndex;
  const member = candidates.member;
  if (ix === undefined || member === undefined) return candidates.statements;
  const positions = union(ix.openToAll, namedIn(ix, req.principal)) ?? EMPTY;
  const out: CompiledStatement[] = [];
  for (const at of positions) {
    const s = cp.statements[at];
    if (member[at] === 1 && s !== undefined) out.push(s);
  }
  return out;
}

function evaluateTraced(cp: CompiledPolicy, req: PolicyRequest): PolicyResult {
  const candidates = cp.actionIndex.of(req.action);
  const explained = traceCandidates(cp, candidates, req);
  const trace: StatementTrace[] = [];
  const byAction = cp.statements.length - candidates.statements.length;
  const byPrincipal = candidates.statements.length - explained.length;
  if (byAction > 0) trace.push(notCandidates(cp.id, "action", byAction));
  if (byPrincipal > 0) trace.push(notCandidates(cp.id, "principal", byPrincipal));
  const actionLower = req.action.toLowerCase();
  const deny: StatementRef[] = [];
  const allow: StatementRef[] = [];
  for (const s of explained) {
    const t = explain(cp.id, s, req, actionLower);
    trace.push(t);
    if (t.matched) (s.effect === "Deny" ? deny : allow).push(statementRef(cp.id, s, t.principalMatch));
  }
  if (deny.length > 0) return { effect: "Deny", deciding: deny, trace };
  if (allow.length > 0) return { effect: "Allow", deciding: allow, trace };
  return { effect: "NoMatch", deciding: [], trace };
}

function notCandidates(policyId: string, by: "action" | "principal", count: number): NotCandidateTrace {
  return { policyId, notCandidate: by, count, matched: false, failed: by, conditions: [] };
}

/** Explains one statement: every element is evaluated and reported, not only up to the first failure. */
function explain(policyId: string, s: CompiledStatement, req: PolicyRequest, actionLower: string): ExplainedStatementTrace {
  const pm = principalResult(s, req);
  const conditions = s.conditions.map((c) => conditionTrace(c, req));
  const elements = {
    action: actionMatches(s, actionLower),
    principal: pm !== false,
    resource: s.resources === undefined || resourceMatches(s, req),
    condition: conditions.every((c) => c.result),
  };
  const failed = (["action", "principal", "resource", "condition"] as const).find((e) => !elements[e]);
  const t: { -readonly [K in keyof ExplainedStatementTrace]: ExplainedStatementTrace[K] } = { policyId, index: s.index, effect: s.effect, matched: failed === undefined, elements, conditions };
  if (s.sid !== undefined) t.sid = s.sid;
  if (failed !== undefined) t.failed = failed;
  if (pm !== false && pm !== undefined) t.principalMatch = pm;
  return t;
}

/** false: no match; undefined: matched without a Principal element (or via NotPrincipal); else how. */
function principalResult(s: CompiledStatement, req: PolicyRequest): PrincipalMatchKind | undefined | false {
  if (s.principalTest === undefined) return undefined;
  const how = s.principalTest(req.principal, s.needsProvider ? FEDERATED_PROVIDER.single(req) : undefined);
  return how === "" ? undefined : how;
}

function conditionTrace(c: CompiledCondition, req: PolicyRequest): ConditionTrace {
  const v = c.reader.value(req);
  const parts = c.parts;
  const policyValues = parts === undefined
    ? c.values
    : parts.map((p, i) => resolveTemplate(p, (k) => requestSingle(req, k))?.text ?? c.values[i] ?? "");
  return {
    operator: c.operator,
    key: c.key,
    policyValues,
    requestValues: v === undefined ? undefined : typeof v === "string" ? [v] : v,
    result: c.test(v, req),
  };
}
