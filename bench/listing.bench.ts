/**
 * @module bench/listing.bench
 * Times a ListObjectsV2-style page of 1,000 on the SQLite metadata store at 10k and 1M keys, with
 * and without a delimiter, from the start and from the middle of the bucket, plus a version-listing
 * page; a bucket where most keys are behind delete markers; then the cost of one committed putObject with synchronous=FULL versus NORMAL. Times are
 * medians of 21 runs, as process CPU time and wall time.
 *
 * Keys are `d<dir>/f<n>`, ten files per directory, so a delimited page at the root is 1,000 common
 * prefixes, each skipped with one seek. The 1M database is cached in `.tmp/` (delete it to rebuild).
 * Run: node --import tsx bench/listing.bench.ts
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { blobRefs } from "../src/storage/meta-sqlite/blobRefs.ts";
import { objectVersions } from "../src/storage/meta-sqlite/objectVersions.ts";
import { openSqliteMetadataStore } from "../src/storage/meta-sqlite/sqliteMetadataStore.ts";
import type { ListQuery, MetadataStore, ObjectVersionRecord } from "../src/storage/ports.ts";

const CACHE = join(process.cwd(), ".tmp");

function keyOf(i: number): string {
  return `d${Math.floor(i / 10).toString().padStart(6, "0")}/f${i % 10}`;
}

function record(key: string, i: number): ObjectVersionRecord {
  return {
    bucket: "b", key, versionId: "null", isDeleteMarker: false, lastModified: new Date(1_700_000_000_000 + i), ownerAccountId: "111122223333",
    size: 1024, etag: "d41d8cd98f00b204e9800998ecf8427e", headers: { "content-type": "application/octet-stream" }, userMetadata: {},
    parts: [{ partNumber: 1, blobId: i.toString(16).padStart(32, "0"), size: 1024, etag: "d41d8cd98f00b204e9800998ecf8427e" }],
    multipart: false, tags: [], storageClass: "STANDARD",
  };
}

/** Creates the database through the adapter (schema), then fills it in one transaction with the adapter's own write path. */
function build(path: string, n: number): void {
  const store = openSqliteMetadataStore(path);
  store.createBucket({ name: "b", ownerAccountId: "111122223333", region: "us-east-1", createdAt: new Date(0), versioning: "Unversioned" });
  store.close();
  const db = new Sqlite(path);
  db.pragma("journal_mode = WAL");
  const put = objectVersions(db, blobRefs(db)).put;
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < n; i++) put(record(keyOf(i), i), "null");
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  if (n > 0) console.log(`  filled ${n.toLocaleString("en")} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Median wall and CPU time of `run`: CPU time (user + system of this process) is what other load on the machine disturbs least. */
function time(label: string, run: () => number): void {
  run(); // warm the page cache and statement
  const wall: number[] = [];
  const cpu: number[] = [];
  let entries = 0;
  for (let i = 0; i < 21; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    entries = run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  console.log(`  ${label.padEnd(42)} cpu ${median(cpu).toFixed(2).padStart(7)} ms  wall ${median(wall).toFixed(2).padStart(7)} ms  (${entries} entries)`);
}

function listing(store: MetadataStore, q: Partial<ListQuery>): () => number {
  return () => {
    const p = store.listObjects("b", { prefix: "", delimiter: "", after: "", maxKeys: 1000, ...q });
    return p.objects.length + p.commonPrefixes.length;
  };
}

function benchListing(n: number): void {
  console.log(`bucket of ${n.toLocaleString("en")} keys`);
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `bench-listing-${n}.db`);
  if (!existsSync(path)) build(path, n);
  const store = openSqliteMetadataStore(path);
  const middle = keyOf(Math.floor(n / 2));
  time("page of 1000, no delimiter, from start", listing(store, {}));
  time("page of 1000, no delimiter, from middle", listing(store, { after: middle }));
  time("page of 1000, delimiter '/', from start", listing(store, { delimiter: "/" }));
  time("page of 1000, delimiter '/', from middle", listing(store, { delimiter: "/", after: middle }));
  time("prefix of one directory, delimiter '/'", listing(store, { prefix: keyOf(n / 2).split("/")[0] + "/", delimiter: "/" }));
  time("versions page of 1000, from middle", () => store.listObjectVersions("b", { prefix: "", delimiter: "", after: middle, afterVersionId: "", maxKeys: 1000 }).versions.length);
  store.close();
}

/** A bucket where 9 of 10 keys are hidden by delete markers: a page still reads only listed keys. */
function benchDeleteMarkers(n: number): void {
  console.log(`bucket of ${n.toLocaleString("en")} keys, 90% of them behind a delete marker`);
  const path = join(mkdtempSync(join(tmpdir(), "cb-bench-")), "dm.db");
  build(path, 0);
  const raw = new Sqlite(path);
  const put = objectVersions(raw, blobRefs(raw)).put;
  raw.transaction(() => {
    for (let i = 0; i < n; i++) {
      put({ ...record(keyOf(i), i), versionId: `v${i}` }, "versioned");
      if (i % 10 !== 0) put({ ...record(keyOf(i), i), versionId: `m${i}`, isDeleteMarker: true, parts: [], size: 0, etag: "" }, "versioned");
    }
  })();
  raw.close();
  const listed = openSqliteMetadataStore(path);
  time("page of 1000 (listed keys are 1 in 10)", listing(listed, {}));
  time("page of 1000, delimiter '/'", listing(listed, { delimiter: "/" }));
  listed.close();
  rmSync(join(path, ".."), { recursive: true, force: true });
}

function benchCommits(sync: "FULL" | "NORMAL"): void {
  const dir = mkdtempSync(join(tmpdir(), "cb-bench-"));
  try {
    const store = openSqliteMetadataStore(join(dir, "m.db"), { synchronous: sync });
    store.createBucket({ name: "b", ownerAccountId: "111122223333", region: "us-east-1", createdAt: new Date(0), versioning: "Unversioned" });
    const count = 2000;
    const t0 = performance.now();
    for (let i = 0; i < count; i++) store.putObject(record(`k${i}`, i), "null");
    const ms = performance.now() - t0;
    console.log(`  synchronous=${sync.padEnd(6)} ${(ms / count).toFixed(3)} ms per committed putObject (${Math.round((count / ms) * 1000)}/s)`);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

benchListing(10_000);
benchListing(1_000_000);
benchDeleteMarkers(100_000);
console.log("commit cost (file in the OS temp dir)");
benchCommits("FULL");
benchCommits("NORMAL");
benchCommits("FULL");
benchCommits("NORMAL");
