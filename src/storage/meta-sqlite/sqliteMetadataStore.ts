/**
 * @module storage/meta-sqlite/sqliteMetadataStore
 * The {@link MetadataStore} on SQLite (better-sqlite3, synchronous). Opens the database in WAL mode
 * with `synchronous=FULL` (an acknowledged write survives a process kill), migrates the schema, and
 * runs every method as one transaction over statements prepared once.
 *
 * Buckets, their configuration entries, account settings and object versions are read on every request,
 * so they are cached in memory (bounded) and the cache entry is dropped by every write that touches it.
 * This assumes the store is the only writer of those tables: one server per data folder. Cached object
 * records are shared between callers, which the port's deeply read-only record types make safe.
 */
import Sqlite from "better-sqlite3";
import type { Database } from "better-sqlite3";
import type { BucketRecord, MetadataStore, ObjectVersionRecord } from "../ports.ts";
import { accessPoints } from "./accessPoints.ts";
import { blobRefs } from "./blobRefs.ts";
import { buckets } from "./buckets.ts";
import { decisions } from "./decisions.ts";
import { checkSchema, migrate } from "./migrations.ts";
import { objectListing } from "./objectListing.ts";
import { objectAudit } from "./objectAudit.ts";
import { objectVersions } from "./objectVersions.ts";
import { uploads } from "./uploads.ts";

/** @public Tuning for {@link openSqliteMetadataStore}; the defaults are the safe choice. */
export interface SqliteOptions {
  /** `FULL` (default) syncs the WAL on every commit; `NORMAL` may lose the last commits on power loss. */
  readonly synchronous?: "FULL" | "NORMAL";
  /** Milliseconds to wait for another connection's lock (default 5000). */
  readonly busyTimeoutMs?: number;
  /**
   * Open an existing database without writing anything (for `crossbucket audit --data`): no migration (the
   * schema must be this program's), no journal-mode change; every write method then fails.
   */
  readonly readonly?: boolean;
}

function configure(db: Database, options: SqliteOptions): void {
  if (options.readonly === true) {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    return;
  }
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
  const db = options.readonly === true ? new Sqlite(path, { readonly: true, fileMustExist: true }) : new Sqlite(path);
  try {
    configure(db, options);
    if (options.readonly === true) checkSchema(db);
    else migrate(db);
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
  const d = decisions(db);
  const audit = objectAudit(db);
  const tx = <A extends unknown[], T>(fn: (...args: A) => T): ((...args: A) => T) => db.transaction(fn);
  const deleteBucket = tx((name: string, released: string[]): "deleted" | "not-empty" | "missing" => {
    if (b.get(name) === undefined) return "missing";
    if (v.hasAny(name)) return "not-empty";
    released.push(...u.abortAll(name));
    b.remove(name);
    return "deleted";
  });

  const createBucket = tx((bucket: BucketRecord, config: Readonly<Record<string, string>>): "created" | "exists" => {
    const outcome = b.create(bucket);
    if (outcome === "created") for (const [name, value] of Object.entries(config)) b.putConfig(bucket.name, name, value);
    return outcome;
  });
  const putDecisions = tx(d.put);
  const cache = new ReadCache();
  /** A write that drops the cache entries it touches, whether it succeeds or not. */
  const dropping = <A extends [unknown, ...unknown[]], T>(fn: (...args: A) => T, drop: (first: A[0]) => void) => (...args: A): T => {
    try {
      return fn(...args);
    } finally {
      drop(args[0]);
    }
  };
  const dropBucket = (name: string): void => cache.dropBucket(name);
  const removeBucket = dropping(deleteBucket, dropBucket);
  /** A write to the object versions of one key: drops what is cached for that key. */
  const droppingKey = <A extends unknown[], T>(fn: (...args: A) => T, keyOf: (...args: A) => readonly [bucket: string, key: string] | undefined) => (...args: A): T => {
    try {
      return fn(...args);
    } finally {
      const target = keyOf(...args);
      if (target !== undefined) cache.dropObject(target[0], target[1]);
    }
  };

  return {
    createBucket: dropping((bucket: BucketRecord, config: Readonly<Record<string, string>> = {}) => createBucket(bucket, config), (bucket) => dropBucket(bucket.name)),
    getBucket: (name) => cache.bucket(name, b.get),
    listBuckets: tx(b.list),
    setBucketVersioning: dropping(tx(b.setVersioning), dropBucket),
    deleteBucket(name, onReleased) {
      const released: string[] = [];
      const outcome = removeBucket(name, released);
      if (released.length > 0) onReleased?.(released);
      return outcome;
    },
    getBucketConfig: (bucket, name) => cache.bucketConfig(bucket, name, b.getConfig),
    putBucketConfig: dropping(tx(b.putConfig), dropBucket),
    getAccountConfig: (accountId, name) => cache.accountConfig(accountId, name, b.getAccountConfig),
    putAccountConfig: dropping(tx(b.putAccountConfig), (accountId) => cache.dropAccount(accountId)),
    createAccessPoint: tx(ap.create),
    getAccessPoint: ap.get,
    getAccessPointByAlias: ap.byAlias,
    listAccessPoints: tx(ap.list),
    deleteAccessPoint: tx(ap.remove),
    putAccessPointPolicy: tx(ap.putPolicy),
    getObject: (bucket, key, versionId) => cache.object(bucket, key, versionId, v.get),
    putObject: droppingKey(tx(v.put), (record) => [record.bucket, record.key]),
    updateObject: droppingKey(tx(v.update), (bucket, key) => [bucket, key]),
    deleteObjectVersion: droppingKey(tx(v.remove), (bucket, key) => [bucket, key]),
    listObjects: tx(l.listObjects),
    listObjectVersions: tx(l.listObjectVersions),
    hasObjects: v.hasAny,
    countObjectsByOwner: tx(audit.countByOwner),
    scanObjectOwnership: tx(audit.scan),
    createUpload: tx(u.create),
    getUpload: u.get,
    putPart: tx(u.putPart),
    listParts: tx(u.listParts),
    listUploads: tx(u.list),
    completeUpload: droppingKey(tx(u.complete), (_uploadId, record) => [record.bucket, record.key]),
    abortUpload: tx(u.abort),
    putDecisions(list, policies) {
      // Decisions are a diagnostic log: their commit does not wait for an fsync of its own (WAL with
      // synchronous=NORMAL); they become durable with the next FULL commit or checkpoint.
      db.pragma("synchronous = NORMAL");
      try {
        putDecisions(list, policies);
      } finally {
        db.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
      }
    },
    getDecisions: d.get,
    pruneDecisions: tx(d.prune),
    referencedBlobs: tx(refs.all),
    close: () => db.close(),
  };
}

/** Remembers bucket records, bucket configuration entries, account settings and object versions (absence included). */
class ReadCache {
  static readonly MAX_ENTRIES = 10_000;
  readonly #buckets = new Map<string, BucketRecord | null>();
  readonly #configs = new Map<string, Map<string, string | null>>();
  readonly #accounts = new Map<string, Map<string, string | null>>();
  /** bucket → key → version ID (`""` for the latest) → record. */
  readonly #objects = new Map<string, Map<string, Map<string, ObjectVersionRecord | null>>>();
  /** Object entries added since the cache was last cleared (drops do not count down: a bound, not a size). */
  #objectEntries = 0;

  object(bucket: string, key: string, versionId: string | undefined, load: (bucket: string, key: string, versionId?: string) => ObjectVersionRecord | undefined): ObjectVersionRecord | undefined {
    const version = versionId ?? "";
    const hit = this.#objects.get(bucket)?.get(key)?.get(version);
    if (hit !== undefined) return hit ?? undefined;
    const loaded = load(bucket, key, versionId);
    if (this.#objectEntries >= ReadCache.MAX_ENTRIES) {
      this.#objects.clear();
      this.#objectEntries = 0;
    }
    let keys = this.#objects.get(bucket);
    if (keys === undefined) this.#objects.set(bucket, (keys = new Map()));
    let versions = keys.get(key);
    if (versions === undefined) keys.set(key, (versions = new Map()));
    versions.set(version, loaded ?? null);
    this.#objectEntries++;
    return loaded;
  }

  dropObject(bucket: string, key: string): void {
    this.#objects.get(bucket)?.delete(key);
  }

  bucket(name: string, load: (name: string) => BucketRecord | undefined): BucketRecord | undefined {
    const hit = this.#buckets.get(name);
    if (hit !== undefined) return hit ?? undefined;
    const loaded = load(name);
    bounded(this.#buckets).set(name, loaded ?? null);
    return loaded;
  }

  bucketConfig(bucket: string, name: string, load: (bucket: string, name: string) => string | undefined): string | undefined {
    return lookup(this.#configs, bucket, name, load);
  }

  accountConfig(accountId: string, name: string, load: (accountId: string, name: string) => string | undefined): string | undefined {
    return lookup(this.#accounts, accountId, name, load);
  }

  dropBucket(name: string): void {
    this.#buckets.delete(name);
    this.#configs.delete(name);
    this.#objects.delete(name);
  }

  dropAccount(accountId: string): void {
    this.#accounts.delete(accountId);
  }
}

function bounded<K, V>(map: Map<K, V>): Map<K, V> {
  if (map.size >= ReadCache.MAX_ENTRIES) map.clear();
  return map;
}

function lookup(maps: Map<string, Map<string, string | null>>, owner: string, name: string, load: (owner: string, name: string) => string | undefined): string | undefined {
  let entries = maps.get(owner);
  const hit = entries?.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const loaded = load(owner, name);
  if (entries === undefined) {
    entries = new Map();
    bounded(maps).set(owner, entries);
  }
  entries.set(name, loaded ?? null);
  return loaded;
}
