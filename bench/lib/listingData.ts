/**
 * @module bench/lib/listingData
 * A crossbucket data folder holding buckets of 10k, 100k and 1M zero-byte objects, for the
 * ListObjectsV2 scenarios. Filling through HTTP would take hours, so the metadata is written straight
 * into SQLite: the schema through `openSqliteMetadataStore`, the rows through the adapter's own
 * version-writing code, in one transaction per bucket. The folder is cached under `.tmp/` (delete it
 * to rebuild); it is built in a sibling folder and renamed only once complete.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { DEFAULT_WORLD } from "../../src/identity/world.ts";
import { blobRefs } from "../../src/storage/meta-sqlite/blobRefs.ts";
import { objectVersions } from "../../src/storage/meta-sqlite/objectVersions.ts";
import { openSqliteMetadataStore } from "../../src/storage/meta-sqlite/sqliteMetadataStore.ts";
import type { ObjectVersionRecord } from "../../src/storage/ports.ts";

/** @public The listing buckets: name and object count. */
export const LISTING_BUCKETS: readonly { readonly name: string; readonly objects: number }[] = [
  { name: "list-10k", objects: 10_000 },
  { name: "list-100k", objects: 100_000 },
  { name: "list-1m", objects: 1_000_000 },
];

/** @public The i-th key of a listing bucket (`d<dir>/f<n>`, ten per directory, byte order = i order). */
export function listingKey(i: number): string {
  return `d${Math.floor(i / 10).toString().padStart(6, "0")}/f${i % 10}`;
}

const EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

function emptyObject(bucket: string, key: string, owner: string, i: number): ObjectVersionRecord {
  return {
    bucket, key, versionId: "null", isDeleteMarker: false, lastModified: new Date(1_700_000_000_000 + i), ownerAccountId: owner,
    size: 0, etag: EMPTY_MD5, headers: { "content-type": "application/octet-stream" }, userMetadata: {},
    parts: [], multipart: false, tags: [], storageClass: "STANDARD",
  };
}

function fill(dataDir: string, log: (line: string) => void): void {
  const path = join(dataDir, "metadata.sqlite");
  const owner = DEFAULT_WORLD.accounts[0]?.id ?? "111111111111";
  const store = openSqliteMetadataStore(path);
  for (const b of LISTING_BUCKETS) store.createBucket({ name: b.name, ownerAccountId: owner, region: "us-east-1", createdAt: new Date(0), versioning: "Unversioned" });
  store.close();
  const db = new Sqlite(path);
  db.pragma("journal_mode = WAL");
  const put = objectVersions(db, blobRefs(db)).put;
  for (const b of LISTING_BUCKETS) {
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < b.objects; i++) put(emptyObject(b.name, listingKey(i), owner, i), "null");
    })();
    log(`filled ${b.name} (${b.objects.toLocaleString("en")} objects) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

/** @public Returns the cached listing data folder under `cacheDir`, building it first if missing. */
export function ensureListingData(cacheDir: string, log: (line: string) => void): string {
  const dir = join(cacheDir, "s3-bench-listing");
  if (existsSync(dir)) return dir;
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  fill(partial, log);
  renameSync(partial, dir);
  return dir;
}
