/**
 * @module storage/meta-sqlite/sqliteMetadataStore
 * The {@link MetadataStore} on SQLite (better-sqlite3, synchronous). Opens the database in WAL mode
 * with `synchronous=FULL` (an acknowledged write survives a process kill), migrates the schema, and
 * runs every method as one transaction over statements prepared once.
 */
import Sqlite from "better-sqlite3";
import type { Database } from "better-sqlite3";
import type { MetadataStore } from "../ports.ts";
import { accessPoints } from "./accessPoints.ts";
import { blobRefs } from "./blobRefs.ts";
import { buckets } from "./buckets.ts";
import { migrate } from "./migrations.ts";
import { objectListing } from "./objectListing.ts";
import { objectVersions } from "./objectVersions.ts";
import { uploads } from "./uploads.ts";

/** @public Tuning for {@link openSqliteMetadataStore}; the defaults are the safe choice. */
export interface SqliteOptions {
  /** `FULL` (default) syncs the WAL on every commit; `NORMAL` may lose the last commits on power loss. */
  readonly synchronous?: "FULL" | "NORMAL";
  /** Milliseconds to wait for another connection's lock (default 5000). */
  readonly busyTimeoutMs?: number;
}

function configure(db: Database, options: SqliteOptions): void {
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
}

/**
 * @public Opens (creating and migrating if needed) the metadata database at `path`; `":memory:"`
 * gives a private in-memory store for tests.
 */
export function openSqliteMetadataStore(path: string, options: SqliteOptions = {}): MetadataStore {
  const db = new Sqlite(path);
  try {
    configure(db, options);
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const refs = blobRefs(db);
  const b = buckets(db);
  const v = objectVersions(db, refs);
  const l = objectListing(db);
  const u = uploads(db, refs, v);
  const ap = accessPoints(db);
  const tx = <A extends unknown[], T>(fn: (...args: A) => T): ((...args: A) => T) => db.transaction(fn);
  const deleteBucket = tx((name: string, released: string[]): "deleted" | "not-empty" | "missing" => {
    if (b.get(name) === undefined) return "missing";
    if (v.hasAny(name)) return "not-empty";
    released.push(...u.abortAll(name));
    b.remove(name);
    return "deleted";
  });

  return {
    createBucket: tx(b.create),
    getBucket: b.get,
    listBuckets: tx(b.list),
    setBucketVersioning: tx(b.setVersioning),
    deleteBucket(name, onReleased) {
      const released: string[] = [];
      const outcome = deleteBucket(name, released);
      if (released.length > 0) onReleased?.(released);
      return outcome;
    },
    getBucketConfig: b.getConfig,
    putBucketConfig: tx(b.putConfig),
    getAccountConfig: b.getAccountConfig,
    putAccountConfig: tx(b.putAccountConfig),
    createAccessPoint: tx(ap.create),
    getAccessPoint: ap.get,
    getAccessPointByAlias: ap.byAlias,
    listAccessPoints: tx(ap.list),
    deleteAccessPoint: tx(ap.remove),
    putAccessPointPolicy: tx(ap.putPolicy),
    getObject: v.get,
    putObject: tx(v.put),
    updateObject: tx(v.update),
    deleteObjectVersion: tx(v.remove),
    listObjects: tx(l.listObjects),
    listObjectVersions: tx(l.listObjectVersions),
    hasObjects: v.hasAny,
    createUpload: tx(u.create),
    getUpload: u.get,
    putPart: tx(u.putPart),
    listParts: tx(u.listParts),
    listUploads: tx(u.list),
    completeUpload: tx(u.complete),
    abortUpload: tx(u.abort),
    referencedBlobs: tx(refs.all),
    close: () => db.close(),
  };
}
