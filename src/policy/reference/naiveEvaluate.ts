/**
 * @module policy/reference/naiveEvaluate
 * A deliberately plain evaluator, used only by tests as an oracle for the compiled engine. It walks the AST
 * directly, builds a regular expression for every wildcard comparison, and shares no evaluation code with
 * `compile.ts` / `evaluate.ts` (only the value readers for numbers, dates, IPs and base64, and the
 * requester-derived keys).
 */
import type { Principal } from "../../kernel/principal.ts";
import { decodeBase64 } from "../conditions/binary.ts";
import { parseDate } from "../conditions/date.ts";
import { ipInRange, parseIpRange } from "../conditions/ip.ts";
import { parseNumber } from "../conditions/numeric.ts";
import type { ContextValue } from "../context.ts";
import { principalKey } from "../principalKeys.ts";
import type { Policy, PrincipalBlock, Statement } from "../types.ts";

/** @internal The request the oracle answers about. `context` keys may be spelt in any case. */
export interface NaiveRequest {
  readonly principal: Principal;
  readonly action: string;
  readonly resource: string | undefined;
  readonly context: Readonly<Record<string, ContextValue>>;
}

function getKey(req: NaiveRequest, key: string): ContextValue | undefined {
  for (const k of Object.keys(req.context)) if (k.toLowerCase() === key.toLowerCase()) return req.context[k];
  return principalKey(req.principal, key.toLowerCase());
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Turns a policy value into regex source; variables replaced, `undefined` if one has no value. */
function toRegexSource(value: string, req: NaiveRequest, variables: boolean, wildcards: boolean): string | undefined {
  let out = "";
  let i = 0;
  while (i < value.length) {
    if (variables && value.startsWith("${", i) && value.indexOf("}", i) > 0) {
      const end = value.indexOf("}", i);
      const inner = value.slice(i + 2, end);
      let literal: string | undefined;
      if (inner === "*" || inner === "?" || inner === "$") literal = inner;
      else {
        const m = /^\s*([^\s,']+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
        if (m === null || m[1] === undefined) {
          out += escapeRegex(value[i] ?? "");
          i++;
          continue;
        }
        const v = getKey(req, m[1]);
        literal = typeof v === "string" ? v : m[2];
        if (literal === undefined) return undefined;
      }
      out += escapeRegex(literal);
      i = end + 1;
      continue;
    }
    const ch = value[i] ?? "";
    out += wildcards && ch === "*" ? "[\\s\\S]*" : wildcards && ch === "?" ? "[\\s\\S]" : escapeRegex(ch);
    i++;
  }
  return out;
}

function like(pattern: string, text: string, req: NaiveRequest, variables: boolean, ignoreCase = false): boolean {
  const src = toRegexSource(pattern, req, variables, true);
  return src !== undefined && new RegExp(`^${src}$`, ignoreCase ? "i" : "").test(text);
}

function principalListed(block: PrincipalBlock, p: Principal, req: NaiveRequest): { named: boolean; levels: Set<string> } {
  const levels = new Set<string>();
  if (block.wildcard) return { named: true, levels: new Set(["all"]) };
  let named = false;
  for (const e of block.entries) {
    for (const { value } of e.values.values) {
      if (e.type === "AWS") {
        if (value === "*") { named = true; levels.add("all"); }
        const accountOf = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
        const person = p.kind !== "anonymous" && p.kind !== "service";
        if (accountOf !== undefined && person && p.accountId === accountOf) { named = true; levels.add("account"); }
        if (p.arn === value && accountOf === undefined) { named = true; levels.add("self"); }
        if (p.kind === "assumed-role" && p.principalArn === value && value.includes(":role/")) { named = true; levels.add("role"); }
        if (p.uniqueId === value) { named = true; levels.add(p.kind === "assumed-role" ? "role" : "self"); }
      } else if (e.type === "CanonicalUser") {
        if (p.kind !== "anonymous" && p.kind !== "service" && p.canonicalUserId === value) { named = true; levels.add("account"); }
      } else if (e.type === "Service") {
        if (p.kind === "service" && (p.service === value || value === "*")) { named = true; levels.add("service"); }
      } else if (getKey(req, "aws:FederatedProvider") === value) { named = true; levels.add("federated"); }
    }
  }
  return { named, levels };
}

function notPrincipalExempt(block: PrincipalBlock, req: NaiveRequest): boolean {
  const { levels } = principalListed(block, req.principal, req);
  if (levels.has("all")) return true;
  const p = req.principal;
  if (p.kind === "anonymous") return false;
  if (p.kind === "service") return levels.has("service");
  if (p.kind === "root") return levels.has("account");
  if (p.kind === "assumed-role") return levels.has("account") && levels.has("role") && p.arn !== undefined && principalArnListed(block, p.arn);
  return levels.has("account") && levels.has("self");
}

function principalArnListed(block: PrincipalBlock, arn: string): boolean {
  return !block.wildcard && block.entries.some((e) => e.type === "AWS" && e.values.values.some((v) => v.value === arn));
}

function valueMatches(family: string, base: string, policyValue: string, requestValue: string, req: NaiveRequest, variables: boolean): boolean {
  const subst = (): string | undefined => {
    const src = toRegexSource(policyValue, req, variables, false);
    return src === undefined ? undefined : src.replace(/\\(.)/g, "$1");
  };
  if (family === "String") {
    if (base.includes("Like")) return like(policyValue, requestValue, req, variables);
    const v = subst();
    if (v === undefined) return false;
    return base.includes("IgnoreCase") ? v.toLowerCase() === requestValue.toLowerCase() : v === requestValue;
  }
  if (family === "Arn") {
    const pp = policyValue.split(":");
    const rp = requestValue.split(":");
    if (pp.length < 6 || rp.length < 6) return false;
    const pParts = [...pp.slice(0, 5), pp.slice(5).join(":")];
    const rParts = [...rp.slice(0, 5), rp.slice(5).join(":")];
    return pParts.every((part, i) => like(part, rParts[i] ?? "", req, variables));
  }
  if (family === "Bool") {
    const v = subst();
    return v !== undefined && (v.toLowerCase() === "true" || v.toLowerCase() === "false") && v.toLowerCase() === requestValue.toLowerCase();
  }
  if (family === "Numeric" || family === "Date") {
    const read = family === "Numeric" ? parseNumber : parseDate;
    const a = read(requestValue);
    const b = read(policyValue);
    if (a === undefined || b === undefined) return false;
    if (base.endsWith("LessThanEquals")) return a <= b;
    if (base.endsWith("LessThan")) return a < b;
    if (base.endsWith("GreaterThanEquals")) return a >= b;
    if (base.endsWith("GreaterThan")) return a > b;
    return a === b;
  }
  if (family === "Binary") {
    const a = decodeBase64(policyValue);
    return a !== undefined && a === decodeBase64(requestValue);
  }
  const range = parseIpRange(policyValue);
  const addr = parseIpRange(requestValue);
  return range !== undefined && addr !== undefined && ipInRange(range, addr);
}

const FAMILY_OF: [RegExp, string][] = [
  [/^String/, "String"], [/^Numeric/, "Numeric"], [/^Date/, "Date"], [/^Bool$/, "Bool"],
  [/^BinaryEquals$/, "Binary"], [/^(Not)?IpAddress$/, "Ip"], [/^Arn/, "Arn"],
];

function conditionTrue(op: string, key: string, policyValues: string[], req: NaiveRequest, variablesOn: boolean): boolean {
  const m = /^(ForAllValues:|ForAnyValue:)?(.+?)(IfExists)?$/.exec(op);
  if (m === null || m[2] === undefined) return false;
  const base = m[2];
  const raw = getKey(req, key);
  const values = raw === undefined ? [] : typeof raw === "string" ? [raw] : [...raw];
  if (base === "Null") return policyValues.some((v) => v.toLowerCase() === String(values.length === 0));
  const family = FAMILY_OF.find(([re]) => re.test(base))?.[1] ?? "Ip";
  const negated = base.includes("Not");
  const variables = variablesOn && (family === "String" || family === "Arn" || family === "Bool");
  if (values.length === 0) {
    if (m[3] !== undefined) return true;
    if (m[1] === "ForAllValues:") return true;
    if (m[1] === "ForAnyValue:") return false;
    return negated;
  }
  const hit = (v: string): boolean => policyValues.some((pv) => valueMatches(family, base, pv, v, req, variables));
  if (m[1] === "ForAllValues:") return values.every((v) => (negated ? !hit(v) : hit(v)));
  if (m[1] === "ForAnyValue:") return values.some((v) => (negated ? !hit(v) : hit(v)));
  return negated ? !values.some(hit) : values.some(hit);
}

function statementApplies(st: Statement, req: NaiveRequest, variables: boolean): boolean {
  if (st.principal !== undefined && !principalListed(st.principal, req.principal, req).named) return false;
  if (st.notPrincipal !== undefined && notPrincipalExempt(st.notPrincipal, req)) return false;
  if (st.action !== undefined && !st.action.values.some((a) => like(a.value, req.action, req, false, true))) return false;
  if (st.notAction !== undefined && st.notAction.values.some((a) => like(a.value, req.action, req, false, true))) return false;
  const resourceHit = (pattern: string): boolean =>
    req.resource === undefined ? pattern === "*" || /^arn:[^:]+:[^:]+:\*?:\*?:\*+$/.test(pattern) : like(pattern, req.resource, req, variables);
  if (st.resource !== undefined && !st.resource.values.some((r) => resourceHit(r.value))) return false;
  if (st.notResource !== undefined && st.notResource.values.some((r) => resourceHit(r.value))) return false;
  for (const clause of st.condition ?? []) {
    for (const k of clause.keys) {
      if (!conditionTrue(clause.operator, k.key, k.values.map((v) => v.value), req, variables)) return false;
    }
  }
  return true;
}

/** @internal The decision of one policy, computed the slow, obvious way. */
export function naiveEvaluate(policy: Policy, req: NaiveRequest): "Deny" | "Allow" | "NoMatch" {
  const variables = policy.version === "2012-10-17";
  const applying = policy.statements.filter((s) => statementApplies(s, req, variables));
  if (applying.some((s) => s.effect === "Deny")) return "Deny";
  if (applying.some((s) => s.effect === "Allow")) return "Allow";
  return "NoMatch";
}
