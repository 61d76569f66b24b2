/**
 * @module storage/blob-fs/durableWrite
 * Streams a source into a file durably: write to a temp file (awaiting each write, so memory stays
 * constant whatever the size; small chunks are gathered into one fixed buffer first, so a source of
 * tiny chunks does not cost a system call each), fsync it, rename it into place, then fsync the directory that gained
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

/** Chunks at least this large are written as they come; smaller ones are gathered up to this size. */
const GATHER = 256 * 1024;

/** Copies small chunks into one fixed buffer (the producer may reuse its chunks) and writes it when full. */
async function writeSource(fh: FileHandle, source: AsyncIterable<Uint8Array>): Promise<number> {
  const gathered = Buffer.allocUnsafe(GATHER);
  let used = 0;
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (used + chunk.byteLength > GATHER && used > 0) {
      await writeAll(fh, gathered.subarray(0, used));
      used = 0;
    }
    if (chunk.byteLength >= GATHER) await writeAll(fh, chunk);
    else {
      gathered.set(chunk, used);
      used += chunk.byteLength;
    }
  }
  if (used > 0) await writeAll(fh, gathered.subarray(0, used));
  return size;
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
  try {
    const fh = await open(tmpPath, "wx");
    let size: number;
    try {
      size = await writeSource(fh, source);
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
