/**
 * @module protocol/iam/authorizationDetails
 * IAM GetAccountAuthorizationDetails: every user, group, role and managed policy of the caller's account
 * with their relationships (inline policies, group memberships, attached policies, boundaries, tags), policy
 * documents URL-encoded as IAM returns them
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html).
 *
 * `Filter.member.N` selects entity types (`User`, `Role`, `Group`, `LocalManagedPolicy`, `AWSManagedPolicy`).
 * AWS managed policies are listed only when attached to an entity of the account (IAM does not list the
 * whole catalogue); customer managed policies are all listed. Pagination counts every item across the four
 * lists in the order users, groups, roles, policies; `MaxItems` defaults to 100 and the `Marker` is opaque.
 */
import { AWS_MANAGED_POLICIES } from "../../identity/awsManagedPolicies.ts";
import { IamError, validationError } from "../../identity/iamError.ts";
import { policyArn } from "../../identity/iamManagedPolicies.ts";
import type { IamScope } from "../../identity/iamScope.ts";
import type { IamGroupRecord, IamRoleRecord, IamUserRecord, ManagedPolicyRecord } from "../../storage/identityPort.ts";
import { groupXml, policyVersionXml, policyXml, roleXml, tagsXml, userXml } from "./iamShapes.ts";
import { intParam, stringList } from "./queryRequest.ts";
import type { XmlFields } from "./queryXml.ts";

/** @public The entity types `Filter` accepts. */
export const ENTITY_FILTERS = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"] as const;

type EntityFilter = (typeof ENTITY_FILTERS)[number];

type Item =
  | { readonly list: "UserDetailList"; readonly xml: XmlFields }
  | { readonly list: "GroupDetailList"; readonly xml: XmlFields }
  | { readonly list: "RoleDetailList"; readonly xml: XmlFields }
  | { readonly list: "Policies"; readonly xml: XmlFields };

const DEFAULT_MAX_ITEMS = 100;
const MARKER_PREFIX = "cb-aad-";

function without(fields: XmlFields, names: readonly string[]): XmlFields {
  return fields.filter(([n]) => !names.includes(n));
}

function inlineList(policies: Readonly<Record<string, string>>): { members: XmlFields[] } {
  return { members: Object.keys(policies).sort().map((name) => [["PolicyName", name], ["PolicyDocument", encodeURIComponent(policies[name] as string)]] as XmlFields) };
}

function attachedList(scope: IamScope, arns: readonly string[]): { members: XmlFields[] } {
  return { members: arns.map((arn) => [["PolicyName", managedPolicy(scope, arn)?.name ?? arn.split("/").pop()], ["PolicyArn", arn]] as XmlFields) };
}

function managedPolicy(scope: IamScope, arn: string): ManagedPolicyRecord | undefined {
  return AWS_MANAGED_POLICIES.get(arn) ?? scope.store.list("policy", scope.accountId).find((p) => policyArn(p) === arn);
}

function userDetail(scope: IamScope, u: IamUserRecord): XmlFields {
  const base = without(userXml(u), ["PermissionsBoundary", "Tags"]);
  const boundary = userXml(u).find(([n]) => n === "PermissionsBoundary");
  return [
    ...base,
    ["UserPolicyList", inlineList(u.inlinePolicies)],
    ["GroupList", { members: [...u.groups] }],
    ["AttachedManagedPolicies", attachedList(scope, u.attachedPolicies)],
    ...(boundary !== undefined ? [boundary] : []),
    ["Tags", tagsXml(u.tags)],
  ];
}

function groupDetail(scope: IamScope, g: IamGroupRecord): XmlFields {
  return [...groupXml(g), ["GroupPolicyList", inlineList(g.inlinePolicies)], ["AttachedManagedPolicies", attachedList(scope, g.attachedPolicies)]];
}

function roleDetail(scope: IamScope, r: IamRoleRecord): XmlFields {
  const base = roleXml(r);
  const pick = (name: string): XmlFields => base.filter(([n]) => n === name);
  return [
    ...pick("Path"),
    ...pick("RoleName"),
    ...pick("RoleId"),
    ...pick("Arn"),
    ...pick("CreateDate"),
    ...pick("AssumeRolePolicyDocument"),
    ["InstanceProfileList", { members: [] }],
    ["RolePolicyList", inlineList(r.inlinePolicies)],
    ["AttachedManagedPolicies", attachedList(scope, r.attachedPolicies)],
    ...pick("PermissionsBoundary"),
    ["Tags", tagsXml(r.tags)],
  ];
}

function policyDetail(p: ManagedPolicyRecord, usage: { attachments: number; boundaries: number }): XmlFields {
  const base = policyXml(p, usage.attachments).map(([n, v]) => (n === "PermissionsBoundaryUsageCount" ? ([n, usage.boundaries] as const) : ([n, v] as const)));
  const versions = p.versions.map((v) => policyVersionXml({ ...v, isDefault: v.versionId === p.defaultVersionId }, true));
  return [...base, ["PolicyVersionList", { members: versions }]];
}

function filtersOf(params: ReadonlyMap<string, string>): ReadonlySet<EntityFilter> {
  const given = stringList(params, "Filter");
  if (given.length === 0) return new Set(ENTITY_FILTERS);
  for (const f of given) {
    if (!(ENTITY_FILTERS as readonly string[]).includes(f)) {
      throw validationError("filter", `[${given.join(", ")}]`, `Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_FILTERS.join(", ")}]]`);
    }
  }
  return new Set(given as EntityFilter[]);
}

function items(scope: IamScope, filters: ReadonlySet<EntityFilter>): Item[] {
  const users = scope.store.list("user", scope.accountId);
  const groups = scope.store.list("group", scope.accountId);
  const roles = scope.store.list("role", scope.accountId);
  const out: Item[] = [];
  if (filters.has("User")) for (const u of users) out.push({ list: "UserDetailList", xml: userDetail(scope, u) });
  if (filters.has("Group")) for (const g of groups) out.push({ list: "GroupDetailList", xml: groupDetail(scope, g) });
  if (filters.has("Role")) for (const r of roles) out.push({ list: "RoleDetailList", xml: roleDetail(scope, r) });
  const holders = [...users, ...groups, ...roles];
  const usage = (arn: string): { attachments: number; boundaries: number } => ({
    attachments: holders.filter((h) => h.attachedPolicies.includes(arn)).length,
    boundaries: [...users, ...roles].filter((h) => h.permissionsBoundary === arn).length,
  });
  if (filters.has("AWSManagedPolicy")) {
    for (const p of AWS_MANAGED_POLICIES.values()) {
      const u = usage(policyArn(p));
      if (u.attachments > 0 || u.boundaries > 0) out.push({ list: "Policies", xml: policyDetail(p, u) });
    }
  }
  if (filters.has("LocalManagedPolicy")) for (const p of scope.store.list("policy", scope.accountId)) out.push({ list: "Policies", xml: policyDetail(p, usage(policyArn(p))) });
  return out;
}

function startOf(marker: string | undefined, total: number): number {
  if (marker === undefined) return 0;
  const m = /^cb-aad-(\d+)$/.exec(marker);
  const n = m === null ? NaN : Number(m[1]);
  if (!Number.isSafeInteger(n) || n > total) throw new IamError("ValidationError", "Invalid Marker.");
  return n;
}

/** @public GetAccountAuthorizationDetails in the scope's account. */
export function getAccountAuthorizationDetails(scope: IamScope, params: ReadonlyMap<string, string>): XmlFields {
  const filters = filtersOf(params);
  const max = intParam(params, "MaxItems") ?? DEFAULT_MAX_ITEMS;
  if (max < 1) throw validationError("maxItems", String(max), "Member must have value greater than or equal to 1");
  if (max > 1000) throw validationError("maxItems", String(max), "Member must have value less than or equal to 1000");
  const all = items(scope, filters);
  const start = startOf(params.get("Marker"), all.length);
  const page = all.slice(start, start + max);
  const truncated = start + max < all.length;
  const list = (name: Item["list"]): { members: XmlFields[] } => ({ members: page.filter((i) => i.list === name).map((i) => i.xml) });
  return [
    ["UserDetailList", list("UserDetailList")],
    ["GroupDetailList", list("GroupDetailList")],
    ["RoleDetailList", list("RoleDetailList")],
    ["Policies", list("Policies")],
    ["IsTruncated", truncated],
    ["Marker", truncated ? `${MARKER_PREFIX}${start + max}` : undefined],
  ];
}

