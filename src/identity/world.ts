/**
 * @module identity/world
 * The world file: the accounts (and, as identity features land, users, roles and organizations) a
 * server starts with. YAML or JSON; validated with messages that give the path of the bad entry.
 * Sections: accounts with their IAM entities (worldIam.ts) and account-level Block Public Access,
 * `buckets` and `bucketDefaults` (worldBuckets.ts). server/seedWorld.ts applies a world to the stores.
 */
import { parse as parseYaml } from "yaml";
import { optionalPublicAccessBlock, parseBucketDefaults, parseWorldBuckets, type BucketDefaults, type PublicAccessBlockFlags, type WorldBucket } from "./worldBuckets.ts";
import { ACCESS_KEY_PATTERN, WorldError } from "./worldFields.ts";
import { IAM_ACCOUNT_FIELDS, parseAccountIam, type WorldIam } from "./worldIam.ts";

export { WorldError };
import { validateWorldOrganization, type WorldOrganization } from "./worldOrganization.ts";

/** @public An account as the world file declares it. */
export interface WorldAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly root: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** IAM users, groups, roles and managed policies (worldIam.ts). */
  readonly iam?: WorldIam;
  /** Account-level Block Public Access; undefined leaves the stored setting as it is. */
  readonly publicAccessBlock?: PublicAccessBlockFlags | "none";
}

/** @public A validated world. */
export interface World {
  readonly accounts: readonly WorldAccount[];
  /** Buckets with their settings (worldBuckets.ts). */
  readonly buckets?: readonly WorldBucket[];
  /** Defaults of new buckets; the server's `--legacy-bucket-defaults` wins when given. */
  readonly bucketDefaults?: BucketDefaults;
  /** An AWS Organizations organization (src/identity/worldOrganization.ts). */
  readonly organization?: WorldOrganization;
}

/**
 * @public The default world: three accounts with fixed keys, documented in the README so that
 * examples and tests can use them. Account 111111111111 plays the bucket owner of the seeds' stories.
 */
export const DEFAULT_WORLD: World = {
  accounts: [
    { id: "111111111111", name: "alpha", email: "alpha@example.com", root: { accessKeyId: "AKIAALPHA00000000001", secretAccessKey: "alphaSecretKey0000000000000000000000000001" } },
    { id: "222222222222", name: "bravo", email: "bravo@example.com", root: { accessKeyId: "AKIABRAVO00000000002", secretAccessKey: "bravoSecretKey0000000000000000000000000002" } },
    { id: "333333333333", name: "charlie", email: "charlie@example.com", root: { accessKeyId: "AKIACHARLIE000000003", secretAccessKey: "charlieSecretKey00000000000000000000000003" } },
  ],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(obj: Record<string, unknown>, key: string, path: string): string {
  const v = obj[key];
  if (typeof v !== "string" || v === "") throw new WorldError(`${path}/${key}`, "must be a non-empty string");
  return v;
}

function validateAccount(raw: unknown, path: string): WorldAccount {
  if (!isRecord(raw)) throw new WorldError(path, "must be an object");
  const idRaw = raw["id"];
  const id = typeof idRaw === "number" ? String(idRaw).padStart(12, "0") : idRaw;
  if (typeof id !== "string" || !/^\d{12}$/.test(id)) throw new WorldError(`${path}/id`, "must be a 12-digit account ID (quote it in YAML)");
  const name = str(raw, "name", path);
  const email = typeof raw["email"] === "string" ? raw["email"] : `${name}@example.com`;
  const root = raw["root"];
  if (!isRecord(root)) throw new WorldError(`${path}/root`, "must be an object with accessKeyId and secretAccessKey");
  const accessKeyId = str(root, "accessKeyId", `${path}/root`);
  if (!ACCESS_KEY_PATTERN.test(accessKeyId)) throw new WorldError(`${path}/root/accessKeyId`, "must be 16 to 128 upper-case letters and digits");
  const secretAccessKey = str(root, "secretAccessKey", `${path}/root`);
  for (const k of Object.keys(raw)) {
    if (!ACCOUNT_FIELDS.includes(k)) throw new WorldError(`${path}/${k}`, "is not a known account field");
  }
  return { id, name, email, root: { accessKeyId, secretAccessKey }, ...accountExtensions(raw, path, id) };
}

const ACCOUNT_FIELDS: readonly string[] = ["id", "name", "email", "root", "publicAccessBlock", ...IAM_ACCOUNT_FIELDS];

/** The account's IAM entities and account-level Block Public Access. */
function accountExtensions(raw: Record<string, unknown>, path: string, id: string): Pick<WorldAccount, "iam" | "publicAccessBlock"> {
  return { iam: parseAccountIam(raw, path, id), ...optionalPublicAccessBlock(raw, path) };
}

/** Access key IDs are unique across the world: root users' and IAM users' alike. */
function rejectDuplicateUserKeys(accounts: readonly WorldAccount[]): void {
  const seen = new Set(accounts.map((a) => a.root.accessKeyId));
  accounts.forEach((a, i) => {
    a.iam?.users.forEach((u, j) => {
      u.accessKeys.forEach((k, n) => {
        if (seen.has(k.accessKeyId)) throw new WorldError(`/accounts/${i}/users/${j}/accessKeys/${n}/accessKeyId`, `duplicate access key ${k.accessKeyId}`);
        seen.add(k.accessKeyId);
      });
    });
  });
}

/** The `buckets` and `bucketDefaults` sections. */
function bucketSections(doc: Record<string, unknown>): Pick<World, "buckets" | "bucketDefaults"> {
  const bucketDefaults = parseBucketDefaults(doc["bucketDefaults"], "/bucketDefaults");
  return { buckets: parseWorldBuckets(doc["buckets"], "/buckets"), ...(bucketDefaults !== undefined ? { bucketDefaults } : {}) };
}

const WORLD_SECTIONS: readonly string[] = ["accounts", "buckets", "bucketDefaults", "organization"];

/** @public Validates a parsed world document. */
export function validateWorld(doc: unknown): World {
  if (!isRecord(doc)) throw new WorldError("", "the world must be an object with an `accounts` list");
  const accounts = doc["accounts"];
  if (!Array.isArray(accounts) || accounts.length === 0) throw new WorldError("/accounts", "must be a non-empty list");
  const result = accounts.map((a, i) => validateAccount(a, `/accounts/${i}`));
  const seenIds = new Set<string>();
  const seenKeys = new Set<string>();
  result.forEach((a, i) => {
    if (seenIds.has(a.id)) throw new WorldError(`/accounts/${i}/id`, `duplicate account ID ${a.id}`);
    if (seenKeys.has(a.root.accessKeyId)) throw new WorldError(`/accounts/${i}/root/accessKeyId`, `duplicate access key ${a.root.accessKeyId}`);
    seenIds.add(a.id);
    seenKeys.add(a.root.accessKeyId);
  });
  rejectDuplicateUserKeys(result);
  for (const k of Object.keys(doc)) {
    if (!WORLD_SECTIONS.includes(k)) throw new WorldError(`/${k}`, "is not a known world section");
  }
  const organization = doc["organization"] !== undefined ? validateWorldOrganization(doc["organization"], seenIds) : undefined;
  return { accounts: result, ...bucketSections(doc), ...(organization !== undefined ? { organization } : {}) };
}

/** @public Parses world text (YAML is a superset of JSON, so one parser reads both). */
export function parseWorld(text: string): World {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new WorldError("", `not valid YAML or JSON: ${(e as Error).message}`);
  }
  return validateWorld(doc);
}
