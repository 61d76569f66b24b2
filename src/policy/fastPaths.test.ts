import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Principal } from "../kernel/principal.ts";
import { ANONYMOUS } from "../kernel/principal.ts";
import { compilePolicy } from "./compile.ts";
import { compileIp, ipInRange, parseIpRange } from "./conditions/ip.ts";
import { ContextKeys } from "./context.ts";
import type { ContextValue } from "./context.ts";
import { evaluatePolicies, evaluatePolicy } from "./evaluate.ts";
import type { NotCandidateTrace, PolicyResult, StatementTrace } from "./evaluate.ts";
import { parsePolicy, readPolicyDocument } from "./parse.ts";
import { isPrincipalKey, principalKey } from "./principalKeys.ts";
import { naiveEvaluate } from "./reference/naiveEvaluate.ts";
import type { PolicyKind } from "./types.ts";
import { parseTemplate, resolveTemplate } from "./variables.ts";
import { compileTemplate, Glob, startsAt } from "./wildcard.ts";

const A = "111122223333";
const O = "444455556666";
const BOB: Principal = { kind: "user", accountId: A, arn: `arn:aws:iam::${A}:user/Bob`, principalArn: `arn:aws:iam::${A}:user/Bob`, username: "Bob", userId: "AIDAEXAMPLEBOB000001", uniqueId: "AIDAEXAMPLEBOB000001", canonicalUserId: "a".repeat(64), tags: { team: "blue" } };
const SESSION: Principal = { kind: "assumed-role", accountId: A, arn: `arn:aws:sts::${A}:assumed-role/R/s1`, principalArn: `arn:aws:iam::${A}:role/R`, userId: "AROAEXAMPLEROLE00001:s1", uniqueId: "AROAEXAMPLEROLE00001", canonicalUserId: "a".repeat(64) };
const ROOT: Principal = { kind: "root", accountId: A, arn: `arn:aws:iam::${A}:root`, userId: A, canonicalUserId: "a".repeat(64) };
const EVE: Principal = { kind: "user", accountId: O, arn: `arn:aws:iam::${O}:user/Eve`, username: "Eve", canonicalUserId: "b".repeat(64) };
const SERVICE: Principal = { kind: "service", service: "logging.s3.amazonaws.com" };
const PRINCIPALS = [BOB, SESSION, ROOT, EVE, ANONYMOUS, SERVICE];

function compiled(doc: unknown, kind: PolicyKind, id = "p"): ReturnType<typeof compilePolicy> {
  const r = parsePolicy(JSON.stringify(doc), kind);
  assert.deepEqual(r.errors, []);
  if (r.policy === undefined) throw new Error("parse");
  return compilePolicy(r.policy, id);
}

const isSummary = (t: StatementTrace): t is NotCandidateTrace => t.notCandidate !== undefined;

/** The trace is complete: summaries plus explained statements account for every statement exactly once. */
function assertCompleteTrace(r: PolicyResult, statements: number): void {
  const trace = r.trace ?? [];
  const counted = trace.reduce((n, t) => n + (isSummary(t) ? t.count : 1), 0);
  assert.equal(counted, statements, "every statement is explained or counted");
  const explained = trace.filter((t) => !isSummary(t)).map((t) => (isSummary(t) ? -1 : t.index));
  assert.deepEqual(explained, [...explained].sort((x, y) => x - y), "explained statements are in document order");
}

// Large resource policies, so that the principal index narrows the candidates (more than 4 action candidates).
const AWS_VALUES = ["*", A, O, `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/Bob`, `arn:aws:iam::${A}:role/R`, `arn:aws:sts::${A}:assumed-role/R/s1`, "AROAEXAMPLEROLE00001", "AIDAEXAMPLEBOB000001", `arn:aws:iam::${O}:user/Eve`];
const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const principalArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ AWS: fc.oneof(pick(AWS_VALUES), fc.array(pick(AWS_VALUES), { minLength: 1, maxLength: 3 })) }) },
  { weight: 1, arbitrary: fc.constant<unknown>("*") },
  { weight: 1, arbitrary: fc.record({ Service: pick(["logging.s3.amazonaws.com", "other.amazonaws.com", "*"]) }) },
  { weight: 1, arbitrary: fc.record({ CanonicalUser: pick(["a".repeat(64), "b".repeat(64)]) }) },
  { weight: 1, arbitrary: fc.record({ Federated: fc.constant("cognito-identity.amazonaws.com") }) },
);
const statementArb = fc.record({
  Effect: fc.constantFrom("Allow", "Allow", "Allow", "Deny"),
  Action: pick(["s3:GetObject", "s3:Get*", "s3:*", "*", "s3:PutObject", ["s3:GetObject", "s3:ListBucket"]]),
  Resource: pick(["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/home/${aws:username}/*", "arn:aws:s3:::c/*", "arn:aws:s3:::b/k"]),
  principal: principalArb,
  negated: fc.boolean(),
  Condition: fc.option(pick<unknown>([{ Bool: { "aws:SecureTransport": "true" } }, { StringEquals: { "aws:PrincipalAccount": A } }, { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { StringLike: { "s3:prefix": "${aws:username}/*" } }]), { nil: undefined }),
}).map(({ principal, negated, Condition, ...rest }) => ({
  ...rest,
  ...(negated && rest.Effect === "Deny" ? { NotPrincipal: principal } : { Principal: principal }),
  ...(Condition === undefined ? {} : { Condition }),
}));

describe("the principal index and the traces (large resource policies)", () => {
  it("the compiled engine agrees with the naive evaluator, traces agree with it and account for every statement", () => {
    fc.assert(
      fc.property(
        fc.array(statementArb, { minLength: 5, maxLength: 40 }),
        pick(PRINCIPALS),
        pick(["s3:GetObject", "s3:PutObject", "S3:GETOBJECT", "s3:ListBucket"]),
        pick(["arn:aws:s3:::b/k", "arn:aws:s3:::b/home/Bob/x", "arn:aws:s3:::c/x"]),
        fc.record({ "aws:SecureTransport": pick(["true", "false"]), "aws:SourceIp": pick(["10.1.2.3", "192.168.1.1"]), "s3:prefix": pick(["Bob/a", "x"]), "aws:FederatedProvider": pick(["cognito-identity.amazonaws.com", "other"]) }, { requiredKeys: [] }),
        (statements, principal, action, resource, context) => {
          const doc = { Version: "2012-10-17", Statement: statements };
          const parsed = readPolicyDocument(JSON.stringify(doc));
          if (parsed.policy === undefined) return;
          const cp = compilePolicy(parsed.policy, "big");
          const req = { principal, action, resource, context: ContextKeys.of(context as Record<string, ContextValue>) };
          const fast = evaluatePolicy(cp, req);
          assert.equal(fast.effect, naiveEvaluate(parsed.policy, { principal, action, resource, context: context as Record<string, ContextValue> }));
          const traced = evaluatePolicy(cp, req, { trace: true });
          assert.equal(traced.effect, fast.effect);
          assert.deepEqual(traced.deciding, fast.deciding, "same deciding statements, same order");
          assertCompleteTrace(traced, statements.length);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("a bucket policy naming 1,000 principals explains only the requester's statement and counts the rest", () => {
    const cp = compiled({
      Version: "2012-10-17",
      Statement: Array.from({ length: 1000 }, (_, i) => ({
        Sid: `U${i}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${String(100000000000 + i)}:user/u${i}` }, Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::big/*",
      })).concat([{ Sid: "Tls", Effect: "Deny", Principal: "*" as never, Action: "s3:PutObject" as never, Resource: "arn:aws:s3:::big/*", Condition: { Bool: { "aws:SecureTransport": "false" } } } as never]),
    }, "bucket", "big");
    const who: Principal = { kind: "user", accountId: "100000000777", arn: "arn:aws:iam::100000000777:user/u777", username: "u777" };
    const r = evaluatePolicy(cp, { principal: who, action: "s3:GetObject", resource: "arn:aws:s3:::big/k", context: new ContextKeys() }, { trace: true });
    assert.equal(r.effect, "Allow");
    assert.deepEqual(r.deciding, [{ policyId: "big", index: 777, sid: "U777", principalMatch: "user" }]);
    const trace = r.trace ?? [];
    assert.deepEqual(trace.filter(isSummary), [
      { policyId: "big", notCandidate: "action", count: 1, matched: false, failed: "action", conditions: [] },
      { policyId: "big", notCandidate: "principal", count: 999, matched: false, failed: "principal", conditions: [] },
    ]);
    assert.deepEqual(trace.filter((t) => !isSummary(t)).map((t) => (isSummary(t) ? undefined : t.sid)), ["U777"]);
    assertCompleteTrace(r, 1001);
  });

  it("an identity policy's trace counts the statements whose actions do not match", () => {
    const cp = compiled({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Action: "s3:PutObject", Resource: "*" },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
      { Effect: "Allow", Action: "iam:*", Resource: "*" },
    ] }, "identity");
    const r = evaluatePolicy(cp, { principal: BOB, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: new ContextKeys() }, { trace: true });
    assert.deepEqual(r.trace?.map((t) => (isSummary(t) ? `skip ${t.notCandidate} ${t.count}` : `#${t.index} ${String(t.matched)}`)), ["skip action 2", "#1 true"]);
  });

  it("a requester named in several ways by a large policy gets each statement once, in order", () => {
    const statements = [
      { Sid: "acct", Effect: "Allow", Principal: { AWS: A }, Action: "s3:*", Resource: "*" },
      ...Array.from({ length: 6 }, (_, i) => ({ Sid: `o${i}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${O}:root` }, Action: "s3:*", Resource: "*" })),
      { Sid: "both", Effect: "Allow", Principal: { AWS: [A, `arn:aws:iam::${A}:user/Bob`, "AIDAEXAMPLEBOB000001"] }, Action: "s3:GetObject", Resource: "*" },
      { Sid: "user", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:user/Bob` }, Action: "s3:Get*", Resource: "*" },
      { Sid: "cu", Effect: "Allow", Principal: { CanonicalUser: "a".repeat(64) }, Action: "s3:GetObject", Resource: "*" },
      { Sid: "all", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" },
    ];
    const cp = compiled({ Version: "2012-10-17", Statement: statements }, "bucket");
    const req = { principal: BOB, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: new ContextKeys() };
    const sids = (r: PolicyResult): (string | undefined)[] => r.deciding.map((d) => d.sid);
    assert.deepEqual(sids(evaluatePolicy(cp, req)), ["acct", "both", "user", "cu", "all"]);
    assert.deepEqual(evaluatePolicy(cp, req).deciding.map((d) => d.principalMatch), ["account", "user", "user", "canonical-user", "everyone"]);
    assert.deepEqual(evaluatePolicy(cp, req, { trace: true }).deciding, evaluatePolicy(cp, req).deciding);
  });
});

describe("results without trace", () => {
  const deny = compiled({ Version: "2012-10-17", Statement: [{ Sid: "d", Effect: "Deny", Action: "s3:GetObject", Resource: "*" }] }, "identity", "deny");
  const deny2 = compiled({ Version: "2012-10-17", Statement: [{ Sid: "d2", Effect: "Deny", Action: "s3:*", Resource: "*" }, { Sid: "a", Effect: "Allow", Action: "s3:*", Resource: "*" }] }, "identity", "deny2");
  const allow = compiled({ Version: "2012-10-17", Statement: [{ Sid: "a", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }, "identity", "allow");
  const req = { principal: BOB, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: new ContextKeys() };

  it("a statement deciding alone gives a frozen result, the same for every request", () => {
    const r = evaluatePolicy(allow, req);
    assert.ok(Object.isFrozen(r) && Object.isFrozen(r.deciding) && Object.isFrozen(r.deciding[0]));
    assert.equal(evaluatePolicy(allow, { ...req, resource: "arn:aws:s3:::other/x" }), r);
  });
  it("evaluatePolicies collects every policy's deciding statements of the winning effect", () => {
    assert.deepEqual(evaluatePolicies([allow, deny, deny2], req), { effect: "Deny", deciding: [{ policyId: "deny", index: 0, sid: "d" }, { policyId: "deny2", index: 0, sid: "d2" }] });
    assert.deepEqual(evaluatePolicies([allow, allow], req).deciding.length, 2);
    assert.equal(evaluatePolicies([allow], req), evaluatePolicy(allow, req));
    assert.deepEqual(evaluatePolicies([allow, deny], req, { trace: true }).deciding, evaluatePolicies([allow, deny], req).deciding);
    assert.equal(evaluatePolicy(deny, req).deciding.length, 1, "shared results are not changed by merging");
  });
  it("actions are matched in any case, each spelling remembered separately", () => {
    for (const action of ["s3:GetObject", "S3:GETOBJECT", "s3:getobject", "s3:GetObject"]) assert.equal(evaluatePolicy(allow, { ...req, action }).effect, "Allow");
    assert.equal(evaluatePolicy(allow, { ...req, action: "s3:GetObjectAcl" }).effect, "NoMatch");
  });
});

describe("matching primitives", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "b", "/", ":", "*", "?"), maxLength: 12 });
  it("startsAt is startsWith at every position", () => {
    fc.assert(fc.property(text, text, fc.nat(14), (s, t, at) => {
      fc.pre(at <= s.length);
      assert.equal(startsAt(s, t, at), s.startsWith(t, at));
    }), { numRuns: 20_000 });
  });

  it("a template with variables matches as its substituted value would", () => {
    const piece = fc.constantFrom("a", "b", "/", "*", "?", "${aws:username}", "${s3:prefix}", "${aws:PrincipalTag/team}", "${s3:x, 'b*'}", "${*}", "${?}", "${$}");
    const value = fc.array(piece, { maxLength: 6 }).map((xs) => xs.join(""));
    const ctx = fc.record({ "s3:prefix": fc.oneof(text, fc.constant(["a", "b"])) }, { requiredKeys: [] });
    fc.assert(fc.property(value, text, pick(PRINCIPALS), ctx, fc.boolean(), (pattern, s, principal, context, wildcards) => {
      const parts = parseTemplate(pattern, true);
      const req = { principal, context: ContextKeys.of(context as Record<string, ContextValue>) };
      const lookup = (k: string): string | undefined => {
        const v = req.context.lookup(k) ?? principalKey(principal, k);
        return typeof v === "string" ? v : undefined;
      };
      const resolved = resolveTemplate(parts, lookup);
      const want = resolved === undefined ? false : wildcards ? Glob.fromTokens(resolved.tokens).matches(s) : resolved.text === s;
      assert.equal(compileTemplate(parts, wildcards).matches(s, req), want, `${pattern} vs ${s}`);
    }), { numRuns: 20_000 });
  });

  it("IpAddress compares IPv4 as numbers exactly as the range reader does", () => {
    const octet = fc.oneof(fc.nat(300).map(String), fc.constantFrom("010", "00", "", "0x1", "1e1", " 1", "0010", "1000", "255", "256"));
    const v4 = fc.tuple(octet, octet, octet, octet, fc.option(fc.nat(40), { nil: undefined }), fc.constantFrom("", " ", "\t")).map(([a, b, c, d, n, pad]) => `${pad}${a}.${b}.${c}.${d}${n === undefined ? "" : `/${n}`}${pad}`);
    const any = fc.oneof(v4, fc.constantFrom("0.0.0.0/0", "10.0.0.0/8", "::/0", "::1", "::ffff:10.1.2.3", "2001:db8::1", "1.2.3", "1.2.3.4.5", "", "a.b.c.d"));
    fc.assert(fc.property(fc.array(any, { minLength: 1, maxLength: 3 }), any, (policy, request) => {
      const ranges = policy.map(parseIpRange);
      const addr = parseIpRange(request);
      const want = addr !== undefined && ranges.some((r) => r !== undefined && ipInRange(r, addr));
      assert.equal(compileIp("in", policy.map((t) => ({ text: t, tokens: [t] })))(request), want, `${JSON.stringify(policy)} vs ${request}`);
    }), { numRuns: 20_000 });
  });

  it("only keys read from the requester are looked up on it", () => {
    const keys = ["aws:username", "aws:userid", "aws:principalarn", "aws:principalaccount", "aws:principaltype", "aws:principalorgid", "aws:principalorgpaths", "aws:principalisawsservice", "aws:principalservicename", "aws:principaltag/team", "aws:sourceip", "s3:prefix", "aws:securetransport", "aws:principal", "aws:usernamex"];
    const rich: Principal = { ...BOB, orgId: "o-1", orgPaths: ["o-1/r-1/"] };
    for (const k of keys) {
      const some = [rich, SESSION, ROOT, SERVICE, ANONYMOUS].some((p) => principalKey(p, k) !== undefined);
      if (some) assert.ok(isPrincipalKey(k), k);
      if (!isPrincipalKey(k)) assert.equal(principalKey(rich, k), undefined, k);
    }
  });
});
