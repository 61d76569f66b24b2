/**
 * @module protocol/iam/iamShapes
 * IAM records as the Query protocol's XML shapes (User, Role, Group, Policy, PolicyVersion,
 * AccessKey). Policy documents are URL-encoded in responses, as IAM returns them.
 */
import { entityArn } from "../../identity/iamNames.ts";
import { policyArn } from "../../identity/iamManagedPolicies.ts";
import type { AccessKeyRecord, IamGroupRecord, IamRoleRecord, IamTag, IamUserRecord, ManagedPolicyRecord } from "../../storage/identityPort.ts";
import type { XmlFields } from "./queryXml.ts";

/** @public One tag's `<Key/><Value/>`. */
export function tagXml(t: IamTag): XmlFields {
  return [["Key", t.key], ["Value", t.value]];
}

/** @public Tags as `<member><Key/><Value/></member>` items. */
export function tagsXml(tags: readonly IamTag[]): { members: XmlFields[] } {
  return { members: tags.map(tagXml) };
}

function boundaryXml(arn: string | undefined): XmlFields | undefined {
  return arn === undefined ? undefined : [["PermissionsBoundaryType", "Policy"], ["PermissionsBoundaryArn", arn]];
}

/** @public The `User` shape. */
export function userXml(u: IamUserRecord): XmlFields {
  return [
    ["Path", u.path],
    ["UserName", u.name],
    ["UserId", u.id],
    ["Arn", entityArn(u.accountId, "user", u.path, u.name)],
    ["CreateDate", u.createDate],
    ["PermissionsBoundary", boundaryXml(u.permissionsBoundary)],
    ["Tags", u.tags.length > 0 ? tagsXml(u.tags) : undefined],
  ];
}

/** @public The `Role` shape. */
export function roleXml(r: IamRoleRecord): XmlFields {
  return [
    ["Path", r.path],
    ["RoleName", r.name],
    ["RoleId", r.id],
    ["Arn", entityArn(r.accountId, "role", r.path, r.name)],
    ["CreateDate", r.createDate],
    ["AssumeRolePolicyDocument", encodeURIComponent(r.trustPolicy)],
    ["Description", r.description],
    ["MaxSessionDuration", r.maxSessionDuration],
    ["PermissionsBoundary", boundaryXml(r.permissionsBoundary)],
    ["Tags", r.tags.length > 0 ? tagsXml(r.tags) : undefined],
  ];
}

/** @public The `Group` shape. */
export function groupXml(g: IamGroupRecord): XmlFields {
  return [
    ["Path", g.path],
    ["GroupName", g.name],
    ["GroupId", g.id],
    ["Arn", entityArn(g.accountId, "group", g.path, g.name)],
    ["CreateDate", g.createDate],
  ];
}

/** @public The `Policy` shape. */
export function policyXml(p: ManagedPolicyRecord, attachmentCount: number): XmlFields {
  return [
    ["PolicyName", p.name],
    ["PolicyId", p.id],
    ["Arn", policyArn(p)],
    ["Path", p.path],
    ["DefaultVersionId", p.defaultVersionId],
    ["AttachmentCount", attachmentCount],
    ["PermissionsBoundaryUsageCount", 0],
    ["IsAttachable", true],
    ["Description", p.description],
    ["CreateDate", p.createDate],
    ["UpdateDate", p.updateDate],
  ];
}

/** @public The `PolicyVersion` shape. */
export function policyVersionXml(v: { versionId: string; document: string; createDate: string; isDefault: boolean }, withDocument: boolean): XmlFields {
  return [
    ["Document", withDocument ? encodeURIComponent(v.document) : undefined],
    ["VersionId", v.versionId],
    ["IsDefaultVersion", v.isDefault],
    ["CreateDate", v.createDate],
  ];
}

/** @public The `AccessKey` (with secret) or `AccessKeyMetadata` shape. */
export function accessKeyXml(k: AccessKeyRecord, withSecret: boolean): XmlFields {
  return [
    ["UserName", k.userName],
    ["AccessKeyId", k.accessKeyId],
    ["Status", k.status],
    ["SecretAccessKey", withSecret ? k.secretAccessKey : undefined],
    ["CreateDate", k.createDate],
  ];
}
