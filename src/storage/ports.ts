/**
 * @module storage/ports
 * The storage interfaces the domain owns. Adapters (meta-sqlite, blob-fs) implement them; only the
 * composition root (server/) constructs adapters. Record types are plain data, versioned through
 * the adapters' migrations.
 *
 * Ordering: every key listing is in the byte order of the keys' UTF-8 encoding, as S3 lists.
 */
import type { Readable } from "node:stream";

/** @public Versioning state of a bucket. `Unversioned` is a bucket on which versioning was never set. */
export type VersioningState = "Unversioned" | "Enabled" | "Suspended";

/** @public A bucket as stored. Subresources (policy, ACL, ownership, …) live in bucket config entries. */
export interface BucketRecord {
  readonly name: string;
  readonly ownerAccountId: string;
  readonly region: string;
  readonly createdAt: Date;
  readonly versioning: VersioningState;
}

/** @public A checksum stored with an object or part. `type` is COMPOSITE for multipart checksums of checksums. */
export interface StoredChecksum {
  readonly algorithm: "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";
  /** Base64 value as S3 returns it (for COMPOSITE: `base64-N`). */
  readonly value: string;
  readonly type: "FULL_OBJECT" | "COMPOSITE";
}

/** @public One stored piece of an object's content, in order. A simple PUT has one; a multipart object one per part. */
export interface ObjectPart {
  readonly partNumber: number;
  readonly blobId: string;
  readonly size: number;
  /** The part's ETag, unquoted hex MD5. */
  readonly etag: string;
  readonly checksum?: StoredChecksum;
}

/** @public One version of an object (or a delete marker). */
export interface ObjectVersionRecord {
  readonly bucket: string;
  readonly key: string;
  /** S3 version ID; the literal `null` for the null version. */
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
  readonly lastModified: Date;
  /** Account ID of the object owner (the writer's account, or the bucket owner's under ownership rules). */
  readonly ownerAccountId: string;
  readonly size: number;
  /** ETag without quotes: hex MD5, or `hex-N` for multipart objects. Empty for delete markers. */
  readonly etag: string;
  /** Standard headers stored with the object: content-type, content-encoding, cache-control, … (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** User metadata without the `x-amz-meta-` prefix, names lower-case. */
  readonly userMetadata: Readonly<Record<string, string>>;
  readonly checksum?: StoredChecksum;
  /** Content pieces; empty for delete markers and empty objects. `multipart` tells whether parts came from an upload. */
  readonly parts: readonly ObjectPart[];
  readonly multipart: boolean;
  /** Tag set in order. */
  readonly tags: readonly (readonly [string, string])[];
  /** The object ACL as an opaque JSON document owned by the ACL layer; undefined for delete markers. */
  readonly acl?: string;
  readonly storageClass: string;
}

/** @public A listed entry of ListObjectVersions: a version with whether it is the latest. */
export interface ListedVersion {
  readonly record: ObjectVersionRecord;
  readonly isLatest: boolean;
}

/** @public Common listing parameters. `prefix` and `delimiter` may be empty. */
export interface ListQuery {
  readonly prefix: string;
  readonly delimiter: string;
  /** Exclusive lower bound on keys (marker / start-after / decoded continuation token). */
  readonly after: string;
  readonly maxKeys: number;
}

/** @public A page of current objects. `nextAfter` is the last key or common prefix returned when truncated. */
export interface ObjectListing {
  readonly objects: readonly ObjectVersionRecord[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextAfter?: string;
}

/** @public A page of versions. */
export interface VersionListing {
  readonly versions: readonly ListedVersion[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
}

/** @public An in-progress multipart upload. */
export interface MultipartUploadRecord {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiatedAt: Date;
  /** Account ID (and principal ARN) of the initiator. */
  readonly initiatorAccountId: string;
  readonly initiatorArn: string;
  /** Owner the completed object will have. */
  readonly ownerAccountId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly userMetadata: Readonly<Record<string, string>>;
  readonly tags: readonly (readonly [string, string])[];
  readonly acl?: string;
  readonly storageClass: string;
  readonly checksumAlgorithm?: StoredChecksum["algorithm"];
  readonly checksumType?: StoredChecksum["type"];
}

/** @public An uploaded part. */
export interface UploadedPartRecord {
  readonly uploadId: string;
  readonly partNumber: number;
  readonly blobId: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
  readonly checksum?: StoredChecksum;
}

/** @public Listing parameters for ListMultipartUploads. */
export interface UploadListQuery {
  readonly prefix: string;
  readonly delimiter: string;
  readonly keyMarker: string;
  readonly uploadIdMarker: string;
  readonly maxUploads: number;
}

/** @public A page of multipart uploads. */
export interface UploadListing {
  readonly uploads: readonly MultipartUploadRecord[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextUploadIdMarker?: string;
}

/**
 * @public Where a new version goes. `versioned`: added beside the others with its own version ID.
 * `null`: replaces the key's null version, if any (unversioned and suspended buckets).
 */
export type VersionSlot = "versioned" | "null";

/** @public Blob IDs whose last reference a metadata change removed; the caller deletes them from the blob store. */
export type ReleasedBlobs = readonly string[];

/** @public The four Block Public Access settings of an access point (fixed at creation), named as in the API and in the authz engine. */
export interface PublicAccessBlockSettings {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/**
 * @public An access point as stored: owned by `accountId`, named `name` (unique per account), attached to
 * `bucket` (owned by `bucketAccountId`, possibly another account). `alias` is unique across the store.
 */
export interface AccessPointRecord {
  readonly name: string;
  readonly accountId: string;
  readonly bucket: string;
  readonly bucketAccountId: string;
  readonly alias: string;
  readonly networkOrigin: "Internet" | "VPC";
  /** Present exactly when `networkOrigin` is `VPC`. */
  readonly vpcId?: string;
  readonly createdAt: Date;
  /** The access point policy as the JSON text its owner put; absent when none is set. */
  readonly policy?: string;
  readonly publicAccessBlock: PublicAccessBlockSettings;
}

/** @public Listing parameters for an account's access points, in name order. */
export interface AccessPointListQuery {
  /** Only the access points attached to this bucket. */
  readonly bucket?: string;
  readonly maxResults: number;
  /** Exclusive lower bound on names (the last name of the previous page). */
  readonly after?: string;
}

/** @public A page of access points. */
export interface AccessPointListing {
  readonly accessPoints: readonly AccessPointRecord[];
  readonly isTruncated: boolean;
}

/**
 * @public One authorization decision as kept for `crossbucket why` (issue #6): the decision in a replayable
 * form (JSON text, opaque to the store) that refers to the policies it involved by the hash of their text.
 * A request can have several (DeleteObjects decides per key); they are returned in the order stored.
 */
export interface StoredDecision {
  readonly requestId: string;
  readonly time: Date;
  readonly record: string;
}

/** @public Decisions read back, with the texts of the policies they refer to (hash → policy text). */
export interface StoredDecisions {
  readonly decisions: readonly StoredDecision[];
  readonly policies: ReadonlyMap<string, string>;
}

/** @public A current object as the audit walks it: the key, its latest version's ID, stored owner and ACL text. */
export interface ObjectOwnershipRow {
  readonly key: string;
  readonly versionId: string;
  readonly ownerAccountId: string;
  /** The stored ACL (opaque JSON owned by the ACL layer); undefined when none was stored. */
  readonly acl?: string;
}

/** @public How many current objects of a bucket one owner has. */
export interface OwnerCount {
  readonly ownerAccountId: string;
  readonly count: number;
}

/**
 * @public Metadata of buckets, objects and uploads. All methods are synchronous and each is one
 * atomic transaction: a reader never sees half of a change.
 */
export interface MetadataStore {
  /** Creates a bucket with its initial configuration entries, atomically; "exists" changes nothing. */
  createBucket(bucket: BucketRecord, config?: Readonly<Record<string, string>>): "created" | "exists";
  getBucket(name: string): BucketRecord | undefined;
  listBuckets(): BucketRecord[];
  setBucketVersioning(name: string, state: Exclude<VersioningState, "Unversioned">): void;
  /**
   * Deletes a bucket that holds no object version or delete marker; aborts its uploads. The aborted
   * uploads' part blobs are passed to `onReleased` (when given) for the caller to release.
   */
  deleteBucket(name: string, onReleased?: (released: ReleasedBlobs) => void): "deleted" | "not-empty" | "missing";

  /** Bucket subresources (policy, acl, ownership, public-access-block, tagging, …) as opaque text. */
  getBucketConfig(bucket: string, name: string): string | undefined;
  /** Sets (or with `undefined` removes) a bucket subresource. */
  putBucketConfig(bucket: string, name: string, value: string | undefined): void;

  /** Account-level settings (the account's Block Public Access, …) as opaque text; no account row is needed. */
  getAccountConfig(accountId: string, name: string): string | undefined;
  /** Sets (or with `undefined` removes) an account-level setting. */
  putAccountConfig(accountId: string, name: string, value: string | undefined): void;

  /** Stores a new access point; "exists" when the account already has one of that name (nothing changes). */
  createAccessPoint(record: AccessPointRecord): "created" | "exists";
  getAccessPoint(accountId: string, name: string): AccessPointRecord | undefined;
  getAccessPointByAlias(alias: string): AccessPointRecord | undefined;
  listAccessPoints(accountId: string, query: AccessPointListQuery): AccessPointListing;
  deleteAccessPoint(accountId: string, name: string): "deleted" | "missing";
  /** Sets (or with `undefined` removes) an access point's policy; "missing" when there is no such access point. */
  putAccessPointPolicy(accountId: string, name: string, policy: string | undefined): "updated" | "missing";

  /** The latest version of a key (possibly a delete marker), or a given version. */
  getObject(bucket: string, key: string, versionId?: string): ObjectVersionRecord | undefined;
  /** Adds a version and makes it the latest; in the `null` slot it replaces the existing null version. */
  putObject(record: ObjectVersionRecord, slot: VersionSlot): ReleasedBlobs;
  /** Replaces the ACL and/or tags of an existing version in place (no new version). */
  updateObject(bucket: string, key: string, versionId: string, change: { acl?: string; tags?: readonly (readonly [string, string])[] }): boolean;
  /** Removes one version; the next newest becomes the latest. Returns the removed record. */
  deleteObjectVersion(bucket: string, key: string, versionId: string): { removed?: ObjectVersionRecord; released: ReleasedBlobs };
  /** Current (latest, not delete-marker) objects in key order, grouped by delimiter. */
  listObjects(bucket: string, query: ListQuery): ObjectListing;
  /** All versions and delete markers: key order, newest first within a key. `after` with `afterVersionId` resumes. */
  listObjectVersions(bucket: string, query: ListQuery & { readonly afterVersionId: string }): VersionListing;
  /** Whether the bucket holds any version or delete marker. */
  hasObjects(bucket: string): boolean;
  /** Current objects (latest versions that are not delete markers) counted per stored owner, in one query. */
  countObjectsByOwner(bucket: string): OwnerCount[];
  /** Up to `limit` current objects after key `after`, in key order, as light rows (for the audit's paged walk). */
  scanObjectOwnership(bucket: string, after: string, limit: number): ObjectOwnershipRow[];

  createUpload(upload: MultipartUploadRecord): void;
  getUpload(bucket: string, key: string, uploadId: string): MultipartUploadRecord | undefined;
  /** Stores a part, replacing the same part number. */
  putPart(part: UploadedPartRecord): ReleasedBlobs;
  /** Parts in part-number order, after `partNumberMarker`, at most `maxParts` (plus whether more exist). */
  listParts(uploadId: string, partNumberMarker: number, maxParts: number): { parts: UploadedPartRecord[]; isTruncated: boolean };
  listUploads(bucket: string, query: UploadListQuery): UploadListing;
  /**
   * Completes an upload atomically: stores the object version, drops the upload and its parts.
   * Parts not named in `record.parts` are released. Fails with "missing" if the upload is gone.
   */
  completeUpload(uploadId: string, record: ObjectVersionRecord, slot: VersionSlot): { outcome: "completed"; released: ReleasedBlobs } | { outcome: "missing" };
  /** Drops an upload and its parts. */
  abortUpload(uploadId: string): { outcome: "aborted" | "missing"; released: ReleasedBlobs };

  /** Appends decisions, with the texts of the policies they refer to (hash → text), in one transaction. */
  putDecisions(decisions: readonly StoredDecision[], policies: ReadonlyMap<string, string>): void;
  /** The decisions stored for a request ID, oldest first, and the policies they refer to. */
  getDecisions(requestId: string): StoredDecisions;
  /**
   * Removes decisions made before `before`, returning how many were removed. Decisions stored by one
   * `putDecisions` call may be kept together until the newest of them is older than `before`.
   */
  pruneDecisions(before: Date): number;

  /** Every blob ID the metadata references (objects and parts), for the start-up orphan sweep. */
  referencedBlobs(): Set<string>;
  close(): void;
}

/** @public A byte range, both ends inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** @public A handle that keeps blobs readable until released, even if deleted meanwhile. */
export interface ReadLease {
  release(): void;
}

/**
 * @public Object content. Blob IDs are generated by the store and never derived from user input.
 *
 * Durability: `write` resolves only once the blob is durable (temp file, fsync, rename, directory fsync).
 * Deletion is deferred while any read lease taken before the deletion is held, so that a reader that
 * looked up metadata and took a lease in the same synchronous step can always stream what it found.
 */
export interface BlobStore {
  /** Streams `source` into a new durable blob. The caller hashes through the stream it passes. */
  write(source: AsyncIterable<Uint8Array>): Promise<{ blobId: string; size: number }>;
  /** Copies a range of an existing blob into a new durable blob. */
  copy(blobId: string, range?: ByteRange): Promise<{ blobId: string; size: number }>;
  /** Takes a read lease: synchronously, right after the metadata lookup it protects. */
  lease(): ReadLease;
  /** A stream of the blob's bytes, or a range of them. */
  read(blobId: string, range?: ByteRange): Readable;
  /**
   * The bytes of `range` in memory, read with as few file operations as the store can (the path for small
   * objects, where a stream costs more than the bytes). Rejects if the blob is shorter than the range.
   */
  readBytes(blobId: string, range: ByteRange): Promise<Uint8Array>;
  /** Deletes blobs once no earlier lease is held; errors go to the log, never to the caller. */
  release(blobIds: ReleasedBlobs): void;
  /** Removes blobs that are not in `referenced` and temp files left by a crash. Run at start, before serving. */
  sweep(referenced: Set<string>): Promise<{ removed: number }>;
}
