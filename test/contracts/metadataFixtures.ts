/**
 * @module test/contracts/metadataFixtures
 * Builders for metadata records, the write rules of S3's three versioning states (as a handler
 * applies them through the store), and a naive reference model of delimited listing.
 */
import type { MetadataStore, MultipartUploadRecord, ObjectVersionRecord, VersioningState } from "../../src/storage/ports.ts";

export const OWNER = "111122223333";

/** Creates bucket `name` with the given versioning state (set through the store when not Unversioned). */
export function makeBucket(store: MetadataStore, name: string, versioning: VersioningState = "Unversioned"): void {
  store.createBucket({ name, ownerAccountId: OWNER, region: "us-east-1", createdAt: new Date(1_700_000_000_123), versioning: "Unversioned" });
  if (versioning !== "Unversioned") store.setBucketVersioning(name, versioning);
}

let blobCounter = 0;
/** A fresh fake blob ID (the metadata store treats blob IDs as opaque). */
export function blob(): string {
  return `blob${(++blobCounter).toString(16).padStart(28, "0")}`;
}

/** An object version with one part (its own new blob) unless overridden. */
export function version(bucket: string, key: string, versionId: string, over: Partial<ObjectVersionRecord> = {}): ObjectVersionRecord {
  return {
    bucket,
    key,
    versionId,
    isDeleteMarker: false,
    lastModified: new Date(1_700_000_000_456),
    ownerAccountId: OWNER,
    size: 3,
    etag: "acbd18db4cc2f85cedef654fccc4a4d8",
    headers: { "content-type": "text/plain" },
    userMetadata: {},
    parts: [{ partNumber: 1, blobId: blob(), size: 3, etag: "acbd18db4cc2f85cedef654fccc4a4d8" }],
    multipart: false,
    tags: [],
    storageClass: "STANDARD",
    ...over,
  };
}

/** A delete marker. */
export function deleteMarker(bucket: string, key: string, versionId: string): ObjectVersionRecord {
  return version(bucket, key, versionId, { isDeleteMarker: true, size: 0, etag: "", headers: {}, parts: [] });
}

let versionCounter = 0;
/** A fresh version ID that sorts nowhere in particular (the store must not order versions by ID). */
export function newVersionId(): string {
  versionCounter++;
  return `v${((versionCounter * 7919) % 10007).toString(36)}-${versionCounter}`;
}

/**
 * PutObject as a handler performs it under each versioning state: Enabled adds a version with a new
 * ID; Unversioned and Suspended write the `null` version in the null slot.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/AddingObjectstoVersionSuspendedBuckets.html
 */
export function putUnder(store: MetadataStore, state: VersioningState, bucket: string, key: string, over: Partial<ObjectVersionRecord> = {}): { record: ObjectVersionRecord; released: readonly string[] } {
  const record = version(bucket, key, state === "Enabled" ? newVersionId() : "null", over);
  return { record, released: store.putObject(record, state === "Enabled" ? "versioned" : "null") };
}

/**
 * DeleteObject without a version ID under each state: Unversioned removes the null version;
 * Enabled adds a delete marker; Suspended adds a null delete marker replacing the null version.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectsfromVersioningSuspendedBuckets.html
 */
export function deleteUnder(store: MetadataStore, state: VersioningState, bucket: string, key: string): readonly string[] {
  if (state === "Unversioned") return store.deleteObjectVersion(bucket, key, "null").released;
  if (state === "Enabled") return store.putObject(deleteMarker(bucket, key, newVersionId()), "versioned");
  return store.putObject(deleteMarker(bucket, key, "null"), "null");
}

/** A multipart upload record. */
export function upload(bucket: string, key: string, uploadId: string, initiatedAt: number): MultipartUploadRecord {
  return {
    uploadId,
    bucket,
    key,
    initiatedAt: new Date(initiatedAt),
    initiatorAccountId: OWNER,
    initiatorArn: `arn:aws:iam::${OWNER}:root`,
    ownerAccountId: OWNER,
    headers: {},
    userMetadata: {},
    tags: [],
    storageClass: "STANDARD",
  };
}

/** S3 list order: the byte order of the keys' UTF-8 encoding. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * Reference model of a delimited listing page: every key with the prefix, rolled into common
 * prefixes, as entries sorted in byte order; entries not greater than `after` dropped; the first
 * `maxKeys` kept.
 */
export function referencePage(keys: readonly string[], q: { prefix: string; delimiter: string; after: string; maxKeys: number }): { entries: string[]; prefixes: Set<string>; isTruncated: boolean } {
  const entries = new Set<string>();
  const prefixes = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(q.prefix)) continue;
    const at = q.delimiter === "" ? -1 : key.indexOf(q.delimiter, q.prefix.length);
    if (at < 0) entries.add(key);
    else {
      const cp = key.slice(0, at + q.delimiter.length);
      entries.add(cp);
      prefixes.add(cp);
    }
  }
  const sorted = [...entries].sort(byteOrder).filter((e) => byteOrder(e, q.after) > 0);
  return { entries: sorted.slice(0, Math.max(0, q.maxKeys)), prefixes, isTruncated: q.maxKeys > 0 && sorted.length > q.maxKeys };
}
