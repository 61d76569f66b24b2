/**
 * @module policy/print
 * AST → policy JSON text, in the canonical element order, keeping each value's written form (single value or
 * array, JSON string, number or boolean). `parse(print(p))` gives `p` back (locations aside).
 */
import type { ConditionClause, Policy, PrincipalBlock, Statement, StringList } from "./types.ts";

type Json = string | number | boolean | Json[] | { [k: string]: Json };

const list = (l: StringList): Json => (l.isArray ? l.values.map((v) => v.value) : (l.values[0]?.value ?? ""));

function principal(p: PrincipalBlock): Json {
  if (p.wildcard) return "*";
  const out: Record<string, Json> = {};
  for (const e of p.entries) out[e.type] = list(e.values);
  return out;
}

function condition(clauses: readonly ConditionClause[]): Json {
  const out: Record<string, Json> = {};
  for (const c of clauses) {
    const keys: Record<string, Json> = {};
    for (const k of c.keys) {
      const values = k.values.map((v): Json => (v.type === "number" ? Number(v.value) : v.type === "boolean" ? v.value === "true" : v.value));
      keys[k.key] = k.isArray ? values : (values[0] ?? "");
    }
    out[c.operator] = keys;
  }
  return out;
}

function statement(s: Statement): Json {
  const out: Record<string, Json> = {};
  if (s.sid !== undefined) out["Sid"] = s.sid;
  out["Effect"] = s.effect;
  if (s.principal !== undefined) out["Principal"] = principal(s.principal);
  if (s.notPrincipal !== undefined) out["NotPrincipal"] = principal(s.notPrincipal);
  if (s.action !== undefined) out["Action"] = list(s.action);
  if (s.notAction !== undefined) out["NotAction"] = list(s.notAction);
  if (s.resource !== undefined) out["Resource"] = list(s.resource);
  if (s.notResource !== undefined) out["NotResource"] = list(s.notResource);
  if (s.condition !== undefined) out["Condition"] = condition(s.condition);
  return out;
}

/** @public Prints a policy as indented JSON. */
export function printPolicy(policy: Policy): string {
  const out: Record<string, Json> = {};
  if (policy.version !== undefined) out["Version"] = policy.version;
  if (policy.id !== undefined) out["Id"] = policy.id;
  const statements = policy.statements.map(statement);
  out["Statement"] = policy.statementIsArray ? statements : (statements[0] ?? {});
  return JSON.stringify(out, null, 2);
}
