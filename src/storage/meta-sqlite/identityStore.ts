/**
 * @module storage/meta-sqlite/identityStore
 * The {@link IdentityStore} on SQLite. Opens its own connection to the metadata database file (WAL
 * lets both connections work side by side) or uses a connection it is given.
 */
import Sqlite from "better-sqlite3";
import type { Database } from "better-sqlite3";
import type { AccessKeyRecord, IamEntities, IamEntityKind, IdentityStore, OrgAttachmentRecord, OrgEntities, OrgEntityKind, SessionRecord, StoredAccountRecord } from "../identityPort.ts";
import { checkIdentitySchema, migrateIdentity } from "./identitySchema.ts";

/**
 * @public Opens the identity store in the database at `path` (or on an open connection, which the
 * caller then owns and closes). `":memory:"` gives a private store for tests. `readonly` opens an existing
 * database file without writing anything (no migration: the schema must be this program's).
 */
export function openSqliteIdentityStore(target: string | Database, options: { readonly readonly?: boolean } = {}): IdentityStore {
  const owned = typeof target === "string";
  const readonly = owned && options.readonly === true;
  const db = owned ? (readonly ? new Sqlite(target, { readonly: true, fileMustExist: true }) : new Sqlite(target)) : target;
  try {
    if (readonly) {
      db.pragma("busy_timeout = 5000");
      checkIdentitySchema(db);
    } else if (owned) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("busy_timeout = 5000");
    }
    if (!readonly) migrateIdentity(db);
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
    orgGet: db.prepare("SELECT doc FROM org_entities WHERE kind = ? AND id = ?"),
    orgList: db.prepare("SELECT doc FROM org_entities WHERE org_id = ? AND kind = ? ORDER BY id"),
    orgListAll: db.prepare("SELECT doc FROM org_entities WHERE kind = ? ORDER BY id"),
    orgPut: db.prepare("INSERT OR REPLACE INTO org_entities (kind, id, org_id, doc) VALUES (?, ?, ?, ?)"),
    orgDel: db.prepare("DELETE FROM org_entities WHERE kind = ? AND id = ?"),
    orgDelAll: db.prepare("DELETE FROM org_entities WHERE org_id = ?"),
    attach: db.prepare("INSERT OR IGNORE INTO org_attachments (org_id, policy_id, target_id) VALUES (?, ?, ?)"),
    detach: db.prepare("DELETE FROM org_attachments WHERE org_id = ? AND policy_id = ? AND target_id = ?"),
    attachments: db.prepare("SELECT org_id AS orgId, policy_id AS policyId, target_id AS targetId FROM org_attachments WHERE org_id = ? ORDER BY rowid"),
    attachmentsOfTarget: db.prepare("SELECT org_id AS orgId, policy_id AS policyId, target_id AS targetId FROM org_attachments WHERE org_id = ? AND target_id = ? ORDER BY rowid"),
    detachAll: db.prepare("DELETE FROM org_attachments WHERE org_id = ?"),
    accountGet: db.prepare("SELECT doc FROM stored_accounts WHERE account_id = ?"),
    accountList: db.prepare("SELECT doc FROM stored_accounts ORDER BY account_id"),
    accountPut: db.prepare("INSERT OR REPLACE INTO stored_accounts (account_id, doc) VALUES (?, ?)"),
  };
  const orgKey = <K extends OrgEntityKind>(kind: K, r: OrgEntities[K]): { id: string; orgId: string } => {
    if (kind === "organization") return { id: (r as OrgEntities["organization"]).id, orgId: (r as OrgEntities["organization"]).id };
    if (kind === "member") return { id: (r as OrgEntities["member"]).accountId, orgId: (r as OrgEntities["member"]).orgId };
    const x = r as { id: string; orgId: string };
    return { id: x.id, orgId: x.orgId };
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
    getOrgEntity: <K extends OrgEntityKind>(kind: K, id: string) => doc<OrgEntities[K]>(q.orgGet.get(kind, id)),
    listOrgEntities: <K extends OrgEntityKind>(kind: K, orgId?: string) => docs<OrgEntities[K]>(orgId === undefined ? q.orgListAll.all(kind) : q.orgList.all(orgId, kind)),
    putOrgEntity: (kind, record) => {
      const k = orgKey(kind, record);
      q.orgPut.run(kind, k.id, k.orgId, JSON.stringify(record));
    },
    deleteOrgEntity: (kind, id) => q.orgDel.run(kind, id).changes > 0,
    attachOrgPolicy: (r) => q.attach.run(r.orgId, r.policyId, r.targetId).changes > 0,
    detachOrgPolicy: (r) => q.detach.run(r.orgId, r.policyId, r.targetId).changes > 0,
    listOrgAttachments: (orgId, filter) => {
      const rows = (filter?.targetId !== undefined ? q.attachmentsOfTarget.all(orgId, filter.targetId) : q.attachments.all(orgId)) as OrgAttachmentRecord[];
      return filter?.policyId !== undefined ? rows.filter((r) => r.policyId === filter.policyId) : rows;
    },
    deleteOrganizationData: (orgId) => {
      db.transaction(() => {
        q.detachAll.run(orgId);
        q.orgDelAll.run(orgId);
      })();
    },
    getStoredAccount: (id) => doc<StoredAccountRecord>(q.accountGet.get(id)),
    listStoredAccounts: () => docs<StoredAccountRecord>(q.accountList.all()),
    putStoredAccount: (r) => {
      q.accountPut.run(r.id, JSON.stringify(r));
    },
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => {
      if (owned) db.close();
    },
  };
}
