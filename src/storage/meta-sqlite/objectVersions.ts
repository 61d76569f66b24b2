/**
 * @module storage/meta-sqlite/objectVersions
 * Object versions and delete markers: adding (in the versioned or the null slot), reading, updating
 * in place and removing, with the `current` listing index and blob references kept in step.
 * Functions here run inside the caller's transaction.
 */
import type { Database } from "better-sqlite3";
import type { ObjectVersionRecord, ReleasedBlobs, VersionSlot } from "../ports.ts";
import type { BlobRefs } from "./blobRefs.ts";
import { encodeKey } from "./keyOrder.ts";
import type { VersionParams, VersionRow } from "./records.ts";
import { blobsOfParts, versionParams, versionRecord } from "./records.ts";

/** @internal Version operations over prepared statements; call inside a transaction. */
export interface ObjectVersions {
  get(bucket: string, key: string, versionId?: string): ObjectVersionRecord | undefined;
  put(record: ObjectVersionRecord, slot: VersionSlot): ReleasedBlobs;
  update(bucket: string, key: string, versionId: string, change: { acl?: string; tags?: readonly (readonly [string, string])[] }): boolean;
  remove(bucket: string, key: string, versionId: string): { removed?: ObjectVersionRecord; released: ReleasedBlobs };
  hasAny(bucket: string): boolean;
}

/** @internal Prepares the version statements once. */
export function objectVersions(db: Database, refs: BlobRefs): ObjectVersions {
  const latest = db.prepare<[string, Buffer], VersionRow>("SELECT * FROM versions WHERE bucket = ? AND key = ? ORDER BY seq DESC LIMIT 1");
  const byId = db.prepare<[string, Buffer, string], VersionRow>("SELECT * FROM versions WHERE bucket = ? AND key = ? AND version_id = ?");
  const insert = db.prepare<[VersionParams]>(`
    INSERT INTO versions (bucket, key, version_id, is_delete_marker, last_modified, owner_account_id, size, etag,
      headers, user_metadata, checksum, parts, multipart, tags, acl, storage_class)
    VALUES (@bucket, @key, @version_id, @is_delete_marker, @last_modified, @owner_account_id, @size, @etag,
      @headers, @user_metadata, @checksum, @parts, @multipart, @tags, @acl, @storage_class)`);
  const deleteSeq = db.prepare<[number]>("DELETE FROM versions WHERE seq = ?");
  const setAcl = db.prepare<[string, number]>("UPDATE versions SET acl = ? WHERE seq = ?");
  const setTags = db.prepare<[string, number]>("UPDATE versions SET tags = ? WHERE seq = ?");
  const upsertCurrent = db.prepare<[string, Buffer, number]>(
    "INSERT INTO current (bucket, key, seq) VALUES (?, ?, ?) ON CONFLICT (bucket, key) DO UPDATE SET seq = excluded.seq",
  );
  const deleteCurrent = db.prepare<[string, Buffer]>("DELETE FROM current WHERE bucket = ? AND key = ?");
  const anyVersion = db.prepare<[string], { one: number }>("SELECT 1 AS one FROM versions WHERE bucket = ? LIMIT 1");

  /** INVARIANT: `current` holds (bucket, key) exactly when the key's highest-seq version is not a delete marker. */
  function refreshCurrent(bucket: string, key: Buffer): void {
    const top = latest.get(bucket, key);
    if (top !== undefined && top.is_delete_marker === 0) upsertCurrent.run(bucket, key, top.seq);
    else deleteCurrent.run(bucket, key);
  }

  function removeRow(row: VersionRow): ReleasedBlobs {
    deleteSeq.run(row.seq);
    return refs.drop(blobsOfParts(row.parts));
  }

  return {
    get(bucket, key, versionId) {
      const k = encodeKey(key);
      const row = versionId === undefined ? latest.get(bucket, k) : byId.get(bucket, k, versionId);
      return row === undefined ? undefined : versionRecord(row);
    },
    put(record, slot) {
      if ((slot === "null") !== (record.versionId === "null")) {
        throw new Error(`version ID ${record.versionId} does not fit the ${slot} slot`);
      }
      const params = versionParams(record);
      let released: ReleasedBlobs = [];
      if (slot === "null") {
        // S3: a write in the null slot replaces the null version wherever it sits in the history.
        const old = byId.get(record.bucket, params.key, "null");
        if (old !== undefined) released = removeRow(old);
      }
      insert.run(params);
      refs.add(record.parts.map((p) => p.blobId));
      refreshCurrent(record.bucket, params.key);
      // A blob reused by the new record is still referenced: it was re-added above.
      return released.filter((id) => !record.parts.some((p) => p.blobId === id));
    },
    update(bucket, key, versionId, change) {
      const row = byId.get(bucket, encodeKey(key), versionId);
      if (row === undefined) return false;
      if (change.acl !== undefined) setAcl.run(change.acl, row.seq);
      if (change.tags !== undefined) setTags.run(JSON.stringify(change.tags), row.seq);
      return true;
    },
    remove(bucket, key, versionId) {
      const k = encodeKey(key);
      const row = byId.get(bucket, k, versionId);
      if (row === undefined) return { released: [] };
      const released = removeRow(row);
      refreshCurrent(bucket, k);
      return { removed: versionRecord(row), released };
    },
    hasAny: (bucket) => anyVersion.get(bucket) !== undefined,
  };
}
