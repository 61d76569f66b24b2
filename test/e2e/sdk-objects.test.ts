/**
 * End-to-end: object operations through the AWS SDK for JavaScript v3 with its default settings
 * (flexible checksums on, aws-chunked for streams), against a real server.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import type {
  S3ServiceException} from "@aws-sdk/client-s3";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  DeleteObjectTaggingCommand,
  ListObjectsV2Command,
  type S3Client
} from "@aws-sdk/client-s3";
import { startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { rejectsWith } from "../support/s3errors.ts";


describe("objects through the AWS SDK v3", () => {
  let server: TestServer;
  let s3: S3Client;
  const bucket = uniqueBucket("objects");

  before(async () => {
    server = await startTestServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    await server.stop();
  });

  it("stores and returns an object byte for byte with its metadata, ETag and CRC32 checksum", async () => {
    const body = "hello crossbucket";
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "greeting.txt", Body: body, ContentType: "text/plain", Metadata: { color: "blue" } }));
    assert.equal(put.ETag, `"${createHash("md5").update(body).digest("hex")}"`);
    assert.ok(put.ChecksumCRC32, "the SDK sends a CRC32 by default and S3 echoes it");
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "greeting.txt", ChecksumMode: "ENABLED" }));
    assert.equal(await got.Body?.transformToString(), body);
    assert.equal(got.ContentType, "text/plain");
    assert.deepEqual(got.Metadata, { color: "blue" });
    assert.equal(got.ChecksumCRC32, put.ChecksumCRC32);
    assert.equal(got.ContentLength, body.length);
  });

  it("accepts a streamed body sent as aws-chunked with a trailing checksum", async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "stream.bin", Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length }));
    assert.equal(put.ETag, `"${createHash("md5").update(data).digest("hex")}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "stream.bin" }));
    const bytes = Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    assert.ok(bytes.equals(data));
  });

  it("answers NoSuchKey with 404 for a missing key", async () => {
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "missing" })), "NoSuchKey", 404);
  });

  it("answers NoSuchBucket for a missing bucket", async () => {
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: uniqueBucket("nope"), Key: "k" })), "NoSuchBucket", 404);
  });

  it("serves byte ranges with 206 and Content-Range, and 416 InvalidRange past the end", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "digits", Body: "0123456789" }));
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", Range: "bytes=2-5" }));
    assert.equal(await r.Body?.transformToString(), "2345");
    assert.equal(r.ContentRange, "bytes 2-5/10");
    const suffix = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", Range: "bytes=-3" }));
    assert.equal(await suffix.Body?.transformToString(), "789");
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", Range: "bytes=20-30" })), "InvalidRange", 416);
  });

  it("a 304 Not Modified releases its read lease: a later overwrite still deletes the replaced blob", async () => {
    const blobCount = (): number => {
      let n = 0;
      const walk = (dir: string): void => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          if (e.isDirectory()) {
            if (e.name !== "tmp") walk(join(dir, e.name));
          } else n += 1;
        }
      };
      walk(join(server.dataDir, "blobs"));
      return n;
    };
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "lease-304", Body: "one" }));
    const notModified = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "lease-304", IfNoneMatch: put.ETag })).catch((e: S3ServiceException) => e);
    assert.equal((notModified as S3ServiceException).$metadata.httpStatusCode, 304);
    const before = blobCount();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "lease-304", Body: "two" }));
    // The overwrite adds one blob and (deferred only while a lease is held) deletes the replaced one.
    for (let i = 0; i < 50 && blobCount() !== before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(blobCount(), before);
  });

  it("honours If-Match / If-None-Match / If-Modified-Since with 412 and 304", async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "cond", Body: "x" }));
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "cond", IfMatch: '"0000"' })), "PreconditionFailed", 412);
    const notModified = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "cond", IfNoneMatch: put.ETag })).catch((e: S3ServiceException) => e);
    assert.equal((notModified as S3ServiceException).$metadata.httpStatusCode, 304);
    const ok = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "cond", IfMatch: put.ETag }));
    assert.equal(await ok.Body?.transformToString(), "x");
    const future = new Date(Date.now() + 3600_000);
    const nm = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "cond", IfModifiedSince: future })).catch((e: S3ServiceException) => e);
    assert.equal((nm as S3ServiceException).$metadata.httpStatusCode, 304);
  });

  it("applies response-* overrides to GET headers", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "override", Body: "x", ContentType: "text/plain" }));
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "override", ResponseContentType: "application/json", ResponseContentDisposition: "attachment" }));
    assert.equal(r.ContentType, "application/json");
    assert.equal(r.ContentDisposition, "attachment");
  });

  it("copies with COPY and REPLACE metadata directives and refuses a no-change copy onto itself", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "src", Body: "copy me", Metadata: { a: "1" } }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "dst", CopySource: `${bucket}/src` }));
    const copied = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "dst" }));
    assert.deepEqual(copied.Metadata, { a: "1" });
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "dst2", CopySource: `${bucket}/src`, MetadataDirective: "REPLACE", Metadata: { b: "2" } }));
    assert.deepEqual((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "dst2" }))).Metadata, { b: "2" });
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "src", CopySource: `${bucket}/src` })), "InvalidRequest", 400);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "src", CopySource: `${bucket}/src`, MetadataDirective: "REPLACE", Metadata: { c: "3" } }));
    assert.deepEqual((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "src" }))).Metadata, { c: "3" });
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "x", CopySource: `${bucket}/src`, CopySourceIfMatch: '"nope"' })), "PreconditionFailed", 412);
  });

  it("deletes objects singly and in bulk, with quiet mode", async () => {
    for (const k of ["del/1", "del/2", "del/3", "del/4"]) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "del/1" }));
    const loud = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "del/2" }, { Key: "never-existed" }] } }));
    assert.deepEqual(loud.Deleted?.map((d) => d.Key).sort(), ["del/2", "never-existed"]);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "del/3" }], Quiet: true } }));
    assert.equal(quiet.Deleted, undefined);
    const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "del/" }));
    assert.deepEqual(list.Contents?.map((c) => c.Key) ?? [], ["del/4"]);
  });

  it("keeps tags from x-amz-tagging and the tagging API", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "tagged", Body: "t", Tagging: "team=data&env=dev" }));
    const t = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    assert.deepEqual(t.TagSet, [{ Key: "team", Value: "data" }, { Key: "env", Value: "dev" }]);
    await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "tagged", Tagging: { TagSet: [{ Key: "k", Value: "v" }] } }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }))).TagSet, [{ Key: "k", Value: "v" }]);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "tagged" }))).TagCount, 1);
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }))).TagSet, []);
    await rejectsWith(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "tagged", Tagging: { TagSet: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] } })), "InvalidTag", 400);
  });

  it("reports ETag, size and checksum through GetObjectAttributes", async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "attrs", Body: "abc", ChecksumAlgorithm: "SHA256" }));
    const a = await s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "attrs", ObjectAttributes: ["ETag", "ObjectSize", "Checksum", "StorageClass"] }));
    assert.equal(`"${a.ETag}"`, put.ETag);
    assert.equal(a.ObjectSize, 3);
    assert.equal(a.Checksum?.ChecksumSHA256, createHash("sha256").update("abc").digest("base64"));
    assert.equal(a.StorageClass, "STANDARD");
  });

  it("rejects a body whose Content-MD5 does not match with BadDigest", async () => {
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "md5", Body: "abc", ContentMD5: createHash("md5").update("abd").digest("base64") })), "BadDigest", 400);
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "md5" })), "NotFound", 404);
  });

  it("logs no internal error during the suite", () => {
    assert.deepEqual(server.logger.errors, []);
  });
});
