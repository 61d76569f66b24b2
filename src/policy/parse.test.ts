import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parsePolicy, readPolicyDocument } from "./parse.ts";

const doc = (statement: unknown, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ Version: "2012-10-17", ...extra, Statement: statement }, null, 2);
const codes = (text: string, kind: Parameters<typeof parsePolicy>[1] = "identity"): string[] =>
  parsePolicy(text, kind).errors.map((e) => e.code);

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
describe("parsePolicy: document forms AWS accepts", () => {
  it("accepts a single statement object as well as an array", () => {
    const one = parsePolicy(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), "identity");
    assert.deepEqual(one.errors, []);
    assert.equal(one.policy?.statements.length, 1);
    assert.equal(one.policy?.statementIsArray, false);
  });
  it("treats a single string and a one-element array alike for Action and Resource", () => {
    const a = parsePolicy(doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]), "identity").policy;
    const b = parsePolicy(doc([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }]), "identity").policy;
    assert.deepEqual(a?.statements[0]?.action?.values.map((v) => v.value), b?.statements[0]?.action?.values.map((v) => v.value));
  });
  it("accepts Version 2008-10-17, Id and Sid", () => {
    const r = parsePolicy(JSON.stringify({ Version: "2008-10-17", Id: "x", Statement: [{ Sid: "s 1", Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }] }), "resource");
    assert.deepEqual(r.errors, []);
    assert.equal(r.policy?.version, "2008-10-17");
    assert.equal(r.policy?.id, "x");
    assert.equal(r.policy?.statements[0]?.sid, "s 1");
  });
  it("keeps a JSON pointer, line and column on every node", () => {
    const r = parsePolicy(doc([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }]), "identity");
    const put = r.policy?.statements[0]?.action?.values[1];
    assert.equal(put?.loc.pointer, "/Statement/0/Action/1");
    assert.equal(typeof put?.loc.line, "number");
    assert.equal(typeof put?.loc.column, "number");
  });
  it("keeps condition values written as booleans and numbers as text", () => {
    const r = parsePolicy(doc({ Effect: "Allow", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": true }, NumericLessThan: { "s3:max-keys": 10 } } }), "identity");
    const c = r.policy?.statements[0]?.condition;
    assert.deepEqual(c?.map((x) => x.keys[0]?.values[0]?.value), ["true", "10"]);
  });
});

describe("parsePolicy: structural errors", () => {
  it("reports invalid JSON with line and column", () => {
    const r = parsePolicy('{\n  "Statement": [,]\n}', "identity");
    assert.equal(r.errors[0]?.code, "invalid-json");
    assert.equal(r.errors[0]?.line, 2);
  });
  // IAM-GRAMMAR: "the same element may not appear twice"
  it("rejects an element written twice in one object", () => {
    assert.ok(codes('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}}').includes("duplicate-element"));
  });
  it("rejects unknown elements, a bad Effect and an unknown Version", () => {
    assert.ok(codes(doc({ Effect: "Allow", Action: "*", Resource: "*", Actions: "x" })).includes("unknown-element"));
    assert.ok(codes(doc({ Effect: "allow", Action: "*", Resource: "*" })).includes("invalid-effect"));
    assert.ok(codes(JSON.stringify({ Version: "2020-01-01", Statement: { Effect: "Allow", Action: "*", Resource: "*" } })).includes("invalid-version"));
  });
  it("rejects Action together with NotAction, and a statement with neither", () => {
    assert.ok(codes(doc({ Effect: "Allow", Action: "*", NotAction: "s3:*", Resource: "*" })).includes("conflicting-elements"));
    assert.ok(codes(doc({ Effect: "Allow", Resource: "*" })).includes("missing-element"));
  });
  it("rejects an unknown condition operator and object-valued condition values", () => {
    assert.ok(codes(doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEqualz: { "aws:username": "a" } } })).includes("unknown-operator"));
    assert.ok(codes(doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:username": { a: 1 } } } })).includes("invalid-type"));
  });
  it("rejects Null with IfExists or a set qualifier, which AWS does not define", () => {
    assert.ok(codes(doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: { NullIfExists: { "aws:username": "true" } } })).includes("unknown-operator"));
  });
  it("rejects an empty Statement array", () => {
    assert.ok(codes(doc([])).includes("empty-statement"));
  });
  it("still returns the readable document from readPolicyDocument when kind rules fail", () => {
    const r = readPolicyDocument(doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }));
    assert.ok(r.policy !== undefined);
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
describe("parsePolicy: rules per policy kind", () => {
  const withPrincipal = doc({ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" });
  const noPrincipal = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" });
  it("forbids Principal in identity, session, boundary and SCP policies", () => {
    for (const k of ["identity", "session", "boundary", "scp"] as const) assert.ok(codes(withPrincipal, k).includes("principal-not-allowed"), k);
  });
  it("requires Principal in bucket, access point, resource, trust and RCP policies", () => {
    for (const k of ["bucket", "access-point", "resource", "trust", "rcp"] as const) assert.ok(codes(noPrincipal, k).includes("missing-principal"), k);
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  it("forbids NotPrincipal in role trust policies", () => {
    const t = doc({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "sts:AssumeRole" });
    assert.ok(codes(t, "trust").includes("notprincipal-not-allowed"));
  });
  it("forbids Resource in role trust policies and requires it in identity policies", () => {
    assert.ok(codes(withPrincipal, "trust").includes("resource-not-allowed"));
    assert.ok(codes(doc({ Effect: "Allow", Action: "s3:*" }), "identity").includes("missing-resource"));
  });
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
  it("allows only Deny statements with Principal * in RCPs (apart from RCPFullAWSAccess)", () => {
    const allow = doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" });
    assert.ok(codes(allow, "rcp").includes("rcp-allow"));
    const full = doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" });
    assert.deepEqual(codes(full, "rcp"), []);
    const named = doc({ Effect: "Deny", Principal: { AWS: "111122223333" }, Action: "s3:*", Resource: "*" });
    assert.ok(codes(named, "rcp").includes("invalid-principal"));
  });
  it("rejects principal values with partial wildcards, group ARNs and malformed ARNs", () => {
    for (const v of ["arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:group/G", "arn:aws:iam::1234:root", "bob"]) {
      assert.ok(codes(doc({ Effect: "Allow", Principal: { AWS: v }, Action: "s3:*", Resource: "*" }), "resource").includes("invalid-principal"), v);
    }
  });
  it("accepts every documented principal form", () => {
    const p = {
      AWS: ["*", "111122223333", "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/path/Bob", "arn:aws:iam::111122223333:role/R",
        "arn:aws:sts::111122223333:assumed-role/R/s", "arn:aws:sts::111122223333:federated-user/F", "AIDACKCEVSQ6C2EXAMPLE"],
      Service: "logging.s3.amazonaws.com",
      Federated: "cognito-identity.amazonaws.com",
      CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
    };
    assert.deepEqual(codes(doc({ Effect: "Allow", Principal: p, Action: "s3:*", Resource: "*" }), "resource"), []);
  });
  it("rejects resources that are not ARNs and actions without a service prefix", () => {
    assert.ok(codes(doc({ Effect: "Allow", Action: "s3:*", Resource: "bucket" })).includes("invalid-arn"));
    assert.ok(codes(doc({ Effect: "Allow", Action: "GetObject", Resource: "*" })).includes("invalid-action"));
  });
  it("requires letters and digits only, and unique Sids, in identity policies", () => {
    assert.ok(codes(doc({ Sid: "a b", Effect: "Allow", Action: "s3:*", Resource: "*" })).includes("invalid-sid"));
    const two = doc([{ Sid: "a", Effect: "Allow", Action: "s3:*", Resource: "*" }, { Sid: "a", Effect: "Allow", Action: "s3:*", Resource: "*" }]);
    assert.ok(codes(two).includes("duplicate-sid"));
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  it("rejects a policy variable outside the resource part of an ARN", () => {
    assert.ok(codes(doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:${aws:username}::b" })).includes("variable-outside-resource-part"));
  });
});

describe("parsePolicy: warnings for risky patterns", () => {
  const warnings = (statement: unknown, kind: Parameters<typeof parsePolicy>[1] = "bucket"): string[] => parsePolicy(doc(statement), kind).warnings.map((w) => w.code);
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  it("warns about ForAllValues in an Allow without a Null guard, and not with one", () => {
    const base = { Effect: "Allow", Action: "s3:*", Resource: "*" };
    assert.ok(warnings({ ...base, Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "a" } } }, "identity").includes("forallvalues-without-null"));
    const guarded = { ...base, Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "a" }, Null: { "aws:TagKeys": "false" } } };
    assert.ok(!warnings(guarded, "identity").includes("forallvalues-without-null"));
  });
  it("warns about NotPrincipal with Allow", () => {
    assert.ok(warnings({ Effect: "Allow", NotPrincipal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }).includes("notprincipal-allow"));
  });
  it("warns that variables are literal text without Version 2012-10-17", () => {
    const r = parsePolicy(JSON.stringify({ Statement: { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/${aws:username}" } }), "identity");
    assert.ok(r.warnings.some((w) => w.code === "variables-ignored"));
  });
});
