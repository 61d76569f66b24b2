/**
 * End-to-end: `aws s3api` (CLI v1) for buckets, objects and listings, including the errors the
 * CLI reports: its stderr names the S3 error code and it exits with v1's service-error status.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALPHA, BRAVO, uniqueBucket } from "../support/server.ts";
import { aws, awsOk, putObjects, seedBucket, type RunResult, useCliSuite } from "../support/cli.ts";

/**
 * Asserts that a CLI call failed with S3 error `code`: v1 prints
 * "An error occurred (<Code>) when calling the <Operation> operation: <Message>" and exits 254 or
 * 255 (v1 uses 255 for service errors; 254 is what the v2 return-code table documents).
 * https://docs.aws.amazon.com/cli/v1/userguide/cli-chap-troubleshooting.html
 */
function assertCliError(r: RunResult, code: string, operation: string): void {
  assert.ok(r.code === 254 || r.code === 255, `exit code ${r.code}, stderr: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`An error occurred \\(${code}\\) when calling the ${operation} operation`), r.stderr);
}

describe("aws s3api: buckets, objects, listings (CLI v1)", () => {
  const ctx = useCliSuite("aws");

  describe("buckets", () => {
    it("creates, heads, locates, lists and deletes a bucket", async () => {
      const bucket = uniqueBucket("api");
      const created = (await awsOk(ctx.server, ALPHA, ["s3api", "create-bucket", "--bucket", bucket])).json<{ Location: string }>();
      assert.equal(created.Location, `/${bucket}`);
      const [head, location, list] = await Promise.all([
        aws(ctx.server, ALPHA, ["s3api", "head-bucket", "--bucket", bucket]),
        awsOk(ctx.server, ALPHA, ["s3api", "get-bucket-location", "--bucket", bucket]),
        awsOk(ctx.server, ALPHA, ["s3api", "list-buckets"]),
      ]);
      assert.equal(head.code, 0, head.stderr);
      // us-east-1 buckets have a null LocationConstraint.
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
      assert.deepEqual(location.json(), { LocationConstraint: null });
      const buckets = list.json<{ Buckets: { Name: string; CreationDate: string }[]; Owner: { ID: string } }>();
      assert.ok(buckets.Buckets.some((b) => b.Name === bucket));
      assert.match(buckets.Owner.ID, /^[0-9a-f]{64}$/);
      const deleted = await awsOk(ctx.server, ALPHA, ["s3api", "delete-bucket", "--bucket", bucket]);
      assert.equal(deleted.stdout, "");
      const gone = await aws(ctx.server, ALPHA, ["s3api", "head-bucket", "--bucket", bucket]);
      // HEAD responses carry no body, so the CLI can only name the status.
      assertCliError(gone, "404", "HeadBucket");
    });

    it("reports BucketAlreadyExists to another account, InvalidBucketName and BucketNotEmpty", async () => {
      const bucket = uniqueBucket("taken");
      await seedBucket(ctx.server.client(), bucket, { k: "v" });
      const [taken, invalid, notEmpty] = await Promise.all([
        aws(ctx.server, BRAVO, ["s3api", "create-bucket", "--bucket", bucket]),
        aws(ctx.server, ALPHA, ["s3api", "create-bucket", "--bucket", "Invalid_Name"]),
        aws(ctx.server, ALPHA, ["s3api", "delete-bucket", "--bucket", bucket]),
      ]);
      // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
      assertCliError(taken, "BucketAlreadyExists", "CreateBucket");
      assertCliError(invalid, "InvalidBucketName", "CreateBucket");
      assertCliError(notEmpty, "BucketNotEmpty", "DeleteBucket");
    });
  });

  describe("objects", () => {
    const bucket = uniqueBucket("obj");
    before(async () => {
      await seedBucket(ctx.server.client(), bucket);
    });

    it("puts with metadata and tags, heads, gets to a file, copies with replaced metadata and reads attributes", async () => {
      const file = join(ctx.work, "body.txt");
      const body = "crossbucket through the aws cli\n";
      writeFileSync(file, body);
      const md5 = createHash("md5").update(body).digest("hex");
      const put = (await awsOk(ctx.server, ALPHA, ["s3api", "put-object", "--bucket", bucket, "--key", "dir/body.txt", "--body", file, "--content-type", "text/plain", "--metadata", "color=blue,size=small", "--tagging", "team=storage"])).json<{ ETag: string; ChecksumCRC32?: string }>();
      assert.equal(put.ETag, `"${md5}"`);
      assert.ok(put.ChecksumCRC32, "botocore sends a CRC32 by default and S3 echoes it");

      const out = join(ctx.work, "got.txt");
      const [head, get, copy] = await Promise.all([
        awsOk(ctx.server, ALPHA, ["s3api", "head-object", "--bucket", bucket, "--key", "dir/body.txt"]),
        awsOk(ctx.server, ALPHA, ["s3api", "get-object", "--bucket", bucket, "--key", "dir/body.txt", out]),
        awsOk(ctx.server, ALPHA, ["s3api", "copy-object", "--bucket", bucket, "--key", "copy.txt", "--copy-source", `${bucket}/dir/body.txt`, "--metadata-directive", "REPLACE", "--metadata", "color=red", "--content-type", "text/x-copy"]),
      ]);
      const h = head.json<{ ETag: string; ContentLength: number; ContentType: string; Metadata: Record<string, string> }>();
      assert.equal(h.ETag, `"${md5}"`);
      assert.equal(h.ContentLength, body.length);
      assert.equal(h.ContentType, "text/plain");
      assert.deepEqual(h.Metadata, { color: "blue", size: "small" });
      const g = get.json<{ ETag: string; TagCount?: number }>();
      assert.equal(g.ETag, `"${md5}"`);
      assert.equal(g.TagCount, 1);
      assert.equal(readFileSync(out, "utf8"), body);
      const c = copy.json<{ CopyObjectResult: { ETag: string; LastModified: string } }>();
      assert.equal(c.CopyObjectResult.ETag, `"${md5}"`);

      const [copied, attrs] = await Promise.all([
        awsOk(ctx.server, ALPHA, ["s3api", "head-object", "--bucket", bucket, "--key", "copy.txt"]),
        awsOk(ctx.server, ALPHA, ["s3api", "get-object-attributes", "--bucket", bucket, "--key", "dir/body.txt", "--object-attributes", "ETag", "ObjectSize", "StorageClass", "Checksum"]),
      ]);
      const ch = copied.json<{ ContentType: string; Metadata: Record<string, string> }>();
      assert.equal(ch.ContentType, "text/x-copy");
      assert.deepEqual(ch.Metadata, { color: "red" });
      // GetObjectAttributes returns the ETag without quotes.
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
      const a = attrs.json<{ ETag: string; ObjectSize: number; StorageClass: string; Checksum?: { ChecksumCRC32?: string } }>();
      assert.equal(a.ETag, md5);
      assert.equal(a.ObjectSize, body.length);
      assert.equal(a.StorageClass, "STANDARD");
      assert.equal(a.Checksum?.ChecksumCRC32, put.ChecksumCRC32);
    });

    it("deletes one object with delete-object and several with delete-objects, and reports NoSuchKey afterwards", async () => {
      await putObjects(ctx.server.client(), bucket, { "del/1": "1", "del/2": "2", "del/3": "3", "del/4": "4" });
      const [one, many] = await Promise.all([
        awsOk(ctx.server, ALPHA, ["s3api", "delete-object", "--bucket", bucket, "--key", "del/1"]),
        awsOk(ctx.server, ALPHA, ["s3api", "delete-objects", "--bucket", bucket, "--delete", JSON.stringify({ Objects: [{ Key: "del/2" }, { Key: "del/3" }, { Key: "del/never-existed" }], Quiet: false })]),
      ]);
      assert.equal(one.stdout, "", "an unversioned delete answers 204 with no fields");
      // Deleting a key that does not exist is reported as deleted.
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
      const m = many.json<{ Deleted: { Key: string }[]; Errors?: unknown[] }>();
      assert.deepEqual(m.Deleted.map((d) => d.Key).sort(), ["del/2", "del/3", "del/never-existed"]);
      assert.equal(m.Errors, undefined);
      const [missing, missingHead, left] = await Promise.all([
        aws(ctx.server, ALPHA, ["s3api", "get-object", "--bucket", bucket, "--key", "del/2", join(ctx.work, "never")]),
        aws(ctx.server, ALPHA, ["s3api", "head-object", "--bucket", bucket, "--key", "del/2"]),
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "del/"]),
      ]);
      assertCliError(missing, "NoSuchKey", "GetObject");
      assertCliError(missingHead, "404", "HeadObject");
      assert.deepEqual(left.json<{ Contents: { Key: string }[] }>().Contents.map((o) => o.Key), ["del/4"]);
    });
  });

  describe("listings", () => {
    const bucket = uniqueBucket("list");
    const keys = ["a/1.txt", "a/2.txt", "a/b/3.txt", "c/4.txt", "d.txt", "e.txt", "f.txt"];
    before(async () => {
      await seedBucket(ctx.server.client(), bucket, Object.fromEntries(keys.map((k) => [k, k])));
    });

    it("groups keys by --delimiter into CommonPrefixes, within a --prefix, in list-objects and list-objects-v2", async () => {
      const [v1Root, v2Root, v2Prefix] = await Promise.all([
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects", "--bucket", bucket, "--delimiter", "/"]),
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects-v2", "--bucket", bucket, "--delimiter", "/"]),
        // --no-paginate keeps the page's own fields (the CLI drops KeyCount when it merges pages).
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects-v2", "--bucket", bucket, "--delimiter", "/", "--prefix", "a/", "--no-paginate"]),
      ]);
      type Listing = { Contents?: { Key: string; Size: number; ETag: string }[]; CommonPrefixes?: { Prefix: string }[]; KeyCount?: number };
      for (const r of [v1Root, v2Root]) {
        const l = r.json<Listing>();
        assert.deepEqual(l.Contents?.map((o) => o.Key), ["d.txt", "e.txt", "f.txt"]);
        assert.deepEqual(l.CommonPrefixes?.map((p) => p.Prefix), ["a/", "c/"]);
      }
      const p = v2Prefix.json<Listing>();
      assert.deepEqual(p.Contents?.map((o) => o.Key), ["a/1.txt", "a/2.txt"]);
      assert.deepEqual(p.CommonPrefixes?.map((c) => c.Prefix), ["a/b/"]);
      assert.equal(p.KeyCount, 3, "KeyCount counts keys and common prefixes");
      assert.equal(p.Contents?.[0]?.Size, "a/1.txt".length);
    });

    it("paginates: --page-size fetches in small pages but prints everything, --max-items stops with a NextToken that --starting-token resumes", async () => {
      const [paged, firstV2, firstV1] = await Promise.all([
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects-v2", "--bucket", bucket, "--page-size", "2", "--debug"]),
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects-v2", "--bucket", bucket, "--max-items", "3", "--page-size", "2"]),
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects", "--bucket", bucket, "--max-items", "4", "--page-size", "3"]),
      ]);
      type Page = { Contents: { Key: string }[]; NextToken?: string };
      assert.deepEqual(paged.json<Page>().Contents.map((o) => o.Key), keys);
      const requests = paged.stderr.match(/"GET \/[^ ]*list-type=2[^ ]* HTTP/g) ?? [];
      assert.equal(requests.length, 4, "7 keys in pages of 2 take 4 requests");
      assert.ok(requests.slice(1).every((r) => r.includes("continuation-token=")), requests.join("\n"));

      const v2 = firstV2.json<Page>();
      assert.deepEqual(v2.Contents.map((o) => o.Key), keys.slice(0, 3));
      assert.ok(v2.NextToken);
      const v1 = firstV1.json<Page>();
      assert.deepEqual(v1.Contents.map((o) => o.Key), keys.slice(0, 4));
      assert.ok(v1.NextToken);
      const [restV2, restV1] = await Promise.all([
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects-v2", "--bucket", bucket, "--page-size", "2", "--starting-token", v2.NextToken]),
        awsOk(ctx.server, ALPHA, ["s3api", "list-objects", "--bucket", bucket, "--page-size", "3", "--starting-token", v1.NextToken]),
      ]);
      assert.deepEqual(restV2.json<Page>().Contents.map((o) => o.Key), keys.slice(3));
      assert.equal(restV2.json<Page>().NextToken, undefined);
      assert.deepEqual(restV1.json<Page>().Contents.map((o) => o.Key), keys.slice(4));
    });

    it("returns one raw page with --no-paginate --max-keys: IsTruncated and a NextContinuationToken", async () => {
      const r = (await awsOk(ctx.server, ALPHA, ["s3api", "list-objects-v2", "--bucket", bucket, "--no-paginate", "--max-keys", "5"])).json<{ Contents: { Key: string }[]; IsTruncated: boolean; NextContinuationToken?: string; MaxKeys: number; KeyCount: number }>();
      assert.equal(r.IsTruncated, true);
      assert.equal(r.MaxKeys, 5);
      assert.equal(r.KeyCount, 5);
      assert.ok(r.NextContinuationToken);
      assert.deepEqual(r.Contents.map((o) => o.Key), keys.slice(0, 5));
    });
  });
});
