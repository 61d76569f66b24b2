/**
 * @module policy/compile
 * Turns a validated policy into a form that evaluates cheaply: actions become case-insensitive wildcard
 * matchers, resources case-sensitive ones (with their policy variables pre-split), principals lookup sets,
 * condition values pre-built tests. Statements are indexed by action (lazily, per distinct action) and, for
 * resource policies, by the identities they name, so a request looks only at statements that can match.
 */
import { keyResult } from "./conditions/keyResult.ts";
import { parseOperator } from "./conditions/operators.ts";
import type { OperatorSpec } from "./conditions/operators.ts";
import type { ValueTest } from "./conditions/family.ts";
import { compilePrincipal } from "./principalMatch.ts";
import type { CompiledPrincipal } from "./principalMatch.ts";
import { matchesNoResource } from "./resourceless.ts";
import type { Effect, Policy, Statement, StringList } from "./types.ts";
import { hasVariables, parseTemplate, resolveTemplate } from "./variables.ts";
import type { ResolvedValue, TemplatePart } from "./variables.ts";
import { Glob, globTokens } from "./wildcard.ts";

/** @internal A resource pattern: a fixed glob, or parts to resolve per request. */
export interface ResourcePattern {
  readonly text: string;
  readonly glob: Glob | undefined;
  readonly parts: readonly TemplatePart[];
  readonly matchesNoResource: boolean;
}

/** @internal Where evaluation reads request keys (lower-case names): any value, or single values only (for variables). */
export interface KeySource {
  value(keyLower: string): string | readonly string[] | undefined;
  readonly single: (keyLower: string) => string | undefined;
}

/** @internal One compiled condition key. */
export interface CompiledCondition {
  readonly operator: string;
  readonly op: OperatorSpec;
  readonly key: string;
  readonly keyLower: string;
  readonly values: readonly string[];
  /** Pre-built tests, or undefined when the values hold variables (built per request). */
  readonly tests: readonly (ValueTest | undefined)[] | undefined;
  readonly parts: readonly (readonly TemplatePart[])[];
}

/** @internal One compiled statement. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly actions: readonly Glob[];
  readonly actionNegated: boolean;
  /** Undefined when the statement has no Resource/NotResource (it applies to the resource it is attached to). */
  readonly resources: readonly ResourcePattern[] | undefined;
  readonly resourceNegated: boolean;
  readonly principal: CompiledPrincipal | undefined;
  readonly principalNegated: boolean;
  readonly conditions: readonly CompiledCondition[];
}

/** @public A policy compiled for evaluation. Build with {@link compilePolicy}. */
export interface CompiledPolicy {
  readonly id: string;
  readonly policy: Policy;
  readonly statements: readonly CompiledStatement[];
  /** Statements that may match an action (lower-case), computed on first use. */
  candidatesFor(actionLower: string): readonly CompiledStatement[];
  /** For policies whose statements name principals: statement indexes by identity key (see `identityKeys`). */
  readonly byIdentity: ReadonlyMap<string, readonly number[]> | undefined;
  /** Statements that any principal may match (`*`, NotPrincipal, Federated, no principal). */
  readonly openToAll: readonly number[];
}

const MAX_CACHED_ACTIONS = 4096;

/** @public Compiles a policy once; reuse the result for every request. */
export function compilePolicy(policy: Policy, id: string): CompiledPolicy {
  const variables = policy.version === "2012-10-17";
  const statements = policy.statements.map((s) => compileStatement(s, variables));
  const cache = new Map<string, readonly CompiledStatement[]>();
  const candidatesFor = (actionLower: string): readonly CompiledStatement[] => {
    let hit = cache.get(actionLower);
    if (hit === undefined) {
      hit = statements.filter((s) => actionMatches(s, actionLower));
      if (cache.size >= MAX_CACHED_ACTIONS) cache.clear();
      cache.set(actionLower, hit);
    }
    return hit;
  };
  const { byIdentity, openToAll } = indexByIdentity(statements);
  return { id, policy, statements, candidatesFor, byIdentity, openToAll };
}

/** @internal Whether a statement's Action/NotAction covers an action (lower-case). */
export function actionMatches(s: CompiledStatement, actionLower: string): boolean {
  let any = false;
  for (const g of s.actions) {
    if (g.matches(actionLower)) {
      any = true;
      break;
    }
  }
  return any !== s.actionNegated;
}

function compileStatement(s: Statement, variables: boolean): CompiledStatement {
  const actionList = s.action ?? s.notAction;
  const resourceList = s.resource ?? s.notResource;
  const principal = s.principal ?? s.notPrincipal;
  return {
    index: s.index,
    sid: s.sid,
    effect: s.effect,
    actions: (actionList?.values ?? []).map((a) => Glob.of(a.value, true)),
    actionNegated: s.action === undefined,
    resources: resourceList === undefined ? undefined : compileResources(resourceList, variables),
    resourceNegated: s.resource === undefined,
    principal: principal === undefined ? undefined : compilePrincipal(principal),
    principalNegated: s.principal === undefined && s.notPrincipal !== undefined,
    conditions: (s.condition ?? []).flatMap((clause) => {
      const op = parseOperator(clause.operator);
      if (op === undefined) return [];
      return clause.keys.map((k) => compileCondition(clause.operator, op, k.key, k.values.map((v) => v.value), variables));
    }),
  };
}

function compileResources(list: StringList, variables: boolean): ResourcePattern[] {
  return list.values.map(({ value }) => {
    const parts = parseTemplate(value, variables);
    const fixed = hasVariables(parts) ? undefined : Glob.of(value);
    return { text: value, glob: fixed, parts, matchesNoResource: matchesNoResource(value) };
  });
}

function compileCondition(operator: string, op: OperatorSpec, key: string, values: string[], variables: boolean): CompiledCondition {
  const parts = values.map((v) => parseTemplate(v, variables && op.variables));
  const dynamic = parts.some(hasVariables);
  const tests = dynamic ? undefined : values.map((v) => buildTest(op, { text: v, tokens: globTokens(v) }));
  return { operator, op, key, keyLower: key.toLowerCase(), values, tests, parts };
}

/** @internal Builds the test of one resolved policy value (undefined for `Null`, or a value the family cannot read). */
function buildTest(op: OperatorSpec, value: ResolvedValue): ValueTest | undefined {
  return op.compile === undefined ? undefined : op.compile(op.test, value);
}

/** @internal Evaluates one compiled condition key against a lookup of request values. */
export function conditionHolds(c: CompiledCondition, keys: KeySource): { result: boolean; resolved: readonly (string | undefined)[] | undefined } {
  const request = keys.value(c.keyLower);
  const requestValues = request === undefined ? undefined : typeof request === "string" ? [request] : request;
  if (c.tests !== undefined) return { result: keyResult(c.op, c.tests, requestValues, c.values), resolved: undefined };
  const resolved = c.parts.map((p) => resolveTemplate(p, keys.single));
  const tests = resolved.map((r) => (r === undefined ? undefined : buildTest(c.op, r)));
  const texts = resolved.map((r) => r?.text);
  return { result: keyResult(c.op, tests, requestValues, texts.map((t) => t ?? "")), resolved: texts };
}

/** @internal The identity keys a requester can be named by, in the same spelling as {@link indexByIdentity}. */
export function identityKeys(p: { kind: string; arn?: string; principalArn?: string; uniqueId?: string; accountId?: string; canonicalUserId?: string; service?: string }): string[] {
  const keys: string[] = [];
  if (p.arn !== undefined) keys.push(`arn:${p.arn}`);
  if (p.kind === "assumed-role" && p.principalArn !== undefined) keys.push(`role:${p.principalArn}`);
  if (p.uniqueId !== undefined) keys.push(`uid:${p.uniqueId}`);
  if (p.kind !== "anonymous" && p.kind !== "service") {
    if (p.accountId !== undefined) keys.push(`acct:${p.accountId}`);
    if (p.canonicalUserId !== undefined) keys.push(`cu:${p.canonicalUserId}`);
  }
  if (p.kind === "service" && p.service !== undefined) keys.push(`svc:${p.service}`);
  return keys;
}

function indexByIdentity(statements: readonly CompiledStatement[]): {
  byIdentity: Map<string, number[]> | undefined;
  openToAll: number[];
} {
  if (!statements.some((s) => s.principal !== undefined)) return { byIdentity: undefined, openToAll: [] };
  const byIdentity = new Map<string, number[]>();
  const openToAll: number[] = [];
  const add = (key: string, i: number): void => {
    const list = byIdentity.get(key);
    if (list === undefined) byIdentity.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  statements.forEach((s, i) => {
    const p = s.principal;
    if (p === undefined || s.principalNegated || p.everyone || p.federated.size > 0 || p.services.has("*")) {
      openToAll.push(i);
      return;
    }
    for (const a of p.exactArns.keys()) add(`arn:${a}`, i);
    for (const r of p.roleArns) add(`role:${r}`, i);
    for (const u of p.uniqueIds) add(`uid:${u}`, i);
    for (const a of p.accounts) add(`acct:${a}`, i);
    for (const c of p.canonicalUsers) add(`cu:${c}`, i);
    for (const s2 of p.services) add(`svc:${s2}`, i);
  });
  return { byIdentity, openToAll };
}

/** @internal Whether a resource pattern matches the request resource (undefined = an action with no resource). */
export function resourcePatternMatches(r: ResourcePattern, resource: string | undefined, keys: KeySource): boolean {
  if (resource === undefined) return r.matchesNoResource;
  if (r.glob !== undefined) return r.glob.matches(resource);
  const resolved = resolveTemplate(r.parts, keys.single);
  return resolved !== undefined && Glob.fromTokens(resolved.tokens).matches(resource);
}
