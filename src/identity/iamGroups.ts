/**
 * @module identity/iamGroups
 * IAM groups and membership: create, get (with members), list, delete, add and remove users.
 */
import type { IamGroupRecord, IamUserRecord } from "../storage/identityPort.ts";
import { IamError } from "./iamError.ts";
import { newId } from "./iamIds.ts";
import { checkName, checkPath } from "./iamNames.ts";
import { isoSeconds, requireAbsent, requireEntity, type IamScope } from "./iamScope.ts";

/** @public CreateGroup. */
export function createGroup(scope: IamScope, p: { groupName: string | undefined; path?: string | undefined }): IamGroupRecord {
  const name = checkName("groupName", p.groupName, 128);
  const path = checkPath(p.path);
  return scope.store.transaction(() => {
    requireAbsent(scope, "group", name);
    const group: IamGroupRecord = { accountId: scope.accountId, name, path, id: newId(scope.random, "AGPA"), createDate: isoSeconds(scope.now), inlinePolicies: {}, attachedPolicies: [] };
    scope.store.put("group", group);
    return group;
  });
}

/** @public The users of a group. */
export function groupMembers(scope: IamScope, group: IamGroupRecord): IamUserRecord[] {
  const lower = group.name.toLowerCase();
  return scope.store.list("user", scope.accountId).filter((u) => u.groups.some((g) => g.toLowerCase() === lower));
}

/** @public DeleteGroup: refused while it has members or policies. */
export function deleteGroup(scope: IamScope, groupName: string): void {
  scope.store.transaction(() => {
    const g = requireEntity(scope, "group", groupName);
    if (groupMembers(scope, g).length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must remove users from group first.");
    if (Object.keys(g.inlinePolicies).length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must delete policies first.");
    if (g.attachedPolicies.length > 0) throw new IamError("DeleteConflict", "Cannot delete entity, must detach all policies first.");
    scope.store.delete("group", scope.accountId, g.name);
  });
}

/** @public AddUserToGroup (idempotent). */
export function addUserToGroup(scope: IamScope, groupName: string, userName: string): void {
  scope.store.transaction(() => {
    const g = requireEntity(scope, "group", groupName);
    const u = requireEntity(scope, "user", userName);
    if (u.groups.some((x) => x.toLowerCase() === g.name.toLowerCase())) return;
    scope.store.put("user", { ...u, groups: [...u.groups, g.name] });
  });
}

/** @public RemoveUserFromGroup. */
export function removeUserFromGroup(scope: IamScope, groupName: string, userName: string): void {
  scope.store.transaction(() => {
    const g = requireEntity(scope, "group", groupName);
    const u = requireEntity(scope, "user", userName);
    const lower = g.name.toLowerCase();
    if (!u.groups.some((x) => x.toLowerCase() === lower)) throw new IamError("NoSuchEntity", `The user with name ${u.name} cannot be found.`);
    scope.store.put("user", { ...u, groups: u.groups.filter((x) => x.toLowerCase() !== lower) });
  });
}

/** @public ListGroupsForUser. */
export function groupsForUser(scope: IamScope, userName: string): IamGroupRecord[] {
  const u = requireEntity(scope, "user", userName);
  return u.groups.map((n) => scope.store.get("group", scope.accountId, n)).filter((g): g is IamGroupRecord => g !== undefined);
}
