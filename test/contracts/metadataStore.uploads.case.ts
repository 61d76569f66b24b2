/**
 * @module test/contracts/metadataStore.uploads.case
 * Contract cases for multipart uploads: parts, ListParts, ListMultipartUploads order and resume,
 * completion (used parts move to the object, unused parts are released) and abort.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { MetadataStore, UploadedPartRecord, UploadListQuery } from "../../src/storage/ports.ts";
import { blob, makeBucket, upload, version } from "./metadataFixtures.ts";

function part(uploadId: string, partNumber: number, blobId = blob()): UploadedPartRecord {
  return { uploadId, partNumber, blobId, size: 5 * 1024 * 1024, etag: `etag${partNumber}`, lastModified: new Date(1_700_000_001_000 + partNumber) };
}

function uploadPages(s: MetadataStore, q: Omit<UploadListQuery, "keyMarker" | "uploadIdMarker">): string[] {
  const out: string[] = [];
  let keyMarker = "";
  let uploadIdMarker = "";
  for (let i = 0; i < 1000; i++) {
    const p = s.listUploads("b", { ...q, keyMarker, uploadIdMarker });
    out.push(...p.uploads.map((u) => `${u.key}:${u.uploadId}`), ...p.commonPrefixes.map((c) => `${c}:CP`));
    if (!p.isTruncated) return out;
    keyMarker = p.nextKeyMarker ?? "";
    uploadIdMarker = p.nextUploadIdMarker ?? "";
  }
  throw new Error("pagination did not end");
}

/** @internal Registers the multipart upload cases against `open`. */
export function uploadCases(open: () => MetadataStore): void {
  describe("multipart uploads", () => {
    it("round-trips an upload record and finds it only under its own bucket and key", () => {
      const s = open();
      makeBucket(s, "b");
      const u = { ...upload("b", "dir/é", "u1", 1_700_000_000_321), checksumAlgorithm: "SHA256" as const, checksumType: "COMPOSITE" as const, acl: "{}", tags: [["k", "v"]] as const };
      s.createUpload(u);
      assert.deepEqual(s.getUpload("b", "dir/é", "u1"), u);
      assert.equal(s.getUpload("b", "other", "u1"), undefined);
      assert.equal(s.getUpload("c", "dir/é", "u1"), undefined);
    });
    it("replaces a part with the same number and releases the replaced part's blob", () => {
      const s = open();
      makeBucket(s, "b");
      s.createUpload(upload("b", "k", "u1", 1));
      const p1 = part("u1", 1);
      assert.deepEqual(s.putPart(p1), []);
      const again = part("u1", 1);
      assert.deepEqual(s.putPart(again), [p1.blobId]);
      assert.deepEqual(s.listParts("u1", 0, 10).parts, [again]);
    });
    it("lists parts in part-number order after the marker, with truncation", () => {
      const s = open();
      makeBucket(s, "b");
      s.createUpload(upload("b", "k", "u1", 1));
      const parts = [3, 1, 10, 2].map((n) => part("u1", n));
      for (const p of parts) s.putPart(p);
      assert.deepEqual(s.listParts("u1", 0, 2).parts.map((p) => p.partNumber), [1, 2]);
      assert.equal(s.listParts("u1", 0, 2).isTruncated, true);
      assert.deepEqual(s.listParts("u1", 2, 5), { parts: [parts[0], parts[2]], isTruncated: false });
      assert.deepEqual(s.listParts("u1", 0, 0), { parts: [], isTruncated: false });
    });
    it("lists uploads by key then initiation time and resumes after (key-marker, upload-id-marker)", () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html: sorted by key, then by initiation time.
      const s = open();
      makeBucket(s, "b");
      s.createUpload(upload("b", "k", "zz-first", 10));
      s.createUpload(upload("b", "k", "aa-second", 20));
      s.createUpload(upload("b", "j", "u-j", 30));
      s.createUpload(upload("b", "d/1", "u-d1", 5));
      s.createUpload(upload("b", "d/2", "u-d2", 6));
      const all = ["d/1:u-d1", "d/2:u-d2", "j:u-j", "k:zz-first", "k:aa-second"];
      for (const n of [1, 2, 3, 10]) assert.deepEqual(uploadPages(s, { prefix: "", delimiter: "", maxUploads: n }), all);
      assert.deepEqual(uploadPages(s, { prefix: "", delimiter: "/", maxUploads: 1 }), ["d/:CP", "j:u-j", "k:zz-first", "k:aa-second"]);
      const rest = s.listUploads("b", { prefix: "", delimiter: "", keyMarker: "j", uploadIdMarker: "", maxUploads: 10 });
      assert.deepEqual(rest.uploads.map((u) => u.uploadId), ["zz-first", "aa-second"]);
    });
    it("resumes after an upload-id-marker whose upload is gone with the upload IDs lexicographically greater", () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html: uploads for a key equal to
      // the key-marker are included only if their upload ID is lexicographically greater than upload-id-marker.
      const s = open();
      makeBucket(s, "b");
      s.createUpload(upload("b", "k", "zz-first", 10));
      s.createUpload(upload("b", "k", "aa-second", 20));
      s.createUpload(upload("b", "k", "mm-third", 30));
      s.createUpload(upload("b", "l", "u-l", 40));
      s.abortUpload("aa-second");
      const p = s.listUploads("b", { prefix: "", delimiter: "", keyMarker: "k", uploadIdMarker: "aa-second", maxUploads: 10 });
      assert.deepEqual(p.uploads.map((u) => u.uploadId), ["zz-first", "mm-third", "u-l"]);
    });
    it("completes an upload: used parts move to the object, unused parts are released, the upload is gone", () => {
      const s = open();
      makeBucket(s, "b");
      s.createUpload(upload("b", "k", "u1", 1));
      const [p1, p2, p3] = [part("u1", 1), part("u1", 2), part("u1", 3)];
      for (const p of [p1, p2, p3]) s.putPart(p);
      const record = version("b", "k", "null", {
        multipart: true,
        parts: [p1, p3].map((p) => ({ partNumber: p.partNumber, blobId: p.blobId, size: p.size, etag: p.etag })),
      });
      assert.deepEqual(s.completeUpload("u1", record, "null"), { outcome: "completed", released: [p2.blobId] });
      assert.deepEqual(s.getObject("b", "k"), record);
      assert.equal(s.getUpload("b", "k", "u1"), undefined);
      assert.deepEqual(s.referencedBlobs(), new Set([p1.blobId, p3.blobId]));
      assert.deepEqual(s.completeUpload("u1", record, "null"), { outcome: "missing" });
    });
    it("completing into the null slot also releases the replaced null version's blobs", () => {
      const s = open();
      makeBucket(s, "b");
      const old = version("b", "k", "null");
      s.putObject(old, "null");
      s.createUpload(upload("b", "k", "u1", 1));
      const p1 = part("u1", 1);
      s.putPart(p1);
      const record = version("b", "k", "null", { multipart: true, parts: [{ partNumber: 1, blobId: p1.blobId, size: p1.size, etag: p1.etag }] });
      const out = s.completeUpload("u1", record, "null");
      assert.deepEqual(out, { outcome: "completed", released: old.parts.map((p) => p.blobId) });
    });
    it("aborts an upload, releasing all its parts, and reports a second abort as missing", () => {
      const s = open();
      makeBucket(s, "b");
      s.createUpload(upload("b", "k", "u1", 1));
      const parts = [part("u1", 1), part("u1", 2)];
      for (const p of parts) s.putPart(p);
      const out = s.abortUpload("u1");
      assert.equal(out.outcome, "aborted");
      assert.deepEqual([...out.released].sort(), parts.map((p) => p.blobId).sort());
      assert.deepEqual(s.abortUpload("u1"), { outcome: "missing", released: [] });
      assert.deepEqual(s.referencedBlobs(), new Set());
    });
  });
}
