/**
 * End-to-end: bucket operations and addressing through the AWS SDK v3.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:http";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { BRAVO, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { errorOf } from "../support/s3errors.ts";


describe("buckets through the AWS SDK v3", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
  });

  it("creates, heads, locates and lists a bucket, then deletes it", async () => {
    const s3 = server.client();
    const name = uniqueBucket("life");
    const created = await s3.send(new CreateBucketCommand({ Bucket: name }));
    assert.equal(created.Location, `/${name}`);
    const head = await s3.send(new HeadBucketCommand({ Bucket: name }));
    assert.equal(head.BucketRegion, "us-east-1");
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: name }));
    assert.equal(loc.LocationConstraint, undefined, "us-east-1 buckets have an empty LocationConstraint");
    const list = await s3.send(new ListBucketsCommand({}));
    assert.ok(list.Buckets?.some((b) => b.Name === name));
    assert.match(list.Owner?.ID ?? "", /^[0-9a-f]{64}$/);
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
    assert.equal((await errorOf(s3.send(new HeadBucketCommand({ Bucket: name })))).$metadata.httpStatusCode, 404);
  });

  it("lists only the caller's account's buckets", async () => {
    const mine = uniqueBucket("mine");
    await server.client().send(new CreateBucketCommand({ Bucket: mine }));
    const theirs = await server.client(BRAVO).send(new ListBucketsCommand({}));
    assert.ok(!(theirs.Buckets ?? []).some((b) => b.Name === mine));
  });

  it("answers BucketAlreadyExists to another account and 200 to the owner in us-east-1", async () => {
    const name = uniqueBucket("taken");
    await server.client().send(new CreateBucketCommand({ Bucket: name }));
    const e = await errorOf(server.client(BRAVO).send(new CreateBucketCommand({ Bucket: name })));
    assert.equal(e.name, "BucketAlreadyExists");
    assert.equal(e.$metadata.httpStatusCode, 409);
    await server.client().send(new CreateBucketCommand({ Bucket: name }));
  });

  it("rejects invalid bucket names with InvalidBucketName", async () => {
    for (const bad of ["ab", "UpperCase", "has_underscore", "192.168.5.4", "a..b", "-leading", "xn--punycode"]) {
      const e = await errorOf(server.client().send(new CreateBucketCommand({ Bucket: bad })));
      assert.equal(e.name, "InvalidBucketName", bad);
      assert.equal(e.$metadata.httpStatusCode, 400);
    }
  });

  it("refuses to delete a non-empty bucket with BucketNotEmpty", async () => {
    const s3 = server.client();
    const name = uniqueBucket("full");
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    await s3.send(new PutObjectCommand({ Bucket: name, Key: "k", Body: "x" }));
    const e = await errorOf(s3.send(new DeleteBucketCommand({ Bucket: name })));
    assert.equal(e.name, "BucketNotEmpty");
    assert.equal(e.$metadata.httpStatusCode, 409);
  });

  it("rejects a LocationConstraint for another region with IllegalLocationConstraintException", async () => {
    const e = await errorOf(server.client().send(new CreateBucketCommand({ Bucket: uniqueBucket("region"), CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })));
    assert.equal(e.name, "IllegalLocationConstraintException");
  });

  it("reports versioning as unset, then Enabled, then Suspended", async () => {
    const s3 = server.client();
    const name = uniqueBucket("ver");
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status, undefined);
    await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Enabled" } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status, "Enabled");
    await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Suspended" } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status, "Suspended");
  });

  it("serves virtual-hosted-style requests (bucket.localhost)", async () => {
    // Resolve every name to loopback, as a user's /etc/hosts or *.localhost resolver would.
    const agent = new Agent({ keepAlive: true, lookup: (_host, opts, cb) => (opts.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)) });
    const s3 = server.client(undefined, {
      endpoint: `http://localhost:${server.port}`,
      forcePathStyle: false,
      requestHandler: new NodeHttpHandler({ httpAgent: agent }),
    });
    const name = uniqueBucket("vhost");
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    await s3.send(new PutObjectCommand({ Bucket: name, Key: "dir/file name+plus.txt", Body: "virtual" }));
    const got = await server.client().send(new GetObjectCommand({ Bucket: name, Key: "dir/file name+plus.txt" }));
    assert.equal(await got.Body?.transformToString(), "virtual");
    agent.destroy();
  });
});
