/**
 * @module protocol/s3/ops/objectContent
 * Streams an object's bytes (one blob, or one per multipart part) for a byte range, holding a blob
 * read lease until the stream ends so that a concurrent overwrite cannot delete what is being sent.
 */
import { Readable } from "node:stream";
import type { BlobStore, ObjectPart, ReadLease } from "../../../storage/ports.ts";

/** @public Objects (or ranges) up to this many bytes are read into memory and sent in one write, not streamed. */
export const IN_MEMORY_BODY_MAX = 256 * 1024;

/** The parts' byte ranges that `start..end` (inclusive, over the whole object) covers. */
function* pieceRanges(parts: readonly ObjectPart[], start: number, end: number): Generator<{ readonly blobId: string; readonly start: number; readonly end: number }> {
  let offset = 0;
  for (const part of parts) {
    const partStart = offset;
    const partEnd = offset + part.size - 1;
    offset += part.size;
    if (part.size === 0 || partEnd < start || partStart > end) continue;
    yield { blobId: part.blobId, start: Math.max(start, partStart) - partStart, end: Math.min(end, partEnd) - partStart };
  }
}

/**
 * @public The bytes `start..end` (inclusive, at most {@link IN_MEMORY_BODY_MAX}) of an object made of `parts`,
 * in memory. Releases `lease` once read (or failed).
 */
export async function readObjectBytes(blobs: BlobStore, parts: readonly ObjectPart[], start: number, end: number, lease: ReadLease): Promise<Uint8Array> {
  try {
    const pieces: Uint8Array[] = [];
    for (const piece of pieceRanges(parts, start, end)) pieces.push(await blobs.readBytes(piece.blobId, piece));
    return pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces);
  } finally {
    lease.release();
  }
}

/** @public The bytes `start..end` (inclusive) of an object made of `parts`. Releases `lease` when done. */
export function streamObject(blobs: BlobStore, parts: readonly ObjectPart[], start: number, end: number, lease: ReadLease): Readable {
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (const piece of pieceRanges(parts, start, end)) {
      for await (const chunk of blobs.read(piece.blobId, piece)) yield chunk as Uint8Array;
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
