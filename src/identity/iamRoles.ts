/**
 * @module identity/iamRoles
 * IAM roles: create (with a trust policy, path, max session duration), get, list, delete,
 * UpdateAssumeRolePolicy (tags and boundary: iamPrincipalSettings).
 */
import type { IamRoleRecord, IamTag } from "../storage/identityPort.ts";
import { IamError, validationError } from "./iamError.ts";
import { newId } from "./iamIds.ts";
import { checkName, checkPath } from "./iamNames.ts";
import { checkPolicyDocument, isoSeconds, requireAbsent, requireEntity, type IamScope } from "./iamScope.ts";
import { mergeTags } from "./iamTags.ts";
import { requireAttachablePolicy } from "./iamManagedPolicies.ts";

/** @public CreateRole parameters. */
export interface CreateRoleInput {
  readonly roleName: string | undefined;
  readonly path?: string | undefined;
  readonly assumeRolePolicyDocument: string | undefined;
  readonly description?: string | undefined;
  readonly maxSessionDuration?: number | undefined;
  readonly tags?: readonly IamTag[];
  readonly permissionsBoundary?: string | undefined;
}

/** @public Checks MaxSessionDuration (3600..43200 seconds; 3600 when absent), with IAM's ValidationError. */
export function checkMaxSession(v: number | undefined): number {
  if (v === undefined) return 3600;
  if (!Number.isInteger(v) || v < 3600) throw validationError("maxSessionDuration", String(v), "Member must have value greater than or equal to 3600");
  if (v > 43200) throw validationError("maxSessionDuration", String(v), "Member must have value less than or equal to 43200");
  return v;
}

/** @public CreateRole. */
export function createRole(scope: IamScope, p: CreateRoleInput): IamRoleRecord {
  const name = checkName("roleName", p.roleName);
  const path = checkPath(p.path);
  const trustPolicy = checkPolicyDocument(p.assumeRolePolicyDocument, "trust", "assumeRolePolicyDocument");
  const maxSessionDuration = checkMaxSession(p.maxSessionDuration);
  return scope.store.transaction(() => {
    requireAbsent(scope, "role", name);
    if (p.permissionsBoundary !== undefined) requireAttachablePolicy(scope, p.permissionsBoundary);
    const role: IamRoleRecord = {
      accountId: scope.accountId,
      name,
      path,
      id: newId(scope.random, "AROA"),
      createDate: isoSeconds(scope.now),
      inlinePolicies: {},
      attachedPolicies: [],
      trustPolicy,
      maxSessionDuration,
      tags: mergeTags([], p.tags ?? []),
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.permissionsBoundary !== undefined ? { permissionsBoundary: p.permissionsBoundary } : {}),
    };
    scope.store.put("role", role);
    return role;
  });
}

/** @public ListRoles, filtered by path prefix. */
export function listRoles(scope: IamScope, pathPrefix = "/"): IamRoleRecord[] {
  return scope.store.list("role", scope.accountId).filter((r) => r.path.startsWith(pathPrefix));
}

/** @public DeleteRole: refused while policies remain. */
export function deleteRole(scope: IamScope, roleName: string): void {
  scope.store.transaction(() => {
    const role = requireEntity(scope, "role", roleName);
    if (Object.keys(role.inlinePolicies).length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must delete policies first.");
    if (role.attachedPolicies.length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must detach all policies first.");
    scope.store.delete("role", scope.accountId, role.name);
  });
}

/** @public UpdateAssumeRolePolicy. */
export function updateAssumeRolePolicy(scope: IamScope, roleName: string, document: string | undefined): void {
  const trustPolicy = checkPolicyDocument(document, "trust");
  scope.store.transaction(() => {
    const role = requireEntity(scope, "role", roleName);
    scope.store.put("role", { ...role, trustPolicy });
  });
}

/** @public UpdateRole (description, max session duration). */
export function updateRole(scope: IamScope, roleName: string, p: { description?: string | undefined; maxSessionDuration?: number | undefined }): void {
  scope.store.transaction(() => {
    const role = requireEntity(scope, "role", roleName);
    scope.store.put("role", {
      ...role,
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.maxSessionDuration !== undefined ? { maxSessionDuration: checkMaxSession(p.maxSessionDuration) } : {}),
    });
  });
}
