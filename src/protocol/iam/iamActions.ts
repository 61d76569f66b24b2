/**
 * @module protocol/iam/iamActions
 * The IAM actions served, one table: for each, the resource ARN it is authorized on and the call
 * into src/identity that produces its result shape.
 */
import type { Caller } from "../../identity/credentials.ts";
import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from "../../identity/accessKeys.ts";
import { attachPolicy, deleteInlinePolicy, detachPolicy, getInlinePolicy, listAttachedPolicies, listInlinePolicies, putInlinePolicy, type PolicyHolder } from "../../identity/iamAttachments.ts";
import { addUserToGroup, createGroup, deleteGroup, groupMembers, groupsForUser, removeUserFromGroup } from "../../identity/iamGroups.ts";
import { attachmentCount, createPolicy, createPolicyVersion, deletePolicy, deletePolicyVersion, getPolicyVersion, listPolicies, policyArn, requireAttachablePolicy, setDefaultPolicyVersion } from "../../identity/iamManagedPolicies.ts";
import { entityArn } from "../../identity/iamNames.ts";
import { createRole, deleteRole, listRoles, updateAssumeRolePolicy, updateRole } from "../../identity/iamRoles.ts";
import { setPermissionsBoundary, tagEntity } from "../../identity/iamPrincipalSettings.ts";
import { requireEntity, type IamScope } from "../../identity/iamScope.ts";
import { createUser, deleteUser, listUsers } from "../../identity/iamUsers.ts";
import { IamError } from "../../identity/iamError.ts";
import { getAccountAuthorizationDetails } from "./authorizationDetails.ts";
import { accessKeyXml, groupXml, policyVersionXml, policyXml, roleXml, tagXml, userXml } from "./iamShapes.ts";
import { intParam, stringList, tagList } from "./queryRequest.ts";
import type { XmlFields, XmlValue } from "./queryXml.ts";
import { paginate, pageRequest } from "./paging.ts";

/** @public What an action handler receives. */
export interface IamCall {
  readonly scope: IamScope;
  readonly params: ReadonlyMap<string, string>;
  readonly caller: Caller;
}

/** @public One IAM action: its resource for authorization and its execution. */
export interface IamAction {
  readonly resource: (c: IamCall) => string;
  readonly run: (c: IamCall) => XmlFields | undefined;
}

function p(c: IamCall, name: string): string {
  const v = c.params.get(name);
  if (v === undefined) throw new IamError("ValidationError", `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return v;
}

function arnOf(c: IamCall, kind: PolicyHolder, name: string | undefined): string {
  if (name === undefined) return "*";
  const e = c.scope.store.get(kind, c.scope.accountId, name);
  return entityArn(c.scope.accountId, kind, e?.path ?? c.params.get("Path") ?? "/", e?.name ?? name);
}

const onUser = (c: IamCall): string => arnOf(c, "user", c.params.get("UserName") ?? c.caller.principal.username);
const onRole = (c: IamCall): string => arnOf(c, "role", c.params.get("RoleName"));
const onGroup = (c: IamCall): string => arnOf(c, "group", c.params.get("GroupName"));
const onPolicy = (c: IamCall): string => c.params.get("PolicyArn") ?? entityArn(c.scope.accountId, "policy", c.params.get("Path") ?? "/", c.params.get("PolicyName") ?? "");
const anywhere = (): string => "*";

/** One page of a listing as `<element><member>…</member></element>` plus IsTruncated/Marker. */
function listed<T>(c: IamCall, op: string, container: string, element: string, items: readonly T[], keyOf: (t: T) => string, xml: (t: T) => XmlValue, keepOrder = false): XmlFields {
  const page = paginate(items, keyOf, pageRequest(c.params, op, container), keepOrder);
  return [[element, { members: page.items.map(xml) }], ...page.fields];
}
const byName = (e: { name: string }): string => e.name.toLowerCase();

function holderActions(kind: PolicyHolder, noun: "User" | "Group" | "Role", on: (c: IamCall) => string): Record<string, IamAction> {
  const name = (c: IamCall): string => p(c, `${noun}Name`);
  return {
    [`Put${noun}Policy`]: { resource: on, run: (c) => void putInlinePolicy(c.scope, kind, name(c), c.params.get("PolicyName"), c.params.get("PolicyDocument")) },
    [`Get${noun}Policy`]: {
      resource: on,
      run: (c) => [[`${noun}Name`, requireEntity(c.scope, kind, name(c)).name], ["PolicyName", p(c, "PolicyName")], ["PolicyDocument", encodeURIComponent(getInlinePolicy(c.scope, kind, name(c), p(c, "PolicyName")))]],
    },
    [`Delete${noun}Policy`]: { resource: on, run: (c) => void deleteInlinePolicy(c.scope, kind, name(c), p(c, "PolicyName")) },
    [`List${noun}Policies`]: { resource: on, run: (c) => listed(c, `List${noun}Policies`, name(c), "PolicyNames", listInlinePolicies(c.scope, kind, name(c)), (n) => n, (n) => n) },
    [`Attach${noun}Policy`]: { resource: on, run: (c) => void attachPolicy(c.scope, kind, name(c), p(c, "PolicyArn")) },
    [`Detach${noun}Policy`]: { resource: on, run: (c) => void detachPolicy(c.scope, kind, name(c), p(c, "PolicyArn")) },
    [`ListAttached${noun}Policies`]: {
      resource: on,
      run: (c) =>
        listed(c, `ListAttached${noun}Policies`, name(c), "AttachedPolicies", listAttachedPolicies(c.scope, kind, name(c)), (a) => a.arn, (a) => [["PolicyName", a.policy?.name ?? a.arn.split("/").pop()], ["PolicyArn", a.arn]] as XmlFields),
    },
  };
}

function callerUser(c: IamCall): XmlFields {
  const name = c.params.get("UserName") ?? c.caller.principal.username;
  if (name !== undefined) return [["User", userXml(requireEntity(c.scope, "user", name))]];
  const pr = c.caller.principal;
  if (pr.kind !== "root") throw new IamError("ValidationError", "Must specify userName when calling with non-User credentials");
  return [["User", [["UserId", pr.accountId], ["Arn", pr.arn], ["CreateDate", "2015-01-01T00:00:00Z"]]]];
}

/** @public Every IAM action crossbucket serves. */
export const IAM_ACTIONS: Readonly<Record<string, IamAction>> = {
  CreateUser: {
    resource: onUser,
    run: (c) => [["User", userXml(createUser(c.scope, { userName: c.params.get("UserName"), path: c.params.get("Path"), tags: tagList(c.params), permissionsBoundary: c.params.get("PermissionsBoundary") }))]],
  },
  GetUser: { resource: onUser, run: callerUser },
  ListUsers: { resource: anywhere, run: (c) => listed(c, "ListUsers", "", "Users", listUsers(c.scope, c.params.get("PathPrefix")), byName, userXml) },
  DeleteUser: { resource: onUser, run: (c) => void deleteUser(c.scope, p(c, "UserName")) },
  TagUser: { resource: onUser, run: (c) => void tagEntity(c.scope, "user", p(c, "UserName"), tagList(c.params)) },
  UntagUser: { resource: onUser, run: (c) => void tagEntity(c.scope, "user", p(c, "UserName"), [], stringList(c.params, "TagKeys")) },
  ListUserTags: { resource: onUser, run: (c) => listed(c, "ListUserTags", p(c, "UserName"), "Tags", requireEntity(c.scope, "user", p(c, "UserName")).tags, (t) => t.key.toLowerCase(), tagXml, true) },
  PutUserPermissionsBoundary: { resource: onUser, run: (c) => void setPermissionsBoundary(c.scope, "user", p(c, "UserName"), p(c, "PermissionsBoundary")) },
  DeleteUserPermissionsBoundary: { resource: onUser, run: (c) => void setPermissionsBoundary(c.scope, "user", p(c, "UserName"), undefined) },

  CreateAccessKey: {
    resource: onUser,
    run: (c) => [["AccessKey", accessKeyXml(createAccessKey(c.scope, c.params.get("UserName") ?? c.caller.principal.username ?? p(c, "UserName")), true)]],
  },
  UpdateAccessKey: { resource: onUser, run: (c) => void updateAccessKey(c.scope, c.params.get("UserName") ?? c.caller.principal.username ?? p(c, "UserName"), p(c, "AccessKeyId"), c.params.get("Status")) },
  DeleteAccessKey: { resource: onUser, run: (c) => void deleteAccessKey(c.scope, c.params.get("UserName") ?? c.caller.principal.username ?? p(c, "UserName"), p(c, "AccessKeyId")) },
  ListAccessKeys: {
    resource: onUser,
    run: (c) => {
      const user = c.params.get("UserName") ?? c.caller.principal.username;
      const keys = user !== undefined ? listAccessKeys(c.scope, user) : [];
      return listed(c, "ListAccessKeys", user ?? "", "AccessKeyMetadata", keys, (k) => k.accessKeyId, (k) => accessKeyXml(k, false));
    },
  },

  CreateRole: {
    resource: onRole,
    run: (c) => [
      ["Role", roleXml(createRole(c.scope, {
        roleName: c.params.get("RoleName"),
        path: c.params.get("Path"),
        assumeRolePolicyDocument: c.params.get("AssumeRolePolicyDocument"),
        description: c.params.get("Description"),
        maxSessionDuration: intParam(c.params, "MaxSessionDuration"),
        tags: tagList(c.params),
        permissionsBoundary: c.params.get("PermissionsBoundary"),
      }))],
    ],
  },
  GetRole: { resource: onRole, run: (c) => [["Role", roleXml(requireEntity(c.scope, "role", p(c, "RoleName")))]] },
  ListRoles: { resource: anywhere, run: (c) => listed(c, "ListRoles", "", "Roles", listRoles(c.scope, c.params.get("PathPrefix")), byName, roleXml) },
  DeleteRole: { resource: onRole, run: (c) => void deleteRole(c.scope, p(c, "RoleName")) },
  UpdateAssumeRolePolicy: { resource: onRole, run: (c) => void updateAssumeRolePolicy(c.scope, p(c, "RoleName"), c.params.get("PolicyDocument")) },
  UpdateRole: { resource: onRole, run: (c) => (updateRole(c.scope, p(c, "RoleName"), { description: c.params.get("Description"), maxSessionDuration: intParam(c.params, "MaxSessionDuration") }), []) },
  TagRole: { resource: onRole, run: (c) => void tagEntity(c.scope, "role", p(c, "RoleName"), tagList(c.params)) },
  UntagRole: { resource: onRole, run: (c) => void tagEntity(c.scope, "role", p(c, "RoleName"), [], stringList(c.params, "TagKeys")) },
  ListRoleTags: { resource: onRole, run: (c) => listed(c, "ListRoleTags", p(c, "RoleName"), "Tags", requireEntity(c.scope, "role", p(c, "RoleName")).tags, (t) => t.key.toLowerCase(), tagXml, true) },
  PutRolePermissionsBoundary: { resource: onRole, run: (c) => void setPermissionsBoundary(c.scope, "role", p(c, "RoleName"), p(c, "PermissionsBoundary")) },
  DeleteRolePermissionsBoundary: { resource: onRole, run: (c) => void setPermissionsBoundary(c.scope, "role", p(c, "RoleName"), undefined) },

  CreateGroup: { resource: onGroup, run: (c) => [["Group", groupXml(createGroup(c.scope, { groupName: c.params.get("GroupName"), path: c.params.get("Path") }))]] },
  GetGroup: {
    resource: onGroup,
    run: (c) => {
      const g = requireEntity(c.scope, "group", p(c, "GroupName"));
      return [["Group", groupXml(g)], ...listed(c, "GetGroup", g.name, "Users", groupMembers(c.scope, g), byName, userXml)];
    },
  },
  ListGroups: {
    resource: anywhere,
    run: (c) => listed(c, "ListGroups", "", "Groups", c.scope.store.list("group", c.scope.accountId).filter((g) => g.path.startsWith(c.params.get("PathPrefix") ?? "/")), byName, groupXml),
  },
  DeleteGroup: { resource: onGroup, run: (c) => void deleteGroup(c.scope, p(c, "GroupName")) },
  AddUserToGroup: { resource: onGroup, run: (c) => void addUserToGroup(c.scope, p(c, "GroupName"), p(c, "UserName")) },
  RemoveUserFromGroup: { resource: onGroup, run: (c) => void removeUserFromGroup(c.scope, p(c, "GroupName"), p(c, "UserName")) },
  ListGroupsForUser: { resource: onUser, run: (c) => listed(c, "ListGroupsForUser", p(c, "UserName"), "Groups", groupsForUser(c.scope, p(c, "UserName")), byName, groupXml) },

  CreatePolicy: {
    resource: onPolicy,
    run: (c) => {
      const created = createPolicy(c.scope, { policyName: c.params.get("PolicyName"), path: c.params.get("Path"), document: c.params.get("PolicyDocument"), description: c.params.get("Description") });
      return [["Policy", policyXml(created, 0)]];
    },
  },
  GetPolicy: { resource: onPolicy, run: (c) => [["Policy", policyXml(requireAttachablePolicy(c.scope, p(c, "PolicyArn")), attachmentCount(c.scope, p(c, "PolicyArn")))]] },
  DeletePolicy: { resource: onPolicy, run: (c) => void deletePolicy(c.scope, p(c, "PolicyArn")) },
  ListPolicies: {
    resource: anywhere,
    run: (c) => {
      const list = listPolicies(c.scope, { scope: c.params.get("Scope"), onlyAttached: c.params.get("OnlyAttached") === "true", pathPrefix: c.params.get("PathPrefix") });
      return listed(c, "ListPolicies", "", "Policies", list, (x) => `${x.name.toLowerCase()}\n${policyArn(x)}`, (x) => policyXml(x, attachmentCount(c.scope, policyArn(x))));
    },
  },
  GetPolicyVersion: { resource: onPolicy, run: (c) => [["PolicyVersion", policyVersionXml(getPolicyVersion(c.scope, p(c, "PolicyArn"), p(c, "VersionId")), true)]] },
  CreatePolicyVersion: {
    resource: onPolicy,
    run: (c) => [["PolicyVersion", policyVersionXml(createPolicyVersion(c.scope, p(c, "PolicyArn"), c.params.get("PolicyDocument"), c.params.get("SetAsDefault") === "true"), false)]],
  },
  SetDefaultPolicyVersion: { resource: onPolicy, run: (c) => void setDefaultPolicyVersion(c.scope, p(c, "PolicyArn"), p(c, "VersionId")) },
  DeletePolicyVersion: { resource: onPolicy, run: (c) => void deletePolicyVersion(c.scope, p(c, "PolicyArn"), p(c, "VersionId")) },
  ListPolicyVersions: {
    resource: onPolicy,
    run: (c) => {
      const pol = requireAttachablePolicy(c.scope, p(c, "PolicyArn"));
      const key = (v: { versionId: string }): string => v.versionId.slice(1).padStart(10, "0");
      return listed(c, "ListPolicyVersions", policyArn(pol), "Versions", pol.versions, key, (v) => policyVersionXml({ ...v, isDefault: v.versionId === pol.defaultVersionId }, false));
    },
  },

  GetAccountAuthorizationDetails: { resource: anywhere, run: (c) => getAccountAuthorizationDetails(c.scope, c.params) },

  ...holderActions("user", "User", onUser),
  ...holderActions("group", "Group", onGroup),
  ...holderActions("role", "Role", onRole),
};
