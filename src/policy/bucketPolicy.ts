/**
 * @module policy/bucketPolicy
 * What PutBucketPolicy / PutAccessPointPolicy accept (spec §3.12, §3.13): S3's own `MalformedPolicy` messages
 * for each kind of problem, the check that every resource belongs to the bucket (or access point), that some
 * action applies to some resource, that named principals exist, and the 20 KB limit.
 */
import { parseArn } from "../kernel/arn.ts";
import { parseOperator } from "./conditions/operators.ts";
import { parsePolicy } from "./parse.ts";
import { classifyAwsPrincipal } from "./principalForms.ts";
import { RT, S3_ACTIONS, s3ActionResourceTypes } from "./s3Actions.ts";
import type { Diagnostic, Policy, Statement } from "./types.ts";
import { Glob } from "./wildcard.ts";

/**
 * @public S3's MalformedPolicy message texts (spec §3.12). Confirmed by errors recorded against AWS: firstByte,
 * missingElement, invalidPrincipal, invalidResource, actionNotApplicable, conditionsNotApplicable; the others are
 * UNCONFIRMED (emulator texts). Sources per text in bucketPolicy.test.ts.
 */
export const MALFORMED = {
  tooLarge: "Policy exceeds the maximum allowed document size",
  firstByte: "Policies must be valid JSON and the first byte must be '{'",
  invalidJson: "This policy contains invalid Json",
  emptyStatement: "Could not parse the policy: Statement is empty!",
  missingElement: "Statement is missing required element",
  invalidPrincipal: "Invalid principal in policy",
  invalidResource: "Policy has invalid resource",
  invalidAction: "Policy has invalid action",
  actionNotApplicable: "Action does not apply to any resource(s) in statement",
  conditionsNotApplicable: "Conditions do not apply to combination of actions and resources in statement",
  invalidConditionType: (op: string) => `Invalid Condition type : ${op}`,
  unknownField: (name: string) => `Unknown field ${name}`,
  invalidEffect: (effect: string) => `Invalid effect: ${effect}`,
} as const;

/** @public The 20 KB limit of bucket and access point policies, in bytes. */
export const MAX_POLICY_BYTES = 20480;

/** @public What the validation is checked against. */
export interface BucketPolicyContext {
  readonly bucket: string;
  /** For access point policies: the access point ARN (`arn:aws:s3:region:account:accesspoint/name`). */
  readonly accessPointArn?: string;
  /** Whether a named IAM user/role (ARN or unique ID) exists; AWS rejects policies naming unknown ones. */
  readonly principalExists?: (value: string) => boolean;
}

/** @public The outcome: the parsed policy, or S3's message. */
export type BucketPolicyValidation =
  | { readonly ok: true; readonly policy: Policy; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly message: string; readonly diagnostic?: Diagnostic };

const LIST_KEYS = new Set(["s3:prefix", "s3:delimiter", "s3:max-keys"]);

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** @public Validates a bucket policy (or, with `accessPointArn`, an access point policy) as S3 does. */
export function validateBucketPolicy(text: string, ctx: BucketPolicyContext): BucketPolicyValidation {
  if (utf8Length(text) > MAX_POLICY_BYTES) return { ok: false, message: MALFORMED.tooLarge };
  if (!text.trimStart().startsWith("{")) return { ok: false, message: MALFORMED.firstByte };
  const parsed = parsePolicy(text, ctx.accessPointArn === undefined ? "bucket" : "access-point");
  const first = parsed.errors[0];
  if (first !== undefined) return { ok: false, message: messageFor(first, text), diagnostic: first };
  const policy = parsed.policy;
  if (policy === undefined) return { ok: false, message: MALFORMED.invalidJson };
  for (const st of policy.statements) {
    const message = checkStatement(st, ctx);
    if (message !== undefined) return { ok: false, message };
  }
  return { ok: true, policy, warnings: parsed.warnings };
}

function messageFor(d: Diagnostic, text: string): string {
  switch (d.code) {
    case "empty-statement":
    case "missing-statement":
      return MALFORMED.emptyStatement;
    case "missing-element":
    case "missing-principal":
    case "missing-resource":
      return MALFORMED.missingElement;
    case "invalid-principal":
    case "notprincipal-not-allowed":
      return MALFORMED.invalidPrincipal;
    case "invalid-arn":
    case "variable-outside-resource-part":
      return MALFORMED.invalidResource;
    case "invalid-action":
      return MALFORMED.invalidAction;
    case "unknown-operator":
      return MALFORMED.invalidConditionType(lastToken(d.pointer));
    case "unknown-element":
      return MALFORMED.unknownField(lastToken(d.pointer));
    case "invalid-effect":
      return MALFORMED.invalidEffect(stringAt(text, d.line ?? 1, d.column ?? 1));
  }
  return MALFORMED.invalidJson;
}

function lastToken(pointer: string): string {
  return (pointer.split("/").pop() ?? "").replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The JSON string literal starting at a 1-based line/column, without its quotes (raw text otherwise). */
function stringAt(text: string, line: number, column: number): string {
  const lineText = text.split("\n")[line - 1] ?? "";
  const m = /^"((?:[^"\\]|\\.)*)"/.exec(lineText.slice(column - 1));
  return m?.[1] ?? lineText.slice(column - 1).split(/[,}\s]/)[0] ?? "";
}

function resourceTypes(resource: string, ctx: BucketPolicyContext): number | undefined {
  const arn = parseArn(resource);
  if (arn === undefined || !arn.partition.startsWith("aws") || arn.service !== "s3") return undefined;
  if (ctx.accessPointArn !== undefined) {
    const ap = ctx.accessPointArn;
    if (resource === ap || Glob.of(resource).matches(ap)) return resource.includes("/object/") || resource.endsWith("*") ? RT.accesspoint | RT.accesspointobject : RT.accesspoint;
    if (resource.startsWith(`${ap}/object/`) || Glob.of(resource).matches(`${ap}/object/x`)) return RT.accesspointobject;
    return undefined;
  }
  if (arn.region !== "" || arn.account !== "") return undefined;
  const slash = arn.resource.indexOf("/");
  const bucketPart = slash < 0 ? arn.resource : arn.resource.slice(0, slash);
  const inBucket = bucketPart.includes("${") || Glob.of(bucketPart).matches(ctx.bucket);
  if (!inBucket) return undefined;
  if (slash >= 0) return RT.object;
  return bucketPart.endsWith("*") ? RT.bucket | RT.object : RT.bucket;
}

function checkStatement(st: Statement, ctx: BucketPolicyContext): string | undefined {
  for (const block of [st.principal, st.notPrincipal]) {
    if (block === undefined || block.wildcard) continue;
    for (const e of block.entries) {
      if (e.type !== "AWS" || ctx.principalExists === undefined) continue;
      for (const { value } of e.values.values) {
        const form = classifyAwsPrincipal(value)?.form;
        if ((form === "user" || form === "role" || form === "unique-id") && !ctx.principalExists(value)) return MALFORMED.invalidPrincipal;
      }
    }
  }
  let resourceBits = 0;
  for (const r of [...(st.resource?.values ?? []), ...(st.notResource?.values ?? [])]) {
    const t = resourceTypes(r.value, ctx);
    if (t === undefined) return MALFORMED.invalidResource;
    resourceBits |= t;
  }
  let actionBits = 0;
  const actions = [...(st.action?.values ?? []), ...(st.notAction?.values ?? [])];
  for (const a of actions) {
    if (a.value === "*") {
      actionBits = -1;
      continue;
    }
    const exact = s3ActionResourceTypes(a.value);
    if (exact !== undefined) {
      actionBits |= exact;
      continue;
    }
    const g = Glob.of(a.value, true);
    let any = false;
    for (const [name, types] of S3_ACTIONS) {
      if (g.matches(name)) {
        actionBits |= types;
        any = true;
      }
    }
    if (!any) return MALFORMED.invalidAction;
  }
  if (st.action !== undefined && st.resource !== undefined && (actionBits & resourceBits) === 0) return MALFORMED.actionNotApplicable;
  for (const c of st.condition ?? []) {
    if (parseOperator(c.operator) === undefined) return MALFORMED.invalidConditionType(c.operator);
    const usesListKey = c.keys.some((k) => LIST_KEYS.has(k.key.toLowerCase()));
    const listActions = st.action !== undefined && actions.some((a) => a.value === "*" || Glob.of(a.value, true).matches("s3:listbucket") || Glob.of(a.value, true).matches("s3:listbucketversions"));
    if (usesListKey && st.action !== undefined && !listActions) return MALFORMED.conditionsNotApplicable;
  }
  return undefined;
}
