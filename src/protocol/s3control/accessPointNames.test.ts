import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ALIAS_RANDOM_LENGTH, accessPointAlias, accessPointArn, checkAccessPointName, decodeNextToken, encodeNextToken } from "./accessPointNames.ts";
import { ControlError } from "./controlErrors.ts";

function errorOf(name: string): { code: string; message: string; fields: readonly (readonly [string, string])[] } | undefined {
  try {
    checkAccessPointName(name);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ControlError);
    return { code: e.code, message: e.message, fields: e.fields };
  }
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-restrictions-limitations-naming-rules.html;
// error codes as recorded against AWS in LocalStack's s3control snapshot tests.
describe("access point naming rules", () => {
  it("accepts 3 to 50 lower-case letters, digits and inner hyphens", () => {
    for (const ok of ["abc", "a1-b2", "0ap", "a".repeat(50), "finance-docs"]) assert.equal(errorOf(ok), undefined, ok);
  });

  it("answers InvalidURI with the URI field for a name that is not a parseable segment", () => {
    assert.deepEqual(errorOf("sa"), { code: "InvalidURI", message: "Couldn't parse the specified URI.", fields: [["URI", "accesspoint/sa"]] });
    for (const bad of ["a".repeat(51), "WRONG-casing", "cannot-have_underscore", "xn--test-alias", "has space"]) assert.equal(errorOf(bad)?.code, "InvalidURI", bad);
  });

  it("answers InvalidRequest 'Your Amazon S3 AccessPoint name is invalid' for a hyphen at an end, a period or the -s3alias suffix", () => {
    for (const bad of ["-hyphen-start", "hyphen-end-", "cannot-have.dot", "cannot-end-s3alias"]) {
      assert.deepEqual(errorOf(bad), { code: "InvalidRequest", message: "Your Amazon S3 AccessPoint name is invalid", fields: [] }, bad);
    }
  });
});

describe("access point identifiers", () => {
  it("forms the ARN from region, account and name", () => {
    assert.equal(accessPointArn("us-west-2", "123456789012", "test"), "arn:aws:s3:us-west-2:123456789012:accesspoint/test");
  });

  it("forms the alias as <name>-<34 random lower-case letters and digits>-s3alias", () => {
    const alias = accessPointAlias("my-access-point", (n) => Uint8Array.from({ length: n }, (_, i) => i * 7));
    assert.match(alias, /^my-access-point-[a-z0-9]{34}-s3alias$/);
    assert.equal(alias.split("-")[3]?.length, ALIAS_RANDOM_LENGTH);
  });

  it("keeps the alias a valid bucket name (at most 63 characters) for the longest access point name", () => {
    const alias = accessPointAlias("a".repeat(50), (n) => new Uint8Array(n));
    assert.equal(alias.length, 63);
    assert.match(alias, /^a{20}-a{34}-s3alias$/);
  });

  it("round-trips a continuation token and refuses one it did not write", () => {
    assert.equal(decodeNextToken(encodeNextToken("b-ap")), "b-ap");
    for (const bad of ["", "!!", "QUJD", encodeNextToken("Upper"), encodeNextToken("x".repeat(51))]) {
      assert.throws(() => decodeNextToken(bad), (e: unknown) => e instanceof ControlError && e.code === "InvalidRequest" && e.message === "The next token is not valid.", bad);
    }
  });
});
