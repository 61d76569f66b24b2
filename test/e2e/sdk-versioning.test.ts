/**
 * End-to-end: versioning semantics through the AWS SDK v3: version IDs, delete markers, the null
 * version under Suspended, and ListObjectVersions.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  CopyObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { errorOf } from "../support/s3errors.ts";


async function text(s3: S3Client, Bucket: string, Key: string, VersionId?: string): Promise<string> {
  const r = await s3.send(new GetObjectCommand({ Bucket, Key, ...(VersionId ? { VersionId } : {}) }));
  return (await r.Body?.transformToString()) ?? "";
}

describe("versioning through the AWS SDK v3", () => {
  let server: TestServer;
  let s3: S3Client;
  before(async () => {
    server = await startTestServer();
    s3 = server.client();
  });
  after(async () => {
    await server.stop();
  });

  it("keeps every version under Enabled and hides the key behind a delete marker", async () => {
    const b = uniqueBucket("ver");
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: "Enabled" } }));
    const v1 = await s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "one" }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "two" }));
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
    assert.equal(await text(s3, b, "k"), "two");
    assert.equal(await text(s3, b, "k", v1.VersionId), "one");
    const del = await s3.send(new DeleteObjectCommand({ Bucket: b, Key: "k" }));
    assert.equal(del.DeleteMarker, true);
    const missing = await errorOf(s3.send(new GetObjectCommand({ Bucket: b, Key: "k" })));
    assert.equal(missing.name, "NoSuchKey");
    assert.equal(missing.$response?.headers["x-amz-delete-marker"], "true");
    const onMarker = await errorOf(s3.send(new GetObjectCommand({ Bucket: b, Key: "k", VersionId: del.VersionId })));
    assert.equal(onMarker.$metadata.httpStatusCode, 405);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: b }));
    assert.deepEqual(versions.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2.VersionId, false], [v1.VersionId, false]]);
    assert.deepEqual(versions.DeleteMarkers?.map((d) => [d.VersionId, d.IsLatest]), [[del.VersionId, true]]);
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: b }))).KeyCount, 0);
    await s3.send(new DeleteObjectCommand({ Bucket: b, Key: "k", VersionId: del.VersionId }));
    assert.equal(await text(s3, b, "k"), "two", "removing the delete marker restores the previous version");
    const copied = await s3.send(new CopyObjectCommand({ Bucket: b, Key: "k2", CopySource: `${b}/k?versionId=${v1.VersionId}` }));
    assert.equal(copied.CopySourceVersionId, v1.VersionId);
    assert.equal(await text(s3, b, "k2"), "one");
  });

  it("overwrites the null version under Suspended while keeping earlier versions", async () => {
    const b = uniqueBucket("susp");
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "before-versioning" }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: "Enabled" } }));
    const v = await s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "versioned" }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: "Suspended" } }));
    await s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "null-1" }));
    await s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "null-2" }));
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: b }));
    assert.deepEqual(versions.Versions?.map((x) => x.VersionId), ["null", v.VersionId]);
    assert.equal(await text(s3, b, "k", "null"), "null-2");
    assert.equal(await text(s3, b, "k", v.VersionId), "versioned");
  });

  it("rejects a malformed version ID with InvalidArgument and an unknown one with NoSuchVersion", async () => {
    const b = uniqueBucket("vid");
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: "Enabled" } }));
    await s3.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    assert.equal((await errorOf(s3.send(new GetObjectCommand({ Bucket: b, Key: "k", VersionId: "not a version!" })))).name, "InvalidArgument");
    assert.equal((await errorOf(s3.send(new GetObjectCommand({ Bucket: b, Key: "k", VersionId: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })))).name, "NoSuchVersion");
  });
});
