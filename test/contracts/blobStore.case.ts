/**
 * @module test/contracts/blobStore.case
 * The BlobStore contract: one suite every blob adapter runs (`blobStore.<adapter>.test.ts`).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { BlobStore } from "../../src/storage/ports.ts";

/** @internal Yields `chunks` as a source. */
export async function* chunksOf(...chunks: (string | Uint8Array)[]): AsyncIterable<Uint8Array> {
  for (const c of chunks) yield typeof c === "string" ? Buffer.from(c) : c;
}

/** @internal All bytes of a stream. */
export async function drain(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

/** Whether a blob still reads. */
async function readable(s: BlobStore, id: string): Promise<boolean> {
  return drain(s.read(id)).then(
    () => true,
    () => false,
  );
}

/** Waits until `check` holds (deferred deletions run asynchronously). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail("condition not reached");
}

/** @public Runs the contract against stores from `open`; each call must return a fresh, empty store. */
export function runBlobStoreContract(adapter: { name: string; open: () => Promise<BlobStore> }): void {
  describe(`BlobStore contract: ${adapter.name}`, () => {
    it("writes a streamed blob and reads it back whole and by inclusive byte range", async () => {
      const s = await adapter.open();
      const { blobId, size } = await s.write(chunksOf("hello ", "", "world"));
      assert.equal(size, 11);
      assert.equal((await drain(s.read(blobId))).toString(), "hello world");
      assert.equal((await drain(s.read(blobId, { start: 4, end: 7 }))).toString(), "o wo");
      assert.equal((await drain(s.read(blobId, { start: 10, end: 10 }))).toString(), "d");
    });
    it("reads a range into memory in one piece, and rejects a range past the end, a missing blob and a malformed ID", async () => {
      const s = await adapter.open();
      const { blobId } = await s.write(chunksOf("hello ", "world"));
      assert.equal(Buffer.from(await s.readBytes(blobId, { start: 0, end: 10 })).toString(), "hello world");
      assert.equal(Buffer.from(await s.readBytes(blobId, { start: 4, end: 7 })).toString(), "o wo");
      await assert.rejects(s.readBytes(blobId, { start: 6, end: 11 }), /shorter than the range/);
      await assert.rejects(s.readBytes("0".repeat(32), { start: 0, end: 0 }));
      await assert.rejects(s.readBytes("../../etc/passwd", { start: 0, end: 0 }), /malformed blob ID/);
    });
    it("reads a large range into memory whole, and rejects one past the end", async () => {
      const s = await adapter.open();
      const big = Buffer.alloc(300 * 1024).map((_, i) => i % 251);
      const { blobId } = await s.write(chunksOf(big));
      assert.ok(Buffer.from(await s.readBytes(blobId, { start: 0, end: big.length - 1 })).equals(big));
      assert.ok(Buffer.from(await s.readBytes(blobId, { start: 1000, end: 200_000 })).equals(big.subarray(1000, 200_001)));
      await assert.rejects(s.readBytes(blobId, { start: 1000, end: big.length }), /shorter than the range/);
    });
    it("stores an empty blob", async () => {
      const s = await adapter.open();
      const { blobId, size } = await s.write(chunksOf());
      assert.equal(size, 0);
      assert.equal((await drain(s.read(blobId))).length, 0);
    });
    it("streams a large blob intact", async () => {
      const s = await adapter.open();
      const chunk = Buffer.alloc(1024 * 1024, 7);
      const hash = createHash("sha256");
      async function* big(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < 24; i++) {
          const c = Buffer.from(chunk.map((b) => (b + i) & 0xff));
          hash.update(c);
          yield c;
        }
      }
      const { blobId, size } = await s.write(big());
      assert.equal(size, 24 * 1024 * 1024);
      assert.equal(createHash("sha256").update(await drain(s.read(blobId))).digest("hex"), hash.digest("hex"));
    });
    it("keeps the bytes of a source that yields tiny and odd-sized chunks and reuses its buffer", async () => {
      const s = await adapter.open();
      const expected: Buffer[] = [];
      async function* reusing(): AsyncIterable<Uint8Array> {
        const scratch = Buffer.alloc(300 * 1024);
        for (const [i, len] of [1, 2, 3, 1000, 70_000, 262_143, 262_144, 300 * 1024, 5, 100_000].entries()) {
          for (let rep = 0; rep < (len < 10 ? 500 : 2); rep++) {
            const view = scratch.subarray(0, len).fill((i * 31 + rep) & 0xff);
            expected.push(Buffer.from(view));
            yield view;
          }
        }
      }
      const { blobId, size } = await s.write(reusing());
      const want = Buffer.concat(expected);
      assert.equal(size, want.length);
      assert.ok((await drain(s.read(blobId))).equals(want));
    });
    it("gives every blob its own random hex ID", async () => {
      const s = await adapter.open();
      const a = await s.write(chunksOf("same"));
      const b = await s.write(chunksOf("same"));
      assert.notEqual(a.blobId, b.blobId);
      assert.match(a.blobId, /^[0-9a-f]+$/);
    });
    it("rejects with the source's own error when the source fails mid-stream, leaving no blob", async () => {
      const s = await adapter.open();
      const failure = new Error("SignatureDoesNotMatch detected mid-stream");
      async function* failing(): AsyncIterable<Uint8Array> {
        yield Buffer.from("partial");
        throw failure;
      }
      await assert.rejects(s.write(failing()), (err) => err === failure);
      assert.deepEqual(await s.sweep(new Set()), { removed: 0 });
    });
    it("copies a range of a blob into a new independent blob", async () => {
      const s = await adapter.open();
      const src = await s.write(chunksOf("0123456789"));
      const whole = await s.copy(src.blobId);
      const part = await s.copy(src.blobId, { start: 2, end: 5 });
      assert.equal(part.size, 4);
      s.release([src.blobId]);
      assert.equal((await drain(s.read(part.blobId))).toString(), "2345");
      assert.equal((await drain(s.read(whole.blobId))).toString(), "0123456789");
    });
    it("fails the stream when reading a missing blob or a malformed ID, never escaping the store", async () => {
      const s = await adapter.open();
      await assert.rejects(drain(s.read("0123456789abcdef0123456789abcdef")));
      await assert.rejects(drain(s.read("../../etc/passwd")));
      await assert.rejects(s.copy("../x"));
    });
    it("deletes a released blob at once when no lease is held", async () => {
      const s = await adapter.open();
      const { blobId } = await s.write(chunksOf("x"));
      s.release([blobId]);
      await eventually(async () => !(await readable(s, blobId)));
    });
    it("defers deletion until every lease taken before the release is released", async () => {
      const s = await adapter.open();
      const { blobId } = await s.write(chunksOf("kept while leased"));
      const first = s.lease();
      const second = s.lease();
      s.release([blobId]);
      const later = s.lease(); // taken after the release: must not hold the deletion back
      await new Promise((r) => setTimeout(r, 30));
      assert.equal((await drain(s.read(blobId))).toString(), "kept while leased");
      second.release();
      first.release();
      first.release(); // releasing twice is harmless
      await eventually(async () => !(await readable(s, blobId)));
      later.release();
    });
    it("logs rather than throws when a released blob is already gone", async () => {
      const s = await adapter.open();
      const { blobId } = await s.write(chunksOf("x"));
      s.release([blobId, blobId, "not-a-blob-id"]);
      await eventually(async () => !(await readable(s, blobId)));
    });
    it("sweeps every blob not referenced and keeps the referenced ones", async () => {
      const s = await adapter.open();
      const keep = await s.write(chunksOf("keep"));
      const drop = await Promise.all([1, 2, 3].map((i) => s.write(chunksOf(`drop${i}`))));
      const { removed } = await s.sweep(new Set([keep.blobId]));
      assert.equal(removed, 3);
      assert.equal((await drain(s.read(keep.blobId))).toString(), "keep");
      for (const d of drop) assert.equal(await readable(s, d.blobId), false);
    });
  });
}
