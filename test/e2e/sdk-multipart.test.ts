/**
 * End-to-end: multipart uploads through the AWS SDK v3, including lib-storage's managed upload.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { errorOf } from "../support/s3errors.ts";

const MiB = 1024 * 1024;


describe("multipart uploads through the AWS SDK v3", () => {
  let server: TestServer;
  let s3: S3Client;
  const bucket = uniqueBucket("mpu");
  before(async () => {
    server = await startTestServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    await server.stop();
  });

  it("assembles parts into one object with the multipart ETag and serves each part by partNumber", async () => {
    const p1 = randomBytes(5 * MiB);
    const p2 = randomBytes(1234);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "big", ContentType: "application/x-test" }));
    const u1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "big", UploadId, PartNumber: 1, Body: p1 }));
    const u2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "big", UploadId, PartNumber: 2, Body: p2 }));
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: "big", UploadId }));
    assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 5 * MiB], [2, 1234]]);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "big", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: u1.ETag }, { PartNumber: 2, ETag: u2.ETag }] } }));
    const md5s = Buffer.concat([createHash("md5").update(p1).digest(), createHash("md5").update(p2).digest()]);
    assert.equal(done.ETag, `"${createHash("md5").update(md5s).digest("hex")}-2"`);
    const whole = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "big" }))).Body!.transformToByteArray());
    assert.ok(whole.equals(Buffer.concat([p1, p2])));
    const part2 = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "big", PartNumber: 2 }));
    assert.equal(part2.PartsCount, 2);
    assert.ok(Buffer.from(await part2.Body!.transformToByteArray()).equals(p2));
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "big" }))).ContentType, "application/x-test");
  });

  it("rejects a small non-final part with EntityTooSmall, a wrong ETag with InvalidPart, and disorder with InvalidPartOrder", async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "small" }));
    const a = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "small", UploadId, PartNumber: 1, Body: "tiny" }));
    const b = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: "small", UploadId, PartNumber: 2, Body: "tiny2" }));
    const tooSmall = await errorOf(s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "small", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }] } })));
    assert.equal(tooSmall.name, "EntityTooSmall");
    const badPart = await errorOf(s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "small", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] } })));
    assert.equal(badPart.name, "InvalidPart");
    const order = await errorOf(s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "small", UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: b.ETag }, { PartNumber: 1, ETag: a.ETag }] } })));
    assert.equal(order.name, "InvalidPartOrder");
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "small", UploadId }));
    assert.equal((await errorOf(s3.send(new ListPartsCommand({ Bucket: bucket, Key: "small", UploadId })))).name, "NoSuchUpload");
  });

  it("lists in-progress uploads", async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "pending/one" }));
    const list = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: "pending/" }));
    assert.deepEqual(list.Uploads?.map((u) => [u.Key, u.UploadId]), [["pending/one", UploadId]]);
  });

  it("copies a byte range of another object into a part with UploadPartCopy", async () => {
    const src = randomBytes(6 * MiB);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "copy-src", Body: src }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "copied" }));
    const c1 = await s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "copied", UploadId, PartNumber: 1, CopySource: `${bucket}/copy-src`, CopySourceRange: `bytes=0-${5 * MiB - 1}` }));
    const c2 = await s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "copied", UploadId, PartNumber: 2, CopySource: `${bucket}/copy-src`, CopySourceRange: `bytes=${5 * MiB}-${6 * MiB - 1}` }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "copied", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: c1.CopyPartResult?.ETag }, { PartNumber: 2, ETag: c2.CopyPartResult?.ETag }] } }));
    const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "copied" }))).Body!.transformToByteArray());
    assert.ok(got.equals(src));
  });

  it("completes lib-storage's managed upload of a 12 MiB stream with the SDK's default checksums", async () => {
    const data = randomBytes(12 * MiB);
    const upload = new Upload({ client: s3, params: { Bucket: bucket, Key: "managed", Body: data }, partSize: 5 * MiB });
    await upload.done();
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "managed", ChecksumMode: "ENABLED" }));
    assert.equal(head.ContentLength, data.length);
    const attrs = await s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "managed", ObjectAttributes: ["ObjectParts"] }));
    assert.equal(attrs.ObjectParts?.TotalPartsCount, 3);
    const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "managed" }))).Body!.transformToByteArray());
    assert.ok(got.equals(data));
  });

  it("logs no internal error during the suite", () => {
    assert.deepEqual(server.logger.errors, []);
  });
});
