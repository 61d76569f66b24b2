/**
 * @module storage/meta-sqlite/identitySchema
 * The identity tables, in the metadata database file but versioned on their own
 * (`identity_schema_version`), so the object schema and the identity schema migrate independently.
 *
 * Layout (version 1): IAM entities as JSON documents keyed by (account, kind, lower-case name);
 * access keys and STS sessions keyed by access key ID. Version 2 adds AWS Organizations: entities
 * keyed by (kind, ID), policy attachments, and the accounts CreateAccount makes.
 */
import type { Database } from "better-sqlite3";

type Migration = (db: Database) => void;

const MIGRATIONS: readonly Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE iam_entities (
        account_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        name_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account_id, kind, name_key)
      ) WITHOUT ROWID;
      CREATE TABLE iam_access_keys (
        access_key_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        user_key TEXT NOT NULL,
        doc TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX iam_access_keys_by_user ON iam_access_keys (account_id, user_key);
      CREATE TABLE sts_sessions (
        access_key_id TEXT PRIMARY KEY,
        expiration TEXT NOT NULL,
        doc TEXT NOT NULL
      ) WITHOUT ROWID;
    `),
  // Version 2: AWS Organizations (entities as JSON documents keyed by kind and ID, attachments in the
  // order they were made) and the accounts Organizations creates at run time.
  (db) =>
    db.exec(`
      CREATE TABLE org_entities (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        org_id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID;
      CREATE INDEX org_entities_by_org ON org_entities (org_id, kind, id);
      CREATE TABLE org_attachments (
        org_id TEXT NOT NULL,
        policy_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        UNIQUE (org_id, policy_id, target_id)
      );
      CREATE INDEX org_attachments_by_target ON org_attachments (org_id, target_id);
      CREATE TABLE stored_accounts (
        account_id TEXT PRIMARY KEY,
        doc TEXT NOT NULL
      ) WITHOUT ROWID;
    `),
];

/** @internal Brings the identity tables to the current version; refuses a newer database. */
export function migrateIdentity(db: Database): void {
  db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS identity_schema_version (version INTEGER NOT NULL)");
    const row = db.prepare("SELECT version FROM identity_schema_version").get() as { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > MIGRATIONS.length) throw new Error(`identity schema version ${current} is newer than this crossbucket (${MIGRATIONS.length})`);
    for (let v = current; v < MIGRATIONS.length; v++) (MIGRATIONS[v] as Migration)(db);
    if (row === undefined) db.prepare("INSERT INTO identity_schema_version (version) VALUES (?)").run(MIGRATIONS.length);
    else db.prepare("UPDATE identity_schema_version SET version = ?").run(MIGRATIONS.length);
  })();
}

/** @internal For a read-only connection: refuses identity tables whose version is not this program's. */
export function checkIdentitySchema(db: Database): void {
  const row = db.prepare("SELECT version FROM identity_schema_version").get() as { version: number } | undefined;
  if (row?.version !== MIGRATIONS.length) throw new Error(`identity schema version ${row?.version ?? "none"} is not this program's (${MIGRATIONS.length}): open it once with crossbucket serve`);
}
