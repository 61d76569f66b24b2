/**
 * @module protocol/organizations/orgActions
 * The Organizations operations crossbucket serves: for each, who may call it (any account, any member
 * of the organization, or only its management account), the resources its IAM action is authorized
 * on (Service Authorization Reference, "Actions defined by AWS Organizations"), condition keys, and
 * how it runs (reading the JSON input, calling src/identity, shaping the output).
 */
import type { ContextValue } from "../../policy/index.ts";
import type { Caller } from "../../identity/credentials.ts";
import type { OrganizationRecord } from "../../storage/identityPort.ts";
import { ORG_MESSAGES, OrgError } from "../../identity/orgError.ts";
import { orgArn, targetKind } from "../../identity/orgIds.ts";
import { findOrgPolicy, targetArn, type OrgScope } from "../../identity/orgModel.ts";
import {
  accountView,
  createAccount,
  createOrganization,
  createOrganizationalUnit,
  deleteOrganization,
  deleteOrganizationalUnit,
  describeCreateAccountStatus,
  listChildren,
  listCreateAccountStatus,
  listMembers,
  listParents,
  listUnits,
  moveAccount,
  removeMember,
  renameOrganizationalUnit,
  requireContainer,
  requireMember,
  requireUnit,
  unitView,
} from "../../identity/organizations.ts";
import {
  attachOrgPolicy,
  createOrgPolicy,
  deleteOrgPolicy,
  detachOrgPolicy,
  disablePolicyType,
  enablePolicyType,
  listOrgPolicies,
  listPoliciesForTarget,
  listTargetsForPolicy,
  rootView,
  updateOrgPolicy,
} from "../../identity/orgPolicies.ts";
import { requireOrgPolicy } from "../../identity/orgModel.ts";
import { checkOrgTags, orgResourceTags, tagOrgResource, untagOrgResource } from "../../identity/orgTags.ts";
import {
  delegatedServicesForAccount,
  deregisterDelegatedAdministrator,
  disableServiceAccess,
  enableServiceAccess,
  listDelegatedAdministrators,
  listServiceAccess,
  registerDelegatedAdministrator,
  requireNotDelegatedAdministrator,
} from "../../identity/orgDelegation.ts";
import { acceptHandshake, closeHandshake, handshakesForAccount, inviteAccount, requireHandshake } from "../../identity/orgHandshakes.ts";
import { intMember, strListMember, strMember, tagsMember, type JsonInput } from "./jsonProtocol.ts";
import {
  accountJson,
  createAccountStatusJson,
  epoch,
  handshakeJson,
  organizationJson,
  page,
  policyJson,
  policySummaryJson,
  rootJson,
  targetJson,
  unitJson,
  type Json,
} from "./orgShapes.ts";

/** @public One call, before the organization is known to matter. */
export interface OrgCall {
  readonly scope: OrgScope;
  readonly input: JsonInput;
  readonly caller: Caller;
  /** The caller's account. */
  readonly accountId: string;
  /** The caller's organization, if its account is in one. */
  readonly org: OrganizationRecord | undefined;
}

/** @public A call by a member of an organization. */
export interface MemberCall extends OrgCall {
  readonly org: OrganizationRecord;
}

/**
 * @public An operation. `access`: any account; any member of the organization; only its management
 * account; or the management account and member accounts registered as a delegated administrator for
 * any service (the read-only operations, as AWS allows them).
 */
export type OrgAction = {
  /** Resources the IAM action is authorized on (each must be allowed); `*` when it has none. */
  readonly resources?: (c: OrgCall) => string[];
  /** Condition keys the request adds (e.g. `organizations:PolicyType`). */
  readonly context?: (c: OrgCall) => Record<string, ContextValue>;
} & (
  | { readonly access: "any"; readonly run: (c: OrgCall) => Json | undefined }
  | { readonly access: "member" | "management" | "delegated"; readonly run: (c: MemberCall) => Json | undefined }
);

const s = (c: OrgCall, name: string): string | undefined => strMember(c.input, name);
const req = (c: OrgCall, name: string): string => s(c, name) ?? "";

function targetResource(c: OrgCall, id: string | undefined): string {
  return c.org !== undefined && id !== undefined && targetKind(id) !== undefined ? targetArn(c.org, id) : "*";
}

function policyResource(c: OrgCall, id: string | undefined): string {
  return (c.org !== undefined && id !== undefined ? findOrgPolicy(c.scope.store, c.org, id)?.arn : undefined) ?? "*";
}

function policyTypeOf(c: OrgCall, id: string | undefined): Record<string, ContextValue> {
  const p = c.org !== undefined && id !== undefined ? findOrgPolicy(c.scope.store, c.org, id) : undefined;
  return p !== undefined ? { "organizations:PolicyType": p.type } : {};
}

function servicePrincipalKey(c: OrgCall): Record<string, ContextValue> {
  const sp = s(c, "ServicePrincipal");
  return sp !== undefined ? { "organizations:ServicePrincipal": sp } : {};
}

function typeKey(value: string | undefined): Record<string, ContextValue> {
  return value !== undefined ? { "organizations:PolicyType": value } : {};
}

function paged<T>(c: OrgCall, operation: string, key: string, items: readonly T[], shape: (x: T) => Json): Json {
  const p = page(items, operation, intMember(c.input, "MaxResults"), s(c, "NextToken"));
  return { [key]: p.items.map(shape), ...(p.nextToken !== undefined ? { NextToken: p.nextToken } : {}) };
}

/** The `Tags` of a create operation, checked as TagResource checks them. */
function tagsIn(c: OrgCall): { key: string; value: string }[] {
  return checkOrgTags(tagsMember(c.input));
}

function resourceArn(c: OrgCall, id: string | undefined): string {
  return id !== undefined && /^p-/.test(id) ? policyResource(c, id) : targetResource(c, id);
}

function describeOrg(c: MemberCall, org: OrganizationRecord = c.org): Json {
  return { Organization: organizationJson(org, c.scope.accounts.get(org.managementAccountId)) };
}

function handshakeOut(c: OrgCall, r: { handshake: Parameters<typeof handshakeJson>[0]; org: OrganizationRecord }): Json {
  return handshakeJson(r.handshake, r.org, c.scope.accounts.get(r.org.managementAccountId));
}

/** @public The operations by name. */
export const ORG_ACTIONS: Readonly<Record<string, OrgAction>> = {
  CreateOrganization: {
    access: "any",
    run: (c) => {
      const org = createOrganization(c.scope, c.accountId, s(c, "FeatureSet"));
      return { Organization: organizationJson(org, c.scope.accounts.get(org.managementAccountId)) };
    },
  },
  DescribeOrganization: { access: "member", run: (c) => describeOrg(c) },
  DeleteOrganization: {
    access: "management",
    run: (c) => {
      deleteOrganization(c.scope, c.org);
      return undefined;
    },
  },
  ListRoots: { access: "delegated", run: (c) => paged(c, "ListRoots", "Roots", [rootView(c.org)], rootJson) },
  EnablePolicyType: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "RootId"))],
    context: (c) => typeKey(s(c, "PolicyType")),
    run: (c) => ({ Root: rootJson(rootView(enablePolicyType(c.scope, c.org, s(c, "RootId"), s(c, "PolicyType")))) }),
  },
  DisablePolicyType: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "RootId"))],
    context: (c) => typeKey(s(c, "PolicyType")),
    run: (c) => ({ Root: rootJson(rootView(disablePolicyType(c.scope, c.org, s(c, "RootId"), s(c, "PolicyType")))) }),
  },
  CreateAccount: {
    access: "management",
    run: (c) => ({
      CreateAccountStatus: createAccountStatusJson(
        createAccount(c.scope, c.org, { email: s(c, "Email"), accountName: s(c, "AccountName"), roleName: s(c, "RoleName"), iamUserAccessToBilling: s(c, "IamUserAccessToBilling"), tags: tagsIn(c) }),
      ),
    }),
  },
  DescribeCreateAccountStatus: { access: "delegated", run: (c) => ({ CreateAccountStatus: createAccountStatusJson(describeCreateAccountStatus(c.scope, c.org, req(c, "CreateAccountRequestId"))) }) },
  ListCreateAccountStatus: {
    access: "delegated",
    run: (c) => paged(c, "ListCreateAccountStatus", "CreateAccountStatuses", listCreateAccountStatus(c.scope, c.org, strListMember(c.input, "States")), createAccountStatusJson),
  },
  DescribeAccount: {
    access: "delegated",
    resources: (c) => [targetResource(c, s(c, "AccountId"))],
    run: (c) => ({ Account: accountJson(accountView(c.scope, c.org, requireMember(c.scope.store, c.org, req(c, "AccountId")))) }),
  },
  ListAccounts: { access: "delegated", run: (c) => paged(c, "ListAccounts", "Accounts", listMembers(c.scope.store, c.org), (m) => accountJson(accountView(c.scope, c.org, m))) },
  ListAccountsForParent: {
    access: "delegated",
    resources: (c) => [targetResource(c, s(c, "ParentId"))],
    run: (c) => {
      const parentId = req(c, "ParentId");
      requireContainer(c.scope.store, c.org, parentId, new OrgError("ParentNotFoundException", ORG_MESSAGES.parentNotFound));
      return paged(c, "ListAccountsForParent", "Accounts", listMembers(c.scope.store, c.org, parentId), (m) => accountJson(accountView(c.scope, c.org, m)));
    },
  },
  MoveAccount: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "AccountId"))],
    run: (c) => {
      moveAccount(c.scope, c.org, { accountId: req(c, "AccountId"), sourceParentId: req(c, "SourceParentId"), destinationParentId: req(c, "DestinationParentId") });
      return undefined;
    },
  },
  RemoveAccountFromOrganization: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "AccountId"))],
    run: (c) => {
      requireNotDelegatedAdministrator(c.org, req(c, "AccountId"));
      removeMember(c.scope, c.org, req(c, "AccountId"));
      return undefined;
    },
  },
  LeaveOrganization: {
    access: "member",
    run: (c) => {
      requireNotDelegatedAdministrator(c.org, c.accountId);
      removeMember(c.scope, c.org, c.accountId);
      return undefined;
    },
  },
  CreateOrganizationalUnit: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "ParentId"))],
    run: (c) => ({ OrganizationalUnit: unitJson(unitView(c.scope.store, c.org, createOrganizationalUnit(c.scope, c.org, req(c, "ParentId"), s(c, "Name"), tagsIn(c)))) }),
  },
  DescribeOrganizationalUnit: {
    access: "delegated",
    resources: (c) => [targetResource(c, s(c, "OrganizationalUnitId"))],
    run: (c) => ({ OrganizationalUnit: unitJson(unitView(c.scope.store, c.org, requireUnit(c.scope.store, c.org, req(c, "OrganizationalUnitId")))) }),
  },
  UpdateOrganizationalUnit: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "OrganizationalUnitId"))],
    run: (c) => ({ OrganizationalUnit: unitJson(unitView(c.scope.store, c.org, renameOrganizationalUnit(c.scope, c.org, req(c, "OrganizationalUnitId"), s(c, "Name")))) }),
  },
  DeleteOrganizationalUnit: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "OrganizationalUnitId"))],
    run: (c) => {
      deleteOrganizationalUnit(c.scope, c.org, req(c, "OrganizationalUnitId"));
      return undefined;
    },
  },
  ListOrganizationalUnitsForParent: {
    access: "delegated",
    resources: (c) => [targetResource(c, s(c, "ParentId"))],
    run: (c) => paged(c, "ListOrganizationalUnitsForParent", "OrganizationalUnits", listUnits(c.scope, c.org, req(c, "ParentId")), (u) => unitJson(unitView(c.scope.store, c.org, u))),
  },
  ListParents: {
    access: "delegated",
    resources: (c) => [targetResource(c, s(c, "ChildId"))],
    run: (c) => paged(c, "ListParents", "Parents", listParents(c.scope, c.org, req(c, "ChildId")), (p) => ({ Id: p.id, Type: p.type })),
  },
  ListChildren: {
    access: "delegated",
    resources: (c) => [targetResource(c, s(c, "ParentId"))],
    run: (c) => paged(c, "ListChildren", "Children", listChildren(c.scope, c.org, req(c, "ParentId"), s(c, "ChildType")), (x) => ({ Id: x.id, Type: x.type })),
  },
  CreatePolicy: {
    access: "management",
    context: (c) => typeKey(s(c, "Type")),
    run: (c) => ({ Policy: policyJson(createOrgPolicy(c.scope, c.org, { name: s(c, "Name"), description: s(c, "Description"), type: s(c, "Type"), content: s(c, "Content"), tags: tagsIn(c) })) }),
  },
  DescribePolicy: {
    access: "delegated",
    resources: (c) => [policyResource(c, s(c, "PolicyId"))],
    context: (c) => policyTypeOf(c, s(c, "PolicyId")),
    run: (c) => ({ Policy: policyJson(requireOrgPolicy(c.scope.store, c.org, req(c, "PolicyId"))) }),
  },
  UpdatePolicy: {
    access: "management",
    resources: (c) => [policyResource(c, s(c, "PolicyId"))],
    context: (c) => policyTypeOf(c, s(c, "PolicyId")),
    run: (c) => ({ Policy: policyJson(updateOrgPolicy(c.scope, c.org, req(c, "PolicyId"), { name: s(c, "Name"), description: s(c, "Description"), content: s(c, "Content") })) }),
  },
  DeletePolicy: {
    access: "management",
    resources: (c) => [policyResource(c, s(c, "PolicyId"))],
    context: (c) => policyTypeOf(c, s(c, "PolicyId")),
    run: (c) => {
      deleteOrgPolicy(c.scope, c.org, req(c, "PolicyId"));
      return undefined;
    },
  },
  ListPolicies: {
    access: "delegated",
    context: (c) => typeKey(s(c, "Filter")),
    run: (c) => paged(c, "ListPolicies", "Policies", listOrgPolicies(c.scope, c.org, s(c, "Filter")), policySummaryJson),
  },
  AttachPolicy: {
    access: "management",
    resources: (c) => [policyResource(c, s(c, "PolicyId")), targetResource(c, s(c, "TargetId"))],
    context: (c) => policyTypeOf(c, s(c, "PolicyId")),
    run: (c) => {
      attachOrgPolicy(c.scope, c.org, req(c, "PolicyId"), req(c, "TargetId"));
      return undefined;
    },
  },
  DetachPolicy: {
    access: "management",
    resources: (c) => [policyResource(c, s(c, "PolicyId")), targetResource(c, s(c, "TargetId"))],
    context: (c) => policyTypeOf(c, s(c, "PolicyId")),
    run: (c) => {
      detachOrgPolicy(c.scope, c.org, req(c, "PolicyId"), req(c, "TargetId"));
      return undefined;
    },
  },
  ListPoliciesForTarget: {
    access: "delegated",
    resources: (c) => [targetResource(c, s(c, "TargetId"))],
    context: (c) => typeKey(s(c, "Filter")),
    run: (c) => paged(c, "ListPoliciesForTarget", "Policies", listPoliciesForTarget(c.scope, c.org, req(c, "TargetId"), s(c, "Filter")), policySummaryJson),
  },
  ListTargetsForPolicy: {
    access: "delegated",
    resources: (c) => [policyResource(c, s(c, "PolicyId"))],
    context: (c) => policyTypeOf(c, s(c, "PolicyId")),
    run: (c) => paged(c, "ListTargetsForPolicy", "Targets", listTargetsForPolicy(c.scope, c.org, req(c, "PolicyId")), targetJson),
  },
  InviteAccountToOrganization: {
    access: "management",
    run: (c) => {
      const t = c.input["Target"];
      const target = typeof t === "object" && t !== null ? (t as JsonInput) : {};
      const h = inviteAccount(c.scope, c.org, { id: strMember(target, "Id"), type: strMember(target, "Type") }, s(c, "Notes"));
      return { Handshake: handshakeOut(c, { handshake: h, org: c.org }) };
    },
  },
  AcceptHandshake: {
    access: "any",
    resources: (c) => [handshakeResource(c)],
    run: (c) => ({ Handshake: handshakeOut(c, acceptHandshake(c.scope, c.accountId, s(c, "HandshakeId"))) }),
  },
  DeclineHandshake: {
    access: "any",
    resources: (c) => [handshakeResource(c)],
    run: (c) => ({ Handshake: handshakeOut(c, closeHandshake(c.scope, c.accountId, s(c, "HandshakeId"), "DECLINED")) }),
  },
  CancelHandshake: {
    access: "management",
    resources: (c) => [handshakeResource(c)],
    run: (c) => ({ Handshake: handshakeOut(c, closeHandshake(c.scope, c.accountId, s(c, "HandshakeId"), "CANCELED")) }),
  },
  DescribeHandshake: {
    access: "any",
    resources: (c) => [handshakeResource(c)],
    run: (c) => {
      const h = requireHandshake(c.scope, c.accountId, s(c, "HandshakeId"));
      return { Handshake: handshakeOut(c, { handshake: h, org: c.scope.store.getOrgEntity("organization", h.orgId) as OrganizationRecord }) };
    },
  },
  TagResource: {
    access: "management",
    resources: (c) => [resourceArn(c, s(c, "ResourceId"))],
    run: (c) => {
      tagOrgResource(c.scope, c.org, req(c, "ResourceId"), tagsMember(c.input));
      return undefined;
    },
  },
  UntagResource: {
    access: "management",
    resources: (c) => [resourceArn(c, s(c, "ResourceId"))],
    run: (c) => {
      untagOrgResource(c.scope, c.org, req(c, "ResourceId"), strListMember(c.input, "TagKeys") ?? []);
      return undefined;
    },
  },
  ListTagsForResource: {
    access: "delegated",
    resources: (c) => [resourceArn(c, s(c, "ResourceId"))],
    run: (c) => paged(c, "ListTagsForResource", "Tags", orgResourceTags(c.scope, c.org, req(c, "ResourceId")), (t) => ({ Key: t.key, Value: t.value })),
  },
  EnableAWSServiceAccess: {
    access: "management",
    run: (c) => {
      enableServiceAccess(c.scope, c.org, s(c, "ServicePrincipal"));
      return undefined;
    },
  },
  DisableAWSServiceAccess: {
    access: "management",
    run: (c) => {
      disableServiceAccess(c.scope, c.org, s(c, "ServicePrincipal"));
      return undefined;
    },
  },
  ListAWSServiceAccessForOrganization: {
    access: "delegated",
    run: (c) => paged(c, "ListAWSServiceAccessForOrganization", "EnabledServicePrincipals", listServiceAccess(c.org), (x) => ({ ServicePrincipal: x.servicePrincipal, DateEnabled: epoch(x.enabledDate) })),
  },
  RegisterDelegatedAdministrator: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "AccountId"))],
    context: (c) => servicePrincipalKey(c),
    run: (c) => {
      registerDelegatedAdministrator(c.scope, c.org, req(c, "AccountId"), s(c, "ServicePrincipal"));
      return undefined;
    },
  },
  DeregisterDelegatedAdministrator: {
    access: "management",
    resources: (c) => [targetResource(c, s(c, "AccountId"))],
    context: (c) => servicePrincipalKey(c),
    run: (c) => {
      deregisterDelegatedAdministrator(c.scope, c.org, req(c, "AccountId"), s(c, "ServicePrincipal"));
      return undefined;
    },
  },
  ListDelegatedAdministrators: {
    access: "delegated",
    context: (c) => servicePrincipalKey(c),
    run: (c) =>
      paged(c, "ListDelegatedAdministrators", "DelegatedAdministrators", listDelegatedAdministrators(c.org, s(c, "ServicePrincipal")), (d) => {
        const m = c.scope.store.getOrgEntity("member", d.accountId);
        const view = m !== undefined ? accountJson(accountView(c.scope, c.org, m)) : { Id: d.accountId };
        return { ...view, DelegationEnabledDate: epoch(d.enabledDate) };
      }),
  },
  ListDelegatedServicesForAccount: {
    access: "delegated",
    resources: (c) => [targetResource(c, s(c, "AccountId"))],
    run: (c) =>
      paged(c, "ListDelegatedServicesForAccount", "DelegatedServices", delegatedServicesForAccount(c.scope, c.org, req(c, "AccountId")), (d) => ({ ServicePrincipal: d.servicePrincipal, DelegationEnabledDate: epoch(d.enabledDate) })),
  },
  ListHandshakesForAccount: {
    access: "any",
    run: (c) => paged(c, "ListHandshakesForAccount", "Handshakes", handshakesForAccount(c.scope, c.accountId), (r) => handshakeOut(c, r)),
  },
};

function handshakeResource(c: OrgCall): string {
  const id = s(c, "HandshakeId");
  const h = id !== undefined ? c.scope.store.getOrgEntity("handshake", id) : undefined;
  const org = h !== undefined ? c.scope.store.getOrgEntity("organization", h.orgId) : undefined;
  return h !== undefined && org !== undefined ? orgArn.handshake(org.managementAccountId, org.id, h.id) : "*";
}
