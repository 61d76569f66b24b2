import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseAuthorizationHeader } from "./authorizationHeader.ts";
import { canonicalRequest } from "./canonicalRequest.ts";
import type { PreparedAuth } from "./prepareAuth.ts";
import { prepareHeaderAuth, preparePresignedAuth } from "./prepareAuth.ts";
import { headerValue } from "./request.ts";
import { EXAMPLE_NOW, EXAMPLE_SECRET, HEADER_EXAMPLES, PRESIGNED_EXAMPLE, STREAMING_EXAMPLE } from "./s3Examples.fixture.ts";
import { SUITE_SECRET, SUITE_SERVICE, SUITE_VECTORS } from "./suite.fixture.ts";
import { nodeCrypto, sha256Hex } from "./testCrypto.helper.test.ts";
import { verifySignature } from "./verifySignature.ts";

const S3_OPTS = { now: EXAMPLE_NOW, region: "us-east-1" };

describe("S3 API reference worked examples verify", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
  for (const ex of HEADER_EXAMPLES) {
    it(`verifies the published signature of "${ex.name}"`, () => {
      const prepared = prepareHeaderAuth(ex.request, S3_OPTS);
      assert.ok(prepared.ok, JSON.stringify(prepared));
      if (ex.body !== undefined) assert.equal(sha256Hex(ex.body), prepared.auth.payloadHash);
      const v = verifySignature(ex.request, prepared.auth, { secretAccessKey: EXAMPLE_SECRET }, nodeCrypto);
      assert.ok(v.ok, JSON.stringify(v));
      assert.equal(v.verified.seedSignature, ex.signature);
      if (ex.canonicalRequest !== undefined) {
        assert.equal(canonicalRequest(ex.request, { signedHeaders: prepared.auth.signedHeaders, payloadHash: prepared.auth.payloadHash }), ex.canonicalRequest);
      }
    });
  }
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
  it("verifies the published presigned URL and leaves X-Amz-Signature out of the canonical query", () => {
    const prepared = preparePresignedAuth(PRESIGNED_EXAMPLE.request, S3_OPTS);
    assert.ok(prepared.ok, JSON.stringify(prepared));
    assert.equal(prepared.auth.payloadHash, "UNSIGNED-PAYLOAD");
    assert.equal(prepared.auth.authType, "REST-QUERY-STRING");
    const v = verifySignature(PRESIGNED_EXAMPLE.request, prepared.auth, { secretAccessKey: EXAMPLE_SECRET }, nodeCrypto);
    assert.ok(v.ok, JSON.stringify(v));
  });
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
  it("verifies the seed signature of the streaming PUT example", () => {
    const prepared = prepareHeaderAuth(STREAMING_EXAMPLE.request, S3_OPTS);
    assert.ok(prepared.ok, JSON.stringify(prepared));
    assert.deepEqual(prepared.auth.payload, { kind: "streaming", signedChunks: true, trailer: false, literal: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" });
    const v = verifySignature(STREAMING_EXAMPLE.request, prepared.auth, { secretAccessKey: EXAMPLE_SECRET }, nodeCrypto);
    assert.ok(v.ok, JSON.stringify(v));
    assert.equal(v.verified.seedSignature, STREAMING_EXAMPLE.seedSignature);
  });
});

describe("aws-sig-v4-test-suite vectors that apply to S3", () => {
  for (const vec of SUITE_VECTORS) {
    it(`verifies ${vec.name}`, () => {
      const header = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${vec.signedHeaders}, Signature=${vec.signature}`;
      const parsed = parseAuthorizationHeader(header, { service: SUITE_SERVICE });
      assert.ok(parsed.ok);
      const auth: PreparedAuth = {
        authType: "REST-HEADER",
        ...parsed.authorization,
        amzDate: headerValue(vec.request, "x-amz-date") ?? "",
        payloadHash: sha256Hex(vec.body),
        payload: { kind: "sha256", hex: sha256Hex(vec.body) },
        signatureAgeMs: 0,
      };
      const v = verifySignature(vec.request, auth, { secretAccessKey: SUITE_SECRET }, nodeCrypto);
      assert.ok(v.ok, v.ok ? "" : v.fields.find(([k]) => k === "CanonicalRequest")?.[1]);
    });
  }
});

describe("SignatureDoesNotMatch", () => {
  const ex = HEADER_EXAMPLES[0];
  it("fails with a wrong secret and returns S3's diagnostic fields in S3's order", () => {
    assert.ok(ex);
    const prepared = prepareHeaderAuth(ex.request, S3_OPTS);
    assert.ok(prepared.ok);
    const v = verifySignature(ex.request, prepared.auth, { secretAccessKey: "wrong" }, nodeCrypto);
    assert.ok(!v.ok);
    assert.equal(v.code, "SignatureDoesNotMatch");
    assert.deepEqual(v.fields.map(([k]) => k), ["AWSAccessKeyId", "StringToSign", "SignatureProvided", "StringToSignBytes", "CanonicalRequest", "CanonicalRequestBytes"]);
    const fields = new Map(v.fields);
    assert.equal(fields.get("CanonicalRequest"), ex.canonicalRequest);
    // "AWS4" → 41 57 53 34: lower-case hex pairs separated by spaces, as S3 prints them.
    assert.ok(fields.get("StringToSignBytes")?.startsWith("41 57 53 34 2d 48 4d 41 43"));
    assert.equal(fields.get("StringToSign")?.split("\n")[3], "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  });
  it("accepts a memoised signing key in place of the secret", () => {
    assert.ok(ex);
    const prepared = prepareHeaderAuth(ex.request, S3_OPTS);
    assert.ok(prepared.ok);
    const first = verifySignature(ex.request, prepared.auth, { secretAccessKey: EXAMPLE_SECRET }, nodeCrypto);
    assert.ok(first.ok);
    assert.ok(verifySignature(ex.request, prepared.auth, { signingKey: first.verified.signingKey }, nodeCrypto).ok);
  });
});
