/**
 * @module storage/blob-fs/sweep
 * The start-up sweep: deletes every blob file the metadata does not reference (left by a crash
 * between blob write and metadata commit, or by deletions lost in a crash) and every temp file.
 * Walks shard by shard with bounded concurrency, so 100k blobs take one readdir per shard.
 */
import type { Dirent } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { shardOf } from "./blobId.ts";

const SHARD = /^[0-9a-f]{2}$/;
const PARALLEL = 16;

async function dirsIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && SHARD.test(e.name)).map((e) => e.name);
}

/** Runs `work` over `items`, at most {@link PARALLEL} at a time. */
async function eachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}

/** @internal Removes unreferenced blob files under `root` and everything in `tmpDir`; returns how many entries went. */
export async function sweepBlobs(root: string, tmpDir: string, referenced: Set<string>): Promise<number> {
  let removed = 0;
  const shards: string[] = [];
  for (const a of await dirsIn(root)) for (const b of await dirsIn(join(root, a))) shards.push(join(a, b));
  await eachLimited(shards, async (shard) => {
    const files: Dirent[] = await readdir(join(root, shard), { withFileTypes: true });
    for (const f of files) {
      // A referenced blob is kept only in its own shard; anything else in a shard is debris.
      if (referenced.has(f.name) && shardOf(f.name) === shard) continue;
      await rm(join(root, shard, f.name), { recursive: true, force: true });
      removed++;
    }
  });
  for (const name of await readdir(tmpDir)) {
    await rm(join(tmpDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
