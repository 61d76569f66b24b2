import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Principal } from "../kernel/principal.ts";
import { ANONYMOUS } from "../kernel/principal.ts";
import { compilePolicy } from "./compile.ts";
import { ContextKeys } from "./context.ts";
import type { ContextValue } from "./context.ts";
import { evaluatePolicy } from "./evaluate.ts";
import { readPolicyDocument } from "./parse.ts";
import { printPolicy } from "./print.ts";
import { naiveEvaluate } from "./reference/naiveEvaluate.ts";
import { Glob } from "./wildcard.ts";

const A = "111122223333";
const PRINCIPALS: Principal[] = [
  { kind: "user", accountId: A, arn: `arn:aws:iam::${A}:user/Bob`, username: "Bob", userId: "AIDAEXAMPLEBOB000001", uniqueId: "AIDAEXAMPLEBOB000001", tags: { team: "blue" } },
  { kind: "assumed-role", accountId: A, arn: `arn:aws:sts::${A}:assumed-role/R/s1`, principalArn: `arn:aws:iam::${A}:role/R`, userId: "AROAEXAMPLEROLE00001:s1", uniqueId: "AROAEXAMPLEROLE00001" },
  { kind: "root", accountId: A, arn: `arn:aws:iam::${A}:root`, userId: A, canonicalUserId: "a".repeat(64) },
  { kind: "user", accountId: "444455556666", arn: "arn:aws:iam::444455556666:user/Eve", username: "Eve" },
  ANONYMOUS,
  { kind: "service", service: "logging.s3.amazonaws.com" },
];
const AWS_VALUES = ["*", A, `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/Bob`, `arn:aws:iam::${A}:role/R`, `arn:aws:sts::${A}:assumed-role/R/s1`, "AROAEXAMPLEROLE00001", "444455556666"];
const ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:ListUsers", "S3:getobject"];
const ACTION_PATTERNS = ["*", "s3:*", "s3:Get*", "s3:?utObject", "S3:GETOBJECT", "s3:List*", "iam:*", "s3:*Object"];
const RESOURCES = ["arn:aws:s3:::b/k", "arn:aws:s3:::b/home/Bob/x", "arn:aws:s3:::b", "arn:aws:s3:::c/x*y", undefined];
const RESOURCE_PATTERNS = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:s3:::b/home/${aws:username}/*", "arn:aws:s3:::*", "arn:aws:s3:::?/k", "arn:aws:s3:::c/x${*}y", "arn:aws:s3:::${aws:PrincipalTag/team, 'b'}/*"];
const KEYS: Record<string, { ops: string[]; values: string[] }> = {
  "s3:prefix": { ops: ["StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase"], values: ["home/", "Home/", "home/*", "${aws:username}", "${aws:username}/*", "", "h?me/"] },
  "aws:TagKeys": { ops: ["StringEquals", "StringLike", "StringNotEquals"], values: ["a", "b", "a*", "c"] },
  "aws:SourceIp": { ops: ["IpAddress", "NotIpAddress"], values: ["10.0.0.0/8", "10.1.2.3", "2001:db8::/32", "0.0.0.0/0"] },
  "s3:max-keys": { ops: ["NumericEquals", "NumericLessThan", "NumericGreaterThanEquals", "NumericNotEquals"], values: ["10", "5", "10.0", "x"] },
  "aws:CurrentTime": { ops: ["DateLessThan", "DateGreaterThan", "DateEquals"], values: ["2024-01-01T00:00:00Z", "1704067200", "2023-06-01"] },
  "aws:SecureTransport": { ops: ["Bool"], values: ["true", "false"] },
  "aws:PrincipalArn": { ops: ["ArnLike", "ArnNotEquals", "StringLike"], values: [`arn:aws:iam::${A}:role/*`, "arn:aws:iam::*:user/Bob", "arn:*:*:*:*:*"] },
  "aws:PrincipalTag/TEAM": { ops: ["StringEquals", "Null"], values: ["blue", "true", "false"] },
};
const CONTEXT_VALUES: Record<string, ContextValue[]> = {
  "s3:prefix": ["home/", "Home/", "Bob", "Bob/x", ""],
  "aws:tagkeys": [["a"], ["a", "b"], [], ["c", "a"]],
  "AWS:SourceIp": ["10.1.2.3", "192.168.0.1", "2001:db8::1"],
  "s3:max-keys": ["10", "3", "abc"],
  "aws:CurrentTime": ["2023-12-31T00:00:00Z", "2024-01-01T00:00:00Z", "1704067200"],
  "aws:SecureTransport": ["true", "false"],
};

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const oneOrMany = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

const conditionArb = fc.dictionary(
  fc.tuple(pick(Object.keys(KEYS)), fc.constantFrom("", "ForAllValues:", "ForAnyValue:"), fc.boolean()).map(([k, q, e]) => JSON.stringify([k, q, e])),
  fc.nat(100),
  { maxKeys: 2 },
).chain((spec) => {
  const entries = Object.keys(spec).map((s) => JSON.parse(s) as [string, string, boolean]);
  return fc.tuple(...entries.map(([key, q, ifExists]) => {
    const k = KEYS[key] ?? { ops: ["StringEquals"], values: ["x"] };
    return fc.tuple(pick(k.ops), oneOrMany(pick(k.values))).map(([op, values]) => {
      const name = op === "Null" ? "Null" : `${q}${op}${ifExists ? "IfExists" : ""}`;
      return [name, key, values] as const;
    });
  }));
}).map((clauses) => {
  const c: Record<string, Record<string, string | string[]>> = {};
  for (const [op, key, values] of clauses) (c[op] ??= {})[key] = values;
  return c;
});

const principalArb = fc.oneof(fc.constant("*" as unknown), fc.record({ AWS: oneOrMany(pick(AWS_VALUES)) }), fc.record({ Service: pick(["logging.s3.amazonaws.com", "other.amazonaws.com", "*"]) }), fc.record({ CanonicalUser: fc.constant("a".repeat(64)) }));

const statementArb = (withPrincipal: boolean) => fc.record({
  Effect: pick(["Allow", "Deny"]),
  action: fc.tuple(fc.boolean(), oneOrMany(pick(ACTION_PATTERNS))),
  resource: fc.tuple(fc.boolean(), oneOrMany(pick(RESOURCE_PATTERNS))),
  principal: fc.tuple(fc.boolean(), principalArb),
  Condition: fc.option(conditionArb, { nil: undefined }),
}).map(({ Effect, action, resource, principal, Condition }) => ({
  Effect,
  [action[0] ? "NotAction" : "Action"]: action[1],
  [resource[0] ? "NotResource" : "Resource"]: resource[1],
  ...(withPrincipal ? { [principal[0] && Effect === "Deny" ? "NotPrincipal" : "Principal"]: principal[1] } : {}),
  ...(Condition === undefined || Object.keys(Condition).length === 0 ? {} : { Condition }),
}));

const policyArb = fc.boolean().chain((withPrincipal) => fc.record({
  Version: pick(["2012-10-17", "2008-10-17"]),
  Statement: fc.array(statementArb(withPrincipal), { minLength: 1, maxLength: 5 }),
}));

const requestArb = fc.record({
  principal: pick(PRINCIPALS),
  action: pick(ACTIONS),
  resource: pick(RESOURCES),
  context: fc.dictionary(pick(Object.keys(CONTEXT_VALUES)), fc.constant(0)).chain((keys) => {
    const names = Object.keys(keys);
    return fc.tuple(...names.map((n) => pick(CONTEXT_VALUES[n] ?? [""]))).map((vals) => Object.fromEntries(names.map((n, i) => [n, vals[i] ?? ""])));
  }),
});

const RUNS = Number(process.env["POLICY_PROPERTY_RUNS"] ?? 50_000);

describe("properties", () => {
  it(`the compiled engine and the naive reference evaluator agree (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(policyArb, requestArb, (doc, req) => {
        const parsed = readPolicyDocument(JSON.stringify(doc));
        assert.deepEqual(parsed.errors, []);
        if (parsed.policy === undefined) return;
        const context = ContextKeys.of(req.context as Record<string, ContextValue>);
        const cp = compilePolicy(parsed.policy, "p");
        const request = { principal: req.principal, action: req.action, resource: req.resource, context };
        const fast = evaluatePolicy(cp, request).effect;
        assert.equal(fast, naiveEvaluate(parsed.policy, { ...req, context: req.context as Record<string, ContextValue> }));
        assert.equal(evaluatePolicy(cp, request, { trace: true }).effect, fast);
      }),
      { numRuns: RUNS },
    );
  });

  it("parse → print → parse is the identity (locations aside)", () => {
    const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === "loc" || k === "keyLoc" ? undefined : x)));
    fc.assert(
      fc.property(policyArb, fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), (doc, id) => {
        const text = JSON.stringify(id === undefined ? doc : { ...doc, Id: id });
        const first = readPolicyDocument(text).policy;
        const again = first === undefined ? undefined : readPolicyDocument(printPolicy(first)).policy;
        assert.deepEqual(strip(again), strip(first));
      }),
      { numRuns: 2000 },
    );
  });

  it("wildcard matching agrees with an independently built regular expression", () => {
    const alphabet = fc.constantFrom("a", "b", "/", ":", "*", "?", ".", "A");
    const text = fc.string({ unit: fc.constantFrom("a", "b", "/", ":", ".", "A", "*", "?"), maxLength: 10 });
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), text, fc.boolean(), (pattern, s, ignoreCase) => {
        const src = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))).join("");
        const re = new RegExp(`^${src}$`, ignoreCase ? "is" : "s");
        assert.equal(Glob.of(pattern, ignoreCase).matches(s), re.test(s), `${pattern} vs ${s}`);
      }),
      { numRuns: 20_000 },
    );
  });
});
