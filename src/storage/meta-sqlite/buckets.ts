/**
 * @module storage/meta-sqlite/buckets
 * Buckets and their configuration entries (subresources as opaque text), and account-level settings.
 * Functions here run inside the caller's transaction.
 */
import type { Database } from "better-sqlite3";
import type { BucketRecord, VersioningState } from "../ports.ts";

/** @internal Bucket operations over prepared statements; call inside a transaction. */
export interface Buckets {
  create(bucket: BucketRecord): "created" | "exists";
  get(name: string): BucketRecord | undefined;
  list(): BucketRecord[];
  setVersioning(name: string, state: Exclude<VersioningState, "Unversioned">): void;
  /** Removes the bucket row and its configuration; the caller checked it is empty. */
  remove(name: string): void;
  getConfig(bucket: string, name: string): string | undefined;
  putConfig(bucket: string, name: string, value: string | undefined): void;
  getAccountConfig(accountId: string, name: string): string | undefined;
  putAccountConfig(accountId: string, name: string, value: string | undefined): void;
}

interface BucketRow {
  name: string;
  owner_account_id: string;
  region: string;
  created_at: number;
  versioning: VersioningState;
}

function bucketRecord(row: BucketRow): BucketRecord {
  return { name: row.name, ownerAccountId: row.owner_account_id, region: row.region, createdAt: new Date(row.created_at), versioning: row.versioning };
}

/** @internal Prepares the bucket statements once. */
export function buckets(db: Database): Buckets {
  const insert = db.prepare<[BucketRow]>(
    "INSERT INTO buckets (name, owner_account_id, region, created_at, versioning) VALUES (@name, @owner_account_id, @region, @created_at, @versioning) ON CONFLICT (name) DO NOTHING",
  );
  const one = db.prepare<[string], BucketRow>("SELECT * FROM buckets WHERE name = ?");
  const all = db.prepare<[], BucketRow>("SELECT * FROM buckets ORDER BY name");
  const versioning = db.prepare<[string, string]>("UPDATE buckets SET versioning = ? WHERE name = ?");
  const remove = db.prepare<[string]>("DELETE FROM buckets WHERE name = ?");
  const configOf = db.prepare<[string, string], { value: string }>("SELECT value FROM bucket_config WHERE bucket = ? AND name = ?");
  const setConfig = db.prepare<[string, string, string]>(
    "INSERT INTO bucket_config (bucket, name, value) VALUES (?, ?, ?) ON CONFLICT (bucket, name) DO UPDATE SET value = excluded.value",
  );
  const deleteConfig = db.prepare<[string, string]>("DELETE FROM bucket_config WHERE bucket = ? AND name = ?");
  const accountConfigOf = db.prepare<[string, string], { value: string }>("SELECT value FROM account_config WHERE account_id = ? AND name = ?");
  const setAccountConfig = db.prepare<[string, string, string]>(
    "INSERT INTO account_config (account_id, name, value) VALUES (?, ?, ?) ON CONFLICT (account_id, name) DO UPDATE SET value = excluded.value",
  );
  const deleteAccountConfig = db.prepare<[string, string]>("DELETE FROM account_config WHERE account_id = ? AND name = ?");
  return {
    create(b) {
      const row: BucketRow = { name: b.name, owner_account_id: b.ownerAccountId, region: b.region, created_at: b.createdAt.getTime(), versioning: b.versioning };
      return insert.run(row).changes === 1 ? "created" : "exists";
    },
    get(name) {
      const row = one.get(name);
      return row === undefined ? undefined : bucketRecord(row);
    },
    list: () => all.all().map(bucketRecord),
    setVersioning(name, state) {
      if (versioning.run(state, name).changes === 0) throw new Error(`no bucket named ${name}`);
    },
    remove(name) {
      remove.run(name);
    },
    getConfig: (bucket, name) => configOf.get(bucket, name)?.value,
    putConfig(bucket, name, value) {
      if (value === undefined) deleteConfig.run(bucket, name);
      else setConfig.run(bucket, name, value);
    },
    getAccountConfig: (accountId, name) => accountConfigOf.get(accountId, name)?.value,
    putAccountConfig(accountId, name, value) {
      if (value === undefined) deleteAccountConfig.run(accountId, name);
      else setAccountConfig.run(accountId, name, value);
    },
  };
}
