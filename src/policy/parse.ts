/**
 * @module policy/parse
 * Policy JSON → typed AST (spec §3.1–§3.2). Accepts every form AWS accepts: single values or arrays, both
 * versions, `Id`, `Sid`, one statement object or an array of them. `parsePolicy` then applies the rules of
 * the policy kind (see `validate.ts`); a policy is returned only when there are no errors.
 */
import { readJson } from "./jsonText.ts";
import type { JsonNode } from "./jsonText.ts";
import { diagnostic, readCondition, readPrincipal, readStringList } from "./parseElements.ts";
import type { Report } from "./parseElements.ts";
import type { Diagnostic, Effect, Policy, PolicyKind, PolicyVersion, ParseResult, Statement } from "./types.ts";
import { validatePolicy } from "./validate.ts";

const TOP_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set([
  "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
]);

/** @public Parses and validates a policy document of the given kind. */
export function parsePolicy(text: string, kind: PolicyKind): ParseResult {
  const read = readPolicyDocument(text);
  if (read.policy === undefined) return read;
  const checked = validatePolicy(read.policy, kind);
  const errors = [...read.errors, ...checked.errors];
  const warnings = [...read.warnings, ...checked.warnings];
  return errors.length === 0 ? { policy: read.policy, errors, warnings } : { errors, warnings };
}

/**
 * @public Reads the document structure only (no kind-specific rules). Returns the policy whenever the text was
 * readable as a policy at all, with structural errors alongside, so that callers can still explain it.
 */
export function readPolicyDocument(text: string): ParseResult {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const report: Report = (code, message, loc) => errors.push(diagnostic(code, message, loc));
  const json = readJson(text);
  if (!json.ok) {
    const d = { code: "invalid-json", message: `invalid JSON: ${json.message}`, pointer: "", line: json.line, column: json.column };
    return { errors: [d], warnings };
  }
  for (const dup of json.duplicates) report("duplicate-element", `element \`${dup.pointer.split("/").pop() ?? ""}\` appears twice`, dup);
  const root = json.node;
  if (root.kind !== "object") {
    report("invalid-type", "a policy must be a JSON object", root.loc);
    return { errors, warnings };
  }
  let version: PolicyVersion | undefined;
  let id: string | undefined;
  let statementNode: JsonNode | undefined;
  for (const m of root.members) {
    if (!TOP_ELEMENTS.has(m.key)) report("unknown-element", `unknown element \`${m.key}\``, m.keyLoc);
    else if (m.key === "Version") {
      if (m.value.kind === "string" && (m.value.value === "2012-10-17" || m.value.value === "2008-10-17")) version = m.value.value;
      else report("invalid-version", "`Version` must be \"2012-10-17\" or \"2008-10-17\"", m.value.loc);
    } else if (m.key === "Id") {
      if (m.value.kind === "string") id = m.value.value;
      else report("invalid-type", "`Id` must be a string", m.value.loc);
    } else statementNode = m.value;
  }
  if (statementNode === undefined) {
    report("missing-statement", "the policy has no `Statement`", root.loc);
    return { errors, warnings };
  }
  const items = statementNode.kind === "array" ? statementNode.items : [statementNode];
  if (items.length === 0) report("empty-statement", "`Statement` is empty", statementNode.loc);
  const statements: Statement[] = [];
  for (const item of items) {
    const st = readStatement(item, statements.length, report);
    if (st !== undefined) statements.push(st);
  }
  const base = { statements, statementIsArray: statementNode.kind === "array", loc: root.loc };
  const policy: Policy = {
    ...base,
    ...(version === undefined ? {} : { version }),
    ...(id === undefined ? {} : { id }),
  };
  return { policy, errors, warnings };
}

function readStatement(node: JsonNode, index: number, report: Report): Statement | undefined {
  if (node.kind !== "object") {
    report("invalid-type", "a statement must be a JSON object", node.loc);
    return undefined;
  }
  const st: { -readonly [K in keyof Statement]?: Statement[K] } = { index, loc: node.loc };
  let effect: Effect | undefined;
  for (const m of node.members) {
    const v = m.value;
    switch (m.key) {
      case "Sid":
        if (v.kind === "string") st.sid = v.value;
        else report("invalid-type", "`Sid` must be a string", v.loc);
        break;
      case "Effect":
        if (v.kind === "string" && (v.value === "Allow" || v.value === "Deny")) effect = v.value;
        else report("invalid-effect", "`Effect` must be \"Allow\" or \"Deny\"", v.loc);
        break;
      case "Principal":
      case "NotPrincipal": {
        const p = readPrincipal(v, m.key, report);
        if (p !== undefined) st[m.key === "Principal" ? "principal" : "notPrincipal"] = p;
        break;
      }
      case "Action":
      case "NotAction":
      case "Resource":
      case "NotResource": {
        const list = readStringList(v, m.key, report);
        const field = ({ Action: "action", NotAction: "notAction", Resource: "resource", NotResource: "notResource" } as const)[m.key];
        if (list !== undefined) st[field] = list;
        break;
      }
      case "Condition": {
        const c = readCondition(v, report);
        if (c !== undefined) st.condition = c;
        break;
      }
      default:
        report(STATEMENT_ELEMENTS.has(m.key) ? "invalid-type" : "unknown-element", `unknown element \`${m.key}\``, m.keyLoc);
    }
  }
  const has = (k: string): boolean => node.members.some((m) => m.key === k);
  if (!has("Effect")) report("missing-element", "the statement has no `Effect`", node.loc);
  for (const [a, b] of [["Principal", "NotPrincipal"], ["Action", "NotAction"], ["Resource", "NotResource"]] as const) {
    if (has(a) && has(b)) report("conflicting-elements", `a statement may not have both \`${a}\` and \`${b}\``, node.loc);
  }
  if (!has("Action") && !has("NotAction")) report("missing-element", "the statement has no `Action` or `NotAction`", node.loc);
  return { ...st, index, effect: effect ?? "Deny", loc: node.loc };
}
