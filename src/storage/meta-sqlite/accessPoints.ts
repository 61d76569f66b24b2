/**
 * @module storage/meta-sqlite/accessPoints
 * Access points (migration 3): one row per (owner account, name), the alias unique across the store,
 * the Block Public Access flags as a small JSON object. Functions here run inside the caller's transaction.
 */
import type { Database } from "better-sqlite3";
import type { AccessPointListQuery, AccessPointListing, AccessPointRecord, PublicAccessBlockSettings } from "../ports.ts";

/** @internal Access point operations over prepared statements. */
export interface AccessPoints {
  create(record: AccessPointRecord): "created" | "exists";
  get(accountId: string, name: string): AccessPointRecord | undefined;
  byAlias(alias: string): AccessPointRecord | undefined;
  list(accountId: string, query: AccessPointListQuery): AccessPointListing;
  remove(accountId: string, name: string): "deleted" | "missing";
  putPolicy(accountId: string, name: string, policy: string | undefined): "updated" | "missing";
}

interface AccessPointRow {
  account_id: string;
  name: string;
  bucket: string;
  bucket_account_id: string;
  alias: string;
  network_origin: string;
  vpc_id: string | null;
  created_at: number;
  policy: string | null;
  public_access_block: string;
}

function flagsToJson(f: PublicAccessBlockSettings): string {
  return JSON.stringify({ BlockPublicAcls: f.BlockPublicAcls, IgnorePublicAcls: f.IgnorePublicAcls, BlockPublicPolicy: f.BlockPublicPolicy, RestrictPublicBuckets: f.RestrictPublicBuckets });
}

function flagsFromJson(text: string): PublicAccessBlockSettings {
  const o = JSON.parse(text) as Record<string, unknown>;
  return { BlockPublicAcls: o["BlockPublicAcls"] === true, IgnorePublicAcls: o["IgnorePublicAcls"] === true, BlockPublicPolicy: o["BlockPublicPolicy"] === true, RestrictPublicBuckets: o["RestrictPublicBuckets"] === true };
}

function record(row: AccessPointRow): AccessPointRecord {
  return {
    name: row.name,
    accountId: row.account_id,
    bucket: row.bucket,
    bucketAccountId: row.bucket_account_id,
    alias: row.alias,
    networkOrigin: row.network_origin === "VPC" ? "VPC" : "Internet",
    ...(row.vpc_id !== null ? { vpcId: row.vpc_id } : {}),
    createdAt: new Date(row.created_at),
    ...(row.policy !== null ? { policy: row.policy } : {}),
    publicAccessBlock: flagsFromJson(row.public_access_block),
  };
}

/** @internal Prepares the access point statements once. */
export function accessPoints(db: Database): AccessPoints {
  const insert = db.prepare<[AccessPointRow]>(
    `INSERT INTO access_points (account_id, name, bucket, bucket_account_id, alias, network_origin, vpc_id, created_at, policy, public_access_block)
     VALUES (@account_id, @name, @bucket, @bucket_account_id, @alias, @network_origin, @vpc_id, @created_at, @policy, @public_access_block)
     ON CONFLICT (account_id, name) DO NOTHING`,
  );
  const one = db.prepare<[string, string], AccessPointRow>("SELECT * FROM access_points WHERE account_id = ? AND name = ?");
  const aliased = db.prepare<[string], AccessPointRow>("SELECT * FROM access_points WHERE alias = ?");
  const page = db.prepare<[string, string, number], AccessPointRow>("SELECT * FROM access_points WHERE account_id = ? AND name > ? ORDER BY name LIMIT ?");
  const pageOfBucket = db.prepare<[string, string, string, number], AccessPointRow>(
    "SELECT * FROM access_points WHERE account_id = ? AND bucket = ? AND name > ? ORDER BY name LIMIT ?",
  );
  const remove = db.prepare<[string, string]>("DELETE FROM access_points WHERE account_id = ? AND name = ?");
  const setPolicy = db.prepare<[string | null, string, string]>("UPDATE access_points SET policy = ? WHERE account_id = ? AND name = ?");
  return {
    create(r) {
      const row: AccessPointRow = {
        account_id: r.accountId,
        name: r.name,
        bucket: r.bucket,
        bucket_account_id: r.bucketAccountId,
        alias: r.alias,
        network_origin: r.networkOrigin,
        vpc_id: r.vpcId ?? null,
        created_at: r.createdAt.getTime(),
        policy: r.policy ?? null,
        public_access_block: flagsToJson(r.publicAccessBlock),
      };
      return insert.run(row).changes === 1 ? "created" : "exists";
    },
    get(accountId, name) {
      const row = one.get(accountId, name);
      return row === undefined ? undefined : record(row);
    },
    byAlias(alias) {
      const row = aliased.get(alias);
      return row === undefined ? undefined : record(row);
    },
    list(accountId, q) {
      const limit = Math.max(0, Math.floor(q.maxResults));
      const after = q.after ?? "";
      // One row more than asked tells whether another page exists.
      const rows = q.bucket === undefined ? page.all(accountId, after, limit + 1) : pageOfBucket.all(accountId, q.bucket, after, limit + 1);
      return { accessPoints: rows.slice(0, limit).map(record), isTruncated: rows.length > limit };
    },
    remove: (accountId, name) => (remove.run(accountId, name).changes === 1 ? "deleted" : "missing"),
    putPolicy: (accountId, name, policy) => (setPolicy.run(policy ?? null, accountId, name).changes === 1 ? "updated" : "missing"),
  };
}
