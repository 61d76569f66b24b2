import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Principal } from "../kernel/principal.ts";
import { ANONYMOUS } from "../kernel/principal.ts";
import { compilePolicy } from "./compile.ts";
import { ContextKeys } from "./context.ts";
import type { ContextValue } from "./context.ts";
import { evaluatePolicies, evaluatePolicy } from "./evaluate.ts";
import { parsePolicy } from "./parse.ts";
import type { PolicyKind } from "./types.ts";

const A = "111122223333";
const USER: Principal = { kind: "user", accountId: A, arn: `arn:aws:iam::${A}:user/Bob`, principalArn: `arn:aws:iam::${A}:user/Bob`, userId: "AIDAEXAMPLEBOB000001", username: "Bob", uniqueId: "AIDAEXAMPLEBOB000001", tags: { Team: "blue" } };
const SESSION: Principal = { kind: "assumed-role", accountId: A, arn: `arn:aws:sts::${A}:assumed-role/R/s1`, principalArn: `arn:aws:iam::${A}:role/R`, userId: "AROAEXAMPLEROLE00001:s1", uniqueId: "AROAEXAMPLEROLE00001" };
const ROOT: Principal = { kind: "root", accountId: A, arn: `arn:aws:iam::${A}:root`, userId: A, canonicalUserId: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" };
const OTHER: Principal = { kind: "user", accountId: "444455556666", arn: "arn:aws:iam::444455556666:user/Eve", username: "Eve" };
const SERVICE: Principal = { kind: "service", service: "logging.s3.amazonaws.com" };

function decide(statement: Record<string, unknown>, opts: { principal?: Principal; action?: string; resource?: string | undefined; context?: Record<string, ContextValue>; kind?: PolicyKind; version?: string } = {}): string {
  const kind = opts.kind ?? (statement["Principal"] !== undefined || statement["NotPrincipal"] !== undefined ? "resource" : "identity");
  const base = { Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...statement };
  const r = parsePolicy(JSON.stringify({ Version: opts.version ?? "2012-10-17", Statement: base }), kind);
  assert.deepEqual(r.errors, [], JSON.stringify(r.errors));
  if (r.policy === undefined) throw new Error("no policy");
  const req = {
    principal: opts.principal ?? USER,
    action: opts.action ?? "s3:GetObject",
    resource: "resource" in opts ? opts.resource : "arn:aws:s3:::b/k",
    context: ContextKeys.of(opts.context ?? {}),
  };
  const cp = compilePolicy(r.policy, "p");
  const fast = evaluatePolicy(cp, req).effect;
  assert.equal(evaluatePolicy(cp, req, { trace: true }).effect, fast, "traced and untraced results agree");
  return fast;
}
const cond = (c: Record<string, unknown>, context: Record<string, ContextValue>, version?: string): string =>
  decide({ Condition: c }, version === undefined ? { context } : { context, version });

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
describe("Action and NotAction", () => {
  it("matches action names case-insensitively", () => assert.equal(decide({ Action: "S3:getobject" }), "Allow"));
  it("matches * and ? anywhere in the action name", () => {
    assert.equal(decide({ Action: "s3:Get*" }), "Allow");
    assert.equal(decide({ Action: "s3:*Object" }), "Allow");
    assert.equal(decide({ Action: "s3:GetObjec?" }), "Allow");
    assert.equal(decide({ Action: "s3:Put*" }), "NoMatch");
  });
  it("treats \"*\" as every action of every service", () => assert.equal(decide({ Action: "*" }, { action: "iam:ListUsers" }), "Allow"));
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
  it("NotAction matches every action not listed", () => {
    assert.equal(decide({ Action: undefined, NotAction: "s3:PutObject" }), "Allow");
    assert.equal(decide({ Action: undefined, NotAction: "s3:Get*" }), "NoMatch");
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
describe("Resource and NotResource", () => {
  it("matches resources case-sensitively", () => {
    assert.equal(decide({ Resource: "arn:aws:s3:::b/k" }), "Allow");
    assert.equal(decide({ Resource: "arn:aws:s3:::B/K" }), "NoMatch");
  });
  it("lets * cross / in the object part", () => {
    assert.equal(decide({ Resource: "arn:aws:s3:::b/*/test/*" }, { resource: "arn:aws:s3:::b/1/2/test/3/x.jpg" }), "Allow");
    assert.equal(decide({ Resource: "arn:aws:s3:::b/*/test/*" }, { resource: "arn:aws:s3:::b//test/x" }), "Allow");
  });
  it("does not let a bucket ARN cover the bucket's objects", () => assert.equal(decide({ Resource: "arn:aws:s3:::b" }), "NoMatch"));
  it("NotResource matches every resource not listed", () => {
    assert.equal(decide({ Resource: undefined, NotResource: "arn:aws:s3:::other/*" }), "Allow");
    assert.equal(decide({ Resource: undefined, NotResource: "arn:aws:s3:::b/*" }), "NoMatch");
  });
  // spec §9.1 / Appendix A20: ListAllMyBuckets has no resource
  it("matches a request without resource only with * or an all-wildcard ARN", () => {
    assert.equal(decide({ Resource: "*" }, { resource: undefined }), "Allow");
    assert.equal(decide({ Resource: "arn:aws:s3:::*" }, { resource: undefined }), "Allow");
    assert.equal(decide({ Resource: "arn:aws:s3:::b/*" }, { resource: undefined }), "NoMatch");
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html (spec §3.3.1)
describe("Principal forms", () => {
  const p = (value: unknown, principal: Principal): string => decide({ Principal: value }, { principal });
  it("\"*\" and {\"AWS\":\"*\"} match everyone, anonymous and service principals included", () => {
    for (const who of [USER, ANONYMOUS, SERVICE, ROOT]) {
      assert.equal(p("*", who), "Allow");
      assert.equal(p({ AWS: "*" }, who), "Allow");
    }
  });
  it("an account ID or root ARN matches every identity of that account, not anonymous", () => {
    for (const v of [A, `arn:aws:iam::${A}:root`]) {
      for (const who of [USER, SESSION, ROOT]) assert.equal(p({ AWS: v }, who), "Allow");
      assert.equal(p({ AWS: v }, OTHER), "NoMatch");
      assert.equal(p({ AWS: v }, ANONYMOUS), "NoMatch");
    }
  });
  it("a user ARN matches that user only", () => {
    assert.equal(p({ AWS: USER.arn }, USER), "Allow");
    assert.equal(p({ AWS: USER.arn }, ROOT), "NoMatch");
  });
  it("a role ARN matches all sessions of the role; a session ARN only that session", () => {
    assert.equal(p({ AWS: `arn:aws:iam::${A}:role/R` }, SESSION), "Allow");
    assert.equal(p({ AWS: `arn:aws:sts::${A}:assumed-role/R/s1` }, SESSION), "Allow");
    assert.equal(p({ AWS: `arn:aws:sts::${A}:assumed-role/R/s2` }, SESSION), "NoMatch");
  });
  it("a unique ID matches the user or role it identifies", () => {
    assert.equal(p({ AWS: "AROAEXAMPLEROLE00001" }, SESSION), "Allow");
  });
  it("a federated-user ARN matches that session", () => {
    const fed: Principal = { kind: "federated-user", accountId: A, arn: `arn:aws:sts::${A}:federated-user/F` };
    assert.equal(p({ AWS: `arn:aws:sts::${A}:federated-user/F` }, fed), "Allow");
  });
  it("CanonicalUser matches the account with that canonical ID", () => {
    assert.equal(p({ CanonicalUser: ROOT.canonicalUserId }, ROOT), "Allow");
  });
  it("Service matches that service principal only", () => {
    assert.equal(p({ Service: "logging.s3.amazonaws.com" }, SERVICE), "Allow");
    assert.equal(p({ Service: "logging.s3.amazonaws.com" }, USER), "NoMatch");
  });
  it("Federated matches the identity provider of a web-identity request (aws:FederatedProvider)", () => {
    const r = decide({ Principal: { Federated: "cognito-identity.amazonaws.com" } }, { principal: SESSION, context: { "aws:FederatedProvider": "cognito-identity.amazonaws.com" } });
    assert.equal(r, "Allow");
  });
  it("reports how the principal was named, most specific first", () => {
    const r = parsePolicy(JSON.stringify({ Statement: { Effect: "Allow", Principal: { AWS: [A, `arn:aws:iam::${A}:role/R`] }, Action: "s3:*", Resource: "*" } }), "resource");
    if (r.policy === undefined) throw new Error("parse");
    const out = evaluatePolicy(compilePolicy(r.policy, "p"), { principal: SESSION, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: new ContextKeys() });
    assert.equal(out.deciding[0]?.principalMatch, "role");
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  it("NotPrincipal exempts a user only when its account is listed too", () => {
    const deny = (list: string[], who: Principal): string => decide({ Effect: "Deny", NotPrincipal: { AWS: list } }, { principal: who });
    assert.equal(deny([USER.arn ?? ""], USER), "Deny");
    assert.equal(deny([USER.arn ?? "", `arn:aws:iam::${A}:root`], USER), "NoMatch");
    assert.equal(deny([USER.arn ?? "", A], OTHER), "Deny");
    assert.equal(deny([A], ANONYMOUS), "Deny");
  });
  it("NotPrincipal exempts a role session only when session, role and account are listed", () => {
    const deny = (list: string[]): string => decide({ Effect: "Deny", NotPrincipal: { AWS: list } }, { principal: SESSION });
    assert.equal(deny([`arn:aws:sts::${A}:assumed-role/R/s1`, A]), "Deny");
    assert.equal(deny([`arn:aws:sts::${A}:assumed-role/R/s1`, `arn:aws:iam::${A}:role/R`, A]), "NoMatch");
  });
  // NotPrincipal "matches every principal except those listed" with Principal's syntax (IAM NotPrincipal page), and a
  // service principal has a single level, so it is exempt exactly when Principal with the same value names it. Whether
  // AWS reads {"Service": "*"} as every service is UNCONFIRMED (spec §3.3.1); both elements read it the same way here.
  it("NotPrincipal {\"Service\": \"*\"} exempts every service principal, as Principal {\"Service\": \"*\"} names every service", () => {
    const other: Principal = { kind: "service", service: "cloudtrail.amazonaws.com" };
    for (const svc of [SERVICE, other]) {
      assert.equal(p({ Service: "*" }, svc), "Allow");
      assert.equal(decide({ Effect: "Deny", NotPrincipal: { Service: "*" } }, { principal: svc }), "NoMatch");
    }
    for (const who of [USER, ROOT, ANONYMOUS]) {
      assert.equal(p({ Service: "*" }, who), "NoMatch");
      assert.equal(decide({ Effect: "Deny", NotPrincipal: { Service: "*" } }, { principal: who }), "Deny");
    }
  });
  it("NotPrincipal naming one service exempts that service only", () => {
    assert.equal(decide({ Effect: "Deny", NotPrincipal: { Service: "logging.s3.amazonaws.com" } }, { principal: SERVICE }), "NoMatch");
    assert.equal(decide({ Effect: "Deny", NotPrincipal: { Service: "logging.s3.amazonaws.com" } }, { principal: { kind: "service", service: "cloudtrail.amazonaws.com" } }), "Deny");
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
describe("condition operators", () => {
  const rows: [string, Record<string, unknown>, Record<string, ContextValue>, string][] = [
    ["StringEquals is exact and case-sensitive", { StringEquals: { "s3:prefix": "Home" } }, { "s3:prefix": "home" }, "NoMatch"],
    ["StringEquals matches any of several values (OR)", { StringEquals: { "s3:prefix": ["a", "home"] } }, { "s3:prefix": "home" }, "Allow"],
    ["StringNotEquals is true when no value matches (NOR)", { StringNotEquals: { "s3:prefix": ["a", "b"] } }, { "s3:prefix": "c" }, "Allow"],
    ["StringNotEquals is false when one value matches", { StringNotEquals: { "s3:prefix": ["a", "c"] } }, { "s3:prefix": "c" }, "NoMatch"],
    ["StringEqualsIgnoreCase ignores case", { StringEqualsIgnoreCase: { "s3:prefix": "HOME" } }, { "s3:prefix": "home" }, "Allow"],
    ["StringNotEqualsIgnoreCase ignores case", { StringNotEqualsIgnoreCase: { "s3:prefix": "HOME" } }, { "s3:prefix": "home" }, "NoMatch"],
    ["StringLike * matches any run", { StringLike: { "s3:prefix": "home/*" } }, { "s3:prefix": "home/a/b" }, "Allow"],
    ["StringLike ? matches one character", { StringLike: { "s3:prefix": "h?me" } }, { "s3:prefix": "hxme" }, "Allow"],
    ["StringLike is case-sensitive", { StringLike: { "s3:prefix": "Home*" } }, { "s3:prefix": "home" }, "NoMatch"],
    ["StringNotLike negates", { StringNotLike: { "s3:prefix": "home*" } }, { "s3:prefix": "other" }, "Allow"],
    ["NumericEquals compares numbers, not text", { NumericEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10.0" }, "Allow"],
    ["NumericLessThan", { NumericLessThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "9" }, "Allow"],
    ["NumericLessThanEquals", { NumericLessThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }, "Allow"],
    ["NumericGreaterThan", { NumericGreaterThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }, "NoMatch"],
    ["NumericGreaterThanEquals", { NumericGreaterThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "11" }, "Allow"],
    ["NumericNotEquals", { NumericNotEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "11" }, "Allow"],
    ["Numeric on a non-number request value matches nothing", { NumericLessThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "ten" }, "NoMatch"],
    ["DateLessThan with ISO 8601", { DateLessThan: { "aws:CurrentTime": "2024-01-01T00:00:00Z" } }, { "aws:CurrentTime": "2023-12-31T23:59:59Z" }, "Allow"],
    ["DateGreaterThan with epoch seconds in the policy", { DateGreaterThan: { "aws:CurrentTime": "1700000000" } }, { "aws:CurrentTime": "2024-01-01T00:00:00Z" }, "Allow"],
    ["DateEquals across formats", { DateEquals: { "aws:EpochTime": "2024-01-01T00:00:00Z" } }, { "aws:EpochTime": "1704067200" }, "Allow"],
    ["DateNotEquals", { DateNotEquals: { "aws:CurrentTime": "2024-01-01" } }, { "aws:CurrentTime": "2024-01-02" }, "Allow"],
    ["DateLessThanEquals / DateGreaterThanEquals on equal dates", { DateLessThanEquals: { "aws:CurrentTime": "2024-01-01T00:00:00+01:00" }, DateGreaterThanEquals: { "aws:CurrentTime": "2023-12-31T23:00:00Z" } }, { "aws:CurrentTime": "2023-12-31T23:00:00Z" }, "Allow"],
    ["Bool compares true/false", { Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": "false" }, "Allow"],
    ["Bool ignores the case of the value", { Bool: { "aws:SecureTransport": "TRUE" } }, { "aws:SecureTransport": "true" }, "Allow"],
    ["BinaryEquals compares base64-decoded bytes", { BinaryEquals: { "s3:x": "QmluYXJ5" } }, { "s3:x": "QmluYXJ5" }, "Allow"],
    ["BinaryEquals fails on other bytes", { BinaryEquals: { "s3:x": "QmluYXJ5" } }, { "s3:x": "QmluYXJz" }, "NoMatch"],
    ["IpAddress with an IPv4 CIDR", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "203.0.113.7" }, "Allow"],
    ["IpAddress with a bare address is /32", { IpAddress: { "aws:SourceIp": "203.0.113.7" } }, { "aws:SourceIp": "203.0.113.8" }, "NoMatch"],
    ["IpAddress with an IPv6 CIDR", { IpAddress: { "aws:SourceIp": "2001:DB8:1234:5678::/64" } }, { "aws:SourceIp": "2001:db8:1234:5678:abcd::1" }, "Allow"],
    ["IpAddress never matches across families", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, { "aws:SourceIp": "::1" }, "NoMatch"],
    ["NotIpAddress outside all ranges", { NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"] } }, { "aws:SourceIp": "203.0.113.7" }, "Allow"],
    ["IPv6 with an embedded IPv4 tail", { IpAddress: { "aws:SourceIp": "::ffff:10.0.0.0/104" } }, { "aws:SourceIp": "::ffff:10.1.2.3" }, "Allow"],
    ["ArnLike per-part wildcard", { ArnLike: { "aws:SourceArn": "arn:aws:s3:::log-*" } }, { "aws:SourceArn": "arn:aws:s3:::log-bucket" }, "Allow"],
    ["ArnEquals behaves like ArnLike", { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::*:role/R" } }, { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/R" }, "Allow"],
    ["ArnLike: * does not swallow colons before the resource part",
      { ArnLike: { "aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*" } },
      { "aws:SourceArn": "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt" }, "NoMatch"],
    ["StringLike: the same pattern does swallow colons",
      { StringLike: { "aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*" } },
      { "aws:SourceArn": "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt" }, "Allow"],
    ["ArnNotLike negates", { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin" } }, { "aws:PrincipalArn": "arn:aws:iam::1:role/R" }, "Allow"],
    ["ArnLike on a non-ARN request value fails", { ArnLike: { "aws:SourceArn": "*" } }, { "aws:SourceArn": "nope" }, "NoMatch"],
  ];
  for (const [name, c, ctx, want] of rows) it(name, () => assert.equal(cond(c, ctx), want));
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (spec §3.9, §12.14)
describe("missing keys, IfExists, Null", () => {
  it("a positive operator on an absent key is false", () => {
    const values: Record<string, string> = { StringEquals: "1", StringLike: "*", NumericEquals: "1", DateEquals: "1", Bool: "false", BinaryEquals: "QQ==", IpAddress: "0.0.0.0/0", ArnLike: "arn:*:*:*:*:*" };
    for (const [op, v] of Object.entries(values)) {
      assert.equal(cond({ [op]: { "aws:Absent": v } }, {}), "NoMatch", op);
    }
  });
  it("a negated operator on an absent key is true", () => {
    for (const op of ["StringNotEquals", "StringNotLike", "StringNotEqualsIgnoreCase", "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike"]) {
      assert.equal(cond({ [op]: { "aws:Absent": "1" } }, {}), "Allow", op);
    }
  });
  it("IfExists is true on an absent key and evaluates the base operator otherwise", () => {
    assert.equal(cond({ StringEqualsIfExists: { "s3:prefix": "a" } }, {}), "Allow");
    assert.equal(cond({ StringEqualsIfExists: { "s3:prefix": "a" } }, { "s3:prefix": "b" }), "NoMatch");
  });
  it("Deny with a negated IfExists operator denies a request lacking the key", () => {
    assert.equal(decide({ Effect: "Deny", Condition: { StringNotEqualsIfExists: { "s3:x-amz-acl": "bucket-owner-full-control" } } }), "Deny");
  });
  it("Null true holds iff the key is absent; Null false iff present", () => {
    assert.equal(cond({ Null: { "s3:prefix": "true" } }, {}), "Allow");
    assert.equal(cond({ Null: { "s3:prefix": "true" } }, { "s3:prefix": "" }), "NoMatch");
    assert.equal(cond({ Null: { "s3:prefix": "false" } }, { "s3:prefix": "x" }), "Allow");
    assert.equal(cond({ Null: { "s3:prefix": "false" } }, {}), "NoMatch");
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
  it("condition key names are case-insensitive", () => {
    assert.equal(cond({ IpAddress: { "AWS:SOURCEIP": "10.0.0.0/8" } }, { "aws:SourceIp": "10.1.1.1" }), "Allow");
  });
  it("tag keys in key names are case-insensitive", () => {
    assert.equal(cond({ StringEquals: { "aws:PrincipalTag/TEAM": "blue" } }, {}), "Allow");
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
  it("several keys and several operators are ANDed", () => {
    const c = { StringEquals: { "s3:prefix": "a", "s3:delimiter": "/" }, NumericLessThan: { "s3:max-keys": "5" } };
    assert.equal(cond(c, { "s3:prefix": "a", "s3:delimiter": "/", "s3:max-keys": "1" }), "Allow");
    assert.equal(cond(c, { "s3:prefix": "a", "s3:delimiter": "/", "s3:max-keys": "9" }), "NoMatch");
    assert.equal(cond(c, { "s3:prefix": "a", "s3:max-keys": "1" }), "NoMatch");
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
describe("ForAllValues and ForAnyValue", () => {
  const tags = (v: string[] | undefined): Record<string, ContextValue> => (v === undefined ? {} : { "aws:TagKeys": v });
  it("ForAllValues is true when every request value is in the policy set", () => {
    assert.equal(cond({ "ForAllValues:StringEquals": { "aws:TagKeys": ["a", "b"] } }, tags(["a"])), "Allow");
    assert.equal(cond({ "ForAllValues:StringEquals": { "aws:TagKeys": ["a", "b"] } }, tags(["a", "c"])), "NoMatch");
  });
  it("ForAllValues is true on an absent key or an empty set", () => {
    assert.equal(cond({ "ForAllValues:StringEquals": { "aws:TagKeys": "a" } }, tags(undefined)), "Allow");
    assert.equal(cond({ "ForAllValues:StringEquals": { "aws:TagKeys": "a" } }, tags([])), "Allow");
  });
  it("ForAnyValue is true when one request value is in the policy set, false on absent or empty", () => {
    assert.equal(cond({ "ForAnyValue:StringEquals": { "aws:TagKeys": "a" } }, tags(["x", "a"])), "Allow");
    assert.equal(cond({ "ForAnyValue:StringEquals": { "aws:TagKeys": "a" } }, tags(undefined)), "NoMatch");
    assert.equal(cond({ "ForAnyValue:StringEquals": { "aws:TagKeys": "a" } }, tags([])), "NoMatch");
  });
  it("ForAllValues with a negated operator: no request value may be in the set", () => {
    assert.equal(cond({ "ForAllValues:StringNotEquals": { "aws:TagKeys": ["a"] } }, tags(["b", "c"])), "Allow");
    assert.equal(cond({ "ForAllValues:StringNotEquals": { "aws:TagKeys": ["a"] } }, tags(["b", "a"])), "NoMatch");
  });
  it("ForAnyValue with a negated operator: some request value is outside the set", () => {
    assert.equal(cond({ "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["a"] } }, tags(["a", "b"])), "Allow");
    assert.equal(cond({ "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["a"] } }, tags(["a"])), "NoMatch");
  });
  it("ForAnyValue:StringLike matches patterns against a multivalued key", () => {
    assert.equal(cond({ "ForAnyValue:StringLike": { "aws:TagKeys": "env*" } }, tags(["x", "environment"])), "Allow");
  });
  it("a plain operator on a multivalued key matches if any value matches", () => {
    assert.equal(cond({ StringEquals: { "aws:TagKeys": "a" } }, tags(["x", "a"])), "Allow");
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (spec §3.11)
describe("policy variables", () => {
  it("substitutes ${aws:username} in Resource", () => {
    assert.equal(decide({ Resource: "arn:aws:s3:::b/home/${aws:username}/*" }, { resource: "arn:aws:s3:::b/home/Bob/x" }), "Allow");
    assert.equal(decide({ Resource: "arn:aws:s3:::b/home/${aws:username}/*" }, { resource: "arn:aws:s3:::b/home/Eve/x" }), "NoMatch");
  });
  it("substitutes ${aws:userid} and ${aws:PrincipalTag/k} from the requester", () => {
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${aws:userid}/*" }, { principal: SESSION, resource: "arn:aws:s3:::b/AROAEXAMPLEROLE00001:s1/x" }), "Allow");
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team}/*" }, { resource: "arn:aws:s3:::b/blue/x" }), "Allow");
  });
  it("substitutes ${s3:prefix} in condition values", () => {
    assert.equal(cond({ StringLike: { "s3:prefix": "${aws:username}/*" } }, { "s3:prefix": "Bob/a" }), "Allow");
  });
  it("a resource pattern whose variable has no value matches nothing", () => {
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${aws:username}/*" }, { principal: SESSION, resource: "arn:aws:s3:::b//x" }), "NoMatch");
  });
  it("a condition variable without value fails positive and passes negated operators", () => {
    assert.equal(decide({ Condition: { StringEquals: { "s3:prefix": "${aws:username}" } } }, { principal: SESSION, context: { "s3:prefix": "" } }), "NoMatch");
    assert.equal(decide({ Condition: { StringNotEquals: { "s3:prefix": "${aws:username}" } } }, { principal: SESSION, context: { "s3:prefix": "" } }), "Allow");
  });
  it("uses the default of ${key, 'default'} when the key has no value", () => {
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${aws:PrincipalTag/dept, 'shared'}/*" }, { resource: "arn:aws:s3:::b/shared/x" }), "Allow");
  });
  it("${*}, ${?} and ${$} are literal characters", () => {
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${*}" }, { resource: "arn:aws:s3:::b/*" }), "Allow");
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${*}" }, { resource: "arn:aws:s3:::b/x" }), "NoMatch");
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${?}${$}" }, { resource: "arn:aws:s3:::b/?$" }), "Allow");
  });
  it("a substituted value is literal: its * is not a wildcard", () => {
    const who: Principal = { ...USER, username: "a*" };
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${aws:username}" }, { principal: who, resource: "arn:aws:s3:::b/abc" }), "NoMatch");
  });
  it("variables are literal text under Version 2008-10-17", () => {
    assert.equal(decide({ Resource: "arn:aws:s3:::b/${aws:username}" }, { version: "2008-10-17", resource: "arn:aws:s3:::b/${aws:username}" }), "Allow");
  });
  // spec §12.13: aws:PrincipalArn of a role session is the role ARN
  it("aws:PrincipalArn of a session is the role ARN", () => {
    assert.equal(decide({ Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/R` } } }, { principal: SESSION }), "Allow");
  });
});

describe("policy-level results", () => {
  it("an explicit Deny overrides an Allow and names the deciding statements", () => {
    const r = parsePolicy(JSON.stringify({ Statement: [{ Sid: "a", Effect: "Allow", Action: "s3:*", Resource: "*" }, { Sid: "d", Effect: "Deny", Action: "s3:GetObject", Resource: "*" }] }), "identity");
    if (r.policy === undefined) throw new Error("parse");
    const out = evaluatePolicy(compilePolicy(r.policy, "p"), { principal: USER, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: new ContextKeys() });
    assert.equal(out.effect, "Deny");
    assert.deepEqual(out.deciding, [{ policyId: "p", index: 1, sid: "d" }]);
  });
  it("the trace says which element failed and what the condition compared", () => {
    const r = parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Action: "s3:PutObject", Resource: "*" },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::other/*" },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "s3:prefix": "${aws:username}" } } },
    ] }), "identity");
    if (r.policy === undefined) throw new Error("parse");
    const out = evaluatePolicy(compilePolicy(r.policy, "p"), { principal: USER, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: ContextKeys.of({ "s3:prefix": "x" }) }, { trace: true });
    assert.deepEqual(out.trace?.map((t) => t.failed), ["action", "resource", "condition"]);
    assert.deepEqual(out.trace?.[2]?.conditions[0], { operator: "StringEquals", key: "s3:prefix", policyValues: ["Bob"], requestValues: ["x"], result: false });
  });
  it("evaluatePolicies ORs several policies of one type", () => {
    const mk = (effect: string, action: string) => {
      const r = parsePolicy(JSON.stringify({ Statement: { Effect: effect, Action: action, Resource: "*" } }), "identity");
      if (r.policy === undefined) throw new Error("parse");
      return compilePolicy(r.policy, `${effect}-${action}`);
    };
    const req = { principal: USER, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: new ContextKeys() };
    assert.equal(evaluatePolicies([mk("Allow", "s3:PutObject"), mk("Allow", "s3:GetObject")], req).effect, "Allow");
    assert.equal(evaluatePolicies([mk("Allow", "s3:GetObject"), mk("Deny", "s3:*")], req).effect, "Deny");
    assert.equal(evaluatePolicies([], req).effect, "NoMatch");
  });
  it("lazily resolved context keys are asked for only when read", () => {
    const asked: string[] = [];
    const ctx = new ContextKeys().withResolver((k) => {
      asked.push(k);
      return k === "aws:sourceip" ? "10.0.0.1" : undefined;
    });
    const r = parsePolicy(JSON.stringify({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } } }), "identity");
    if (r.policy === undefined) throw new Error("parse");
    const cp = compilePolicy(r.policy, "p");
    assert.equal(evaluatePolicy(cp, { principal: USER, action: "s3:PutObject", resource: "arn:aws:s3:::b/k", context: ctx }).effect, "NoMatch");
    assert.deepEqual(asked, []);
    assert.equal(evaluatePolicy(cp, { principal: USER, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: ctx }).effect, "Allow");
    assert.deepEqual(asked, ["aws:sourceip"]);
  });
});
