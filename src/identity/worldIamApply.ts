/**
 * @module identity/worldIamApply
 * Brings an account's IAM entities to the state the world file declares, through the same
 * functions the IAM endpoint runs (so every rule and message is IAM's). Idempotent: an entity that
 * exists is updated, never duplicated; applying the same world twice changes nothing the second
 * time. Declared entities end up exactly as declared (inline policies, attachments, group
 * memberships, tags and boundary not in the world are removed); entities the world does not declare
 * are left alone, and so are access keys of declared users that the world does not list.
 * Failures are {@link WorldError}s with the path of the entry. Run it inside one store transaction.
 */
import type { IamTag } from "../storage/identityPort.ts";
import { putFixedAccessKey } from "./accessKeys.ts";
import { attachPolicy, deleteInlinePolicy, detachPolicy, putInlinePolicy, type PolicyHolder } from "./iamAttachments.ts";
import { addUserToGroup, createGroup, removeUserFromGroup } from "./iamGroups.ts";
import { createPolicy, createPolicyVersion, defaultDocument, deletePolicyVersion, policyArn } from "./iamManagedPolicies.ts";
import { setPermissionsBoundary, tagEntity } from "./iamPrincipalSettings.ts";
import { createRole, updateAssumeRolePolicy, updateRole } from "./iamRoles.ts";
import type { IamScope } from "./iamScope.ts";
import { createUser } from "./iamUsers.ts";
import { atPath, escapePointer, WorldError } from "./worldFields.ts";
import type { WorldGroup, WorldIam, WorldManagedPolicy, WorldPolicyHolder, WorldRole, WorldUser } from "./worldIam.ts";

/** @public Applies one account's IAM section; `path` is the account's path in the world file. */
export function applyAccountIam(scope: IamScope, iam: WorldIam, path: string): void {
  iam.policies.forEach((p, i) => ensurePolicy(scope, p, `${path}/policies/${i}`));
  iam.groups.forEach((g, i) => ensureGroup(scope, g, `${path}/groups/${i}`));
  iam.users.forEach((u, i) => ensureUser(scope, u, `${path}/users/${i}`));
  iam.roles.forEach((r, i) => ensureRole(scope, r, `${path}/roles/${i}`));
}

function ensurePolicy(scope: IamScope, p: WorldManagedPolicy, path: string): void {
  const existing = scope.store.get("policy", scope.accountId, p.name);
  if (existing === undefined) {
    atPath(path, () => createPolicy(scope, { policyName: p.name, path: p.path, document: p.document, description: p.description }));
    return;
  }
  if (existing.path !== p.path) {
    throw new WorldError(`${path}/path`, `policy ${p.name} exists with path ${existing.path}; IAM cannot move a managed policy (delete it first, or start from a new data folder)`);
  }
  if (existing.description !== p.description) {
    const { description: _old, ...rest } = existing;
    scope.store.put("policy", p.description !== undefined ? { ...rest, description: p.description } : rest);
  }
  if (defaultDocument(existing) === p.document) return;
  const arn = policyArn(existing);
  const oldest = existing.versions.find((v) => v.versionId !== existing.defaultVersionId);
  if (existing.versions.length >= 5 && oldest !== undefined) deletePolicyVersion(scope, arn, oldest.versionId);
  atPath(`${path}/document`, () => createPolicyVersion(scope, arn, p.document, true));
}

/** Inline policies and attachments exactly as declared. */
function reconcilePolicies(scope: IamScope, kind: PolicyHolder, e: WorldPolicyHolder, path: string): void {
  const current = scope.store.get(kind, scope.accountId, e.name);
  if (current === undefined) return;
  for (const name of Object.keys(current.inlinePolicies)) {
    if (e.inlinePolicies[name] === undefined) deleteInlinePolicy(scope, kind, e.name, name);
  }
  for (const [name, doc] of Object.entries(e.inlinePolicies)) {
    if (current.inlinePolicies[name] !== doc) atPath(`${path}/inlinePolicies/${escapePointer(name)}`, () => putInlinePolicy(scope, kind, e.name, name, doc));
  }
  for (const arn of current.attachedPolicies) {
    if (!e.attachedPolicies.includes(arn)) detachPolicy(scope, kind, e.name, arn);
  }
  e.attachedPolicies.forEach((arn, i) => atPath(`${path}/attachedPolicies/${i}`, () => attachPolicy(scope, kind, e.name, arn)));
}

/** Tags and permissions boundary exactly as declared (new entities get their boundary here, so that a missing policy is reported at its path). */
function reconcileSettings(scope: IamScope, kind: "user" | "role", e: { readonly name: string; readonly tags: readonly IamTag[]; readonly permissionsBoundary?: string }, path: string): void {
  const current = scope.store.get(kind, scope.accountId, e.name);
  if (current === undefined) return;
  if (!sameTags(current.tags, e.tags)) {
    const declared = new Set(e.tags.map((t) => t.key.toLowerCase()));
    tagEntity(scope, kind, e.name, e.tags, current.tags.filter((t) => !declared.has(t.key.toLowerCase())).map((t) => t.key));
  }
  if (current.permissionsBoundary !== e.permissionsBoundary) {
    atPath(`${path}/permissionsBoundary`, () => setPermissionsBoundary(scope, kind, e.name, e.permissionsBoundary));
  }
}

function sameTags(a: readonly IamTag[], b: readonly IamTag[]): boolean {
  return a.length === b.length && a.every((t, i) => b[i]?.key === t.key && b[i]?.value === t.value);
}

/** Users and groups may change path (UpdateUser/UpdateGroup NewPath). */
function movePath(scope: IamScope, kind: "user" | "group", name: string, path: string): void {
  const current = scope.store.get(kind, scope.accountId, name);
  if (current !== undefined && current.path !== path) scope.store.put(kind, { ...current, path });
}

function ensureGroup(scope: IamScope, g: WorldGroup, path: string): void {
  if (scope.store.get("group", scope.accountId, g.name) === undefined) atPath(path, () => createGroup(scope, { groupName: g.name, path: g.path }));
  movePath(scope, "group", g.name, g.path);
  reconcilePolicies(scope, "group", g, path);
}

function ensureUser(scope: IamScope, u: WorldUser, path: string): void {
  if (scope.store.get("user", scope.accountId, u.name) === undefined) {
    atPath(path, () => createUser(scope, { userName: u.name, path: u.path, tags: u.tags }));
  }
  movePath(scope, "user", u.name, u.path);
  reconcileSettings(scope, "user", u, path);
  const current = scope.store.get("user", scope.accountId, u.name);
  const declared = new Set(u.groups.map((g) => g.toLowerCase()));
  for (const g of current?.groups ?? []) {
    if (!declared.has(g.toLowerCase())) removeUserFromGroup(scope, g, u.name);
  }
  u.groups.forEach((g, i) => atPath(`${path}/groups/${i}`, () => addUserToGroup(scope, g, u.name)));
  reconcilePolicies(scope, "user", u, path);
  u.accessKeys.forEach((k, i) => atPath(`${path}/accessKeys/${i}`, () => putFixedAccessKey(scope, u.name, k)));
}

function ensureRole(scope: IamScope, r: WorldRole, path: string): void {
  const existing = scope.store.get("role", scope.accountId, r.name);
  if (existing === undefined) {
    atPath(path, () =>
      createRole(scope, {
        roleName: r.name,
        path: r.path,
        assumeRolePolicyDocument: r.trustPolicy,
        description: r.description,
        maxSessionDuration: r.maxSessionDuration,
        tags: r.tags,
      }),
    );
  } else {
    if (existing.path !== r.path) {
      throw new WorldError(`${path}/path`, `role ${r.name} exists with path ${existing.path}; IAM cannot move a role (delete it first, or start from a new data folder)`);
    }
    if (existing.trustPolicy !== r.trustPolicy) atPath(`${path}/trustPolicy`, () => updateAssumeRolePolicy(scope, r.name, r.trustPolicy));
    if (existing.maxSessionDuration !== r.maxSessionDuration || (r.description !== undefined && existing.description !== r.description)) {
      atPath(path, () => updateRole(scope, r.name, { description: r.description, maxSessionDuration: r.maxSessionDuration }));
    }
    if (r.description === undefined && existing.description !== undefined) {
      const { description: _old, ...rest } = scope.store.get("role", scope.accountId, r.name) ?? existing;
      scope.store.put("role", rest);
    }
  }
  reconcileSettings(scope, "role", r, path);
  reconcilePolicies(scope, "role", r, path);
}
