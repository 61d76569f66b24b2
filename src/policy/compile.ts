/**
 * @module policy/compile
 * Turns a validated policy into a form that evaluates cheaply. Everything that does not depend on the request
 * is done here, once: actions become case-insensitive wildcard matchers, resources case-sensitive ones (values
 * with policy variables become templates matched in place, see `wildcard.ts`), principals lookup sets, and
 * each condition key one pre-built test whose policy values are already parsed, lower-cased or split.
 * Statements are indexed by action (lazily, per distinct action) and, for policies that name principals, by
 * the identities they name, so a request looks only at the statements that can match it — its candidates.
 */
import { keyTest } from "./conditions/keyResult.ts";
import type { KeyTest, KeyValueTest } from "./conditions/keyResult.ts";
import { parseOperator } from "./conditions/operators.ts";
import type { OperatorSpec } from "./conditions/operators.ts";
import type { PolicyResult } from "./evaluate.ts";
import { compilePrincipal, principalTest } from "./principalMatch.ts";
import type { CompiledPrincipal, PrincipalMatchKind } from "./principalMatch.ts";
import { KeyReader, requestSingle } from "./requestKeys.ts";
import type { KeyRequest } from "./requestKeys.ts";
import { matchesNoResource } from "./resourceless.ts";
import type { Principal } from "../kernel/principal.ts";
import type { Effect, Policy, Statement, StringList } from "./types.ts";
import { hasVariables, parseTemplate, resolveTemplate } from "./variables.ts";
import type { ResolvedValue, TemplatePart } from "./variables.ts";
import { compileTemplate, Glob, globTokens } from "./wildcard.ts";
import type { TemplateMatcher } from "./wildcard.ts";

/** @internal A resource pattern: a fixed glob, or a template whose variables are read per request. */
export interface ResourcePattern {
  readonly text: string;
  readonly matcher: TemplateMatcher;
  readonly matchesNoResource: boolean;
}

/** @internal One compiled condition key. */
export interface CompiledCondition {
  readonly operator: string;
  readonly op: OperatorSpec;
  readonly key: string;
  readonly keyLower: string;
  /** Reads the key from a request (the context, then requester-derived keys such as `aws:username`). */
  readonly reader: KeyReader;
  readonly values: readonly string[];
  /** The values split into parts, when some value holds a variable (for traces); else undefined. */
  readonly parts: readonly (readonly TemplatePart[])[] | undefined;
  /** Whether the condition holds, given the request's value of the key. */
  readonly test: KeyTest;
}

/** @internal One compiled statement. */
export interface CompiledStatement {
  readonly index: number;
  /** Position in {@link CompiledPolicy.statements}. */
  readonly at: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly actions: readonly Glob[];
  readonly actionNegated: boolean;
  /** Undefined when the statement has no Resource/NotResource (it applies to the resource it is attached to). */
  readonly resources: readonly ResourcePattern[] | undefined;
  readonly resourceNegated: boolean;
  readonly principal: CompiledPrincipal | undefined;
  readonly principalNegated: boolean;
  /**
   * The Principal/NotPrincipal test (undefined without either): how the requester is named, `""` when a
   * NotPrincipal statement applies, false when the statement does not apply to the requester.
   */
  readonly principalTest: ((p: Principal, federatedProvider: string | undefined) => PrincipalMatchKind | "" | false) | undefined;
  /** Whether the principal test reads `aws:FederatedProvider` (the element has `Federated` entries). */
  readonly needsProvider: boolean;
  readonly conditions: readonly CompiledCondition[];
  /** The result of this statement deciding alone, by principal-match kind (`""`: none); filled on first use. */
  results: Map<string, PolicyResult> | undefined;
}

/** @internal The statements an action can match, and for policies with a principal index, a membership mask. */
export interface ActionCandidates {
  readonly statements: readonly CompiledStatement[];
  /** `member[at]` is 1 when the statement at `at` is a candidate; only for policies with a principal index. */
  readonly member: Uint8Array | undefined;
}

/** @internal Statement positions by each way a statement's `Principal` can name a requester. */
export interface PrincipalIndex {
  /** Statements any principal may match (`*`, NotPrincipal, Federated, `Service: *`). */
  readonly openToAll: readonly number[];
  readonly arns: ReadonlyMap<string, readonly number[]>;
  readonly roles: ReadonlyMap<string, readonly number[]>;
  readonly uniqueIds: ReadonlyMap<string, readonly number[]>;
  readonly accounts: ReadonlyMap<string, readonly number[]>;
  readonly canonicalUsers: ReadonlyMap<string, readonly number[]>;
  readonly services: ReadonlyMap<string, readonly number[]>;
}

/** @public A policy compiled for evaluation. Build with {@link compilePolicy}. */
export interface CompiledPolicy {
  readonly id: string;
  readonly policy: Policy;
  readonly statements: readonly CompiledStatement[];
  /** Statements that may match an action (lower-case), computed on first use. */
  candidatesFor(actionLower: string): readonly CompiledStatement[];
  /** For policies whose statements name principals: statement positions by identity key (`arn:…`, `role:…`, `uid:…`, `acct:…`, `cu:…`, `svc:…`). */
  readonly byIdentity: ReadonlyMap<string, readonly number[]> | undefined;
  /** Statements that any principal may match (`*`, NotPrincipal, Federated, no principal). */
  readonly openToAll: readonly number[];
  /** @internal The action index: candidates of an action in any case, remembered per spelling. */
  readonly actionIndex: ActionIndex;
  /** @internal The principal index, for policies whose statements name principals. */
  readonly principalIndex: PrincipalIndex | undefined;
}

const MAX_CACHED_ACTIONS = 4096;

/** @internal Candidates by action. Remembers the last action asked, then every spelling seen (bounded). */
export class ActionIndex {
  private readonly cache = new Map<string, ActionCandidates>();
  private lastAction: string | undefined;
  private lastHit: ActionCandidates | undefined;

  constructor(
    private readonly statements: readonly CompiledStatement[],
    private readonly withMask: boolean,
  ) {}

  /** The candidates of `action` (any case). */
  of(action: string): ActionCandidates {
    if (action === this.lastAction && this.lastHit !== undefined) return this.lastHit;
    let hit = this.cache.get(action);
    if (hit === undefined) {
      const lower = action.toLowerCase();
      hit = this.cache.get(lower) ?? this.build(lower);
      if (this.cache.size >= MAX_CACHED_ACTIONS) this.cache.clear();
      this.cache.set(lower, hit);
      this.cache.set(action, hit);
    }
    this.lastAction = action;
    this.lastHit = hit;
    return hit;
  }

  private build(actionLower: string): ActionCandidates {
    const statements = this.statements.filter((s) => actionMatches(s, actionLower));
    if (!this.withMask) return { statements, member: undefined };
    const member = new Uint8Array(this.statements.length);
    for (const s of statements) member[s.at] = 1;
    return { statements, member };
  }
}

/** @public Compiles a policy once; reuse the result for every request. */
export function compilePolicy(policy: Policy, id: string): CompiledPolicy {
  const variables = policy.version === "2012-10-17";
  const statements = policy.statements.map((s, at) => compileStatement(s, at, variables));
  const principalIndex = indexPrincipals(statements);
  const actionIndex = new ActionIndex(statements, principalIndex !== undefined);
  return {
    id,
    policy,
    statements,
    candidatesFor: (actionLower) => actionIndex.of(actionLower).statements,
    byIdentity: principalIndex === undefined ? undefined : identityMap(principalIndex),
    openToAll: principalIndex?.openToAll ?? [],
    actionIndex,
    principalIndex,
  };
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

function compileStatement(s: Statement, at: number, variables: boolean): CompiledStatement {
  const actionList = s.action ?? s.notAction;
  const resourceList = s.resource ?? s.notResource;
  const principal = s.principal ?? s.notPrincipal;
  const compiled = principal === undefined ? undefined : compilePrincipal(principal);
  const principalNegated = s.principal === undefined && s.notPrincipal !== undefined;
  return {
    index: s.index,
    at,
    sid: s.sid,
    effect: s.effect,
    actions: (actionList?.values ?? []).map((a) => Glob.of(a.value, true)),
    actionNegated: s.action === undefined,
    resources: resourceList === undefined ? undefined : compileResources(resourceList, variables),
    resourceNegated: s.resource === undefined,
    principal: compiled,
    principalNegated,
    principalTest: compiled === undefined ? undefined : principalTest(compiled, principalNegated),
    needsProvider: compiled !== undefined && compiled.federated.size > 0,
    conditions: (s.condition ?? []).flatMap((clause) => {
      const op = parseOperator(clause.operator);
      if (op === undefined) return [];
      return clause.keys.map((k) => compileCondition(clause.operator, op, k.key, k.values.map((v) => v.value), variables));
    }),
    results: undefined,
  };
}

function compileResources(list: StringList, variables: boolean): ResourcePattern[] {
  return list.values.map(({ value }) => {
    const parts = parseTemplate(value, variables);
    const matcher = hasVariables(parts) ? compileTemplate(parts, true) : Glob.of(value);
    return { text: value, matcher, matchesNoResource: matchesNoResource(value) };
  });
}

function compileCondition(operator: string, op: OperatorSpec, key: string, values: string[], variables: boolean): CompiledCondition {
  const keyLower = key.toLowerCase();
  const parts = values.map((v) => parseTemplate(v, variables && op.variables));
  const dynamic = parts.some(hasVariables);
  const test = keyTest(op, valueTest(op, values, parts, dynamic), values);
  return { operator, op, key, keyLower, reader: new KeyReader(keyLower), values, parts: dynamic ? parts : undefined, test };
}

const NO_VALUE_TEST: KeyValueTest = () => false;

/** The test of a key's values: built now, or — for values with variables — matched or built per request. */
function valueTest(op: OperatorSpec, values: readonly string[], parts: readonly (readonly TemplatePart[])[], dynamic: boolean): KeyValueTest {
  const compile = op.compile;
  if (compile === undefined) return NO_VALUE_TEST; // Null reads no values
  if (!dynamic) {
    return compile(op.test, values.map((text) => ({ text, tokens: globTokens(text) })));
  }
  // Exact and wildcard string comparisons match the values in place, reading the variables they reach.
  if (op.family === "String" && (op.test === "eq" || op.test === "like")) {
    const templates = parts.map((p) => compileTemplate(p, op.test === "like"));
    return (v, req) => {
      for (const t of templates) if (t.matches(v, req)) return true;
      return false;
    };
  }
  // Other families with variables (IgnoreCase, Arn, Bool): substitute, then build the test for this request.
  return (v, req) => compile(op.test, resolveValues(parts, req))(v);
}

/** Substitutes the variables of each value; values with a variable lacking a value are left out. */
function resolveValues(parts: readonly (readonly TemplatePart[])[], req: KeyRequest): ResolvedValue[] {
  const out: ResolvedValue[] = [];
  for (const p of parts) {
    const r = resolveTemplate(p, (k) => requestSingle(req, k));
    if (r !== undefined) out.push(r);
  }
  return out;
}

function indexPrincipals(statements: readonly CompiledStatement[]): PrincipalIndex | undefined {
  if (!statements.some((s) => s.principal !== undefined)) return undefined;
  const openToAll: number[] = [];
  const maps = { openToAll, arns: new Map<string, number[]>(), roles: new Map<string, number[]>(), uniqueIds: new Map<string, number[]>(), accounts: new Map<string, number[]>(), canonicalUsers: new Map<string, number[]>(), services: new Map<string, number[]>() };
  const add = (map: Map<string, number[]>, key: string, at: number): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [at]);
    else if (list[list.length - 1] !== at) list.push(at);
  };
  for (const s of statements) {
    const p = s.principal;
    if (p === undefined || s.principalNegated || p.everyone || p.federated.size > 0 || p.services.has("*")) {
      openToAll.push(s.at);
      continue;
    }
    for (const a of p.exactArns.keys()) add(maps.arns, a, s.at);
    for (const r of p.roleArns) add(maps.roles, r, s.at);
    for (const u of p.uniqueIds) add(maps.uniqueIds, u, s.at);
    for (const a of p.accounts) add(maps.accounts, a, s.at);
    for (const c of p.canonicalUsers) add(maps.canonicalUsers, c, s.at);
    for (const v of p.services) add(maps.services, v, s.at);
  }
  return maps;
}

/** The principal index as one map keyed `arn:…`, `role:…`, `uid:…`, `acct:…`, `cu:…`, `svc:…` (public shape). */
function identityMap(ix: PrincipalIndex): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  const copy = (prefix: string, m: ReadonlyMap<string, readonly number[]>): void => {
    for (const [k, v] of m) out.set(`${prefix}:${k}`, v);
  };
  copy("arn", ix.arns);
  copy("role", ix.roles);
  copy("uid", ix.uniqueIds);
  copy("acct", ix.accounts);
  copy("cu", ix.canonicalUsers);
  copy("svc", ix.services);
  return out;
}
