/**
 * End-to-end: the high-level `aws s3` commands of the real aws CLI v1 (mb, cp with automatic
 * multipart, sync both ways, ls, rm --recursive, rb), and virtual-hosted addressing from the CLI.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ALPHA, uniqueBucket } from "../support/server.ts";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { aws, awsOk, localhostSubdomainsResolve, seedBucket, useCliSuite } from "../support/cli.ts";

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Every file under `root` as relative path → sha256. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = sha256(p);
    }
  };
  walk(root);
  return out;
}

/** Non-empty output lines. */
function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

describe("aws s3 (CLI v1 high-level commands)", () => {
  const ctx = useCliSuite("aws");

  it("makes a bucket with mb, lists it with ls, refuses rb while it holds objects, and removes it with rb", async () => {
    const bucket = uniqueBucket("mb");
    const mb = await awsOk(ctx.server, ALPHA, ["s3", "mb", `s3://${bucket}`]);
    assert.match(mb.stdout, new RegExp(`make_bucket: ${bucket}`));
    const ls = await awsOk(ctx.server, ALPHA, ["s3", "ls"]);
    assert.ok(lines(ls.stdout).some((l) => l.endsWith(` ${bucket}`)), ls.stdout);
    writeFileSync(join(ctx.work, "one.txt"), "one");
    await awsOk(ctx.server, ALPHA, ["s3", "cp", join(ctx.work, "one.txt"), `s3://${bucket}/one.txt`, "--no-progress"]);
    const refused = await aws(ctx.server, ALPHA, ["s3", "rb", `s3://${bucket}`]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /BucketNotEmpty/);
    const rb = await awsOk(ctx.server, ALPHA, ["s3", "rb", `s3://${bucket}`, "--force"]);
    assert.match(rb.stdout, new RegExp(`remove_bucket: ${bucket}`));
    const gone = await aws(ctx.server, ALPHA, ["s3api", "head-bucket", "--bucket", bucket]);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /404|Not Found/);
  });

  it("copies a 50 MB file up as a multipart upload (ETag ends in -7 with the CLI's 8 MB parts) and back byte for byte", async () => {
    const bucket = uniqueBucket("cp");
    await seedBucket(ctx.server.client(), bucket);
    const src = join(ctx.work, "big.bin");
    writeFileSync(src, randomBytes(50 * 1024 * 1024));
    const up = await awsOk(ctx.server, ALPHA, ["s3", "cp", src, `s3://${bucket}/big/big.bin`, "--only-show-errors"], { timeoutMs: 90_000 });
    assert.equal(up.stderr, "");
    const head = (await awsOk(ctx.server, ALPHA, ["s3api", "head-object", "--bucket", bucket, "--key", "big/big.bin"])).json<{ ETag: string; ContentLength: number }>();
    assert.equal(head.ContentLength, 50 * 1024 * 1024);
    // 50 MiB in the CLI's default 8 MiB multipart_chunksize is 7 parts.
    // https://docs.aws.amazon.com/cli/latest/topic/s3-config.html
    assert.match(head.ETag, /^"[0-9a-f]{32}-7"$/);
    const dst = join(ctx.work, "big.down.bin");
    await awsOk(ctx.server, ALPHA, ["s3", "cp", `s3://${bucket}/big/big.bin`, dst, "--only-show-errors"], { timeoutMs: 90_000 });
    assert.equal(sha256(dst), sha256(src));
    rmSync(src);
    rmSync(dst);
  });

  it("syncs a folder tree up and down, and a second sync of either direction transfers nothing", async () => {
    const bucket = uniqueBucket("sync");
    await seedBucket(ctx.server.client(), bucket);
    const up = join(ctx.work, "tree-up");
    for (const [path, body] of Object.entries({ "a.txt": "a", "docs/b.txt": "bb", "docs/deep/c.txt": "ccc", "img/d.bin": randomBytes(1000).toString("base64"), "e f.txt": "spaces and ünïcode" })) {
      mkdirSync(join(up, path, ".."), { recursive: true });
      writeFileSync(join(up, path), body);
    }
    const first = await awsOk(ctx.server, ALPHA, ["s3", "sync", up, `s3://${bucket}/root`, "--no-progress"]);
    assert.equal(lines(first.stdout).filter((l) => l.startsWith("upload:")).length, 5, first.stdout);
    const again = await awsOk(ctx.server, ALPHA, ["s3", "sync", up, `s3://${bucket}/root`, "--no-progress"]);
    assert.equal(again.stdout.trim(), "", "an unchanged tree uploads nothing");

    const down = join(ctx.work, "tree-down");
    const pulled = await awsOk(ctx.server, ALPHA, ["s3", "sync", `s3://${bucket}/root`, down, "--no-progress"]);
    assert.equal(lines(pulled.stdout).filter((l) => l.startsWith("download:")).length, 5, pulled.stdout);
    assert.deepEqual(tree(down), tree(up));
    const pulledAgain = await awsOk(ctx.server, ALPHA, ["s3", "sync", `s3://${bucket}/root`, down, "--no-progress"]);
    assert.equal(pulledAgain.stdout.trim(), "", "an unchanged bucket downloads nothing");

    writeFileSync(join(up, "docs/b.txt"), "changed size");
    const changed = await awsOk(ctx.server, ALPHA, ["s3", "sync", up, `s3://${bucket}/root`, "--no-progress"]);
    assert.deepEqual(lines(changed.stdout).map((l) => l.replace(/^.*upload: .* to /, "")), [`s3://${bucket}/root/docs/b.txt`]);
  });

  it("lists with ls: common prefixes as PRE at one level, a prefix's contents, and every key with --recursive", async () => {
    const bucket = uniqueBucket("ls");
    await seedBucket(ctx.server.client(), bucket, Object.fromEntries(["top.txt", "photos/2025/a.jpg", "photos/2026/b.jpg", "photos/c.jpg", "notes/n.txt"].map((k) => [k, k])));

    const root = lines((await awsOk(ctx.server, ALPHA, ["s3", "ls", `s3://${bucket}`])).stdout);
    assert.deepEqual(
      root.map((l) => l.trim().split(/\s+/).at(-1)),
      ["notes/", "photos/", "top.txt"],
    );
    assert.ok(root.filter((l) => l.trim().startsWith("PRE ")).length === 2, root.join("\n"));

    const photos = lines((await awsOk(ctx.server, ALPHA, ["s3", "ls", `s3://${bucket}/photos/`])).stdout);
    assert.deepEqual(photos.map((l) => l.trim().split(/\s+/).at(-1)), ["2025/", "2026/", "c.jpg"]);

    const all = lines((await awsOk(ctx.server, ALPHA, ["s3", "ls", `s3://${bucket}`, "--recursive"])).stdout);
    assert.deepEqual(all.map((l) => l.trim().split(/\s+/).at(-1)), ["notes/n.txt", "photos/2025/a.jpg", "photos/2026/b.jpg", "photos/c.jpg", "top.txt"]);
    // Each line is "date time size key"; the size column is the object's length.
    assert.match(all[4] ?? "", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+7 top\.txt$/);
  });

  it("removes a prefix with rm --recursive and leaves the other keys", async () => {
    const bucket = uniqueBucket("rm");
    const s3 = ctx.server.client();
    await seedBucket(s3, bucket, Object.fromEntries(["keep.txt", "tmp/1", "tmp/2", "tmp/sub/3", "tmpfile"].map((k) => [k, "x"])));
    const rm = await awsOk(ctx.server, ALPHA, ["s3", "rm", `s3://${bucket}/tmp/`, "--recursive"]);
    // rm has no --no-progress; its "delete:" lines are interleaved with \r progress updates.
    assert.deepEqual((rm.stdout.match(/delete: s3:\/\/\S+/g) ?? []).sort(), ["tmp/1", "tmp/2", "tmp/sub/3"].map((k) => `delete: s3://${bucket}/${k}`));
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    assert.deepEqual((left.Contents ?? []).map((o) => o.Key), ["keep.txt", "tmpfile"]);
  });

  it("works virtual-hosted style with addressing_style = virtual", async (t) => {
    if (!(await localhostSubdomainsResolve())) {
      t.skip("<bucket>.localhost does not resolve to 127.0.0.1 on this machine (no resolver support for *.localhost, e.g. systemd-resolved or an /etc/hosts entry)");
      return;
    }
    const bucket = uniqueBucket("vhost");
    const config = join(ctx.work, "virtual.config");
    writeFileSync(config, "[default]\ns3 =\n    addressing_style = virtual\n");
    const endpoint = `http://localhost:${ctx.server.port}`;
    const opts = { env: { AWS_CONFIG_FILE: config }, endpoint };
    await awsOk(ctx.server, ALPHA, ["s3", "mb", `s3://${bucket}`], opts);
    writeFileSync(join(ctx.work, "v.txt"), "virtual");
    await awsOk(ctx.server, ALPHA, ["s3", "cp", join(ctx.work, "v.txt"), `s3://${bucket}/v.txt`], opts);
    const got = await awsOk(ctx.server, ALPHA, ["s3", "cp", `s3://${bucket}/v.txt`, "-"], opts);
    assert.equal(got.stdout, "virtual");
    const ls = await awsOk(ctx.server, ALPHA, ["s3", "ls", `s3://${bucket}`, "--debug"], opts);
    assert.match(ls.stderr, new RegExp(`${bucket}\\.localhost:${ctx.server.port}`), "the request went to the bucket's host name");
  });
});
