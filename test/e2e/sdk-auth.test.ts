/**
 * End-to-end: SigV4 as S3 enforces it. Wrong secret → SignatureDoesNotMatch with the StringToSign
 * fields; unknown key → InvalidAccessKeyId; clock skew → RequestTimeTooSkewed; presigned URLs work
 * until they expire; anonymous requests are denied.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { ALPHA, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { errorOf } from "../support/s3errors.ts";


describe("SigV4 authentication", () => {
  let server: TestServer;
  const bucket = uniqueBucket("auth");
  before(async () => {
    server = await startTestServer();
    await server.client().send(new CreateBucketCommand({ Bucket: bucket }));
    await server.client().send(new PutObjectCommand({ Bucket: bucket, Key: "file.txt", Body: "presigned content" }));
  });
  after(async () => {
    await server.stop();
  });

  it("answers SignatureDoesNotMatch, with the string to sign, when the secret is wrong", async () => {
    const bad = server.client(undefined, { credentials: { accessKeyId: ALPHA.root.accessKeyId, secretAccessKey: "wrong-secret" } });
    const e = await errorOf(bad.send(new ListBucketsCommand({})));
    assert.equal(e.name, "SignatureDoesNotMatch");
    assert.equal(e.$metadata.httpStatusCode, 403);
    const fields = e as unknown as Record<string, string>;
    assert.match(fields["StringToSign"] ?? "", /^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/);
    assert.equal(fields["AWSAccessKeyId"], ALPHA.root.accessKeyId);
  });

  it("answers InvalidAccessKeyId for an unknown access key", async () => {
    const bad = server.client(undefined, { credentials: { accessKeyId: "AKIANOTAREALKEY00000", secretAccessKey: "x" } });
    const e = await errorOf(bad.send(new ListBucketsCommand({})));
    assert.equal(e.name, "InvalidAccessKeyId");
    assert.equal(e.$metadata.httpStatusCode, 403);
  });

  it("answers RequestTimeTooSkewed when the client clock is 20 minutes off", async () => {
    const skewed = server.client(undefined, { systemClockOffset: -20 * 60 * 1000, maxAttempts: 1 });
    const e = await errorOf(skewed.send(new ListBucketsCommand({})));
    assert.equal(e.name, "RequestTimeTooSkewed");
    assert.equal(e.$metadata.httpStatusCode, 403);
  });

  it("serves a presigned GET URL and refuses it once expired", async () => {
    const s3 = server.client();
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "file.txt" }), { expiresIn: 60 });
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), "presigned content");
    const expired = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "file.txt" }), { expiresIn: 60, signingDate: new Date(Date.now() - 3600 * 1000) });
    const denied = await fetch(expired);
    assert.equal(denied.status, 403);
    assert.match(await denied.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });

  it("accepts a presigned PUT URL", async () => {
    const url = await getSignedUrl(server.client(), new PutObjectCommand({ Bucket: bucket, Key: "uploaded.txt" }), { expiresIn: 60 });
    const put = await fetch(url, { method: "PUT", body: "via presigned put" });
    assert.equal(put.status, 200);
    const got = await server.client().send(new GetObjectCommand({ Bucket: bucket, Key: "uploaded.txt" }));
    assert.equal(await got.Body?.transformToString(), "via presigned put");
  });

  it("denies anonymous requests with AccessDenied", async () => {
    const r = await fetch(`${server.endpoint}/${bucket}/file.txt`);
    assert.equal(r.status, 403);
    const body = await r.text();
    assert.match(body, /<Code>AccessDenied<\/Code>/);
    assert.ok(r.headers.get("x-amz-request-id"));
    assert.ok(r.headers.get("x-amz-id-2"));
  });

  it("answers the health check without authentication", async () => {
    const r = await fetch(`${server.endpoint}/_crossbucket/health`);
    assert.equal(r.status, 200);
  });
});
