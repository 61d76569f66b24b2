import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseGrantHeader } from "./grant-header.ts";
import { ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY } from "./types.ts";

// Header format: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html (x-amz-grant-*)
const A = "a".repeat(64);
const C = "c".repeat(64);
const known = (id: string) => id === A || id === C;
const parse = (value: string) => parseGrantHeader("x-amz-grant-read", value, "READ", known);

function grants(value: string) {
  const r = parse(value);
  assert.ok(r.ok, r.ok ? "" : `${r.error.code} ${r.error.message}`);
  return r.value;
}
function error(value: string) {
  const r = parse(value);
  assert.ok(!r.ok, "expected an error");
  return r.error;
}

describe("x-amz-grant-* header values", () => {
  it("reads a quoted id as a grant to that account", () => {
    assert.deepEqual(grants(`id="${A}"`), [{ grantee: { type: "CanonicalUser", id: A }, permission: "READ" }]);
  });

  it("reads a quoted uri as a grant to that group", () => {
    assert.deepEqual(grants(`uri="${LOG_DELIVERY}"`), [{ grantee: { type: "Group", uri: LOG_DELIVERY }, permission: "READ" }]);
  });

  it("reads comma-separated lists in order, whitespace around items and '=' ignored", () => {
    const g = grants(` uri="${ALL_USERS}" ,id = "${A}",  uri="${AUTHENTICATED_USERS}"  `);
    assert.deepEqual(
      g.map((x) => (x.grantee.type === "Group" ? x.grantee.uri : x.grantee.id)),
      [ALL_USERS, A, AUTHENTICATED_USERS],
    );
  });

  // The AWS CLI sends unquoted values: https://github.com/aws/aws-cli/issues/2651
  it("accepts unquoted values", () => {
    assert.equal(grants(`id=${A}`).length, 1);
  });

  it("reads the type keyword case-insensitively", () => {
    assert.equal(grants(`ID="${A}", URI="${ALL_USERS}"`).length, 2);
  });

  it("keeps duplicate grants, as S3 does", () => {
    assert.equal(grants(`id="${A}", id="${A}"`).length, 2);
  });
});

describe("x-amz-grant-* header errors", () => {
  // Observed S3 answer: https://github.com/versity/versitygw/issues/1384
  it("answers InvalidArgument 'Argument format not recognized' for a value without type=", () => {
    const e = error("fdjklasaj");
    assert.equal(e.code, "InvalidArgument");
    assert.equal(e.message, "Argument format not recognized");
    assert.deepEqual(e.fields, [
      ["ArgumentName", "x-amz-grant-read"],
      ["ArgumentValue", "fdjklasaj"],
    ]);
  });

  it("answers 'Argument format not recognized' for an unknown grantee type", () => {
    assert.equal(error(`account="${A}"`).message, "Argument format not recognized");
  });

  it("answers 'Argument format not recognized' for an unclosed quote", () => {
    assert.equal(error(`id="${A}`).message, "Argument format not recognized");
  });

  it("answers 'Argument format not recognized' for an empty item in the list", () => {
    assert.equal(error(`id="${A}",`).message, "Argument format not recognized");
  });

  it("answers 'Argument format not recognized' for an empty value", () => {
    assert.equal(error("").message, "Argument format not recognized");
  });

  // Observed S3 answer: https://github.com/versity/versitygw/issues/1384
  it("answers InvalidArgument 'Invalid id' with ArgumentName id for an unknown canonical id", () => {
    const e = error(`id="0123"`);
    assert.equal(e.code, "InvalidArgument");
    assert.equal(e.message, "Invalid id");
    assert.deepEqual(e.fields, [
      ["ArgumentName", "id"],
      ["ArgumentValue", "0123"],
    ]);
  });

  // https://github.com/aws/aws-sdk-ruby/issues/826 (message), https://github.com/marcel/aws-s3/issues/39
  it("answers InvalidArgument 'Invalid group uri' for a URI that is not a predefined group", () => {
    const e = error(`uri="http://acs.amazonaws.com/groups/global/Authenticated"`);
    assert.equal(e.code, "InvalidArgument");
    assert.equal(e.message, "Invalid group uri");
    assert.deepEqual(e.fields[0], ["ArgumentName", "uri"]);
  });

  // "As of October 1, 2025, Amazon S3 has discontinued support for Email Grantee Access Control Lists" → 405
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html
  it("rejects an emailAddress grantee with 405 MethodNotAllowed", () => {
    const e = error(`emailAddress="someone@example.com"`);
    assert.equal(e.code, "MethodNotAllowed");
    assert.equal(e.status, 405);
  });
});
