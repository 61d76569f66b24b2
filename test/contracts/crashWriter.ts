/**
 * @module test/contracts/crashWriter
 * Child process of crash.test.ts: writes blobs and object metadata in a loop and reports on stdout
 * `intent <key> <sha256>` before each write and `ack <key>` once the write is committed. Some writes
 * overwrite earlier keys (releasing their blobs) and some fail mid-stream (leaving temp files to clean).
 * Usage: node --import tsx crashWriter.ts <dataDir>
 */
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { openFsBlobStore } from "../../src/storage/blob-fs/fsBlobStore.ts";
import { openSqliteMetadataStore } from "../../src/storage/meta-sqlite/sqliteMetadataStore.ts";
import { version } from "./metadataFixtures.ts";

const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: crashWriter.ts <dataDir>");
const meta = openSqliteMetadataStore(join(dir, "meta.db"));
const blobs = await openFsBlobStore(join(dir, "blobs"));
meta.createBucket({ name: "b", ownerAccountId: "111122223333", region: "us-east-1", createdAt: new Date(0), versioning: "Unversioned" });

async function* chunks(body: Buffer, failAt?: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < body.length; at += 16 * 1024) {
    if (failAt !== undefined && at >= failAt) throw new Error("client went away");
    yield body.subarray(at, at + 16 * 1024);
  }
}

for (let i = 0; ; i++) {
  const key = i % 4 === 3 ? `key-${Math.floor(i / 2)}` : `key-${i}`;
  const body = randomBytes(Math.floor(Math.random() * 256 * 1024));
  if (i % 7 === 5) {
    await blobs.write(chunks(body, body.length / 2)).catch(() => undefined);
    continue;
  }
  process.stdout.write(`intent ${key} ${createHash("sha256").update(body).digest("hex")}\n`);
  const { blobId, size } = await blobs.write(chunks(body));
  const released = meta.putObject(version("b", key, "null", { size, parts: size === 0 ? [] : [{ partNumber: 1, blobId, size, etag: "e" }] }), "null");
  if (size === 0) blobs.release([blobId]);
  blobs.release(released);
  // Pipes to a parent are synchronous on Linux: the line is out before the next write starts.
  process.stdout.write(`ack ${key}\n`);
}
