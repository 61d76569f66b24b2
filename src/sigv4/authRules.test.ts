import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseAuthorizationHeader } from "./authorizationHeader.ts";
import { canonicalQuery } from "./canonicalQuery.ts";
import { canonicalUri } from "./canonicalUri.ts";
import { classifyContentSha256, createPayloadVerifier } from "./contentSha256.ts";
import type { SigV4Result } from "./failure.ts";
import { prepareHeaderAuth, preparePresignedAuth } from "./prepareAuth.ts";
import { parsePresignedQuery } from "./presignedQuery.ts";
import type { SigV4Request } from "./request.ts";
import { HEADER_EXAMPLES, PRESIGNED_EXAMPLE } from "./s3Examples.fixture.ts";
import { checkSignedHeaders } from "./signedHeadersRule.ts";
import { nodeCrypto, sha256Hex } from "./testCrypto.helper.test.ts";

const CRED = "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
const SIG = "f".repeat(64);
function failure<T>(r: SigV4Result<T>) {
  assert.ok(!r.ok, "expected a failure");
  return r;
}

describe("Authorization header parsing", () => {
  it("accepts components with or without spaces after commas, in any order", () => {
    for (const v of [
      `AWS4-HMAC-SHA256 Credential=${CRED},SignedHeaders=host;x-amz-date,Signature=${SIG}`,
      `AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=host;x-amz-date, Signature=${SIG}`,
      `AWS4-HMAC-SHA256  Signature=${SIG} ,Credential=${CRED} , SignedHeaders=host;x-amz-date`,
    ]) {
      const r = parseAuthorizationHeader(v);
      assert.ok(r.ok, v);
      assert.deepEqual(r.authorization.signedHeaders, ["host", "x-amz-date"]);
      assert.equal(r.authorization.accessKeyId, "AKIAIOSFODNN7EXAMPLE");
      assert.deepEqual(r.authorization.scope, { date: "20130524", region: "us-east-1", service: "s3", terminator: "aws4_request" });
    }
  });
  it("answers AuthorizationHeaderMalformed 'requires three components' when one is missing", () => {
    const r = failure(parseAuthorizationHeader(`AWS4-HMAC-SHA256 Credential=${CRED}, Signature=${SIG}`));
    assert.equal(r.code, "AuthorizationHeaderMalformed");
    assert.equal(r.message, "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.");
  });
  it("answers 'the Credential is mal-formed' with S3's expected pattern", () => {
    const r = failure(parseAuthorizationHeader(`AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3, SignedHeaders=host, Signature=${SIG}`));
    assert.equal(r.message, 'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  });
  it("names the expected region in a Region field when the scope's region is wrong", () => {
    const r = failure(parseAuthorizationHeader(`AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=host, Signature=${SIG}`, { region: "eu-west-1", service: "s3" }));
    assert.equal(r.message, "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'");
    assert.deepEqual(r.fields, [["Region", "eu-west-1"]]);
  });
  it("refuses SigV2 'AWS AKID:sig' with S3's unsupported-mechanism message", () => {
    const r = failure(parseAuthorizationHeader("AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="));
    assert.equal(r.code, "InvalidRequest");
    assert.equal(r.message, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
  });
  it("answers InvalidArgument 'Unsupported Authorization Type' for other schemes", () => {
    const r = failure(parseAuthorizationHeader("Bearer abc"));
    assert.equal(r.code, "InvalidArgument");
    assert.deepEqual(r.fields, [["ArgumentName", "Authorization"], ["ArgumentValue", "Bearer abc"]]);
  });
});

describe("presigned query parsing and validity", () => {
  const base = PRESIGNED_EXAMPLE.request.rawQuery;
  const withParam = (name: string, value: string) => base.replace(new RegExp(`${name}=[^&]*`), `${name}=${value}`);
  it("reads every parameter of the documented URL", () => {
    const r = parsePresignedQuery(base);
    assert.ok(r.ok);
    assert.equal(r.params.expiresSeconds, 86400);
    assert.deepEqual(r.params.signedHeaders, ["host"]);
    assert.equal(r.params.amzDate, "20130524T000000Z");
  });
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html (X-Amz-Expires: 1 to 604800)
  it("rejects X-Amz-Expires above 604800 with S3's message", () => {
    const r = failure(parsePresignedQuery(withParam("X-Amz-Expires", "604801")));
    assert.equal(r.code, "AuthorizationQueryParametersError");
    assert.equal(r.message, "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds");
    assert.ok(parsePresignedQuery(withParam("X-Amz-Expires", "604800")).ok);
  });
  it("rejects a negative or non-numeric X-Amz-Expires", () => {
    assert.equal(failure(parsePresignedQuery(withParam("X-Amz-Expires", "-1"))).message, "X-Amz-Expires must be non-negative");
    assert.equal(failure(parsePresignedQuery(withParam("X-Amz-Expires", "abc"))).message, "X-Amz-Expires should be a number");
  });
  it("lists the required parameters when one is missing", () => {
    const r = failure(parsePresignedQuery(base.replace(/&X-Amz-SignedHeaders=host/, "")));
    assert.match(r.message, /^Query-string authentication version 4 requires the X-Amz-Algorithm/);
  });
  it("answers AccessDenied 'Request has expired' with X-Amz-Expires, Expires and ServerTime", () => {
    const r = failure(preparePresignedAuth(PRESIGNED_EXAMPLE.request, { now: new Date("2013-05-25T00:00:01Z") }));
    assert.equal(r.code, "AccessDenied");
    assert.equal(r.message, "Request has expired");
    assert.deepEqual(r.fields, [["X-Amz-Expires", "86400"], ["Expires", "2013-05-25T00:00:00Z"], ["ServerTime", "2013-05-25T00:00:01Z"]]);
    assert.ok(preparePresignedAuth(PRESIGNED_EXAMPLE.request, { now: new Date("2013-05-25T00:00:00Z") }).ok);
  });
  it("answers 'Request is not yet valid' for a URL signed more than 15 minutes in the future", () => {
    const r = failure(preparePresignedAuth(PRESIGNED_EXAMPLE.request, { now: new Date("2013-05-23T23:44:00Z") }));
    assert.equal(r.message, "Request is not yet valid");
  });
  it("reports the signature age for s3:signatureAge", () => {
    const r = preparePresignedAuth(PRESIGNED_EXAMPLE.request, { now: new Date("2013-05-24T00:00:05Z") });
    assert.ok(r.ok);
    assert.equal(r.auth.signatureAgeMs, 5000);
  });
});

describe("header authentication time rules", () => {
  const ex = HEADER_EXAMPLES[0]?.request as SigV4Request;
  const replaceHeader = (name: string, value: string | undefined): SigV4Request => ({
    ...ex,
    headers: ex.headers.flatMap(([n, v]) => (n.toLowerCase() === name ? (value === undefined ? [] : [[n, value] as const]) : [[n, v] as const])),
  });
  // https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html#RESTAuthenticationTimeStamp (15 minutes)
  it("answers RequestTimeTooSkewed beyond 15 minutes, with RequestTime, ServerTime and MaxAllowedSkewMilliseconds", () => {
    const r = failure(prepareHeaderAuth(ex, { now: new Date("2013-05-24T00:15:01Z") }));
    assert.equal(r.code, "RequestTimeTooSkewed");
    assert.deepEqual(r.fields, [["RequestTime", "20130524T000000Z"], ["ServerTime", "2013-05-24T00:15:01Z"], ["MaxAllowedSkewMilliseconds", "900000"]]);
    assert.ok(prepareHeaderAuth(ex, { now: new Date("2013-05-24T00:15:00Z") }).ok);
    assert.ok(prepareHeaderAuth(ex, { now: new Date("2013-05-23T23:45:00Z") }).ok);
  });
  it("requires a valid x-amz-date or Date header", () => {
    const r = failure(prepareHeaderAuth(replaceHeader("x-amz-date", "yesterday"), { now: new Date("2013-05-24T00:00:00Z") }));
    assert.equal(r.code, "AccessDenied");
    assert.equal(r.message, "AWS authentication requires a valid Date or x-amz-date header");
  });
  it("answers 'Invalid credential date' when the scope date is not the day of x-amz-date", () => {
    const r = failure(prepareHeaderAuth(replaceHeader("x-amz-date", "20130525T000000Z"), { now: new Date("2013-05-25T00:00:00Z") }));
    assert.equal(r.message, "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.");
  });
  it("requires x-amz-content-sha256 for header authentication", () => {
    const r = failure(prepareHeaderAuth(replaceHeader("x-amz-content-sha256", undefined), { now: new Date("2013-05-24T00:00:00Z") }));
    assert.equal(r.code, "InvalidRequest");
  });
});

describe("signed headers rule", () => {
  const req = (headers: [string, string][]): SigV4Request => ({ method: "GET", rawPath: "/", rawQuery: "", headers });
  it("answers AccessDenied with HeadersNotSigned listing unsigned x-amz-* headers", () => {
    const r = failure(checkSignedHeaders(req([["Host", "h"], ["X-Amz-Acl", "private"], ["x-amz-meta-a", "1"], ["x-amz-date", "d"]]), ["host", "x-amz-date"]));
    assert.equal(r.code, "AccessDenied");
    assert.equal(r.message, "There were headers present in the request which were not signed");
    assert.deepEqual(r.fields, [["HeadersNotSigned", "x-amz-acl, x-amz-meta-a"]]);
  });
  it("requires host to be signed", () => {
    assert.deepEqual(failure(checkSignedHeaders(req([["Host", "h"]]), ["x-amz-date"])).fields, [["HeadersNotSigned", "host"]]);
  });
  it("tolerates an unsigned x-amz-content-sha256 and unsigned non-amz headers", () => {
    assert.ok(checkSignedHeaders(req([["Host", "h"], ["x-amz-content-sha256", "UNSIGNED-PAYLOAD"], ["User-Agent", "x"]]), ["host"]).ok);
  });
});

describe("x-amz-content-sha256", () => {
  it("classifies the literal modes and hex hashes", () => {
    const kinds = ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", sha256Hex("")].map(
      (v) => {
        const r = classifyContentSha256(v);
        assert.ok(r.ok);
        return r.payload.kind;
      },
    );
    assert.deepEqual(kinds, ["unsigned", "streaming", "streaming", "streaming", "sha256"]);
  });
  it("answers InvalidArgument with ArgumentName/ArgumentValue for anything else", () => {
    const r = failure(classifyContentSha256("tjnVEQ5UTP/DL91eAGOmew=="));
    assert.equal(r.code, "InvalidArgument");
    assert.match(r.message, /^x-amz-content-sha256 must be UNSIGNED-PAYLOAD, .* or a valid sha256 value\.$/);
    assert.deepEqual(r.fields, [["ArgumentName", "x-amz-content-sha256"], ["ArgumentValue", "tjnVEQ5UTP/DL91eAGOmew=="]]);
  });
  it("refuses SigV4a streaming as NotImplemented", () => {
    assert.equal(failure(classifyContentSha256("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")).code, "NotImplemented");
  });
  it("answers XAmzContentSHA256Mismatch with both hashes when the body differs", () => {
    const v = createPayloadVerifier(nodeCrypto, sha256Hex("hello"));
    v.update(new TextEncoder().encode("hellO"));
    const r = failure(v.finish());
    assert.equal(r.code, "XAmzContentSHA256Mismatch");
    assert.deepEqual(r.fields, [["ClientComputedContentSHA256", sha256Hex("hello")], ["S3ComputedContentSHA256", sha256Hex("hellO")]]);
  });
});

describe("S3 canonicalisation", () => {
  it("does not normalise the path: // and dot segments stay, as S3 keys", () => {
    assert.equal(canonicalUri("/bucket//a/./b/../c"), "/bucket//a/./b/../c");
  });
  it("decodes once and re-encodes with upper-case hex, encoding every reserved byte", () => {
    assert.equal(canonicalUri("/a%2bb/c d/%7e/*/%e1%88%b4"), "/a%2Bb/c%20d/~/%2A/%E1%88%B4");
    assert.equal(canonicalUri("/a+b"), "/a%2Bb");
    assert.equal(canonicalUri(""), "/");
  });
  it("sorts the query by encoded name then value and gives valueless parameters an empty value", () => {
    assert.equal(canonicalQuery("b=2&a=2&a=1&acl&x=%2F%20+"), "a=1&a=2&acl=&b=2&x=%2F%20%2B");
  });
});
