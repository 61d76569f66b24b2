/**
 * @module storage/blob-fs/fsBlobStore
 * The {@link BlobStore} on a local filesystem: durable writes through `tmp/`, ranged reads as file
 * streams, deletions deferred under read leases, and the start-up sweep.
 */
import { close, closeSync, createReadStream, open, openSync, read as readFd, readSync } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import type { BlobStore, ByteRange, ReleasedBlobs } from "../ports.ts";
import { blobPath, isBlobId, newBlobId } from "./blobId.ts";
import { durableWrite } from "./durableWrite.ts";
import { LeaseQueue } from "./leaseQueue.ts";
import { sweepBlobs } from "./sweep.ts";

/** @public Options of {@link openFsBlobStore}. */
export interface FsBlobStoreOptions {
  /** Receives errors that are logged rather than thrown (failed deferred deletions). */
  readonly log?: (msg: string, err?: unknown) => void;
}

const READ_CHUNK = 256 * 1024;

/**
 * Ranges up to this size are read synchronously. A small read from the page cache takes a few microseconds
 * on the event loop, while the same three operations through libuv's thread pool cost several times that
 * in CPU (hand-offs and wake-ups), which is most of what a small GET costs. The price: when the blob is not
 * cached, the loop waits for one device read of at most this size.
 */
const SYNC_READ_MAX = 64 * 1024;

function readBytesSync(path: string, bytes: Buffer, start: number): void {
  const fd = openSync(path, "r");
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const n = readSync(fd, bytes, offset, bytes.length - offset, start + offset);
      if (n === 0) throw new Error(`blob is shorter than the range ${start}-${start + bytes.length - 1}`);
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** @public Opens (creating if needed) a blob store rooted at `root`. */
export async function openFsBlobStore(root: string, options: FsBlobStoreOptions = {}): Promise<BlobStore> {
  const base = resolve(root);
  const tmp = join(base, "tmp");
  await mkdir(tmp, { recursive: true });
  const log = options.log ?? (() => undefined);

  const unlinkAll = (ids: readonly string[]): void => {
    for (const id of ids) {
      let path: string;
      try {
        path = blobPath(base, id);
      } catch (err) {
        log(`not deleting blob: malformed ID \`${id}\``, err);
        continue;
      }
      unlink(path).catch((err: unknown) => log(`could not delete blob \`${id}\``, err));
    }
  };
  const deletions = new LeaseQueue<string>(unlinkAll);

  async function write(source: AsyncIterable<Uint8Array>): Promise<{ blobId: string; size: number }> {
    const blobId = newBlobId();
    const size = await durableWrite(source, join(tmp, newBlobId()), blobPath(base, blobId));
    return { blobId, size };
  }

  function read(blobId: string, range?: ByteRange): Readable {
    if (!isBlobId(blobId)) {
      return new Readable({ read() { this.destroy(new Error(`malformed blob ID \`${blobId}\``)); } });
    }
    const bounds = range === undefined ? {} : { start: range.start, end: range.end };
    return createReadStream(blobPath(base, blobId), { ...bounds, highWaterMark: READ_CHUNK });
  }

  // Three file operations (open, read, close) and one buffer: a small GET pays no stream machinery.
  function readBytes(blobId: string, range: ByteRange): Promise<Uint8Array> {
    return new Promise((resolveBytes, reject) => {
      if (!isBlobId(blobId)) {
        reject(new Error(`malformed blob ID \`${blobId}\``));
        return;
      }
      const length = range.end - range.start + 1;
      const bytes = Buffer.allocUnsafe(length);
      if (length <= SYNC_READ_MAX) {
        try {
          readBytesSync(blobPath(base, blobId), bytes, range.start);
          resolveBytes(bytes);
        } catch (err) {
          reject(err instanceof Error ? new Error(`blob \`${blobId}\`: ${err.message}`, { cause: err }) : err);
        }
        return;
      }
      open(blobPath(base, blobId), "r", (openErr, fd) => {
        if (openErr) {
          reject(openErr);
          return;
        }
        const done = (err: Error | null): void => {
          close(fd, (closeErr) => {
            if (closeErr) log(`could not close blob \`${blobId}\``, closeErr);
          });
          if (err) reject(err);
          else resolveBytes(bytes);
        };
        const readFrom = (offset: number): void => {
          readFd(fd, bytes, offset, length - offset, range.start + offset, (err, n) => {
            if (err) done(err);
            else if (n === 0) done(new Error(`blob \`${blobId}\` is shorter than the range ${range.start}-${range.end}`));
            else if (offset + n < length) readFrom(offset + n);
            else done(null);
          });
        };
        if (length === 0) done(null);
        else readFrom(0);
      });
    });
  }

  return {
    write,
    readBytes,
    copy: (blobId, range) => write(read(blobId, range)),
    lease: () => deletions.lease(),
    read,
    release(blobIds: ReleasedBlobs) {
      deletions.defer(blobIds);
    },
    async sweep(referenced) {
      return { removed: await sweepBlobs(base, tmp, referenced) };
    },
  };
}
