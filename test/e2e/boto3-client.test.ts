/**
 * End-to-end: boto3 with its default settings (flexible checksums, managed transfers, paginators,
 * presigned URLs) against a real server. One python process runs every case of
 * `python/boto3_client.py` and prints its observations as JSON; the tests below assert them.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ALPHA, uniqueBucket, type TestServer } from "../support/server.ts";
import { python, startCliSuite, type CliSuite } from "../support/cli.ts";

const SCRIPT = fileURLToPath(new URL("./python/boto3_client.py", import.meta.url));

interface ErrorSeen {
  code: string;
  message: string | null;
  status: number;
  requestId: string | null;
}

describe("boto3 (default client settings)", () => {
  let suite: CliSuite;
  let server: TestServer;
  let results: Record<string, Record<string, unknown>>;

  /** One case's observations; a case that raised fails here with its python traceback. */
  function observed<T>(name: string): T {
    const r = results[name];
    assert.ok(r, `case ${name} did not run`);
    if ("error" in r) assert.fail(`boto3 case ${name} raised ${String(r["error"])}\n${String(r["trace"])}`);
    return r as T;
  }

  before(async () => {
    suite = await startCliSuite("boto3");
    server = suite.server;
    const run = await python(server, ALPHA, SCRIPT, [uniqueBucket("boto3")], { timeoutMs: 90_000 });
    assert.equal(run.code, 0, `boto3_client.py exited ${run.code}\n${run.stderr}`);
    results = run.json();
  });
  after(() => suite.stop());

  it("puts with the default CRC32 and gets it back with ChecksumMode ENABLED", () => {
    const r = observed<{ putETag: string; expectedETag: string; putChecksumCRC32: string; getChecksumCRC32: string; expectedCRC32: string; bodyMatches: boolean; metadata: Record<string, string> }>("put_get_default_checksums");
    assert.equal(r.putETag, r.expectedETag);
    assert.equal(r.putChecksumCRC32, r.expectedCRC32);
    assert.equal(r.getChecksumCRC32, r.expectedCRC32);
    assert.equal(r.bodyMatches, true);
    assert.deepEqual(r.metadata, { origin: "boto3" });
  });

  it("uploads 20 MB with upload_file as a 3-part multipart upload and downloads it intact", () => {
    const r = observed<{ etag: string; contentLength: number; threshold: number; chunk: number; roundTrip: boolean }>("upload_download_20mb");
    assert.equal(r.threshold, 8 * 1024 * 1024, "boto3's default multipart threshold");
    assert.equal(r.contentLength, 20 * 1024 * 1024);
    assert.match(r.etag, /^"[0-9a-f]{32}-3"$/, "20 MiB in 8 MiB parts is 3 parts");
    assert.equal(r.roundTrip, true);
  });

  it("pages list_objects_v2 with the paginator, with and without a delimiter", () => {
    const r = observed<{ keys: string[]; pages: string[][]; delimitedPrefixes: string[] }>("list_paginator");
    assert.deepEqual(r.pages, [r.keys.slice(0, 3), r.keys.slice(3, 6), r.keys.slice(6)]);
    assert.ok(r.delimitedPrefixes.includes("page/"));
    assert.equal(new Set(r.delimitedPrefixes).size, r.delimitedPrefixes.length, "no common prefix repeats across pages");
  });

  it("serves SigV4 presigned PUT and GET URLs and rejects a URL whose path was changed", () => {
    const r = observed<{ getUrl: string; putStatus: number; getStatus: number; body: string; tamperedStatus: number; tamperedBody: string }>("presigned_urls");
    assert.match(r.getUrl, /X-Amz-Algorithm=AWS4-HMAC-SHA256/);
    assert.equal(r.putStatus, 200);
    assert.equal(r.getStatus, 200);
    assert.equal(r.body, "sent with a presigned PUT");
    assert.equal(r.tamperedStatus, 403);
    assert.match(r.tamperedBody, /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it("answers boto3's default (Signature Version 2) presigned URL as a SigV4-only S3 region does: 400 InvalidRequest", () => {
    // SigV2 query authentication is not supported; S3 regions without SigV2 answer InvalidRequest
    // "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256."
    // https://docs.aws.amazon.com/AmazonS3/latest/API/specify-signature-version.html
    const r = observed<{ defaultUrl: string; defaultStatus: number; defaultBody: string }>("presigned_urls");
    assert.match(r.defaultUrl, /[?&]AWSAccessKeyId=/, "botocore presigns with SigV2 when no signature_version is set");
    assert.equal(r.defaultStatus, 400);
    assert.match(r.defaultBody, /<Code>InvalidRequest<\/Code><Message>The authorization mechanism you have provided is not supported\. Please use AWS4-HMAC-SHA256\.<\/Message>/);
  });

  it("copies with copy_object and the managed copy, keeping content type and metadata", () => {
    const r = observed<{ copyETag: string; expectedETag: string; dstBody: string; dstMetadata: Record<string, string>; dstContentType: string; managedBody: string }>("copy");
    assert.equal(r.copyETag, r.expectedETag);
    assert.equal(r.dstBody, "copy me");
    assert.deepEqual(r.dstMetadata, { a: "1" });
    assert.equal(r.dstContentType, "text/plain");
    assert.equal(r.managedBody, "copy me");
  });

  it("deletes several keys with delete_objects, reporting missing keys as deleted and nothing in Quiet mode", () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
    const r = observed<{ deleted: string[]; errors: unknown[]; quietDeleted: unknown[]; left: string[] }>("delete_objects");
    assert.deepEqual(r.deleted, ["del/a", "del/b", "del/missing"]);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.quietDeleted, []);
    assert.deepEqual(r.left, []);
  });

  it("raises ClientError with e.response['Error']['Code'] NoSuchKey, 404 for a HEAD, NoSuchBucket", () => {
    const r = observed<{ getMissing: ErrorSeen; headMissing: ErrorSeen; noBucket: ErrorSeen }>("errors");
    assert.equal(r.getMissing.code, "NoSuchKey");
    assert.equal(r.getMissing.status, 404);
    assert.equal(r.getMissing.message, "The specified key does not exist.");
    assert.match(r.getMissing.requestId ?? "", /^[0-9A-F]{16}$/);
    // A HEAD has no body: botocore names the error after the status.
    assert.equal(r.headMissing.code, "404");
    assert.equal(r.noBucket.code, "NoSuchBucket");
    assert.equal(r.noBucket.status, 404);
  });
});
