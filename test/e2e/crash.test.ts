/**
 * End-to-end crash test through the real binary and the AWS SDK: concurrent PutObjects (0–3 MB,
 * several writers per key) and multipart completions run against a crossbucket child process,
 * which is killed with SIGKILL at a random moment; it restarts on the same data folder. Three
 * rounds. After each restart:
 *
 * - every key with an acknowledged write exists, and its content is a write that could be the
 *   latest: the content equals some write W issued for that key such that no acknowledged write to
 *   the key was issued after W was acknowledged (so when the last write issued for a key was
 *   acknowledged and nothing overlapped it, that write is the content);
 * - nothing is listed that was never written whole: every listed object reads back equal to a
 *   write issued for its key, and ListObjectsV2, HeadObject and GetObject agree on size and ETag;
 * - the blob folder holds exactly the blobs the metadata references (no orphan survives the
 *   start-up sweep, no referenced blob is missing), read from the SQLite file opened read-only.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { ALPHA } from "../support/server.ts";
import { startChildServer, type ChildServer } from "../support/crashServer.ts";

interface Write {
  readonly key: string;
  readonly md5: string;
  readonly size: number;
  readonly issuedAt: number;
  ackedAt?: number;
}

const KEYS = Array.from({ length: 12 }, (_, i) => `shared/k${i}`);
const SIZES = [0, 1, 1024, 64 * 1024, 300 * 1024, 1024 * 1024, 3 * 1024 * 1024];
const MIN_PART = 5 * 1024 * 1024;

function md5(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: ALPHA.root.accessKeyId, secretAccessKey: ALPHA.root.secretAccessKey },
  });
}

/** A monotonic sequence shared by issue and acknowledgement, so their order is total. */
let clock = 0;
const tick = (): number => ++clock;

async function putOnce(s3: S3Client, bucket: string, writes: Write[]): Promise<void> {
  const key = pick(KEYS);
  const body = randomBytes(pick(SIZES));
  const w: Write = { key, md5: md5(body), size: body.length, issuedAt: tick() };
  writes.push(w);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  w.ackedAt = tick();
}

async function multipartOnce(s3: S3Client, bucket: string, writes: Write[], n: number): Promise<void> {
  const key = `mpu/${n}`;
  const parts = [randomBytes(MIN_PART), randomBytes(pick(SIZES))];
  const whole = Buffer.concat(parts);
  const w: Write = { key, md5: md5(whole), size: whole.length, issuedAt: tick() };
  writes.push(w);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const done = [];
  for (const [i, body] of parts.entries()) {
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: body }));
    done.push({ PartNumber: i + 1, ETag });
  }
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: done } }));
  w.ackedAt = tick();
}

/** Drives load until `stop()`; errors after the kill are expected and ignored. */
function driveLoad(s3: S3Client, bucket: string, writes: Write[], workers: number): { stop(): Promise<void> } {
  let running = true;
  let mpu = writes.length * 1000 + Math.floor(Math.random() * 1e6);
  const worker = async (): Promise<void> => {
    while (running) {
      try {
        if (Math.random() < 0.08) await multipartOnce(s3, bucket, writes, mpu++);
        else await putOnce(s3, bucket, writes);
      } catch {
        if (!running) return;
      }
    }
  };
  const all = Promise.all(Array.from({ length: workers }, worker));
  return {
    stop: async () => {
      running = false;
      await all;
    },
  };
}

async function bytesOf(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

/** The writes that may be a key's content: none acknowledged was issued after they were acknowledged. */
function candidates(writes: readonly Write[]): Write[] {
  return writes.filter((w) => !writes.some((o) => o !== w && o.ackedAt !== undefined && w.ackedAt !== undefined && o.issuedAt > w.ackedAt));
}

async function verify(s3: S3Client, bucket: string, writes: readonly Write[]): Promise<{ checked: number }> {
  const byKey = new Map<string, Write[]>();
  for (const w of writes) byKey.set(w.key, [...(byKey.get(w.key) ?? []), w]);

  const listed = new Map<string, { size: number; etag: string }>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) listed.set(o.Key ?? "", { size: o.Size ?? -1, etag: o.ETag ?? "" });
    token = page.NextContinuationToken;
  } while (token);

  for (const [key, ws] of byKey) {
    if (ws.some((w) => w.ackedAt !== undefined)) assert.ok(listed.has(key), `acknowledged key ${key} is listed`);
  }
  const entries = [...listed];
  const checkOne = async ([key, entry]: [string, { size: number; etag: string }]): Promise<void> => {
    const ws = byKey.get(key);
    assert.ok(ws, `listed key ${key} was written by the test`);
    const body = await bytesOf(s3, bucket, key);
    const hash = md5(body);
    // Equal bodies (every empty write) are indistinguishable: any of them may be the one stored.
    const matches = ws.filter((w) => w.md5 === hash && w.size === body.length);
    assert.ok(matches.length > 0, `${key} holds a whole write that was issued (got ${body.length} bytes, md5 ${hash})`);
    if (ws.some((w) => w.ackedAt !== undefined)) {
      const possible = candidates(ws);
      assert.ok(matches.some((m) => possible.includes(m)), `${key} holds a write that an acknowledged later write superseded`);
    }
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(head.ContentLength, entry.size, `HEAD and LIST agree on the size of ${key}`);
    assert.equal(head.ETag, entry.etag, `HEAD and LIST agree on the ETag of ${key}`);
    assert.equal(body.length, entry.size, `GET and LIST agree on the size of ${key}`);
  };
  const reader = async (): Promise<void> => {
    for (let next = entries.shift(); next !== undefined; next = entries.shift()) await checkOne(next);
  };
  await Promise.all(Array.from({ length: 6 }, reader));
  return { checked: listed.size };
}

function blobFiles(dataDir: string): Set<string> {
  const root = join(dataDir, "blobs");
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (dir === root && name === "tmp") continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else found.add(name);
    }
  };
  walk(root);
  return found;
}

/** Blob ids the metadata references: object version parts and uploaded parts, and the refcount table. */
function referencedBlobs(dataDir: string): { fromRows: Set<string>; fromRefs: Set<string> } {
  const db = new Database(join(dataDir, "metadata.sqlite"), { readonly: true, fileMustExist: true });
  try {
    const fromRows = new Set<string>();
    for (const row of db.prepare<[], { parts: string }>("SELECT parts FROM versions").all()) {
      for (const p of JSON.parse(row.parts) as { blobId: string }[]) fromRows.add(p.blobId);
    }
    for (const row of db.prepare<[], { blob_id: string }>("SELECT blob_id FROM upload_parts").all()) fromRows.add(row.blob_id);
    const fromRefs = new Set(db.prepare<[], { blob_id: string }>("SELECT blob_id FROM blob_refs").all().map((r) => r.blob_id));
    return { fromRows, fromRefs };
  } finally {
    db.close();
  }
}

function assertNoOrphans(dataDir: string): void {
  const files = blobFiles(dataDir);
  const { fromRows, fromRefs } = referencedBlobs(dataDir);
  assert.deepEqual([...fromRefs].sort(), [...fromRows].sort(), "blob_refs counts exactly the blobs rows reference");
  const orphans = [...files].filter((f) => !fromRefs.has(f));
  const missing = [...fromRefs].filter((f) => !files.has(f));
  assert.deepEqual(orphans, [], "no orphan blob survives the start-up sweep");
  assert.deepEqual(missing, [], "no referenced blob is missing");
  assert.deepEqual(readdirSync(join(dataDir, "blobs", "tmp")), [], "no temp file survives the start-up sweep");
}

describe("crash safety through the real server (SIGKILL under load, restart, verify)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crossbucket-crash-e2e-"));
  let server: ChildServer | undefined;
  after(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every acknowledged write and shows no partial one across three kill rounds", { timeout: 90_000 }, async () => {
    const bucket = "crash-e2e";
    const writes: Write[] = [];
    server = await startChildServer(dataDir);
    await client(server.endpoint).send(new CreateBucketCommand({ Bucket: bucket }));
    for (let round = 1; round <= 3; round++) {
      const s3 = client(server.endpoint);
      const load = driveLoad(s3, bucket, writes, 8);
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
      await server.kill();
      await load.stop();
      s3.destroy();

      server = await startChildServer(dataDir);
      const check = client(server.endpoint);
      const acked = writes.filter((w) => w.ackedAt !== undefined).length;
      assert.ok(acked > 0, `round ${round}: some writes were acknowledged before the kill`);
      await verify(check, bucket, writes);
      assertNoOrphans(dataDir);
      check.destroy();
    }
    assert.ok(writes.filter((w) => w.ackedAt === undefined).length > 0, "at least one write was cut by a kill");
  });
});
