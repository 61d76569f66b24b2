/**
 * @module import/importIam
 * `iam get-account-authorization-details` output → the identity store: users, groups, roles and customer
 * managed policies with their real unique IDs (AIDA…, AGPA…, AROA…, ANPA…), paths, inline policies,
 * memberships, attachments, boundaries and tags. AWS managed policies are crossbucket's built-in copies;
 * one crossbucket does not know, or whose collected default document differs, is reported.
 */
import { AWS_MANAGED_POLICIES } from "../identity/awsManagedPolicies.ts";
import { defaultDocument } from "../identity/iamManagedPolicies.ts";
import { parsePolicyArn } from "../identity/iamNames.ts";
import type { IamTag, IdentityStore, ManagedPolicyRecord, PolicyVersionRecord } from "../storage/identityPort.ts";
import { policyText, records, str, type ImportReport } from "./report.ts";

const USER_FIELDS = ["Path", "UserName", "UserId", "Arn", "CreateDate", "UserPolicyList", "GroupList", "AttachedManagedPolicies", "PermissionsBoundary", "Tags"];
const GROUP_FIELDS = ["Path", "GroupName", "GroupId", "Arn", "CreateDate", "GroupPolicyList", "AttachedManagedPolicies"];
const ROLE_FIELDS = ["Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument", "RolePolicyList", "AttachedManagedPolicies", "PermissionsBoundary", "Tags"];
/** Fields that carry nothing S3 authorization reads. */
const ROLE_IGNORED = ["InstanceProfileList", "RoleLastUsed", "Description", "MaxSessionDuration"];
const POLICY_FIELDS = ["PolicyName", "PolicyId", "Arn", "Path", "DefaultVersionId", "PolicyVersionList", "Description", "CreateDate", "UpdateDate"];
const POLICY_IGNORED = ["AttachmentCount", "PermissionsBoundaryUsageCount", "IsAttachable"];
const TOP_FIELDS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];
const TOP_IGNORED = ["IsTruncated", "Marker"];

/** @public What the IAM import found (for the accounts it names). */
export interface IamImportResult {
  /** Account IDs named as principals in trust policies and other documents. */
  readonly referencedAccounts: ReadonlySet<string>;
}

function dateText(v: unknown, fallback: string): string {
  return typeof v === "string" && !Number.isNaN(Date.parse(v)) ? new Date(Date.parse(v)).toISOString().replace(/\.\d{3}Z$/, "Z") : fallback;
}

/** @public Imports one account's authorization details (the parsed JSON of the collected file). */
export function importIam(doc: Record<string, unknown>, accountId: string, store: IdentityStore, report: ImportReport, file: string, now: string): IamImportResult {
  const referenced = new Set<string>();
  const noteAccounts = (text: string | undefined): void => {
    for (const id of accountsNamedIn(text ?? "")) referenced.add(id);
  };
  report.fields(doc, file, "", TOP_FIELDS, TOP_IGNORED);

  const inline = (list: unknown, path: string): Record<string, string> => {
    const out: Record<string, string> = {};
    records(list, report, file, path).forEach((p, i) => {
      report.fields(p, file, `${path}/${i}`, ["PolicyName", "PolicyDocument"]);
      const name = str(p, "PolicyName", report, file, `${path}/${i}`);
      const text = policyText(p["PolicyDocument"]);
      if (name === undefined || text === undefined) return report.add("invalid", file, `${path}/${i}`, "an inline policy needs PolicyName and PolicyDocument; not imported");
      noteAccounts(text);
      out[name] = text;
    });
    return out;
  };
  const attached = (list: unknown, path: string): string[] =>
    records(list, report, file, path).flatMap((a, i) => {
      report.fields(a, file, `${path}/${i}`, ["PolicyArn"], ["PolicyName"]);
      const arn = str(a, "PolicyArn", report, file, `${path}/${i}`);
      return arn !== undefined ? [arn] : [];
    });
  const tags = (list: unknown, path: string): IamTag[] =>
    records(list, report, file, path).flatMap((t, i) => {
      report.fields(t, file, `${path}/${i}`, ["Key", "Value"]);
      const key = str(t, "Key", report, file, `${path}/${i}`);
      return key !== undefined ? [{ key, value: str(t, "Value", report, file, `${path}/${i}`) ?? "" }] : [];
    });
  const boundary = (v: unknown, path: string): { permissionsBoundary?: string } => {
    if (v === undefined) return {};
    const r = records([v], report, file, path)[0];
    if (r === undefined) return {};
    report.fields(r, file, path, ["PermissionsBoundaryArn"], ["PermissionsBoundaryType"]);
    const arn = str(r, "PermissionsBoundaryArn", report, file, path);
    return arn !== undefined ? { permissionsBoundary: arn } : {};
  };
  const common = (e: Record<string, unknown>, path: string, nameKey: string, idKey: string): { name: string; path: string; id: string; createDate: string } | undefined => {
    const name = str(e, nameKey, report, file, path);
    const id = str(e, idKey, report, file, path);
    if (name === undefined || id === undefined) {
      report.add("invalid", file, path, `an entry without ${nameKey} or ${idKey} cannot be imported`);
      return undefined;
    }
    return { name, path: str(e, "Path", report, file, path) ?? "/", id, createDate: dateText(e["CreateDate"], now) };
  };

  records(doc["UserDetailList"], report, file, "/UserDetailList").forEach((u, i) => {
    const path = `/UserDetailList/${i}`;
    report.fields(u, file, path, USER_FIELDS);
    const base = common(u, path, "UserName", "UserId");
    if (base === undefined) return;
    const groups = Array.isArray(u["GroupList"]) ? u["GroupList"].filter((g): g is string => typeof g === "string") : [];
    store.put("user", { accountId, ...base, inlinePolicies: inline(u["UserPolicyList"], `${path}/UserPolicyList`), attachedPolicies: attached(u["AttachedManagedPolicies"], `${path}/AttachedManagedPolicies`), tags: tags(u["Tags"], `${path}/Tags`), groups, ...boundary(u["PermissionsBoundary"], `${path}/PermissionsBoundary`) });
  });
  records(doc["GroupDetailList"], report, file, "/GroupDetailList").forEach((g, i) => {
    const path = `/GroupDetailList/${i}`;
    report.fields(g, file, path, GROUP_FIELDS);
    const base = common(g, path, "GroupName", "GroupId");
    if (base === undefined) return;
    store.put("group", { accountId, ...base, inlinePolicies: inline(g["GroupPolicyList"], `${path}/GroupPolicyList`), attachedPolicies: attached(g["AttachedManagedPolicies"], `${path}/AttachedManagedPolicies`) });
  });
  records(doc["RoleDetailList"], report, file, "/RoleDetailList").forEach((r, i) => {
    const path = `/RoleDetailList/${i}`;
    report.fields(r, file, path, ROLE_FIELDS, ROLE_IGNORED);
    const base = common(r, path, "RoleName", "RoleId");
    if (base === undefined) return;
    const trust = policyText(r["AssumeRolePolicyDocument"]);
    if (trust === undefined) report.add("invalid", file, `${path}/AssumeRolePolicyDocument`, "a role without a trust policy; imported with an empty one (nobody can assume it)");
    noteAccounts(trust);
    const maxSession = typeof r["MaxSessionDuration"] === "number" ? r["MaxSessionDuration"] : 3600;
    const description = str(r, "Description", report, file, path);
    store.put("role", {
      accountId,
      ...base,
      trustPolicy: trust ?? JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      maxSessionDuration: maxSession,
      ...(description !== undefined ? { description } : {}),
      inlinePolicies: inline(r["RolePolicyList"], `${path}/RolePolicyList`),
      attachedPolicies: attached(r["AttachedManagedPolicies"], `${path}/AttachedManagedPolicies`),
      tags: tags(r["Tags"], `${path}/Tags`),
      ...boundary(r["PermissionsBoundary"], `${path}/PermissionsBoundary`),
    });
  });
  records(doc["Policies"], report, file, "/Policies").forEach((p, i) => {
    const path = `/Policies/${i}`;
    report.fields(p, file, path, POLICY_FIELDS, POLICY_IGNORED);
    const arn = str(p, "Arn", report, file, path);
    const parts = arn !== undefined ? parsePolicyArn(arn) : undefined;
    if (arn === undefined || parts === undefined) return report.add("invalid", file, `${path}/Arn`, "not a managed policy ARN; not imported");
    const versions: PolicyVersionRecord[] = records(p["PolicyVersionList"], report, file, `${path}/PolicyVersionList`).flatMap((v, j) => {
      report.fields(v, file, `${path}/PolicyVersionList/${j}`, ["Document", "VersionId", "CreateDate"], ["IsDefaultVersion"]);
      const versionId = str(v, "VersionId", report, file, `${path}/PolicyVersionList/${j}`);
      const document = policyText(v["Document"]);
      if (versionId === undefined || document === undefined) {
        report.add("invalid", file, `${path}/PolicyVersionList/${j}`, "a version without VersionId or Document; not imported");
        return [];
      }
      return [{ versionId, document, createDate: dateText(v["CreateDate"], now) }];
    });
    const defaultVersionId = str(p, "DefaultVersionId", report, file, path) ?? versions[0]?.versionId;
    if (parts.account === "aws") {
      const builtIn = AWS_MANAGED_POLICIES.get(arn);
      const collected = versions.find((v) => v.versionId === defaultVersionId)?.document;
      if (builtIn === undefined) report.add("unsupported", file, path, `AWS managed policy ${arn} is not one crossbucket knows; entities it is attached to get nothing from it in the simulation`);
      else if (collected !== undefined && !sameJson(collected, defaultDocument(builtIn))) report.add("unsupported", file, path, `AWS managed policy ${arn}: the collected default version differs from crossbucket's copy, which the simulation uses`);
      return;
    }
    if (parts.account !== accountId) return report.add("invalid", file, `${path}/Arn`, `a customer managed policy of account ${parts.account} in account ${accountId}'s details; not imported`);
    if (versions.length === 0 || defaultVersionId === undefined) return report.add("invalid", file, path, "a managed policy without versions; not imported");
    for (const v of versions) noteAccounts(v.document);
    const numbers = versions.map((v) => Number(/^v(\d+)$/.exec(v.versionId)?.[1] ?? 0));
    const description = str(p, "Description", report, file, path);
    const record: ManagedPolicyRecord = {
      accountId,
      name: parts.name,
      path: parts.path,
      id: str(p, "PolicyId", report, file, path) ?? "",
      createDate: dateText(p["CreateDate"], now),
      updateDate: dateText(p["UpdateDate"], now),
      defaultVersionId,
      versions,
      nextVersion: Math.max(...numbers) + 1,
      ...(description !== undefined ? { description } : {}),
    };
    store.put("policy", record);
  });
  referenced.delete(accountId);
  return { referencedAccounts: referenced };
}

/** @public Account IDs a policy text names as principals: in IAM/STS ARNs or as a bare quoted account ID. */
export function accountsNamedIn(text: string): string[] {
  return [...text.matchAll(/arn:aws:(?:iam|sts)::(\d{12}):|"(\d{12})"/g)].map((m) => (m[1] ?? m[2]) as string);
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}
