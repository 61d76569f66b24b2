/**
 * @module identity/iamUsers
 * IAM users: create, get, list, delete (with IAM's DeleteConflict rules) (tags and boundary: iamPrincipalSettings).
 */
import type { IamTag, IamUserRecord } from "../storage/identityPort.ts";
import { IamError } from "./iamError.ts";
import { newId } from "./iamIds.ts";
import { checkName, checkPath } from "./iamNames.ts";
import { isoSeconds, requireAbsent, requireEntity, type IamScope } from "./iamScope.ts";
import { mergeTags } from "./iamTags.ts";
import { requireAttachablePolicy } from "./iamManagedPolicies.ts";

/** @public CreateUser. */
export function createUser(scope: IamScope, p: { userName: string | undefined; path?: string | undefined; tags?: readonly IamTag[]; permissionsBoundary?: string | undefined }): IamUserRecord {
  const name = checkName("userName", p.userName);
  const path = checkPath(p.path);
  return scope.store.transaction(() => {
    requireAbsent(scope, "user", name);
    if (p.permissionsBoundary !== undefined) requireAttachablePolicy(scope, p.permissionsBoundary);
    const user: IamUserRecord = {
      accountId: scope.accountId,
      name,
      path,
      id: newId(scope.random, "AIDA"),
      createDate: isoSeconds(scope.now),
      inlinePolicies: {},
      attachedPolicies: [],
      tags: mergeTags([], p.tags ?? []),
      groups: [],
      ...(p.permissionsBoundary !== undefined ? { permissionsBoundary: p.permissionsBoundary } : {}),
    };
    scope.store.put("user", user);
    return user;
  });
}

/** @public ListUsers, filtered by path prefix. */
export function listUsers(scope: IamScope, pathPrefix = "/"): IamUserRecord[] {
  return scope.store.list("user", scope.accountId).filter((u) => u.path.startsWith(pathPrefix));
}

/** @public DeleteUser: refuses while keys, policies or group memberships remain, as IAM does. */
export function deleteUser(scope: IamScope, userName: string): void {
  scope.store.transaction(() => {
    const user = requireEntity(scope, "user", userName);
    if (scope.store.listAccessKeys(scope.accountId, user.name).length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must delete access keys first.");
    if (Object.keys(user.inlinePolicies).length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must delete policies first.");
    if (user.attachedPolicies.length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must detach all policies first.");
    if (user.groups.length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must remove users from group first.");
    scope.store.delete("user", scope.accountId, user.name);
  });
}
