/**
 * @module protocol/s3/ops/objectContent
 * Streams an object's bytes (one blob, or one per multipart part) for a byte range, holding a blob
 * read lease until the stream ends so that a concurrent overwrite cannot delete what is being sent.
 */
import { Readable } from "node:stream";
import type { BlobStore, ObjectPart, ReadLease } from "../../../storage/ports.ts";

/** @public The bytes `start..end` (inclusive) of an object made of `parts`. Releases `lease` when done. */
export function streamObject(blobs: BlobStore, parts: readonly ObjectPart[], start: number, end: number, lease: ReadLease): Readable {
  async function* pieces(): AsyncGenerator<Uint8Array> {
    let offset = 0;
    for (const part of parts) {
      const partStart = offset;
      const partEnd = offset + part.size - 1;
      offset += part.size;
      if (part.size === 0 || partEnd < start || partStart > end) continue;
      const from = Math.max(start, partStart) - partStart;
      const to = Math.min(end, partEnd) - partStart;
      for await (const chunk of blobs.read(part.blobId, { start: from, end: to })) yield chunk as Uint8Array;
    }
  }
  let released = false;
  const release = (): void => {
    if (!released) {
      released = true;
      lease.release();
    }
  };
  const stream = Readable.from(pieces(), { objectMode: false, highWaterMark: 256 * 1024 });
  stream.once("end", release);
  stream.once("close", release);
  stream.once("error", release);
  return stream;
}
