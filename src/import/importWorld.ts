/**
 * @module import/importWorld
 * `crossbucket import`: a folder collected by `scripts/collect-aws-world.sh` (layout: docs/import.md) →
 * writes on the same ports the server uses (`IdentityStore`, `MetadataStore`), keeping the real account
 * IDs, canonical user IDs, IAM unique IDs, ARNs, organization IDs and policy texts. Accounts come from
 * `accounts/<id>/`, the organization's account list, and the principals policies name; those without a
 * collected folder are known accounts without credentials. Every field the importer does not understand,
 * every configuration it could not read and every value it assumed is in the returned report.
 */
import type { IdentityStore } from "../storage/identityPort.ts";
import type { MetadataStore } from "../storage/ports.ts";
import { importIam } from "./importIam.ts";
import { importOrganization } from "./importOrganizations.ts";
import { importS3 } from "./importS3.ts";
import { asRecord, ImportReport, readCollected, str, type ReportEntry, type WorldFolder } from "./report.ts";

/** @public What the import writes to and how it fills gaps. */
export interface ImportDeps {
  readonly identity: IdentityStore;
  readonly meta: MetadataStore;
  /** Whether an account is already known to the target (e.g. the world file's); such accounts are not registered again. */
  readonly accountExists: (accountId: string) => boolean;
  /** The canonical user ID given to an account whose own was not collected (reported as assumed). */
  readonly fallbackCanonicalId: (accountId: string) => string;
  readonly defaultRegion: string;
  readonly now: Date;
}

/** @public An imported account. */
export interface ImportedAccount {
  readonly id: string;
  readonly name: string;
  readonly canonicalUserId: string;
  /** Whether the folder held this account's own collection (otherwise it is only referenced). */
  readonly collected: boolean;
}

/** @public What the import did. */
export interface ImportResult {
  readonly accounts: readonly ImportedAccount[];
  readonly report: readonly ReportEntry[];
}

/** Canonical user ID and display name of a collected account, from its ListBuckets owner or a bucket ACL owner. */
function ownerOf(folder: WorldFolder, accountId: string, report: ImportReport): { canonicalId?: string; name?: string } {
  const base = `accounts/${accountId}`;
  const listed = readCollected(folder, `${base}/s3/list-buckets`, new ImportReport());
  const owner = listed.kind === "json" ? asRecord(listed.value["Owner"]) : undefined;
  const fromList = owner !== undefined ? { canonicalId: str(owner, "ID", report, `${base}/s3/list-buckets.json`, "/Owner"), name: str(owner, "DisplayName", report, `${base}/s3/list-buckets.json`, "/Owner") } : {};
  if (fromList.canonicalId !== undefined) return fromList as { canonicalId: string; name?: string };
  for (const bucket of folder.list(`${base}/buckets`)) {
    const acl = readCollected(folder, `${base}/buckets/${bucket}/get-bucket-acl`, new ImportReport());
    const id = acl.kind === "json" ? asRecord(acl.value["Owner"])?.["ID"] : undefined;
    if (typeof id === "string") return { canonicalId: id };
  }
  return {};
}

/** @public Imports a collected folder into the stores. */
export function importWorld(folder: WorldFolder, deps: ImportDeps): ImportResult {
  const report = new ImportReport();
  const nowText = deps.now.toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const top of folder.list("")) {
    if (top !== "accounts" && top !== "organizations") report.add("unknown-field", top, "", "not part of the collected layout (docs/import.md); not imported");
  }
  const collected = folder.list("accounts").filter((name) => {
    if (/^\d{12}$/.test(name)) return true;
    report.add("unknown-field", `accounts/${name}`, "", "not a 12-digit account ID folder; not imported");
    return false;
  });
  if (collected.length === 0) report.add("invalid", "accounts", "", "no account folder: nothing to import");

  // The identity writes in one transaction; the metadata writes after it (both stores may share one database file).
  const { accounts, register, nowCanonical } = deps.identity.transaction(() => {
    const orgAccounts = importOrganization(folder, deps.identity, report, nowText);
    const named = new Map<string, string>();
    for (const a of orgAccounts) named.set(a.id, a.name);

    const accounts = new Map<string, ImportedAccount>();
    const owners = new Map<string, { canonicalId?: string; name?: string }>();
    for (const id of collected) {
      const caller = readCollected(folder, `accounts/${id}/get-caller-identity`, report);
      if (caller.kind === "json") {
        report.fields(caller.value, caller.file, "", ["Account"], ["UserId", "Arn"]);
        if (caller.value["Account"] !== id) report.add("invalid", caller.file, "/Account", `the caller identity is of account ${String(caller.value["Account"])}, not ${id}`);
      }
      owners.set(id, ownerOf(folder, id, report));
    }
    const register = (id: string, isCollected: boolean): void => {
      if (accounts.has(id)) return;
      const owner = owners.get(id) ?? {};
      let canonicalUserId = owner.canonicalId;
      if (canonicalUserId === undefined) {
        canonicalUserId = deps.fallbackCanonicalId(id);
        report.add("assumed", isCollected ? `accounts/${id}` : "", "", `account ${id}: its canonical user ID was not collected (it owns no collected bucket); ${canonicalUserId} is used, so ACL grants naming its real ID do not match it`);
      }
      const name = named.get(id) ?? owner.name ?? id;
      accounts.set(id, { id, name, canonicalUserId, collected: isCollected });
    };
    for (const id of collected) register(id, true);

    const referenced = new Set<string>();
    for (const id of collected) {
      const details = readCollected(folder, `accounts/${id}/iam/get-account-authorization-details`, report);
      if (details.kind === "json") for (const r of importIam(details.value, id, deps.identity, report, details.file, nowText).referencedAccounts) referenced.add(r);
    }
    for (const a of orgAccounts) register(a.id, false);
    for (const id of referenced) register(id, false);

    for (const a of accounts.values()) store(a, orgAccounts.find((o) => o.id === a.id)?.email ?? "");
    return { accounts, orgAccounts, register, nowCanonical: byCanonicalOf(accounts) };
  });
  function store(a: ImportedAccount, email: string): void {
    if (deps.accountExists(a.id)) {
      report.add("assumed", a.collected ? `accounts/${a.id}` : "", "", `account ${a.id} is already an account of the target world; its world entry (name, canonical ID, root keys) is kept`);
      return;
    }
    deps.identity.putStoredAccount({ id: a.id, name: a.name, email, canonicalUserId: a.canonicalUserId, createDate: nowText });
  }
  {
    const byCanonical = nowCanonical;
    const s3Referenced = new Set<string>();
    for (const id of collected) {
      const found = importS3(folder, id, {
        meta: deps.meta,
        report,
        accountOfCanonical: (c) => byCanonical.get(c),
        canonicalOf: (a) => accounts.get(a)?.canonicalUserId ?? deps.fallbackCanonicalId(a),
        defaultRegion: deps.defaultRegion,
        now: deps.now,
      });
      for (const r of found) s3Referenced.add(r);
    }
    for (const id of s3Referenced) {
      if (accounts.has(id)) continue;
      register(id, false);
      store(accounts.get(id) as ImportedAccount, "");
    }
  }
  return { accounts: [...accounts.values()], report: report.entries };
}

function byCanonicalOf(accounts: ReadonlyMap<string, ImportedAccount>): Map<string, string> {
  return new Map([...accounts.values()].map((a) => [a.canonicalUserId, a.id] as const));
}

/** @public The report as lines for stderr: `kind file field: message`. */
export function reportLines(entries: readonly ReportEntry[]): string[] {
  return entries.map((e) => `${e.kind}: ${e.file}${e.field !== "" ? ` ${e.field}` : ""}: ${e.message}`);
}

