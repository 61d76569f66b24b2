/**
 * @module identity/organizations
 * AWS Organizations: the organization, its root, OUs and member accounts (CreateOrganization …
 * RemoveAccountFromOrganization), CreateAccount (a real account of the world, with the
 * `OrganizationAccountAccessRole` AWS creates in it), and {@link orgContextOf}, the pure-data view
 * of an account's organization that authorization reads (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`,
 * `aws:ResourceOrgID`, SCPs and RCPs per level).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html
 */
import type { CreateAccountStatusRecord, IamTag, IdentityStore, OrganizationRecord, OrgMemberRecord, OrgPolicyType, OrgUnitRecord } from "../storage/identityPort.ts";
import { isoSeconds } from "./iamScope.ts";
import { createRole } from "./iamRoles.ts";
import { attachPolicy as attachIamPolicy } from "./iamAttachments.ts";
import { ORG_MESSAGES, OrgError, invalidInput } from "./orgError.ts";
import { newAccountId, newCreateAccountRequestId, newOrgId, newOuId, newRootId, orgArn } from "./orgIds.ts";
import { attachDefaultPolicies, attachedPolicies, checkId, containerPath, isContainer, unitChain, type OrgScope } from "./orgModel.ts";

/** @public What authorization needs to know about an account's organization. */
export interface OrgContext {
  readonly orgId: string;
  readonly orgArn?: string;
  readonly managementAccountId: string;
  /** `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths`: `o-…/r-…/ou-…/…/`, the path of the account's parent. */
  readonly paths: string[];
  /**
   * SCP document texts per level (root, each OU down, the account); every level needs an Allow and no
   * level may Deny. Empty when no SCP governs the account: SCPs not enabled, or the management account.
   */
  readonly scps: string[][];
  /** RCP document texts per level, the same way (empty when RCPs are not enabled, or for the management account). */
  readonly rcps: string[][];
}

/**
 * @public The organization context of an account, or undefined when the account is in no organization.
 * Pure data read from the store: the caller decides what to do with the policies.
 */
export function orgContextOf(store: IdentityStore, accountId: string): OrgContext | undefined {
  const m = store.getOrgEntity("member", accountId);
  const org = m !== undefined ? store.getOrgEntity("organization", m.orgId) : undefined;
  if (m === undefined || org === undefined) return undefined;
  const governed = accountId !== org.managementAccountId;
  const levels = [org.rootId, ...unitChain(store, org, m.parentId), accountId];
  const texts = (type: OrgPolicyType): string[][] =>
    governed && org.enabledPolicyTypes.includes(type) ? levels.map((t) => attachedPolicies(store, org, t, type).map((p) => p.content)) : [];
  return {
    orgId: org.id,
    orgArn: orgArn.organization(org.managementAccountId, org.id),
    managementAccountId: org.managementAccountId,
    paths: [containerPath(store, org, m.parentId)],
    scps: texts("SERVICE_CONTROL_POLICY"),
    rcps: texts("RESOURCE_CONTROL_POLICY"),
  };
}

/**
 * @public Just the organization ID and path of an account (what a principal carries for
 * `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths`), without reading any policy; undefined outside organizations.
 */
export function orgMembershipOf(store: IdentityStore, accountId: string): { readonly orgId: string; readonly paths: string[] } | undefined {
  const m = store.getOrgEntity("member", accountId);
  const org = m !== undefined ? store.getOrgEntity("organization", m.orgId) : undefined;
  return m !== undefined && org !== undefined ? { orgId: org.id, paths: [containerPath(store, org, m.parentId)] } : undefined;
}

/** @public The organization of the caller's account, or AWSOrganizationsNotInUseException. */
export function requireOrganization(store: IdentityStore, accountId: string): OrganizationRecord {
  const m = store.getOrgEntity("member", accountId);
  const org = m !== undefined ? store.getOrgEntity("organization", m.orgId) : undefined;
  if (org === undefined) throw new OrgError("AWSOrganizationsNotInUseException", ORG_MESSAGES.notInUse);
  return org;
}

/** @public CreateOrganization: the caller's account becomes the management account; ALL enables SCPs on the root. */
export function createOrganization(scope: OrgScope, managementAccountId: string, featureSet: string | undefined): OrganizationRecord {
  const fs = featureSet ?? "ALL";
  if (fs !== "ALL" && fs !== "CONSOLIDATED_BILLING") throw invalidInput("INVALID_ENUM", ORG_MESSAGES.invalidValue);
  return scope.store.transaction(() => {
    if (scope.store.getOrgEntity("member", managementAccountId) !== undefined) {
      throw new OrgError("AlreadyInOrganizationException", ORG_MESSAGES.alreadyInOrganization);
    }
    const now = isoSeconds(scope.now);
    const org: OrganizationRecord = {
      id: newOrgId(scope.random),
      rootId: newRootId(scope.random),
      managementAccountId,
      featureSet: fs,
      enabledPolicyTypes: fs === "ALL" ? ["SERVICE_CONTROL_POLICY"] : [],
      createDate: now,
    };
    scope.store.putOrgEntity("organization", org);
    scope.store.putOrgEntity("member", { accountId: managementAccountId, orgId: org.id, parentId: org.rootId, joinedMethod: "INVITED", joinedTimestamp: now, tags: [] });
    attachDefaultPolicies(scope.store, org, org.rootId);
    attachDefaultPolicies(scope.store, org, managementAccountId);
    return org;
  });
}

/** @public DeleteOrganization: only once every member but the management account has left. */
export function deleteOrganization(scope: OrgScope, org: OrganizationRecord): void {
  scope.store.transaction(() => {
    const members = scope.store.listOrgEntities("member", org.id);
    if (members.some((m) => m.accountId !== org.managementAccountId)) throw new OrgError("OrganizationNotEmptyException", ORG_MESSAGES.orgNotEmpty);
    scope.store.deleteOrganizationData(org.id);
  });
}

/** @public An account as Organizations describes it. */
export interface OrgAccountView {
  readonly id: string;
  readonly arn: string;
  readonly email: string;
  readonly name: string;
  readonly joinedMethod: "CREATED" | "INVITED";
  readonly joinedTimestamp: string;
  /** `o-…/r-…/ou-…/<account>/`. */
  readonly path: string;
}

/** @public The view of a member account. */
export function accountView(scope: Pick<OrgScope, "store" | "accounts">, org: OrganizationRecord, m: OrgMemberRecord): OrgAccountView {
  const a = scope.accounts.get(m.accountId);
  return {
    id: m.accountId,
    arn: orgArn.account(org.managementAccountId, org.id, m.accountId),
    email: a?.email ?? "",
    name: a?.name ?? m.accountId,
    joinedMethod: m.joinedMethod,
    joinedTimestamp: m.joinedTimestamp,
    path: `${containerPath(scope.store, org, m.parentId)}${m.accountId}/`,
  };
}

/** @public The member record of an account of the organization, or AccountNotFoundException. */
export function requireMember(store: IdentityStore, org: OrganizationRecord, accountId: string): OrgMemberRecord {
  checkId("account", accountId);
  const m = store.getOrgEntity("member", accountId);
  if (m === undefined || m.orgId !== org.id) throw new OrgError("AccountNotFoundException", ORG_MESSAGES.accountNotFound);
  return m;
}

/** @public The member accounts, in the order they joined. */
export function listMembers(store: IdentityStore, org: OrganizationRecord, parentId?: string): OrgMemberRecord[] {
  return store
    .listOrgEntities("member", org.id)
    .filter((m) => parentId === undefined || m.parentId === parentId)
    .sort((a, b) => a.joinedTimestamp.localeCompare(b.joinedTimestamp) || a.accountId.localeCompare(b.accountId));
}

/** @public A root or OU of the organization, or the given not-found error. */
export function requireContainer(store: IdentityStore, org: OrganizationRecord, id: string, notFound: OrgError): void {
  if (!/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(id)) throw invalidInput("INVALID_PATTERN");
  if (!isContainer(store, org, id)) throw notFound;
}

/** @public An OU as the API shows it. */
export interface OrgUnitView {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  /** `o-…/r-…/ou-…/` ending with the OU itself. */
  readonly path: string;
}

/** @public The view of an OU. */
export function unitView(store: IdentityStore, org: OrganizationRecord, ou: OrgUnitRecord): OrgUnitView {
  return { id: ou.id, arn: orgArn.ou(org.managementAccountId, org.id, ou.id), name: ou.name, path: containerPath(store, org, ou.id) };
}

/** @public The OU, or OrganizationalUnitNotFoundException. */
export function requireUnit(store: IdentityStore, org: OrganizationRecord, id: string): OrgUnitRecord {
  checkId("ou", id);
  const ou = store.getOrgEntity("unit", id);
  if (ou === undefined || ou.orgId !== org.id) throw new OrgError("OrganizationalUnitNotFoundException", ORG_MESSAGES.ouNotFound);
  return ou;
}

/** @public Deepest OU nesting AWS allows under a root (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html). */
export const MAX_OU_DEPTH = 5;

function checkUnitName(name: string | undefined): string {
  if (name === undefined || name === "") throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  if (name.length > 128) throw invalidInput("MAX_LENGTH_EXCEEDED", ORG_MESSAGES.invalidValue);
  return name;
}

/** @public CreateOrganizationalUnit: names are unique among siblings; at most five levels deep. */
export function createOrganizationalUnit(scope: OrgScope, org: OrganizationRecord, parentId: string, name: string | undefined, tags: readonly IamTag[] = []): OrgUnitRecord {
  const n = checkUnitName(name);
  return scope.store.transaction(() => {
    requireContainer(scope.store, org, parentId, new OrgError("ParentNotFoundException", ORG_MESSAGES.parentNotFound));
    if (unitChain(scope.store, org, parentId).length >= MAX_OU_DEPTH) throw new OrgError("ConstraintViolationException", ORG_MESSAGES.ouTooDeep, "OU_DEPTH_LIMIT_EXCEEDED");
    if (scope.store.listOrgEntities("unit", org.id).some((u) => u.parentId === parentId && u.name === n)) {
      throw new OrgError("DuplicateOrganizationalUnitException", ORG_MESSAGES.duplicateOu);
    }
    const ou: OrgUnitRecord = { id: newOuId(scope.random, org.rootId), orgId: org.id, name: n, parentId, tags: [...tags] };
    scope.store.putOrgEntity("unit", ou);
    attachDefaultPolicies(scope.store, org, ou.id);
    return ou;
  });
}

/** @public UpdateOrganizationalUnit: renames. */
export function renameOrganizationalUnit(scope: OrgScope, org: OrganizationRecord, id: string, name: string | undefined): OrgUnitRecord {
  return scope.store.transaction(() => {
    const ou = requireUnit(scope.store, org, id);
    if (name === undefined) return ou;
    const n = checkUnitName(name);
    if (scope.store.listOrgEntities("unit", org.id).some((u) => u.parentId === ou.parentId && u.name === n && u.id !== ou.id)) {
      throw new OrgError("DuplicateOrganizationalUnitException", ORG_MESSAGES.duplicateOu);
    }
    const renamed = { ...ou, name: n };
    scope.store.putOrgEntity("unit", renamed);
    return renamed;
  });
}

/** @public DeleteOrganizationalUnit: only an empty OU (no accounts, no child OUs); its attachments go with it. */
export function deleteOrganizationalUnit(scope: OrgScope, org: OrganizationRecord, id: string): void {
  scope.store.transaction(() => {
    const ou = requireUnit(scope.store, org, id);
    const hasChildren = scope.store.listOrgEntities("unit", org.id).some((u) => u.parentId === ou.id) || scope.store.listOrgEntities("member", org.id).some((m) => m.parentId === ou.id);
    if (hasChildren) throw new OrgError("OrganizationalUnitNotEmptyException", ORG_MESSAGES.ouNotEmpty);
    for (const a of scope.store.listOrgAttachments(org.id, { targetId: ou.id })) scope.store.detachOrgPolicy(a);
    scope.store.deleteOrgEntity("unit", ou.id);
  });
}

/** @public The OUs directly under a root or OU, ordered by ID. */
export function listUnits(scope: OrgScope, org: OrganizationRecord, parentId: string): OrgUnitRecord[] {
  requireContainer(scope.store, org, parentId, new OrgError("ParentNotFoundException", ORG_MESSAGES.parentNotFound));
  return scope.store.listOrgEntities("unit", org.id).filter((u) => u.parentId === parentId);
}

/** @public ListChildren. */
export function listChildren(scope: OrgScope, org: OrganizationRecord, parentId: string, childType: string | undefined): { id: string; type: "ACCOUNT" | "ORGANIZATIONAL_UNIT" }[] {
  if (childType !== "ACCOUNT" && childType !== "ORGANIZATIONAL_UNIT") throw invalidInput("INVALID_ENUM", ORG_MESSAGES.invalidValue);
  requireContainer(scope.store, org, parentId, new OrgError("ParentNotFoundException", ORG_MESSAGES.parentNotFound));
  if (childType === "ACCOUNT") return listMembers(scope.store, org, parentId).map((m) => ({ id: m.accountId, type: childType }));
  return listUnits(scope, org, parentId).map((u) => ({ id: u.id, type: childType }));
}

/** @public ListParents: the one parent of an account or OU. */
export function listParents(scope: OrgScope, org: OrganizationRecord, childId: string): { id: string; type: "ROOT" | "ORGANIZATIONAL_UNIT" }[] {
  if (!/^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(childId)) throw invalidInput("INVALID_PATTERN");
  const child = /^\d{12}$/.test(childId) ? scope.store.getOrgEntity("member", childId) : scope.store.getOrgEntity("unit", childId);
  const parentId = child !== undefined && child.orgId === org.id ? child.parentId : undefined;
  if (parentId === undefined) throw new OrgError("ChildNotFoundException", ORG_MESSAGES.childNotFound);
  return [{ id: parentId, type: parentId === org.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }];
}

/** @public MoveAccount from its current parent to another root or OU. */
export function moveAccount(scope: OrgScope, org: OrganizationRecord, p: { accountId: string; sourceParentId: string; destinationParentId: string }): void {
  scope.store.transaction(() => {
    checkId("account", p.accountId);
    requireContainer(scope.store, org, p.sourceParentId, new OrgError("SourceParentNotFoundException", ORG_MESSAGES.sourceParentNotFound));
    requireContainer(scope.store, org, p.destinationParentId, new OrgError("DestinationParentNotFoundException", ORG_MESSAGES.destinationParentNotFound));
    const m = requireMember(scope.store, org, p.accountId);
    if (m.parentId !== p.sourceParentId) throw new OrgError("AccountNotFoundException", ORG_MESSAGES.accountNotFound);
    if (p.destinationParentId === m.parentId) throw new OrgError("DuplicateAccountException", ORG_MESSAGES.duplicateAccount);
    scope.store.putOrgEntity("member", { ...m, parentId: p.destinationParentId });
  });
}

/** @public Takes an account out of the organization with its attachments (RemoveAccountFromOrganization, LeaveOrganization). */
export function removeMember(scope: OrgScope, org: OrganizationRecord, accountId: string): void {
  scope.store.transaction(() => {
    const m = requireMember(scope.store, org, accountId);
    if (m.accountId === org.managementAccountId) throw new OrgError("MasterCannotLeaveOrganizationException", ORG_MESSAGES.managementCannotLeave);
    for (const a of scope.store.listOrgAttachments(org.id, { targetId: accountId })) scope.store.detachOrgPolicy(a);
    scope.store.deleteOrgEntity("member", accountId);
  });
}

/** @public Adds an existing account to the organization under the root (the end of an accepted invitation). */
export function addMember(scope: OrgScope, org: OrganizationRecord, accountId: string, joinedMethod: "CREATED" | "INVITED", tags: readonly IamTag[] = []): OrgMemberRecord {
  return scope.store.transaction(() => {
    if (scope.store.getOrgEntity("member", accountId) !== undefined) throw new OrgError("AlreadyInOrganizationException", ORG_MESSAGES.alreadyInOrganization);
    const m: OrgMemberRecord = { accountId, orgId: org.id, parentId: org.rootId, joinedMethod, joinedTimestamp: isoSeconds(scope.now), tags: [...tags] };
    scope.store.putOrgEntity("member", m);
    attachDefaultPolicies(scope.store, org, accountId);
    return m;
  });
}

/** @public CreateAccount parameters. */
export interface CreateAccountInput {
  readonly email: string | undefined;
  readonly accountName: string | undefined;
  readonly roleName?: string | undefined;
  readonly iamUserAccessToBilling?: string | undefined;
  readonly tags?: readonly IamTag[];
}

/** @public The trust policy of the role CreateAccount puts in the new account: the management account's root. */
export function accessRoleTrustPolicy(managementAccountId: string): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` }, Action: "sts:AssumeRole" }] });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * @public CreateAccount. AWS answers IN_PROGRESS and completes in the background; crossbucket creates
 * the account at once (persisted, with its canonical user ID and the access role trusting the
 * management account, AdministratorAccess attached), so the first DescribeCreateAccountStatus shows
 * SUCCEEDED. An email already used by an account answers FAILED / EMAIL_ALREADY_EXISTS there, as AWS does.
 * Returns the status as CreateAccount shows it.
 */
export function createAccount(scope: OrgScope, org: OrganizationRecord, p: CreateAccountInput): CreateAccountStatusRecord {
  const email = p.email ?? "";
  const name = p.accountName ?? "";
  if (email === "" || name === "") throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  if (email.length < 6 || email.length > 64 || !EMAIL.test(email)) throw invalidInput("INVALID_EMAIL_ADDRESS_TARGET", ORG_MESSAGES.invalidPattern);
  if (name.length > 50 || !/^[\u0020-\u007E]+$/.test(name)) throw invalidInput("INVALID_PATTERN");
  const roleName = p.roleName ?? "OrganizationAccountAccessRole";
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw invalidInput("INVALID_ROLE_NAME", ORG_MESSAGES.invalidPattern);
  if (p.iamUserAccessToBilling !== undefined && p.iamUserAccessToBilling !== "ALLOW" && p.iamUserAccessToBilling !== "DENY") {
    throw invalidInput("INVALID_ENUM", ORG_MESSAGES.invalidValue);
  }
  return scope.store.transaction(() => {
    const now = isoSeconds(scope.now);
    const id = newCreateAccountRequestId(scope.random);
    const requested: CreateAccountStatusRecord = { id, orgId: org.id, accountName: name, state: "IN_PROGRESS", requestedTimestamp: now };
    const taken = scope.accounts.list().some((a) => a.email.toLowerCase() === email.toLowerCase());
    if (taken) {
      scope.store.putOrgEntity("createAccountStatus", { ...requested, state: "FAILED", completedTimestamp: now, failureReason: "EMAIL_ALREADY_EXISTS" });
      return requested;
    }
    let accountId = newAccountId(scope.random);
    while (scope.accounts.get(accountId) !== undefined) accountId = newAccountId(scope.random);
    scope.accounts.register({ id: accountId, name, email }, now);
    const iam = { store: scope.store, accountId, now: scope.now, random: scope.random };
    createRole(iam, { roleName, assumeRolePolicyDocument: accessRoleTrustPolicy(org.managementAccountId) });
    attachIamPolicy(iam, "role", roleName, "arn:aws:iam::aws:policy/AdministratorAccess");
    addMember(scope, org, accountId, "CREATED", p.tags ?? []);
    scope.store.putOrgEntity("createAccountStatus", { ...requested, state: "SUCCEEDED", completedTimestamp: now, accountId });
    return requested;
  });
}

/** @public DescribeCreateAccountStatus. */
export function describeCreateAccountStatus(scope: OrgScope, org: OrganizationRecord, requestId: string): CreateAccountStatusRecord {
  checkId("createAccountRequest", requestId);
  const s = scope.store.getOrgEntity("createAccountStatus", requestId);
  if (s === undefined || s.orgId !== org.id) throw new OrgError("CreateAccountStatusNotFoundException", ORG_MESSAGES.createAccountStatusNotFound);
  return s;
}

/** @public ListCreateAccountStatus, optionally only some states, oldest first. */
export function listCreateAccountStatus(scope: OrgScope, org: OrganizationRecord, states: readonly string[] | undefined): CreateAccountStatusRecord[] {
  for (const s of states ?? []) if (s !== "IN_PROGRESS" && s !== "SUCCEEDED" && s !== "FAILED") throw invalidInput("INVALID_ENUM", ORG_MESSAGES.invalidValue);
  return scope.store
    .listOrgEntities("createAccountStatus", org.id)
    .filter((s) => states === undefined || states.length === 0 || states.includes(s.state))
    .sort((a, b) => a.requestedTimestamp.localeCompare(b.requestedTimestamp) || a.id.localeCompare(b.id));
}
