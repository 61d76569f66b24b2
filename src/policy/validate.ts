/**
 * @module policy/validate
 * The rules each policy kind adds to the grammar (spec §2.1, §3.1–§3.4, §3.11; IAM-GRAMMAR): where `Principal`
 * is required or forbidden, where `Resource` is, value shapes (actions, ARNs, principals), and warnings for
 * risky patterns that are valid but rarely mean what the author thinks.
 */
import { parseArn } from "../kernel/arn.ts";
import { MULTIVALUED_KEYS } from "./context.ts";
import { parseOperator } from "./conditions/operators.ts";
import { diagnostic } from "./parseElements.ts";
import { classifyAwsPrincipal, isCanonicalUserId, isServicePrincipal } from "./principalForms.ts";
import type { Diagnostic, Location, Policy, PolicyKind, PrincipalBlock, Statement } from "./types.ts";

type Rule = "required" | "forbidden" | "optional";

interface KindRules {
  readonly principal: Rule;
  readonly notPrincipal: boolean;
  readonly resource: Rule;
  readonly notAction: boolean;
}

const IDENTITY: KindRules = { principal: "forbidden", notPrincipal: false, resource: "required", notAction: true };
const RESOURCE: KindRules = { principal: "required", notPrincipal: true, resource: "required", notAction: true };

/** @internal The element rules of every policy kind. */
export const KIND_RULES: Readonly<Record<PolicyKind, KindRules>> = {
  identity: IDENTITY,
  session: IDENTITY,
  boundary: IDENTITY,
  scp: IDENTITY,
  rcp: { principal: "required", notPrincipal: false, resource: "required", notAction: false },
  resource: { ...RESOURCE, resource: "optional" },
  bucket: RESOURCE,
  "access-point": RESOURCE,
  trust: { principal: "required", notPrincipal: false, resource: "forbidden", notAction: true },
};

const ACTION = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/;
const IDENTITY_KINDS: ReadonlySet<PolicyKind> = new Set(["identity", "session", "boundary"]);

/** @public Applies the rules of `kind` to a structurally read policy. */
export function validatePolicy(policy: Policy, kind: PolicyKind): { errors: Diagnostic[]; warnings: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const error = (code: string, message: string, loc: Location): number => errors.push(diagnostic(code, message, loc));
  const warn = (code: string, message: string, loc: Location): number => warnings.push(diagnostic(code, message, loc));
  const rules = KIND_RULES[kind];
  const variables = policy.version === "2012-10-17";
  if (policy.id !== undefined && IDENTITY_KINDS.has(kind)) warn("id-in-identity-policy", "`Id` is meant for resource policies", policy.loc);
  const sids = new Set<string>();
  for (const st of policy.statements) {
    const has = { principal: st.principal !== undefined, notPrincipal: st.notPrincipal !== undefined };
    if (rules.principal === "forbidden" && (has.principal || has.notPrincipal)) {
      error("principal-not-allowed", `a ${kind} policy may not name a principal`, st.loc);
    }
    if (rules.principal === "required" && !has.principal && !has.notPrincipal) {
      error("missing-principal", `a ${kind} policy statement must have \`Principal\``, st.loc);
    }
    if (has.notPrincipal && !rules.notPrincipal && rules.principal !== "forbidden") {
      error("notprincipal-not-allowed", `a ${kind} policy may not use \`NotPrincipal\``, st.loc);
    }
    const hasResource = st.resource !== undefined || st.notResource !== undefined;
    if (rules.resource === "required" && !hasResource) error("missing-resource", "the statement has no `Resource` or `NotResource`", st.loc);
    if (rules.resource === "forbidden" && hasResource) error("resource-not-allowed", `a ${kind} policy may not have \`Resource\``, st.loc);
    if (st.notAction !== undefined && !rules.notAction) error("notaction-not-allowed", `a ${kind} policy may not use \`NotAction\``, st.loc);
    if (kind === "rcp") checkRcp(st, error);
    if (st.sid !== undefined && IDENTITY_KINDS.has(kind)) {
      if (!/^[A-Za-z0-9]*$/.test(st.sid)) error("invalid-sid", "`Sid` may hold only letters and digits", st.loc);
      if (sids.has(st.sid)) error("duplicate-sid", `\`Sid\` \`${st.sid}\` is used twice`, st.loc);
      sids.add(st.sid);
    }
    for (const a of [...(st.action?.values ?? []), ...(st.notAction?.values ?? [])]) {
      if (a.value !== "*" && !ACTION.test(a.value)) error("invalid-action", `\`${a.value}\` is not a \`service:action\` name`, a.loc);
    }
    for (const r of [...(st.resource?.values ?? []), ...(st.notResource?.values ?? [])]) {
      if (r.value === "*") continue;
      const arn = parseArn(r.value);
      if (arn === undefined) error("invalid-arn", `\`${r.value}\` is not an ARN`, r.loc);
      else if (variables && r.value.split(":").slice(0, 5).join(":").includes("${")) {
        error("variable-outside-resource-part", "policy variables may appear only in the resource part of an ARN", r.loc);
      }
      if (!variables && r.value.includes("${")) warn("variables-ignored", "policy variables need `Version` 2012-10-17; this is literal text", r.loc);
    }
    for (const block of [st.principal, st.notPrincipal]) if (block !== undefined) checkPrincipal(block, error);
    checkConditions(st, variables, error, warn);
    if (has.notPrincipal && st.effect === "Allow") warn("notprincipal-allow", "`NotPrincipal` with `Allow` grants to everyone else, anonymous users included", st.loc);
    if (st.notAction !== undefined && st.effect === "Allow") warn("notaction-allow", "`NotAction` with `Allow` grants every other action, of every service", st.loc);
    if (st.principal?.wildcard === true && st.effect === "Allow" && st.condition === undefined && kind !== "rcp") {
      warn("public-allow", "`Allow` to `*` without a condition makes the resource public", st.loc);
    }
  }
  return { errors, warnings };
}

function checkRcp(st: Statement, error: (c: string, m: string, l: Location) => number): void {
  const p = st.principal;
  const isStar = p !== undefined && (p.wildcard || p.entries.every((e) => e.type === "AWS" && e.values.values.every((v) => v.value === "*")));
  if (p !== undefined && !isStar) error("invalid-principal", "an RCP principal must be `*`", p.loc);
  const full = st.action?.values.length === 1 && st.action.values[0]?.value === "*" && st.resource?.values[0]?.value === "*" && st.condition === undefined;
  if (st.effect === "Allow" && !full) error("rcp-allow", "RCPs may only `Deny` (apart from RCPFullAWSAccess)", st.loc);
}

function checkPrincipal(block: PrincipalBlock, error: (c: string, m: string, l: Location) => number): void {
  if (block.wildcard) return;
  for (const e of block.entries) {
    for (const v of e.values.values) {
      const ok =
        e.type === "AWS" ? classifyAwsPrincipal(v.value) !== undefined
        : e.type === "CanonicalUser" ? isCanonicalUserId(v.value)
        : e.type === "Service" ? isServicePrincipal(v.value)
        : v.value !== "";
      if (!ok) error("invalid-principal", `\`${v.value}\` is not a valid ${e.type} principal`, v.loc);
    }
  }
}

function checkConditions(
  st: Statement,
  variables: boolean,
  error: (c: string, m: string, l: Location) => number,
  warn: (c: string, m: string, l: Location) => number,
): void {
  const nullGuarded = new Set<string>();
  for (const c of st.condition ?? []) {
    if (c.operator !== "Null") continue;
    for (const k of c.keys) if (k.values.some((v) => v.value.toLowerCase() === "false")) nullGuarded.add(k.key.toLowerCase());
  }
  for (const c of st.condition ?? []) {
    const op = parseOperator(c.operator);
    if (op === undefined) continue; // already reported while reading
    for (const k of c.keys) {
      const key = k.key.toLowerCase();
      if (op.set === "all" && st.effect === "Allow" && !nullGuarded.has(key)) {
        warn("forallvalues-without-null", `\`ForAllValues\` is true when \`${k.key}\` is absent; add a \`Null\` check`, k.keyLoc);
      }
      if (op.set !== "none" && !MULTIVALUED_KEYS.has(key) && !key.endsWith("tagkeys")) {
        warn("set-operator-on-single-valued-key", `\`${c.operator}\` is meant for multivalued keys; \`${k.key}\` is single-valued`, k.keyLoc);
      }
      for (const v of k.values) {
        if (op.family === "Null" && !/^(true|false)$/i.test(v.value)) error("invalid-value", "`Null` takes \"true\" or \"false\"", v.loc);
        if (op.family === "Bool" && !/^(true|false)$/i.test(v.value) && !v.value.includes("${")) {
          error("invalid-value", "`Bool` takes \"true\" or \"false\"", v.loc);
        }
        if (variables && !op.variables && v.value.includes("${")) {
          warn("variables-not-substituted", `\`${c.operator}\` does not substitute policy variables`, v.loc);
        }
      }
    }
  }
}
