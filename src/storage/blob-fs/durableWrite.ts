/**
 * @module storage/blob-fs/durableWrite
 * Streams a source into a file durably: write to a temp file (awaiting each write, so memory stays
 * constant whatever the size), fsync it, rename it into place, then fsync the directory that gained
 * the entry and every directory created for it. On any failure the temp file is removed and the
 * original error (the source's own, if the source threw) is rethrown unchanged.
 */
import { mkdir, open, rename, rm } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { dirname } from "node:path";

/** Writes all of `chunk`, looping over short writes. */
async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await fh.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** @internal Flushes a directory's entries to disk. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Creates `dir` (absolute) if needed; syncs the parents of every directory created. */
async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  // Each created directory's entry lives in its parent, from `dir`'s parent up to `first`'s parent.
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    await syncDir(dirname(d));
    if (d === first) break;
  }
}

/** @internal Streams `source` to `tmpPath`, then makes it durable at `finalPath`; resolves with the byte count. */
export async function durableWrite(source: AsyncIterable<Uint8Array>, tmpPath: string, finalPath: string): Promise<number> {
  let size = 0;
  try {
    const fh = await open(tmpPath, "wx");
    try {
      for await (const chunk of source) {
        await writeAll(fh, chunk);
        size += chunk.byteLength;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await ensureDir(dirname(finalPath));
    await rename(tmpPath, finalPath);
    await syncDir(dirname(finalPath));
    return size;
  } catch (err) {
    await rm(tmpPath, { force: true }).catch(() => undefined);
    throw err;
  }
}
