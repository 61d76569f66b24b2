/**
 * @module storage/meta-sqlite/migrations
 * The schema as a list of numbered migrations. `migrate` applies, in one transaction at open, every
 * migration above the version recorded in `schema_version`, and refuses a database newer than this code.
 *
 * Layout (version 1):
 * - keys are BLOBs of UTF-8 bytes (memcmp order = S3 list order);
 * - `versions.seq` (AUTOINCREMENT, never reused) orders versions: the highest seq of a key is its latest;
 * - `current` holds, per key whose latest version is not a delete marker, that version's seq: the
 *   index ListObjects walks, so listing stays O(page) however many versions and markers exist;
 * - `blob_refs` counts references to each blob from object parts and uploaded parts.
 *
 * Version 2: `account_config`, account-level settings (e.g. the account's Block Public Access).
 *
 * Version 3: `access_points`, keyed by (owner account, name), with a unique alias and an index for the
 * listing of one bucket's access points. No foreign key to `buckets`: the bucket may be another
 * account's, and what DeleteBucket does about attached access points is the handler's decision.
 *
 * Version 4: the authorization decisions kept for `crossbucket why`, written in batches: one
 * `decision_batches` row per batch (the batch's decisions and the policies they refer to, deflated, and the
 * time of its newest decision, for pruning whole batches), and one small `decision_index` row per decision
 * (request ID → batch and position).
 */
import type { Database } from "better-sqlite3";

/** @internal One schema step; index + 1 is the version it produces. */
type Migration = (db: Database) => void;

const MIGRATIONS: readonly Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE buckets (
        name TEXT PRIMARY KEY,
        owner_account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        versioning TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE bucket_config (
        bucket TEXT NOT NULL REFERENCES buckets(name) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (bucket, name)
      ) WITHOUT ROWID;
      CREATE TABLE versions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        bucket TEXT NOT NULL REFERENCES buckets(name),
        key BLOB NOT NULL,
        version_id TEXT NOT NULL,
        is_delete_marker INTEGER NOT NULL,
        last_modified INTEGER NOT NULL,
        owner_account_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        headers TEXT NOT NULL,
        user_metadata TEXT NOT NULL,
        checksum TEXT,
        parts TEXT NOT NULL,
        multipart INTEGER NOT NULL,
        tags TEXT NOT NULL,
        acl TEXT,
        storage_class TEXT NOT NULL
      );
      CREATE UNIQUE INDEX versions_by_id ON versions (bucket, key, version_id);
      CREATE INDEX versions_by_key ON versions (bucket, key, seq DESC);
      CREATE TABLE current (
        bucket TEXT NOT NULL,
        key BLOB NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (bucket, key)
      ) WITHOUT ROWID;
      CREATE TABLE uploads (
        upload_id TEXT PRIMARY KEY,
        bucket TEXT NOT NULL REFERENCES buckets(name),
        key BLOB NOT NULL,
        initiated_at INTEGER NOT NULL,
        record TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX uploads_by_key ON uploads (bucket, key, initiated_at, upload_id);
      CREATE TABLE upload_parts (
        upload_id TEXT NOT NULL REFERENCES uploads(upload_id) ON DELETE CASCADE,
        part_number INTEGER NOT NULL,
        blob_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        last_modified INTEGER NOT NULL,
        checksum TEXT,
        PRIMARY KEY (upload_id, part_number)
      ) WITHOUT ROWID;
      CREATE TABLE blob_refs (
        blob_id TEXT PRIMARY KEY,
        refs INTEGER NOT NULL
      ) WITHOUT ROWID;
    `),
  (db) =>
    db.exec(`
      CREATE TABLE account_config (
        account_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, name)
      ) WITHOUT ROWID;
    `),
  (db) =>
    db.exec(`
      CREATE TABLE access_points (
        account_id TEXT NOT NULL,
        name TEXT NOT NULL,
        bucket TEXT NOT NULL,
        bucket_account_id TEXT NOT NULL,
        alias TEXT NOT NULL UNIQUE,
        network_origin TEXT NOT NULL,
        vpc_id TEXT,
        created_at INTEGER NOT NULL,
        policy TEXT,
        public_access_block TEXT NOT NULL,
        PRIMARY KEY (account_id, name)
      ) WITHOUT ROWID;
      CREATE INDEX access_points_by_bucket ON access_points (account_id, bucket, name);
    `),
  (db) =>
    db.exec(`
      CREATE TABLE decision_batches (
        batch INTEGER PRIMARY KEY AUTOINCREMENT,
        last_time INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE TABLE decision_index (
        batch INTEGER NOT NULL,
        position INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        PRIMARY KEY (batch, position)
      ) WITHOUT ROWID;
      CREATE INDEX decision_index_by_request ON decision_index (request_id);
    `),
];

/** @internal The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** @internal Brings the schema up to {@link SCHEMA_VERSION} in one immediate transaction. */
export function migrate(db: Database): void {
  db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const row = db.prepare<[], { version: number }>("SELECT version FROM schema_version").get();
    const from = row?.version ?? 0;
    if (from > SCHEMA_VERSION) throw new Error(`metadata schema version ${from} is newer than this program (${SCHEMA_VERSION})`);
    MIGRATIONS.slice(from).forEach((step) => step(db));
    if (row === undefined) db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION);
    else db.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION);
  }).immediate();
}

/** @internal For a read-only connection: refuses a database whose schema is not this program's. */
export function checkSchema(db: Database): void {
  const row = db.prepare<[], { version: number }>("SELECT version FROM schema_version").get();
  if (row?.version !== SCHEMA_VERSION) throw new Error(`metadata schema version ${row?.version ?? "none"} is not this program's (${SCHEMA_VERSION}): open it once with crossbucket serve`);
}
