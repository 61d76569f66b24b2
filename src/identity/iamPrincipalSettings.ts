/**
 * @module identity/iamPrincipalSettings
 * What users and roles share beyond policies: tags (Tag/Untag User|Role) and the permissions
 * boundary (Put/Delete User|RolePermissionsBoundary).
 */
import type { IamTag } from "../storage/identityPort.ts";
import { requireAttachablePolicy } from "./iamManagedPolicies.ts";
import { requireEntity, type IamScope } from "./iamScope.ts";
import { mergeTags, removeTags } from "./iamTags.ts";

/** @public Tag{User,Role} (`add`) and Untag{User,Role} (`removeKeys`). */
export function tagEntity(scope: IamScope, kind: "user" | "role", name: string, add: readonly IamTag[], removeKeys: readonly string[] = []): void {
  scope.store.transaction(() => {
    const e = requireEntity(scope, kind, name);
    scope.store.put(kind, { ...e, tags: mergeTags(removeTags(e.tags, removeKeys), add) });
  });
}

/** @public Put{User,Role}PermissionsBoundary (an ARN) / Delete…PermissionsBoundary (undefined). */
export function setPermissionsBoundary(scope: IamScope, kind: "user" | "role", name: string, boundaryArn: string | undefined): void {
  scope.store.transaction(() => {
    const e = requireEntity(scope, kind, name);
    if (boundaryArn !== undefined) requireAttachablePolicy(scope, boundaryArn);
    const { permissionsBoundary: _old, ...rest } = e;
    scope.store.put(kind, boundaryArn !== undefined ? { ...rest, permissionsBoundary: boundaryArn } : rest);
  });
}
