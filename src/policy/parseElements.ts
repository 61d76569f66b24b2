/**
 * @module policy/parseElements
 * Readers for the element shapes of a statement (spec §3.2–§3.3, §3.7): string-or-array lists, principal
 * blocks and condition blocks. Each reader reports shape problems and returns what it could read.
 */
import { parseOperator } from "./conditions/operators.ts";
import type { JsonNode } from "./jsonText.ts";
import type {
  ConditionClause,
  ConditionKeyEntry,
  ConditionValue,
  Diagnostic,
  Location,
  PrincipalBlock,
  PrincipalEntry,
  PrincipalType,
  StringList,
} from "./types.ts";

/** @internal Collects diagnostics while reading. */
export type Report = (code: string, message: string, loc: Location) => void;

/** @internal Builds a diagnostic from a location. */
export function diagnostic(code: string, message: string, loc: Location): Diagnostic {
  const d: { code: string; message: string; pointer: string; line?: number; column?: number } = { code, message, pointer: loc.pointer };
  if (loc.line !== undefined) d.line = loc.line;
  if (loc.column !== undefined) d.column = loc.column;
  return d;
}

/** @internal Reads a string or a non-empty array of strings. */
export function readStringList(node: JsonNode, element: string, report: Report): StringList | undefined {
  if (node.kind === "string") return { values: [{ value: node.value, loc: node.loc }], isArray: false, loc: node.loc };
  if (node.kind !== "array") {
    report("invalid-type", `\`${element}\` must be a string or an array of strings`, node.loc);
    return undefined;
  }
  if (node.items.length === 0) {
    report("empty-list", `\`${element}\` must not be an empty array`, node.loc);
    return undefined;
  }
  const values = [];
  for (const item of node.items) {
    if (item.kind !== "string") report("invalid-type", `values of \`${element}\` must be strings`, item.loc);
    else values.push({ value: item.value, loc: item.loc });
  }
  return { values, isArray: true, loc: node.loc };
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ["AWS", "Service", "Federated", "CanonicalUser"];

/** @internal Reads a `Principal` / `NotPrincipal` element: `"*"` or a map of principal type → values. */
export function readPrincipal(node: JsonNode, element: string, report: Report): PrincipalBlock | undefined {
  if (node.kind === "string") {
    if (node.value === "*") return { wildcard: true, loc: node.loc };
    report("invalid-principal", `\`${element}\` must be "*" or an object, not \`${node.value}\``, node.loc);
    return undefined;
  }
  if (node.kind !== "object") {
    report("invalid-type", `\`${element}\` must be "*" or an object`, node.loc);
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  for (const m of node.members) {
    const type = PRINCIPAL_TYPES.find((t) => t === m.key);
    if (type === undefined) {
      report("invalid-principal", `unknown principal type \`${m.key}\``, m.keyLoc);
      continue;
    }
    const values = readStringList(m.value, `${element}.${m.key}`, report);
    if (values !== undefined) entries.push({ type, values });
  }
  if (node.members.length === 0) report("invalid-principal", `\`${element}\` must name at least one principal`, node.loc);
  return { wildcard: false, entries, loc: node.loc };
}

function readConditionValue(node: JsonNode, report: Report): ConditionValue | undefined {
  switch (node.kind) {
    case "string":
      return { value: node.value, type: "string", loc: node.loc };
    case "number":
      return { value: node.value, type: "number", loc: node.loc };
    case "boolean":
      return { value: String(node.value), type: "boolean", loc: node.loc };
    default:
      report("invalid-type", "condition values must be strings, numbers or booleans", node.loc);
      return undefined;
  }
}

/** @internal Reads a `Condition` element: `{ Operator: { key: value | [values] } }`. */
export function readCondition(node: JsonNode, report: Report): ConditionClause[] | undefined {
  if (node.kind !== "object") {
    report("invalid-type", "`Condition` must be an object", node.loc);
    return undefined;
  }
  const clauses: ConditionClause[] = [];
  for (const m of node.members) {
    if (parseOperator(m.key) === undefined) report("unknown-operator", `unknown condition operator \`${m.key}\``, m.keyLoc);
    if (m.value.kind !== "object") {
      report("invalid-type", `the value of \`${m.key}\` must be an object of condition keys`, m.value.loc);
      continue;
    }
    const keys: ConditionKeyEntry[] = [];
    for (const k of m.value.members) {
      const items = k.value.kind === "array" ? k.value.items : [k.value];
      if (k.value.kind === "array" && items.length === 0) report("empty-list", `condition key \`${k.key}\` has no values`, k.value.loc);
      const values: ConditionValue[] = [];
      for (const item of items) {
        const v = readConditionValue(item, report);
        if (v !== undefined) values.push(v);
      }
      keys.push({ key: k.key, keyLoc: k.keyLoc, values, isArray: k.value.kind === "array" });
    }
    clauses.push({ operator: m.key, loc: m.keyLoc, keys });
  }
  return clauses;
}
