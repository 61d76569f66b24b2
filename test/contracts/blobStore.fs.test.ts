/**
 * @module test/contracts/blobStore.fs.test
 * Runs the BlobStore contract on the filesystem adapter, plus checks of its on-disk layout.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openFsBlobStore } from "../../src/storage/blob-fs/fsBlobStore.ts";
import { chunksOf, runBlobStoreContract } from "./blobStore.case.ts";

const base = mkdtempSync(join(tmpdir(), "cb-blobs-"));
after(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const freshRoot = (): string => join(base, `store${++n}`);

runBlobStoreContract({ name: "filesystem", open: () => openFsBlobStore(freshRoot()) });

describe("filesystem blob store layout", () => {
  it("places a blob at ab/cd/<id> and leaves nothing in tmp/", async () => {
    const root = freshRoot();
    const s = await openFsBlobStore(root);
    const { blobId } = await s.write(chunksOf("x"));
    assert.ok(existsSync(join(root, blobId.slice(0, 2), blobId.slice(2, 4), blobId)));
    assert.deepEqual(readdirSync(join(root, "tmp")), []);
  });
  it("removes the temp file when the source fails", async () => {
    const root = freshRoot();
    const s = await openFsBlobStore(root);
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.alloc(1000);
      throw new Error("boom");
    }
    await assert.rejects(s.write(failing()), /boom/);
    assert.deepEqual(readdirSync(join(root, "tmp")), []);
  });
  it("sweeps crash debris: temp files and stray files in shard directories", async () => {
    const root = freshRoot();
    const s = await openFsBlobStore(root);
    const keep = await s.write(chunksOf("keep"));
    writeFileSync(join(root, "tmp", "half-written"), "x");
    mkdirSync(join(root, "ff", "ee"), { recursive: true });
    writeFileSync(join(root, "ff", "ee", "ffee0000000000000000000000000000"), "orphan");
    // A referenced ID in the wrong shard is debris too.
    writeFileSync(join(root, "ff", "ee", keep.blobId), "misplaced");
    assert.deepEqual(await s.sweep(new Set([keep.blobId])), { removed: 3 });
    assert.deepEqual(readdirSync(join(root, "tmp")), []);
    assert.deepEqual(readdirSync(join(root, "ff", "ee")), []);
  });
  it("logs a failed deferred deletion instead of throwing", async () => {
    const logged: string[] = [];
    const s = await openFsBlobStore(freshRoot(), { log: (msg) => logged.push(msg) });
    s.release(["0123456789abcdef0123456789abcdef", "../escape"]);
    for (let i = 0; i < 50 && logged.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(logged.length, 2);
  });
  it("sweeps 20k blobs in reasonable time", async () => {
    const root = freshRoot();
    const s = await openFsBlobStore(root);
    const ids: string[] = [];
    // Lay files out directly: writing 20k durable blobs would measure fsync, not the sweep.
    for (let i = 0; i < 20_000; i++) {
      const id = randomUUID().replaceAll("-", "");
      const dir = join(root, id.slice(0, 2), id.slice(2, 4));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, id), "");
      ids.push(id);
    }
    const t0 = performance.now();
    const { removed } = await s.sweep(new Set(ids.filter((_, i) => i % 2 === 0)));
    const ms = performance.now() - t0;
    assert.equal(removed, 10_000);
    assert.ok(ms < 10_000, `sweep took ${ms} ms`);
  });
});
