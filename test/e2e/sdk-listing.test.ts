/**
 * End-to-end: ListObjects v1 and v2 through the AWS SDK v3: prefix, delimiter, CommonPrefixes,
 * pagination by marker, continuation token and start-after, max-keys, encoding-type=url, fetch-owner.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";

const KEYS = ["a/1", "a/2", "a/b/3", "a0", "b", "c/x", "c/y", "d e+f", "é/1"];

describe("listing through the AWS SDK v3", () => {
  let server: TestServer;
  let s3: S3Client;
  const bucket = uniqueBucket("list");
  before(async () => {
    server = await startTestServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const Key of KEYS) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
  });
  after(async () => {
    await server.stop();
  });

  it("lists keys in UTF-8 byte order", async () => {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    assert.deepEqual(r.Contents?.map((c) => c.Key), KEYS);
    assert.equal(r.KeyCount, KEYS.length);
    assert.equal(r.Contents?.[0]?.Owner, undefined, "v2 omits Owner unless fetch-owner=true");
  });

  it("groups keys by delimiter into CommonPrefixes", async () => {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/" }));
    assert.deepEqual(r.Contents?.map((c) => c.Key), ["a0", "b", "d e+f"]);
    assert.deepEqual(r.CommonPrefixes?.map((p) => p.Prefix), ["a/", "c/", "é/"]);
    const inner = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/", Prefix: "a/" }));
    assert.deepEqual(inner.Contents?.map((c) => c.Key), ["a/1", "a/2"]);
    assert.deepEqual(inner.CommonPrefixes?.map((p) => p.Prefix), ["a/b/"]);
  });

  it("pages with continuation tokens, counting common prefixes toward max-keys", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/", MaxKeys: 2, ...(token ? { ContinuationToken: token } : {}) }));
      seen.push(...(r.Contents ?? []).map((c) => c.Key ?? ""), ...(r.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""));
      assert.ok((r.KeyCount ?? 0) <= 2);
      token = r.NextContinuationToken;
      pages += 1;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen.sort(), ["a/", "a0", "b", "c/", "d e+f", "é/"].sort());
  });

  it("starts after a given key", async () => {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: "b" }));
    assert.deepEqual(r.Contents?.map((c) => c.Key), ["c/x", "c/y", "d e+f", "é/1"]);
    assert.equal(r.StartAfter, "b");
  });

  it("pages ListObjects v1 with NextMarker when a delimiter is given, and returns owners", async () => {
    const r = await s3.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: "/", MaxKeys: 2 }));
    assert.equal(r.IsTruncated, true);
    assert.equal(r.NextMarker, "a0");
    const rest = await s3.send(new ListObjectsCommand({ Bucket: bucket, Marker: "a0" }));
    assert.equal(rest.Contents?.[0]?.Key, "b");
    assert.match(rest.Contents?.[0]?.Owner?.ID ?? "", /^[0-9a-f]{64}$/);
  });

  it("URL-encodes keys when encoding-type=url is asked", async () => {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "d", EncodingType: "url" }));
    assert.equal(r.EncodingType, "url");
    assert.equal(r.Contents?.[0]?.Key, "d%20e%2Bf");
  });

  it("rejects a negative max-keys with InvalidArgument", async () => {
    try {
      await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: -1 }));
      assert.fail("expected InvalidArgument");
    } catch (e) {
      assert.ok(e instanceof S3ServiceException);
      assert.equal(e.name, "InvalidArgument");
    }
  });

  it("returns the owner with fetch-owner=true", async () => {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, FetchOwner: true, MaxKeys: 1 }));
    assert.match(r.Contents?.[0]?.Owner?.ID ?? "", /^[0-9a-f]{64}$/);
  });
});
