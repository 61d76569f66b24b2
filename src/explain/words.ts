/**
 * @module explain/words
 * Small phrases shared by the layers, remedies and the text rendering: principals, accounts behind canonical
 * IDs, ACL grants, statements and conditions in plain language.
 */
import { ALL_USERS, ANONYMOUS_CANONICAL_ID, AUTHENTICATED_USERS, LOG_DELIVERY } from "../acl/types.ts";
import type { Grant } from "../acl/types.ts";
import type { Principal } from "../kernel/principal.ts";
import type { ExplainedStatementTrace, StatementTrace } from "../policy/index.ts";
import type { ConditionExplanation, GrantExplanation, StatementExplanation } from "./types.ts";

/** @internal Resolves a canonical user ID to an account ID when the caller knows it. */
export type AccountOf = (canonicalUserId: string) => string | undefined;

/** @internal `root user of account 1111…`, `IAM user w-user of account 2222…`, … */
export function describePrincipal(p: Principal): string {
  const account = p.accountId === undefined ? "" : ` of account ${p.accountId}`;
  switch (p.kind) {
    case "root":
      return `the root user${account}`;
    case "user":
      return `IAM user ${p.username ?? p.arn ?? "?"}${account}`;
    case "assumed-role": {
      const parts = p.arn?.split("/") ?? [];
      return `role session ${parts[2] ?? "?"} of role ${parts[1] ?? p.principalArn ?? "?"}${account}`;
    }
    case "federated-user":
      return `federated user ${p.arn?.split("/").pop() ?? "?"}${account}`;
    case "anonymous":
      return "an anonymous (unsigned) requester";
    case "service":
      return `the AWS service ${p.service ?? "?"}`;
  }
}

/** @internal `account 2222…` for a canonical ID, or the canonical ID itself when the account is unknown. */
export function describeCanonical(id: string, accountOf: AccountOf | undefined): string {
  if (id === ANONYMOUS_CANONICAL_ID) return "the anonymous user";
  const account = accountOf?.(id);
  return account === undefined ? `canonical user ${id}` : `account ${account}`;
}

/** @internal A short name of a group grantee. */
export function groupName(uri: string): string {
  if (uri === ALL_USERS) return "AllUsers (everyone)";
  if (uri === AUTHENTICATED_USERS) return "AuthenticatedUsers (any AWS account)";
  if (uri === LOG_DELIVERY) return "LogDelivery";
  return uri;
}

/** @internal A grant as data. */
export function grantOf(grant: Grant, index: number, accountOf: AccountOf | undefined): GrantExplanation {
  if (grant.grantee.type === "Group") return { index, grantee: grant.grantee.uri, granteeType: "Group", permission: grant.permission };
  const account = grant.grantee.id === ANONYMOUS_CANONICAL_ID ? undefined : accountOf?.(grant.grantee.id);
  return account === undefined
    ? { index, grantee: grant.grantee.id, granteeType: "CanonicalUser", permission: grant.permission }
    : { index, grantee: grant.grantee.id, granteeType: "CanonicalUser", granteeAccountId: account, permission: grant.permission };
}

/** @internal `#1 account 1111… FULL_CONTROL`. */
export function describeGrant(g: GrantExplanation): string {
  const who = g.granteeType === "Group" ? groupName(g.grantee) : g.granteeAccountId !== undefined ? `account ${g.granteeAccountId}` : g.grantee === ANONYMOUS_CANONICAL_ID ? "the anonymous user" : `canonical user ${g.grantee}`;
  return `#${g.index} ${who} ${g.permission}`;
}

/** @internal The statements a trace explains (statements the action/principal indexes ruled out are only counted). */
export function explainedOnly(ts: readonly StatementTrace[] | undefined): ExplainedStatementTrace[] {
  return (ts ?? []).filter((s): s is ExplainedStatementTrace => !("notCandidate" in s));
}

/** @internal A statement trace as data. */
export function statementOf(t: ExplainedStatementTrace): StatementExplanation {
  const out = { policyId: t.policyId, index: t.index } as { -readonly [K in keyof StatementExplanation]: StatementExplanation[K] };
  if (t.sid !== undefined) out.sid = t.sid;
  out.effect = t.effect;
  out.matched = t.matched;
  if (t.failed !== undefined) out.failed = t.failed;
  if (t.principalMatch !== undefined) out.principalMatch = t.principalMatch;
  out.conditions = t.conditions.map((c) =>
    c.requestValues !== undefined ? { operator: c.operator, key: c.key, policyValues: c.policyValues, requestValues: c.requestValues, result: c.result } : { operator: c.operator, key: c.key, policyValues: c.policyValues, result: c.result },
  );
  return out;
}

/** @internal `statement "Sid" (#2)` or `statement #2`. */
export function statementName(s: { readonly index: number; readonly sid?: string }): string {
  return s.sid !== undefined && s.sid !== "" ? `statement "${s.sid}" (#${s.index})` : `statement #${s.index}`;
}

/** @internal `s3:x-amz-acl StringEquals ["bucket-owner-full-control"], request: absent → false`. */
export function describeCondition(c: ConditionExplanation): string {
  const request = c.requestValues === undefined ? "absent from the request" : `request has ${list(c.requestValues)}`;
  return `${c.operator} ${c.key} ${list(c.policyValues)}: ${request} → ${c.result ? "holds" : "fails"}`;
}

function list(values: readonly string[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

/** @internal Why a statement did not apply, in words. */
export function whyNotMatched(s: StatementExplanation): string {
  switch (s.failed) {
    case "action":
      return "its Action does not cover the action";
    case "principal":
      return "its Principal does not name the requester";
    case "resource":
      return "its Resource does not cover the resource";
    case "condition": {
      const failing = s.conditions.filter((c) => !c.result).map(describeCondition);
      return `its condition fails (${failing.join("; ")})`;
    }
    default:
      return "it applies";
  }
}
