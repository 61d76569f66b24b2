/**
 * @module identity/worldIam
 * The IAM part of a world file account: managed `policies`, `groups`, `users` (with fixed access
 * keys) and `roles`. Each field is checked with IAM's own rules and messages (names, paths, policy
 * documents, tags, MaxSessionDuration, key quota); what only the store can tell (a group or a
 * policy that must exist, inline policy size) is checked when the world is applied
 * (worldIamApply.ts), with the same paths.
 */
import type { IamTag } from "../storage/identityPort.ts";
import { accessKeyQuotaError, MAX_ACCESS_KEYS } from "./accessKeys.ts";
import { AWS_MANAGED_POLICIES } from "./awsManagedPolicies.ts";
import { validationError } from "./iamError.ts";
import { checkName, checkPath, entityArn, parsePolicyArn } from "./iamNames.ts";
import { checkMaxSession } from "./iamRoles.ts";
import { checkPolicyDocument } from "./iamScope.ts";
import { mergeTags } from "./iamTags.ts";
import {
  ACCESS_KEY_PATTERN,
  atPath,
  escapePointer,
  optionalList,
  optionalString,
  policyText,
  recordAt,
  rejectUnknownFields,
  requiredString,
  WorldError,
} from "./worldFields.ts";

/** @public A customer managed policy of the world. */
export interface WorldManagedPolicy {
  readonly name: string;
  readonly path: string;
  readonly description?: string;
  /** Policy JSON text. */
  readonly document: string;
}

/** @public What groups, users and roles share: name, path and policies. */
export interface WorldPolicyHolder {
  readonly name: string;
  readonly path: string;
  /** Inline policies: name → policy JSON text. */
  readonly inlinePolicies: Readonly<Record<string, string>>;
  /** ARNs of attached managed policies (this account's or AWS managed). */
  readonly attachedPolicies: readonly string[];
}

/** @public An IAM group of the world. */
export type WorldGroup = WorldPolicyHolder;

/** @public An access key of an IAM user, with the fixed ID and secret the world gives it. */
export interface WorldAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly status: "Active" | "Inactive";
}

/** @public An IAM user of the world. */
export interface WorldUser extends WorldPolicyHolder {
  readonly tags: readonly IamTag[];
  /** Names of the groups the user belongs to. */
  readonly groups: readonly string[];
  readonly permissionsBoundary?: string;
  readonly accessKeys: readonly WorldAccessKey[];
}

/** @public An IAM role of the world. */
export interface WorldRole extends WorldPolicyHolder {
  readonly description?: string;
  /** The trust policy (AssumeRolePolicyDocument) JSON text. */
  readonly trustPolicy: string;
  /** Seconds, 3600..43200. */
  readonly maxSessionDuration: number;
  readonly tags: readonly IamTag[];
  readonly permissionsBoundary?: string;
}

/** @public The IAM entities of one account. */
export interface WorldIam {
  readonly policies: readonly WorldManagedPolicy[];
  readonly groups: readonly WorldGroup[];
  readonly users: readonly WorldUser[];
  readonly roles: readonly WorldRole[];
}

/** @public The account fields this module reads. */
export const IAM_ACCOUNT_FIELDS = ["policies", "groups", "users", "roles"] as const;

const POLICY_FIELDS = ["name", "path", "description", "document"];
const GROUP_FIELDS = ["name", "path", "inlinePolicies", "attachedPolicies"];
const USER_FIELDS = ["name", "path", "tags", "groups", "inlinePolicies", "attachedPolicies", "permissionsBoundary", "accessKeys"];
const ROLE_FIELDS = ["name", "path", "description", "trustPolicy", "maxSessionDuration", "tags", "inlinePolicies", "attachedPolicies", "permissionsBoundary"];
const KEY_FIELDS = ["accessKeyId", "secretAccessKey", "status"];

/** @public Reads and checks the IAM fields of a world account (`raw` is the account object at `path`). */
export function parseAccountIam(raw: Record<string, unknown>, path: string, accountId: string): WorldIam {
  const policies = optionalList(raw, "policies", path).map((p, i) => parseManagedPolicy(p, `${path}/policies/${i}`));
  const groups = optionalList(raw, "groups", path).map((g, i) => parseGroup(g, `${path}/groups/${i}`, accountId));
  const users = optionalList(raw, "users", path).map((u, i) => parseUser(u, `${path}/users/${i}`, accountId));
  const roles = optionalList(raw, "roles", path).map((r, i) => parseRole(r, `${path}/roles/${i}`, accountId));
  rejectDuplicateNames(policies, `${path}/policies`, "policy");
  rejectDuplicateNames(groups, `${path}/groups`, "group");
  rejectDuplicateNames(users, `${path}/users`, "user");
  rejectDuplicateNames(roles, `${path}/roles`, "role");
  return { policies, groups, users, roles };
}

/** @public An IAM user's key the world declares, with who it signs as (for `crossbucket serve` to print). */
export interface DeclaredUserKey {
  readonly accountId: string;
  readonly userArn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly status: "Active" | "Inactive";
}

/** @public Every IAM user access key declared by the accounts, in world order. */
export function declaredUserKeys(accounts: readonly { readonly id: string; readonly iam?: WorldIam }[]): DeclaredUserKey[] {
  const out: DeclaredUserKey[] = [];
  for (const a of accounts) {
    for (const u of a.iam?.users ?? []) {
      for (const k of u.accessKeys) out.push({ accountId: a.id, userArn: entityArn(a.id, "user", u.path, u.name), ...k });
    }
  }
  return out;
}

function rejectDuplicateNames(items: readonly { readonly name: string }[], path: string, noun: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const lower = item.name.toLowerCase();
    if (seen.has(lower)) throw new WorldError(`${path}/${i}/name`, `duplicate ${noun} name ${item.name} (IAM compares names case-insensitively)`);
    seen.add(lower);
  });
}

function nameAndPath(obj: Record<string, unknown>, path: string, param: string, max: number): { name: string; path: string } {
  const name = requiredString(obj, "name", path);
  atPath(`${path}/name`, () => checkName(param, name, max));
  const p = optionalString(obj, "path", path);
  return { name, path: atPath(`${path}/path`, () => checkPath(p)) };
}

function description(obj: Record<string, unknown>, path: string): { description?: string } {
  const d = optionalString(obj, "description", path);
  if (d === undefined) return {};
  if (d.length > 1000) throw new WorldError(`${path}/description`, `ValidationError: ${validationError("description", d, "Member must have length less than or equal to 1000").message}`);
  return { description: d };
}

function parseManagedPolicy(raw: unknown, path: string): WorldManagedPolicy {
  const obj = recordAt(raw, path);
  rejectUnknownFields(obj, POLICY_FIELDS, path, "managed policy");
  const np = nameAndPath(obj, path, "policyName", 128);
  if (obj["document"] === undefined) throw new WorldError(`${path}/document`, "is required: the policy document");
  const document = policyText(obj["document"], `${path}/document`);
  atPath(`${path}/document`, () => checkPolicyDocument(document, "identity"));
  return { ...np, ...description(obj, path), document };
}

function inlinePolicies(obj: Record<string, unknown>, path: string): Record<string, string> {
  const raw = obj["inlinePolicies"];
  if (raw === undefined) return {};
  const map = recordAt(raw, `${path}/inlinePolicies`, "a mapping of policy name to policy document");
  const out: Record<string, string> = {};
  for (const [name, doc] of Object.entries(map)) {
    const at = `${path}/inlinePolicies/${escapePointer(name)}`;
    atPath(at, () => checkName("policyName", name, 128));
    const text = policyText(doc, at);
    atPath(at, () => checkPolicyDocument(text, "identity"));
    out[name] = text;
  }
  return out;
}

/** A managed policy ARN the entity may attach: this account's, or an AWS managed policy crossbucket knows. */
function attachableArn(v: unknown, path: string, accountId: string): string {
  if (typeof v !== "string" || v === "") throw new WorldError(path, "must be a managed policy ARN");
  const parts = parsePolicyArn(v);
  if (parts === undefined) throw new WorldError(path, `must be a managed policy ARN (arn:aws:iam::${accountId}:policy/NAME or arn:aws:iam::aws:policy/NAME)`);
  const known = parts.account === accountId || AWS_MANAGED_POLICIES.has(v);
  if (!known) throw new WorldError(path, `NoSuchEntity: Policy ${v} does not exist or is not attachable.`);
  return v;
}

function attachedPolicies(obj: Record<string, unknown>, path: string, accountId: string): string[] {
  return optionalList(obj, "attachedPolicies", path).map((v, i) => attachableArn(v, `${path}/attachedPolicies/${i}`, accountId));
}

function boundary(obj: Record<string, unknown>, path: string, accountId: string): { permissionsBoundary?: string } {
  const v = obj["permissionsBoundary"];
  return v === undefined ? {} : { permissionsBoundary: attachableArn(v, `${path}/permissionsBoundary`, accountId) };
}

function tags(obj: Record<string, unknown>, path: string): IamTag[] {
  const raw = obj["tags"];
  if (raw === undefined) return [];
  const map = recordAt(raw, `${path}/tags`, "a mapping of tag key to value");
  const list = Object.entries(map).map(([key, value]) => {
    if (typeof value !== "string") throw new WorldError(`${path}/tags/${escapePointer(key)}`, "must be a string (quote it in YAML)");
    return { key, value };
  });
  return atPath(`${path}/tags`, () => mergeTags([], list));
}

function parseGroup(raw: unknown, path: string, accountId: string): WorldGroup {
  const obj = recordAt(raw, path);
  rejectUnknownFields(obj, GROUP_FIELDS, path, "group");
  return { ...nameAndPath(obj, path, "groupName", 128), inlinePolicies: inlinePolicies(obj, path), attachedPolicies: attachedPolicies(obj, path, accountId) };
}

function parseAccessKey(raw: unknown, path: string): WorldAccessKey {
  const obj = recordAt(raw, path, "an object with accessKeyId and secretAccessKey");
  rejectUnknownFields(obj, KEY_FIELDS, path, "access key");
  const accessKeyId = requiredString(obj, "accessKeyId", path);
  if (!ACCESS_KEY_PATTERN.test(accessKeyId)) throw new WorldError(`${path}/accessKeyId`, "must be 16 to 128 upper-case letters and digits");
  const secretAccessKey = requiredString(obj, "secretAccessKey", path);
  const status = optionalString(obj, "status", path) ?? "Active";
  if (status !== "Active" && status !== "Inactive") throw new WorldError(`${path}/status`, `ValidationError: ${validationError("status", status, "Member must satisfy enum value set: [Active, Inactive]").message}`);
  return { accessKeyId, secretAccessKey, status };
}

function parseUser(raw: unknown, path: string, accountId: string): WorldUser {
  const obj = recordAt(raw, path);
  rejectUnknownFields(obj, USER_FIELDS, path, "user");
  const np = nameAndPath(obj, path, "userName", 64);
  const groups = optionalList(obj, "groups", path).map((g, i) => {
    const at = `${path}/groups/${i}`;
    if (typeof g !== "string") throw new WorldError(at, "must be a group name");
    return atPath(at, () => checkName("groupName", g, 128));
  });
  const keysRaw = optionalList(obj, "accessKeys", path);
  if (keysRaw.length > MAX_ACCESS_KEYS) atPath(`${path}/accessKeys`, () => {
    throw accessKeyQuotaError();
  });
  const accessKeys = keysRaw.map((k, i) => parseAccessKey(k, `${path}/accessKeys/${i}`));
  return {
    ...np,
    tags: tags(obj, path),
    groups,
    inlinePolicies: inlinePolicies(obj, path),
    attachedPolicies: attachedPolicies(obj, path, accountId),
    ...boundary(obj, path, accountId),
    accessKeys,
  };
}

function parseRole(raw: unknown, path: string, accountId: string): WorldRole {
  const obj = recordAt(raw, path);
  rejectUnknownFields(obj, ROLE_FIELDS, path, "role");
  const np = nameAndPath(obj, path, "roleName", 64);
  if (obj["trustPolicy"] === undefined) throw new WorldError(`${path}/trustPolicy`, "is required: the role's trust policy (AssumeRolePolicyDocument)");
  const trustPolicy = policyText(obj["trustPolicy"], `${path}/trustPolicy`);
  atPath(`${path}/trustPolicy`, () => checkPolicyDocument(trustPolicy, "trust", "assumeRolePolicyDocument"));
  const msd = obj["maxSessionDuration"];
  if (msd !== undefined && typeof msd !== "number") throw new WorldError(`${path}/maxSessionDuration`, "must be a number of seconds (3600 to 43200)");
  const maxSessionDuration = atPath(`${path}/maxSessionDuration`, () => checkMaxSession(msd));
  return {
    ...np,
    ...description(obj, path),
    trustPolicy,
    maxSessionDuration,
    tags: tags(obj, path),
    inlinePolicies: inlinePolicies(obj, path),
    attachedPolicies: attachedPolicies(obj, path, accountId),
    ...boundary(obj, path, accountId),
  };
}
