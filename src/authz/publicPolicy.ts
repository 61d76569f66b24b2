/**
 * @module authz/publicPolicy
 * Whether a bucket or access point policy is "public" for Block Public Access (spec §6.3). S3 starts from
 * public and proves non-public: every Allow statement granting a "bad action" must name a fixed principal
 * or carry a condition that pins one of the fixing keys to fixed values (no wildcard, no variable).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 *
 * UNCONFIRMED (spec A15): the "bad actions" filter (older API text) is applied, and `…IfExists`,
 * `ForAllValues:`/`ForAnyValue:` and negated operators never count as fixing.
 */
import type { Policy, PrincipalBlock, Statement } from "../policy/index.ts";
import { Glob, S3_ACTIONS } from "../policy/index.ts";

/** @public Which kind of policy is assessed (they differ for `s3:DataAccessPointArn`). */
export type PublicPolicyKind = "bucket" | "access-point";

const BAD_PREFIXES = ["s3:get", "s3:list", "s3:delete", "s3:put"];
const BAD_EXACT = new Set(["s3:abortmultipartupload", "s3:restoreobject"]);
const BAD_ACTIONS: readonly string[] = [...S3_ACTIONS.keys()].map((a) => a.toLowerCase()).filter((a) => BAD_EXACT.has(a) || BAD_PREFIXES.some((p) => a.startsWith(p)));

/** Keys that pin a statement to fixed callers or sources when compared with fixed values. */
const FIXING_KEYS = new Set([
  "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner", "aws:sourceaccount",
  "aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:userid",
  "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:dataaccesspointaccount", "s3:dataaccesspointarn", "aws:sourceip",
]);

/** Positive, exact-ish operators; anything else (negated, IfExists, set qualifiers) does not fix. */
const FIXING_OPERATORS = new Set(["stringequals", "stringlike", "arnequals", "arnlike", "ipaddress", "stringequalsignorecase"]);

/** @public True when the policy is public: at least one statement is public (spec §6.3, §12.12). */
export function isPolicyPublic(policy: Policy, kind: PublicPolicyKind): boolean {
  return policy.statements.some((s) => isStatementPublic(s, kind));
}

/** @public True when one statement is public. Deny statements never are. */
export function isStatementPublic(s: Statement, kind: PublicPolicyKind): boolean {
  if (s.effect !== "Allow") return false;
  if (!grantsBadAction(s)) return false;
  if (s.principal !== undefined && principalIsFixed(s.principal)) return false;
  return !hasFixingCondition(s, kind);
}

function grantsBadAction(s: Statement): boolean {
  if (s.action === undefined) return true; // NotAction grants nearly everything
  return s.action.values.some(({ value }) => {
    const g = Glob.of(value.toLowerCase(), true);
    return BAD_ACTIONS.some((a) => g.matches(a));
  });
}

function principalIsFixed(p: PrincipalBlock): boolean {
  if (p.wildcard) return false;
  for (const e of p.entries) {
    if (e.type === "Federated") return false; // a web-identity / SAML provider is public (spec §6.3 example)
    for (const { value } of e.values.values) if (value === "*" || value.includes("*")) return false;
  }
  return true;
}

function hasFixingCondition(s: Statement, kind: PublicPolicyKind): boolean {
  for (const clause of s.condition ?? []) {
    const op = clause.operator.toLowerCase();
    if (!FIXING_OPERATORS.has(op)) continue;
    for (const entry of clause.keys) {
      const key = entry.key.toLowerCase();
      if (!FIXING_KEYS.has(key) || entry.values.length === 0) continue;
      if (entry.values.every(({ value }) => valueFixes(key, value, kind))) return true;
    }
  }
  return false;
}

function valueFixes(key: string, value: string, kind: PublicPolicyKind): boolean {
  if (value.includes("${")) return false;
  if (key === "aws:sourceip") return cidrIsNarrow(value);
  if (key === "aws:userid") return !value.endsWith(":*") && !/[*?]/.test(value);
  if (key === "s3:dataaccesspointarn" && kind === "bucket") {
    // A wildcard in the access point name is fine in a bucket policy as long as the account is fixed.
    const m = /^arn:aws[a-z-]*:s3:[^:*?]*:(\d{12}):accesspoint\/.*$/.exec(value);
    return m !== null;
  }
  return !/[*?]/.test(value);
}

/** IPv4 ranges broader than /8 and IPv6 broader than /32 are public (spec §6.3). */
function cidrIsNarrow(value: string): boolean {
  const [addr, bits] = value.split("/");
  if (addr === undefined || addr === "") return false;
  const v6 = addr.includes(":");
  const prefix = bits === undefined ? (v6 ? 128 : 32) : Number(bits);
  if (!Number.isInteger(prefix)) return false;
  return v6 ? prefix >= 32 : prefix >= 8;
}

const CACHE: Readonly<Record<PublicPolicyKind, WeakMap<Policy, boolean>>> = { bucket: new WeakMap(), "access-point": new WeakMap() };

/** @public {@link isPolicyPublic}, memoized per parsed policy (policies are immutable). */
export function isPolicyPublicCached(policy: Policy, kind: PublicPolicyKind): boolean {
  let hit = CACHE[kind].get(policy);
  if (hit === undefined) {
    hit = isPolicyPublic(policy, kind);
    CACHE[kind].set(policy, hit);
  }
  return hit;
}
