/**
 * @module storage/meta-sqlite/records
 * Conversion between the port's records and SQLite rows. Structured fields are JSON text; dates are
 * integer milliseconds; optional fields are NULL when absent, so records round-trip exactly.
 */
import type { MultipartUploadRecord, ObjectVersionRecord, StoredChecksum, UploadedPartRecord } from "../ports.ts";
import { decodeKey, encodeKey } from "./keyOrder.ts";

/** @internal A row of `versions`. */
export interface VersionRow {
  seq: number;
  bucket: string;
  key: Buffer;
  version_id: string;
  is_delete_marker: number;
  last_modified: number;
  owner_account_id: string;
  size: number;
  etag: string;
  headers: string;
  user_metadata: string;
  checksum: string | null;
  parts: string;
  multipart: number;
  tags: string;
  acl: string | null;
  storage_class: string;
}

/** @internal The named parameters of an insert into `versions` (all columns but seq). */
export type VersionParams = Omit<VersionRow, "seq">;

/** @internal Row columns for a version record. */
export function versionParams(r: ObjectVersionRecord): VersionParams {
  return {
    bucket: r.bucket,
    key: encodeKey(r.key),
    version_id: r.versionId,
    is_delete_marker: r.isDeleteMarker ? 1 : 0,
    last_modified: r.lastModified.getTime(),
    owner_account_id: r.ownerAccountId,
    size: r.size,
    etag: r.etag,
    headers: JSON.stringify(r.headers),
    user_metadata: JSON.stringify(r.userMetadata),
    checksum: r.checksum === undefined ? null : JSON.stringify(r.checksum),
    parts: JSON.stringify(r.parts),
    multipart: r.multipart ? 1 : 0,
    tags: JSON.stringify(r.tags),
    acl: r.acl ?? null,
    storage_class: r.storageClass,
  };
}

/** @internal The version record a row holds. */
export function versionRecord(row: VersionRow): ObjectVersionRecord {
  return {
    bucket: row.bucket,
    key: decodeKey(row.key),
    versionId: row.version_id,
    isDeleteMarker: row.is_delete_marker !== 0,
    lastModified: new Date(row.last_modified),
    ownerAccountId: row.owner_account_id,
    size: row.size,
    etag: row.etag,
    headers: JSON.parse(row.headers) as Record<string, string>,
    userMetadata: JSON.parse(row.user_metadata) as Record<string, string>,
    ...(row.checksum === null ? {} : { checksum: JSON.parse(row.checksum) as StoredChecksum }),
    parts: JSON.parse(row.parts) as ObjectVersionRecord["parts"],
    multipart: row.multipart !== 0,
    tags: JSON.parse(row.tags) as ObjectVersionRecord["tags"],
    ...(row.acl === null ? {} : { acl: row.acl }),
    storageClass: row.storage_class,
  };
}

/** @internal Blob IDs a version's parts reference. */
export function blobsOfParts(partsJson: string): string[] {
  return (JSON.parse(partsJson) as ObjectVersionRecord["parts"]).map((p) => p.blobId);
}

/** @internal A row of `uploads`: the record is JSON with `initiatedAt` in milliseconds. */
export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: Buffer;
  initiated_at: number;
  record: string;
}

/** @internal Row columns for an upload record. */
export function uploadParams(u: MultipartUploadRecord): UploadRow {
  return {
    upload_id: u.uploadId,
    bucket: u.bucket,
    key: encodeKey(u.key),
    initiated_at: u.initiatedAt.getTime(),
    record: JSON.stringify({ ...u, initiatedAt: u.initiatedAt.getTime() }),
  };
}

/** @internal The upload record a row holds. */
export function uploadRecord(row: UploadRow): MultipartUploadRecord {
  const stored = JSON.parse(row.record) as Omit<MultipartUploadRecord, "initiatedAt">;
  return { ...stored, initiatedAt: new Date(row.initiated_at) };
}

/** @internal A row of `upload_parts`. */
export interface PartRow {
  upload_id: string;
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  last_modified: number;
  checksum: string | null;
}

/** @internal Row columns for an uploaded part. */
export function partParams(p: UploadedPartRecord): PartRow {
  return {
    upload_id: p.uploadId,
    part_number: p.partNumber,
    blob_id: p.blobId,
    size: p.size,
    etag: p.etag,
    last_modified: p.lastModified.getTime(),
    checksum: p.checksum === undefined ? null : JSON.stringify(p.checksum),
  };
}

/** @internal The uploaded part a row holds. */
export function partRecord(row: PartRow): UploadedPartRecord {
  return {
    uploadId: row.upload_id,
    partNumber: row.part_number,
    blobId: row.blob_id,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified),
    ...(row.checksum === null ? {} : { checksum: JSON.parse(row.checksum) as StoredChecksum }),
  };
}
