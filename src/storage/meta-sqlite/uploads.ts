/**
 * @module storage/meta-sqlite/uploads
 * Multipart uploads and their parts: create, read, list (key order, then initiation time), store
 * parts, complete into an object version and abort, with blob references kept in step.
 * Functions here run inside the caller's transaction.
 */
import type { Database } from "better-sqlite3";
import type { MultipartUploadRecord, ObjectVersionRecord, ReleasedBlobs, UploadedPartRecord, UploadListing, UploadListQuery, VersionSlot } from "../ports.ts";
import type { BlobRefs } from "./blobRefs.ts";
import type { ScanSource } from "./delimitedScan.ts";
import { delimitedScan, resumeKey } from "./delimitedScan.ts";
import { decodeKey, encodeKey } from "./keyOrder.ts";
import type { ObjectVersions } from "./objectVersions.ts";
import type { PartRow, UploadRow } from "./records.ts";
import { partParams, partRecord, uploadParams, uploadRecord } from "./records.ts";

/** @internal Upload operations over prepared statements; call inside a transaction. */
export interface Uploads {
  create(upload: MultipartUploadRecord): void;
  get(bucket: string, key: string, uploadId: string): MultipartUploadRecord | undefined;
  putPart(part: UploadedPartRecord): ReleasedBlobs;
  listParts(uploadId: string, partNumberMarker: number, maxParts: number): { parts: UploadedPartRecord[]; isTruncated: boolean };
  list(bucket: string, query: UploadListQuery): UploadListing;
  complete(uploadId: string, record: ObjectVersionRecord, slot: VersionSlot): { outcome: "completed"; released: ReleasedBlobs } | { outcome: "missing" };
  abort(uploadId: string): { outcome: "aborted" | "missing"; released: ReleasedBlobs };
  /** Aborts every upload of a bucket (when the bucket is deleted). */
  abortAll(bucket: string): ReleasedBlobs;
}

/** A position in (key, initiation time, upload ID) order. */
interface UploadCursor {
  readonly key: Uint8Array;
  readonly inclusive: boolean;
  readonly afterUpload?: { readonly initiatedAt: number; readonly uploadId: string };
  /** Within `key`, only upload IDs above this (the documented rule when the marker upload is gone). */
  readonly idAbove?: string;
}

/** @internal Prepares the upload statements once. */
export function uploads(db: Database, refs: BlobRefs, versions: ObjectVersions): Uploads {
  const insert = db.prepare<[UploadRow]>("INSERT INTO uploads (upload_id, bucket, key, initiated_at, record) VALUES (@upload_id, @bucket, @key, @initiated_at, @record)");
  const byId = db.prepare<[string], UploadRow>("SELECT * FROM uploads WHERE upload_id = ?");
  const ofBucket = db.prepare<[string], { upload_id: string }>("SELECT upload_id FROM uploads WHERE bucket = ?");
  const deleteUpload = db.prepare<[string]>("DELETE FROM uploads WHERE upload_id = ?");
  const partBlobs = db.prepare<[string], { blob_id: string }>("SELECT blob_id FROM upload_parts WHERE upload_id = ?");
  const deleteParts = db.prepare<[string]>("DELETE FROM upload_parts WHERE upload_id = ?");
  const onePart = db.prepare<[string, number], PartRow>("SELECT * FROM upload_parts WHERE upload_id = ? AND part_number = ?");
  const upsertPart = db.prepare<[PartRow]>(`
    INSERT INTO upload_parts (upload_id, part_number, blob_id, size, etag, last_modified, checksum)
    VALUES (@upload_id, @part_number, @blob_id, @size, @etag, @last_modified, @checksum)
    ON CONFLICT (upload_id, part_number) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size,
      etag = excluded.etag, last_modified = excluded.last_modified, checksum = excluded.checksum`);
  const partsAfter = db.prepare<[string, number, number], PartRow>("SELECT * FROM upload_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?");
  const UPLOADS = "SELECT * FROM uploads WHERE bucket = ?";
  const fromKey = db.prepare<[string, Uint8Array, number], UploadRow>(`${UPLOADS} AND key >= ? ORDER BY key, initiated_at, upload_id LIMIT ?`);
  const afterKey = db.prepare<[string, Uint8Array, number], UploadRow>(`${UPLOADS} AND key > ? ORDER BY key, initiated_at, upload_id LIMIT ?`);
  const inKeyIdAbove = db.prepare<[string, Uint8Array, string, number], UploadRow>(
    `${UPLOADS} AND key = ? AND upload_id > ? ORDER BY initiated_at, upload_id LIMIT ?`,
  );
  const inKeyAfter = db.prepare<[string, Uint8Array, number, string, number], UploadRow>(
    `${UPLOADS} AND key = ? AND (initiated_at, upload_id) > (?, ?) ORDER BY initiated_at, upload_id LIMIT ?`,
  );

  /** Drops an upload and its parts; the parts' blobs lose a reference. */
  function drop(uploadId: string): ReleasedBlobs {
    const blobs = partBlobs.all(uploadId).map((r) => r.blob_id);
    deleteParts.run(uploadId);
    deleteUpload.run(uploadId);
    return refs.drop(blobs);
  }

  function source(bucket: string): ScanSource<UploadRow, UploadCursor> {
    return {
      *scan(c, limit) {
        let left = limit;
        const sameKey =
          c.afterUpload !== undefined
            ? inKeyAfter.iterate(bucket, c.key, c.afterUpload.initiatedAt, c.afterUpload.uploadId, left)
            : c.idAbove !== undefined
              ? inKeyIdAbove.iterate(bucket, c.key, c.idAbove, left)
              : [];
        for (const row of sameKey) {
          left--;
          yield row;
        }
        if (left === 0) return;
        yield* (c.inclusive ? fromKey : afterKey).iterate(bucket, c.key, left);
      },
      keyOf: (row) => row.key,
      after: (row) => ({ key: row.key, inclusive: false, afterUpload: { initiatedAt: row.initiated_at, uploadId: row.upload_id } }),
      atKey: (key) => ({ key, inclusive: true }),
    };
  }

  return {
    create(upload) {
      insert.run(uploadParams(upload));
    },
    get(bucket, key, uploadId) {
      const row = byId.get(uploadId);
      if (row === undefined || row.bucket !== bucket || decodeKey(row.key) !== key) return undefined;
      return uploadRecord(row);
    },
    putPart(part) {
      const old = onePart.get(part.uploadId, part.partNumber);
      upsertPart.run(partParams(part));
      refs.add([part.blobId]);
      return old === undefined ? [] : refs.drop([old.blob_id]);
    },
    listParts(uploadId, marker, maxParts) {
      if (maxParts <= 0) return { parts: [], isTruncated: false };
      const rows = partsAfter.all(uploadId, marker, maxParts + 1);
      return { parts: rows.slice(0, maxParts).map(partRecord), isTruncated: rows.length > maxParts };
    },
    list(bucket, q) {
      const prefix = encodeKey(q.prefix);
      const delimiter = encodeKey(q.delimiter);
      const marker = encodeKey(q.keyMarker);
      let start: UploadCursor = resumeKey(marker, prefix, delimiter);
      // S3: with an upload-id-marker, uploads of key-marker after that upload come first. Uploads of a key
      // are listed by initiation time, so paging resumes at the marker upload's place in that order; if the
      // marker upload is gone, the documented rule applies: upload IDs lexicographically greater.
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
      if (q.uploadIdMarker !== "" && !start.inclusive && Buffer.compare(start.key, marker) === 0) {
        const at = byId.get(q.uploadIdMarker);
        start =
          at !== undefined && at.bucket === bucket && Buffer.compare(at.key, marker) === 0
            ? { key: marker, inclusive: false, afterUpload: { initiatedAt: at.initiated_at, uploadId: at.upload_id } }
            : { key: marker, inclusive: false, idAbove: q.uploadIdMarker };
      }
      const page = delimitedScan(source(bucket), start, prefix, delimiter, q.maxUploads);
      const list = page.entries.flatMap((e) => ("row" in e ? [uploadRecord(e.row)] : []));
      const commonPrefixes = page.entries.flatMap((e) => ("prefix" in e ? [decodeKey(e.prefix)] : []));
      const last = page.entries.at(-1);
      if (!page.isTruncated || last === undefined) return { uploads: list, commonPrefixes, isTruncated: false };
      if ("prefix" in last) return { uploads: list, commonPrefixes, isTruncated: true, nextKeyMarker: decodeKey(last.prefix) };
      return { uploads: list, commonPrefixes, isTruncated: true, nextKeyMarker: decodeKey(last.row.key), nextUploadIdMarker: last.row.upload_id };
    },
    complete(uploadId, record, slot) {
      if (byId.get(uploadId) === undefined) return { outcome: "missing" };
      // The object takes its own references first, so parts it uses survive dropping the upload.
      const replaced = versions.put(record, slot);
      const unused = drop(uploadId);
      return { outcome: "completed", released: [...replaced, ...unused] };
    },
    abort(uploadId) {
      if (byId.get(uploadId) === undefined) return { outcome: "missing", released: [] };
      return { outcome: "aborted", released: drop(uploadId) };
    },
    abortAll(bucket) {
      return ofBucket.all(bucket).flatMap((r) => drop(r.upload_id));
    },
  };
}
