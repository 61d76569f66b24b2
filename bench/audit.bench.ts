/**
 * @module bench/audit.bench
 * `npm run bench:audit` (also run by `npm run bench`): times `crossbucket audit --data` over 1M objects. A
 * data folder is built once in `.tmp/audit-1m/` (delete it to rebuild) through the adapters' own write paths
 * in one transaction: one bucket of alpha's holding 1,000,000 objects, 85% alpha's, 10% bravo's, 5%
 * charlie's; 1% carry a public-read ACL, 1% a READ grant to another account, the rest the default ACL. The
 * audit opens the folder read-only and consumes every record (findings, progress, the effective-access
 * matrix for the default world's principals) as the command does, without rendering. Target: < 60 s.
 * Run: node --import tsx bench/audit.bench.ts
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { aclToJson } from "../src/acl/acl-json.ts";
import { ALL_USERS, groupGrant, privateAcl, userGrant } from "../src/acl/types.ts";
import { DEFAULT_WORLD } from "../src/identity/world.ts";
import { runAudit } from "../src/server/audit.ts";
import { openDataFolder } from "../src/server/auditCommand.ts";
import { canonicalUserId } from "../src/server/system.ts";
import { blobRefs } from "../src/storage/meta-sqlite/blobRefs.ts";
import { openSqliteIdentityStore } from "../src/storage/meta-sqlite/identityStore.ts";
import { objectVersions } from "../src/storage/meta-sqlite/objectVersions.ts";
import { openSqliteMetadataStore } from "../src/storage/meta-sqlite/sqliteMetadataStore.ts";
import type { ObjectVersionRecord } from "../src/storage/ports.ts";
import { cpuMs } from "./lib/cpuTime.ts";
import { machineLine } from "./lib/report.ts";

const N = 1_000_000;
const DIR = join(process.cwd(), ".tmp", "audit-1m");
const [ALPHA, BRAVO, CHARLIE] = DEFAULT_WORLD.accounts.map((a) => a.id) as [string, string, string];

function ownerOf(i: number): string {
  const r = i % 20;
  return r === 0 ? CHARLIE : r <= 2 ? BRAVO : ALPHA;
}

function aclOf(i: number, owner: string): string {
  const id = canonicalUserId(owner);
  const acl = privateAcl(id);
  if (i % 100 === 7) return aclToJson({ owner: acl.owner, grants: [...acl.grants, groupGrant(ALL_USERS, "READ")] });
  if (i % 100 === 11) return aclToJson({ owner: acl.owner, grants: [...acl.grants, userGrant(canonicalUserId(owner === ALPHA ? BRAVO : ALPHA), "READ")] });
  return aclToJson(acl);
}

function record(i: number): ObjectVersionRecord {
  const owner = ownerOf(i);
  return {
    bucket: "audit-big", key: `data/${Math.floor(i / 1000).toString().padStart(4, "0")}/part-${i.toString().padStart(7, "0")}.csv`, versionId: "null", isDeleteMarker: false,
    lastModified: new Date(1_700_000_000_000 + i), ownerAccountId: owner, size: 1024, etag: "d41d8cd98f00b204e9800998ecf8427e",
    headers: { "content-type": "text/csv" }, userMetadata: {}, parts: [{ partNumber: 1, blobId: i.toString(16).padStart(32, "0"), size: 1024, etag: "d41d8cd98f00b204e9800998ecf8427e" }],
    multipart: false, tags: [], acl: aclOf(i, owner), storageClass: "STANDARD",
  };
}

function build(): void {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, "metadata.sqlite");
  const store = openSqliteMetadataStore(path);
  store.createBucket({ name: "audit-big", ownerAccountId: ALPHA, region: "us-east-1", createdAt: new Date(0), versioning: "Unversioned" });
  store.close();
  openSqliteIdentityStore(path).close();
  const db = new Sqlite(path);
  db.pragma("journal_mode = WAL");
  const put = objectVersions(db, blobRefs(db)).put;
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < N; i++) put(record(i), "null");
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  console.log(`  built ${N.toLocaleString("en")} objects in ${((performance.now() - t0) / 1000).toFixed(1)} s (${DIR})`);
}

if (!existsSync(join(DIR, "metadata.sqlite"))) build();

const quiet = { info: () => {}, warn: () => {}, error: (m: string, f?: Record<string, unknown>) => console.error(m, f) };
console.log(`crossbucket audit: ${machineLine()}`);
const runs: { wall: number; cpu: number }[] = [];
for (let run = 0; run < 3; run++) {
  const opened = openDataFolder(DIR, undefined, quiet);
  const counts = new Map<string, number>();
  let objects = 0;
  const w0 = performance.now();
  const c0 = cpuMs(process.pid);
  try {
    for await (const r of runAudit(opened.sources)) {
      counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
      if (r.kind === "summary") objects = r.objects;
    }
  } finally {
    opened.close();
  }
  const wall = (performance.now() - w0) / 1000;
  const cpu = (cpuMs(process.pid) - c0) / 1000;
  runs.push({ wall, cpu });
  if (objects !== N) throw new Error(`audited ${objects} objects, expected ${N}`);
  console.log(`  run ${run + 1}: ${N.toLocaleString("en")} objects audited in ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (${Math.round(N / wall).toLocaleString("en")} objects/s); records: ${[...counts].map(([k, n]) => `${k} ${n}`).join(", ")}`);
}
const best = Math.min(...runs.map((r) => r.wall));
console.log(`best ${best.toFixed(1)} s of ${runs.length} runs (target < 60 s): ${best < 60 ? "met" : "MISSED"}`);
