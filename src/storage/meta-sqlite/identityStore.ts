/**
 * @module storage/meta-sqlite/identityStore
 * The {@link IdentityStore} on SQLite. Opens its own connection to the metadata database file (WAL
 * lets both connections work side by side) or uses a connection it is given.
 */
import Sqlite from "better-sqlite3";
import type { Database } from "better-sqlite3";
import type { AccessKeyRecord, IamEntities, IamEntityKind, IdentityStore, SessionRecord } from "../identityPort.ts";
import { migrateIdentity } from "./identitySchema.ts";

/**
 * @public Opens the identity store in the database at `path` (or on an open connection, which the
 * caller then owns and closes). `":memory:"` gives a private store for tests.
 */
export function openSqliteIdentityStore(target: string | Database): IdentityStore {
  const owned = typeof target === "string";
  const db = owned ? new Sqlite(target) : target;
  try {
    if (owned) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("busy_timeout = 5000");
    }
    migrateIdentity(db);
  } catch (err) {
    if (owned) db.close();
    throw err;
  }
  const q = {
    get: db.prepare("SELECT doc FROM iam_entities WHERE account_id = ? AND kind = ? AND name_key = ?"),
    list: db.prepare("SELECT doc FROM iam_entities WHERE account_id = ? AND kind = ? ORDER BY name_key"),
    put: db.prepare("INSERT OR REPLACE INTO iam_entities (account_id, kind, name_key, doc) VALUES (?, ?, ?, ?)"),
    del: db.prepare("DELETE FROM iam_entities WHERE account_id = ? AND kind = ? AND name_key = ?"),
    getKey: db.prepare("SELECT doc FROM iam_access_keys WHERE access_key_id = ?"),
    putKey: db.prepare("INSERT OR REPLACE INTO iam_access_keys (access_key_id, account_id, user_key, doc) VALUES (?, ?, ?, ?)"),
    delKey: db.prepare("DELETE FROM iam_access_keys WHERE access_key_id = ?"),
    listKeys: db.prepare("SELECT doc FROM iam_access_keys WHERE account_id = ? AND user_key = ? ORDER BY access_key_id"),
    getSession: db.prepare("SELECT doc FROM sts_sessions WHERE access_key_id = ?"),
    putSession: db.prepare("INSERT OR REPLACE INTO sts_sessions (access_key_id, expiration, doc) VALUES (?, ?, ?)"),
    purge: db.prepare("DELETE FROM sts_sessions WHERE expiration < ?"),
  };
  const doc = <T>(row: unknown): T | undefined => (row === undefined ? undefined : (JSON.parse((row as { doc: string }).doc) as T));
  const docs = <T>(rows: unknown[]): T[] => rows.map((r) => JSON.parse((r as { doc: string }).doc) as T);
  return {
    get: <K extends IamEntityKind>(kind: K, accountId: string, name: string) => doc<IamEntities[K]>(q.get.get(accountId, kind, name.toLowerCase())),
    list: <K extends IamEntityKind>(kind: K, accountId: string) => docs<IamEntities[K]>(q.list.all(accountId, kind)),
    put: (kind, record) => {
      q.put.run(record.accountId, kind, record.name.toLowerCase(), JSON.stringify(record));
    },
    delete: (kind, accountId, name) => q.del.run(accountId, kind, name.toLowerCase()).changes > 0,
    getAccessKey: (id) => doc<AccessKeyRecord>(q.getKey.get(id)),
    putAccessKey: (r) => {
      q.putKey.run(r.accessKeyId, r.accountId, r.userName.toLowerCase(), JSON.stringify(r));
    },
    deleteAccessKey: (id) => q.delKey.run(id).changes > 0,
    listAccessKeys: (accountId, userName) => docs<AccessKeyRecord>(q.listKeys.all(accountId, userName.toLowerCase())),
    getSession: (id) => doc<SessionRecord>(q.getSession.get(id)),
    putSession: (r) => {
      q.putSession.run(r.accessKeyId, r.expiration, JSON.stringify(r));
    },
    purgeSessions: (before) => q.purge.run(before).changes,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => {
      if (owned) db.close();
    },
  };
}
