/**
 * End-to-end: malformed XML bodies, integrity headers that do not verify, oversized or invalid
 * names and headers, and garbage query parameters, sent raw over TCP and signed with the SDK's own
 * signer. Every case asserts S3's status and code, that the server is still alive and logged no
 * internal error, and that nothing became visible where the request failed.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CreateBucketCommand, CreateMultipartUploadCommand, HeadBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ALPHA, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { assertAlive, assertInvisible, assertS3Error, countBlobs, rawRequest, sendRaw, signRequest } from "../support/raw.ts";

/** S3's message has no final period (as real responses quoted in client issues show). */
const MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema";

function md5b64(body: string | Uint8Array): string {
  return createHash("md5").update(body).digest("base64");
}

describe("hostile input: XML bodies, headers, names and parameters", () => {
  let server: TestServer;
  let s3: S3Client;
  const bucket = uniqueBucket("bad");

  before(async () => {
    server = await startTestServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "existing", Body: "0123456789" }));
  });
  after(async () => {
    await server.stop();
  });

  const send = (method: string, path: string, body?: string | Uint8Array, headers: Record<string, string> = {}) =>
    rawRequest(server.endpoint, ALPHA, { method, path, headers, ...(body !== undefined ? { body } : {}) });

  describe("malformed XML bodies answer MalformedXML", () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (MalformedXML)
    it("rejects a CreateBucket configuration that is not well-formed, and creates no bucket", async () => {
      const name = uniqueBucket("badxml");
      const res = await send("PUT", `/${name}`, "<CreateBucketConfiguration><LocationConstraint>us-east-1</CreateBucketConfiguration>");
      assertS3Error(res, 400, "MalformedXML", MALFORMED_XML);
      await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: name })), (e: Error) => e.name === "NotFound");
      await assertAlive(server, s3, bucket);
    });

    it("rejects a DeleteObjects body that is not well-formed and deletes nothing", async () => {
      const body = "<Delete><Object><Key>existing</Key></Object>";
      const res = await send("POST", `/${bucket}?delete`, body, { "content-md5": md5b64(body) });
      assertS3Error(res, 400, "MalformedXML", MALFORMED_XML);
      const head = await send("HEAD", `/${bucket}/existing`);
      assert.equal(head.status, 200);
      await assertAlive(server, s3, bucket);
    });

    it("rejects a CompleteMultipartUpload body that is not well-formed and completes nothing", async () => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "mpu-bad-xml" }));
      const res = await send("POST", `/${bucket}/mpu-bad-xml?uploadId=${encodeURIComponent(UploadId ?? "")}`, "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>");
      assertS3Error(res, 400, "MalformedXML", MALFORMED_XML);
      await assertInvisible(s3, bucket, "mpu-bad-xml");
      await assertAlive(server, s3, bucket);
    });

    it("rejects a PutBucketVersioning body that is not well-formed", async () => {
      const res = await send("PUT", `/${bucket}?versioning`, "<VersioningConfiguration><Status>Enabled</Status>");
      assertS3Error(res, 400, "MalformedXML", MALFORMED_XML);
      const get = await send("GET", `/${bucket}?versioning`);
      assert.equal(get.status, 200);
      assert.doesNotMatch(get.body, /<Status>/, "versioning stayed unset");
      await assertAlive(server, s3, bucket);
    });

    it("rejects a PutObjectTagging body that is not well-formed", async () => {
      const res = await send("PUT", `/${bucket}/existing?tagging`, "<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet>");
      assertS3Error(res, 400, "MalformedXML", MALFORMED_XML);
      await assertAlive(server, s3, bucket);
    });

    it("rejects a body with a DTD and an entity instead of expanding it", async () => {
      const body = `<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY k "existing">]><Delete><Object><Key>&k;</Key></Object></Delete>`;
      const res = await send("POST", `/${bucket}?delete`, body, { "content-md5": md5b64(body) });
      assertS3Error(res, 400, "MalformedXML");
      assert.equal((await send("HEAD", `/${bucket}/existing`)).status, 200, "the entity was not expanded into a delete");
      await assertAlive(server, s3, bucket);
    });

    it("rejects an empty body where a document is required", async () => {
      const res = await send("PUT", `/${bucket}?versioning`, "");
      assert.equal(res.status, 400);
      assert.ok(["MalformedXML", "MissingRequestBodyError"].includes(String(/<Code>([^<]*)/.exec(res.body)?.[1])), res.body);
      await assertAlive(server, s3, bucket);
    });
  });

  describe("DeleteObjects limits", () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
    it("requires Content-MD5 or a checksum header: InvalidRequest", async () => {
      const body = "<Delete><Object><Key>existing</Key></Object></Delete>";
      const res = await send("POST", `/${bucket}?delete`, body);
      assertS3Error(res, 400, "InvalidRequest", /Content-MD5/);
      assert.equal((await send("HEAD", `/${bucket}/existing`)).status, 200);
      await assertAlive(server, s3, bucket);
    });

    it("answers MalformedXML for more than 1000 keys and deletes none of them", async () => {
      const keys = Array.from({ length: 1001 }, (_, i) => (i === 0 ? "existing" : `k${i}`));
      const body = `<Delete>${keys.map((k) => `<Object><Key>${k}</Key></Object>`).join("")}</Delete>`;
      const res = await send("POST", `/${bucket}?delete`, body, { "content-md5": md5b64(body) });
      assertS3Error(res, 400, "MalformedXML");
      assert.equal((await send("HEAD", `/${bucket}/existing`)).status, 200);
      await assertAlive(server, s3, bucket);
    });

    it("answers BadDigest when Content-MD5 does not match the body", async () => {
      const body = "<Delete><Object><Key>existing</Key></Object></Delete>";
      const res = await send("POST", `/${bucket}?delete`, body, { "content-md5": md5b64("something else") });
      assertS3Error(res, 400, "BadDigest");
      assert.equal((await send("HEAD", `/${bucket}/existing`)).status, 200);
      await assertAlive(server, s3, bucket);
    });
  });

  describe("integrity headers that do not verify store nothing", () => {
    it("answers BadDigest for a wrong x-amz-checksum-crc32", async () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
      const res = await send("PUT", `/${bucket}/crc-wrong`, "hello", { "x-amz-checksum-crc32": "AAAAAA==" });
      assertS3Error(res, 400, "BadDigest", "The CRC32 you specified did not match the calculated checksum.");
      await assertInvisible(s3, bucket, "crc-wrong");
      await assertAlive(server, s3, bucket);
    });

    it("answers InvalidRequest for an x-amz-checksum-crc32 that is not base64 of 4 bytes", async () => {
      const res = await send("PUT", `/${bucket}/crc-garbage`, "hello", { "x-amz-checksum-crc32": "not*base64" });
      assertS3Error(res, 400, "InvalidRequest", "Value for x-amz-checksum-crc32 header is invalid.");
      await assertInvisible(s3, bucket, "crc-garbage");
      await assertAlive(server, s3, bucket);
    });

    it("answers BadDigest for a wrong Content-MD5 on PutObject", async () => {
      const res = await send("PUT", `/${bucket}/md5-wrong`, "hello", { "content-md5": md5b64("world") });
      assertS3Error(res, 400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
      await assertInvisible(s3, bucket, "md5-wrong");
      await assertAlive(server, s3, bucket);
    });

    it("answers InvalidDigest for a Content-MD5 that is not base64 of 16 bytes", async () => {
      const res = await send("PUT", `/${bucket}/md5-garbage`, "hello", { "content-md5": "abc" });
      assertS3Error(res, 400, "InvalidDigest", "The Content-MD5 you specified is not valid.");
      await assertInvisible(s3, bucket, "md5-garbage");
      await assertAlive(server, s3, bucket);
    });

    it("answers XAmzContentSHA256Mismatch when x-amz-content-sha256 is not the body's hash", async () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (XAmzContentSHA256Mismatch)
      const res = await send("PUT", `/${bucket}/sha-wrong`, "hello", { "x-amz-content-sha256": createHash("sha256").update("world").digest("hex") });
      assertS3Error(res, 400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
      await assertInvisible(s3, bucket, "sha-wrong");
      await assertAlive(server, s3, bucket);
    });

    it("answers InvalidArgument for an x-amz-content-sha256 that is neither a hash nor a known mode", async () => {
      const res = await send("PUT", `/${bucket}/sha-garbage`, "hello", { "x-amz-content-sha256": "definitely-not-a-hash" });
      assertS3Error(res, 400, "InvalidArgument", /x-amz-content-sha256 must be UNSIGNED-PAYLOAD/);
      await assertInvisible(s3, bucket, "sha-garbage");
      await assertAlive(server, s3, bucket);
    });
  });

  describe("names, headers and request lines", () => {
    it("answers RequestHeaderSectionTooLarge for a header section over 8 KB", async () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (RequestHeaderSectionTooLarge)
      const res = await send("PUT", `/${bucket}/big-headers`, "x", { "x-amz-meta-big": "a".repeat(9000) });
      assertS3Error(res, 400, "RequestHeaderSectionTooLarge", "Your request header section exceeds the maximum allowed size.");
      await assertInvisible(s3, bucket, "big-headers");
      await assertAlive(server, s3, bucket);
    });

    it("answers a 4xx, never a crash, for a header section far beyond node's own limit", async () => {
      const res = await send("GET", `/${bucket}/existing`, undefined, { "x-huge": "a".repeat(80 * 1024) });
      assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
      await assertAlive(server, s3, bucket);
    });

    it("answers KeyTooLongError for a key over 1024 bytes", async () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
      const res = await send("PUT", `/${bucket}/${"k".repeat(1025)}`, "x");
      assertS3Error(res, 400, "KeyTooLongError", "Your key is too long");
      await assertAlive(server, s3, bucket);
    });

    it("counts key length in UTF-8 bytes: 513 two-byte characters are too long", async () => {
      const res = await send("PUT", `/${bucket}/${"%C3%A9".repeat(513)}`, "x");
      assertS3Error(res, 400, "KeyTooLongError");
      await assertAlive(server, s3, bucket);
    });

    for (const name of ["ab", "UPPERCASE", "a..b", "-leading", "192.168.5.4", "under_score", "trailing-"]) {
      it(`answers InvalidBucketName when creating "${name}"`, async () => {
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
        const res = await send("PUT", `/${name}`);
        assertS3Error(res, 400, "InvalidBucketName", "The specified bucket is not valid.");
        await assertAlive(server, s3, bucket);
      });
    }

    it("answers InvalidURI for invalid percent-encoding in the path", async () => {
      for (const key of ["%zz", "abc%", "%C3"]) {
        const res = await send("GET", `/${bucket}/${key}`);
        assertS3Error(res, 400, "InvalidURI", "Couldn't parse the specified URI.");
      }
      await assertAlive(server, s3, bucket);
    });

    it("answers MethodNotAllowed for methods S3 does not serve", async () => {
      for (const method of ["PATCH", "FOO", "TRACE"]) {
        const res = await send(method, `/${bucket}/existing`);
        assert.ok(res.status === 405 || res.status === 501 || res.status === 400, `${method}: ${res.status} ${res.body}`);
        assert.notEqual(res.status, 500);
      }
      await assertAlive(server, s3, bucket);
    });

    it("ignores a body sent with a GET and serves the object", async () => {
      const res = await send("GET", `/${bucket}/existing`, "unexpected body");
      assert.equal(res.status, 200);
      assert.equal(res.body, "0123456789");
      await assertAlive(server, s3, bucket);
    });
  });

  describe("Content-Length", () => {
    it("answers MissingContentLength (411) for a PutObject without Content-Length", async () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (MissingContentLength)
      const signed = await signRequest(server.endpoint, ALPHA, { method: "PUT", path: `/${bucket}/no-length`, headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
      const res = await sendRaw(server.endpoint, signed);
      assertS3Error(res, 411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
      await assertInvisible(s3, bucket, "no-length");
      await assertAlive(server, s3, bucket);
    });

    it("stores nothing when the client sends fewer bytes than its Content-Length and hangs up", async () => {
      const blobsBefore = countBlobs(server.dataDir);
      const body = Buffer.alloc(100_000, 1);
      const signed = await signRequest(server.endpoint, ALPHA, { method: "PUT", path: `/${bucket}/short-body`, headers: { "content-length": String(body.length), "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
      await sendRaw(server.endpoint, { ...signed, body }, { truncateAt: 40_000 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      await assertInvisible(s3, bucket, "short-body");
      assert.equal(countBlobs(server.dataDir), blobsBefore, "no blob left behind");
      await assertAlive(server, s3, bucket);
    });
  });

  describe("garbage query parameters and ranges", () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
    for (const v of ["-1", "abc", "1.5", "99999999999999999999"]) {
      it(`answers InvalidArgument for max-keys=${v}`, async () => {
        const res = await send("GET", `/${bucket}?list-type=2&max-keys=${v}`);
        assertS3Error(res, 400, "InvalidArgument");
        await assertAlive(server, s3, bucket);
      });
    }

    for (const n of ["0", "10001", "-1", "abc"]) {
      it(`answers InvalidArgument for partNumber=${n} on UploadPart and stores no part`, async () => {
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html
        const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "mpu-bad-part" }));
        const res = await send("PUT", `/${bucket}/mpu-bad-part?partNumber=${n}&uploadId=${encodeURIComponent(UploadId ?? "")}`, "data");
        assertS3Error(res, 400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
        const parts = await send("GET", `/${bucket}/mpu-bad-part?uploadId=${encodeURIComponent(UploadId ?? "")}`);
        assert.equal(parts.status, 200);
        assert.doesNotMatch(parts.body, /<Part>/);
        await assertAlive(server, s3, bucket);
      });
    }

    it("answers InvalidArgument for partNumber=0 on GetObject", async () => {
      const res = await send("GET", `/${bucket}/existing?partNumber=0`);
      assertS3Error(res, 400, "InvalidArgument");
      await assertAlive(server, s3, bucket);
    });

    it("ignores a syntactically invalid Range header and serves the whole object", async () => {
      // RFC 9110 §14.2: a server ignores a Range header field it does not understand.
      for (const range of ["bytes=abc", "bytes=5-2", "pages=1-2", "bytes=--1"]) {
        const res = await send("GET", `/${bucket}/existing`, undefined, { range });
        assert.equal(res.status, 200, `${range}: ${res.body}`);
        assert.equal(res.body, "0123456789");
      }
      await assertAlive(server, s3, bucket);
    });

    it("answers InvalidRange (416) for a range that starts past the end", async () => {
      const res = await send("GET", `/${bucket}/existing`, undefined, { range: "bytes=100-200" });
      assertS3Error(res, 416, "InvalidRange", "The requested range is not satisfiable");
      await assertAlive(server, s3, bucket);
    });

    it("answers InvalidArgument for a versionId that is garbage", async () => {
      const res = await send("GET", `/${bucket}/existing?versionId=not-a-version-%00%FF`);
      assert.equal(res.status, 400, res.body);
      assert.ok(["InvalidArgument", "InvalidURI"].includes(String(/<Code>([^<]*)/.exec(res.body)?.[1])), res.body);
      const res2 = await send("GET", `/${bucket}/existing?versionId=garbage`);
      assertS3Error(res2, 400, "InvalidArgument", "Invalid version id specified");
      await assertAlive(server, s3, bucket);
    });
  });
});
