/**
 * @module storage/meta-sqlite/objectAudit
 * The reads `crossbucket audit` walks a bucket with: current objects counted per owner (one GROUP BY over the
 * `current` index joined to its versions) and light pages of current objects in key order (key, version ID,
 * owner, ACL text; no JSON decoding of the other columns), so that a million objects cost one pass.
 */
import type { Database } from "better-sqlite3";
import type { ObjectOwnershipRow, OwnerCount } from "../ports.ts";
import { decodeKey, encodeKey } from "./keyOrder.ts";

/** @internal The audit reads over prepared statements. */
export interface ObjectAudit {
  countByOwner(bucket: string): OwnerCount[];
  scan(bucket: string, after: string, limit: number): ObjectOwnershipRow[];
}

interface ScanRow {
  key: Buffer;
  version_id: string;
  owner_account_id: string;
  acl: string | null;
}

/** @internal Prepares the audit statements once. */
export function objectAudit(db: Database): ObjectAudit {
  const counts = db.prepare<[string], { owner: string; n: number }>(
    "SELECT v.owner_account_id AS owner, count(*) AS n FROM current c JOIN versions v ON v.seq = c.seq WHERE c.bucket = ? GROUP BY v.owner_account_id ORDER BY n DESC, owner",
  );
  const page = db.prepare<[string, Buffer, number], ScanRow>(
    "SELECT c.key, v.version_id, v.owner_account_id, v.acl FROM current c JOIN versions v ON v.seq = c.seq WHERE c.bucket = ? AND c.key > ? ORDER BY c.key LIMIT ?",
  );
  return {
    countByOwner: (bucket) => counts.all(bucket).map((r) => ({ ownerAccountId: r.owner, count: r.n })),
    scan: (bucket, after, limit) =>
      page.all(bucket, encodeKey(after), limit).map((r) => ({ key: decodeKey(r.key), versionId: r.version_id, ownerAccountId: r.owner_account_id, ...(r.acl === null ? {} : { acl: r.acl }) })),
  };
}
