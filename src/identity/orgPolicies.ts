/**
 * @module identity/orgPolicies
 * Organization policies: service control policies and resource control policies, their documents
 * (validated as the `scp`/`rcp` policy kinds, size-limited), attachments to the root, OUs and accounts,
 * and the policy types enabled on the root (enabling attaches the AWS managed default everywhere,
 * disabling detaches every policy of the type; every target keeps at least one SCP; `RCPFullAWSAccess`
 * cannot be detached).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
import { parsePolicy } from "../policy/index.ts";
import type { IamTag, OrganizationRecord, OrgPolicyRecord, OrgPolicyType } from "../storage/identityPort.ts";
import { ORG_MESSAGES, OrgError, invalidInput } from "./orgError.ts";
import { newPolicyId, orgArn, targetKind } from "./orgIds.ts";
import {
  API_POLICY_TYPES,
  AWS_MANAGED_ORG_POLICIES,
  ORG_POLICY_TYPES,
  attachedPolicies,
  defaultPolicyId,
  isTarget,
  policyView,
  requireOrgPolicy,
  targetArn,
  targetName,
  type OrgPolicyView,
  type OrgScope,
} from "./orgModel.ts";

/**
 * @public Largest policy document per type, in characters (all characters count). SCPs: 10,240 since
 * 15 May 2026 (5,120 before; https://aws.amazon.com/about-aws/whats-new/2026/05/aws-organizations-increased-scp-quotas/);
 * RCPs: 5,120.
 */
export const MAX_POLICY_SIZE: Readonly<Record<OrgPolicyType, number>> = { SERVICE_CONTROL_POLICY: 10240, RESOURCE_CONTROL_POLICY: 5120 };

/** @public Most policies of a type attached directly to one root, OU or account (SCPs: 10 since 15 May 2026; RCPs: 5). */
export const MAX_ATTACHED: Readonly<Record<OrgPolicyType, number>> = { SERVICE_CONTROL_POLICY: 10, RESOURCE_CONTROL_POLICY: 5 };

/**
 * @public Reads a PolicyType parameter: InvalidInputException outside the API's enum;
 * PolicyTypeNotAvailableForOrganizationException for a type AWS has but crossbucket does not serve.
 */
export function checkPolicyType(value: string | undefined): OrgPolicyType {
  if (value === undefined || value === "") throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  if (!API_POLICY_TYPES.has(value)) throw invalidInput("INVALID_ENUM_POLICY_TYPE", ORG_MESSAGES.invalidValue);
  if (!(ORG_POLICY_TYPES as readonly string[]).includes(value)) {
    throw new OrgError("PolicyTypeNotAvailableForOrganizationException", `crossbucket serves ${ORG_POLICY_TYPES.join(" and ")} only; ${value} is not available.`);
  }
  return value as OrgPolicyType;
}

/** @public Validates a policy document for its type: size first, then the `scp`/`rcp` rules of the policy language. */
export function checkPolicyContent(content: string | undefined, type: OrgPolicyType): string {
  if (content === undefined || content === "") throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  if (content.length > MAX_POLICY_SIZE[type]) throw new OrgError("ConstraintViolationException", ORG_MESSAGES.policyTooLarge, "POLICY_CONTENT_LIMIT_EXCEEDED");
  const parsed = parsePolicy(content, type === "SERVICE_CONTROL_POLICY" ? "scp" : "rcp");
  if (parsed.policy === undefined || parsed.errors.length > 0) throw new OrgError("MalformedPolicyDocumentException", ORG_MESSAGES.malformedPolicy);
  return content;
}

function checkName(name: string | undefined): string {
  if (name === undefined || name === "") throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  if (name.length > 128) throw invalidInput("MAX_LENGTH_EXCEEDED", ORG_MESSAGES.invalidValue);
  return name;
}

function checkDescription(d: string): string {
  if (d.length > 512) throw invalidInput("MAX_LENGTH_EXCEEDED", ORG_MESSAGES.invalidValue);
  return d;
}

function requireAvailable(org: OrganizationRecord): void {
  if (org.featureSet !== "ALL") throw new OrgError("PolicyTypeNotAvailableForOrganizationException", ORG_MESSAGES.policyTypeNotAvailable);
}

function nameTaken(scope: OrgScope, org: OrganizationRecord, type: OrgPolicyType, name: string, except?: string): boolean {
  if ([...AWS_MANAGED_ORG_POLICIES.values()].some((p) => p.type === type && p.name === name)) return true;
  return scope.store.listOrgEntities("policy", org.id).some((p) => p.type === type && p.name === name && p.id !== except);
}

/** @public CreatePolicy parameters. */
export interface CreateOrgPolicyInput {
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly type: string | undefined;
  readonly content: string | undefined;
  readonly tags?: readonly IamTag[];
}

/** @public CreatePolicy. */
export function createOrgPolicy(scope: OrgScope, org: OrganizationRecord, p: CreateOrgPolicyInput): OrgPolicyView {
  const name = checkName(p.name);
  if (p.description === undefined) throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  const description = checkDescription(p.description);
  const type = checkPolicyType(p.type);
  requireAvailable(org);
  const content = checkPolicyContent(p.content, type);
  return scope.store.transaction(() => {
    if (nameTaken(scope, org, type, name)) throw new OrgError("DuplicatePolicyException", ORG_MESSAGES.duplicatePolicy);
    const record: OrgPolicyRecord = { id: newPolicyId(scope.random), orgId: org.id, type, name, description, content, tags: [...(p.tags ?? [])] };
    scope.store.putOrgEntity("policy", record);
    return policyView(org, record);
  });
}

function requireCustomer(scope: OrgScope, org: OrganizationRecord, policyId: string): OrgPolicyRecord {
  const view = requireOrgPolicy(scope.store, org, policyId);
  if (view.awsManaged) throw invalidInput("IMMUTABLE_POLICY", ORG_MESSAGES.immutablePolicy);
  return scope.store.getOrgEntity("policy", policyId) as OrgPolicyRecord;
}

/** @public UpdatePolicy: name, description and content; AWS managed policies are immutable. */
export function updateOrgPolicy(scope: OrgScope, org: OrganizationRecord, policyId: string, p: { name?: string | undefined; description?: string | undefined; content?: string | undefined }): OrgPolicyView {
  return scope.store.transaction(() => {
    const current = requireCustomer(scope, org, policyId);
    const name = p.name !== undefined ? checkName(p.name) : current.name;
    const description = p.description !== undefined ? checkDescription(p.description) : current.description;
    const content = p.content !== undefined ? checkPolicyContent(p.content, current.type) : current.content;
    if (name !== current.name && nameTaken(scope, org, current.type, name, current.id)) throw new OrgError("DuplicatePolicyException", ORG_MESSAGES.duplicatePolicy);
    const updated = { ...current, name, description, content };
    scope.store.putOrgEntity("policy", updated);
    return policyView(org, updated);
  });
}

/** @public DeletePolicy: only a customer policy attached nowhere. */
export function deleteOrgPolicy(scope: OrgScope, org: OrganizationRecord, policyId: string): void {
  scope.store.transaction(() => {
    const p = requireCustomer(scope, org, policyId);
    if (scope.store.listOrgAttachments(org.id, { policyId: p.id }).length > 0) throw new OrgError("PolicyInUseException", ORG_MESSAGES.policyInUse);
    scope.store.deleteOrgEntity("policy", p.id);
  });
}

/** @public ListPolicies of a type: the AWS managed one, then the organization's, by name. */
export function listOrgPolicies(scope: OrgScope, org: OrganizationRecord, filter: string | undefined): OrgPolicyView[] {
  const type = checkPolicyType(filter);
  const own = scope.store
    .listOrgEntities("policy", org.id)
    .filter((p) => p.type === type)
    .map((p) => policyView(org, p))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return [...[...AWS_MANAGED_ORG_POLICIES.values()].filter((p) => p.type === type), ...own];
}

function requireTarget(scope: OrgScope, org: OrganizationRecord, targetId: string): void {
  if (targetKind(targetId) === undefined) throw invalidInput("INVALID_PATTERN_TARGET_ID");
  if (!isTarget(scope.store, org, targetId)) throw new OrgError("TargetNotFoundException", ORG_MESSAGES.targetNotFound);
}

/** @public AttachPolicy. */
export function attachOrgPolicy(scope: OrgScope, org: OrganizationRecord, policyId: string, targetId: string): void {
  scope.store.transaction(() => {
    const policy = requireOrgPolicy(scope.store, org, policyId);
    requireTarget(scope, org, targetId);
    if (!org.enabledPolicyTypes.includes(policy.type)) throw new OrgError("PolicyTypeNotEnabledException", ORG_MESSAGES.policyTypeNotEnabled);
    const attached = attachedPolicies(scope.store, org, targetId, policy.type);
    if (attached.some((p) => p.id === policy.id)) throw new OrgError("DuplicatePolicyAttachmentException", ORG_MESSAGES.duplicateAttachment);
    if (attached.length >= MAX_ATTACHED[policy.type]) throw new OrgError("ConstraintViolationException", ORG_MESSAGES.tooManyPolicies, "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
    scope.store.attachOrgPolicy({ orgId: org.id, policyId: policy.id, targetId });
  });
}

/** @public DetachPolicy: not `RCPFullAWSAccess`, and never a target's last SCP. */
export function detachOrgPolicy(scope: OrgScope, org: OrganizationRecord, policyId: string, targetId: string): void {
  scope.store.transaction(() => {
    const policy = requireOrgPolicy(scope.store, org, policyId);
    requireTarget(scope, org, targetId);
    if (policy.id === "p-RCPFullAWSAccess") throw invalidInput("NON_DETACHABLE_POLICY", ORG_MESSAGES.nonDetachablePolicy);
    const attached = attachedPolicies(scope.store, org, targetId, policy.type);
    if (!attached.some((p) => p.id === policy.id)) throw new OrgError("PolicyNotAttachedException", ORG_MESSAGES.policyNotAttached);
    if (policy.type === "SERVICE_CONTROL_POLICY" && attached.length === 1) {
      throw new OrgError("ConstraintViolationException", ORG_MESSAGES.lastPolicy, "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
    }
    scope.store.detachOrgPolicy({ orgId: org.id, policyId: policy.id, targetId });
  });
}

/** @public ListPoliciesForTarget: the policies of a type attached directly to a root, OU or account. */
export function listPoliciesForTarget(scope: OrgScope, org: OrganizationRecord, targetId: string, filter: string | undefined): OrgPolicyView[] {
  requireTarget(scope, org, targetId);
  return attachedPolicies(scope.store, org, targetId, checkPolicyType(filter));
}

/** @public A target as ListTargetsForPolicy shows it. */
export interface OrgTargetView {
  readonly targetId: string;
  readonly arn: string;
  readonly name: string;
  readonly type: "ROOT" | "ORGANIZATIONAL_UNIT" | "ACCOUNT";
}

/** @public ListTargetsForPolicy, in attachment order. */
export function listTargetsForPolicy(scope: OrgScope, org: OrganizationRecord, policyId: string): OrgTargetView[] {
  const policy = requireOrgPolicy(scope.store, org, policyId);
  return scope.store.listOrgAttachments(org.id, { policyId: policy.id }).map((a) => ({
    targetId: a.targetId,
    arn: targetArn(org, a.targetId),
    name: targetName(scope, org, a.targetId),
    type: targetKind(a.targetId) ?? "ACCOUNT",
  }));
}

/** @public A root as ListRoots shows it. */
export interface OrgRootView {
  readonly id: string;
  readonly arn: string;
  readonly name: "Root";
  readonly policyTypes: readonly { readonly type: OrgPolicyType; readonly status: "ENABLED" }[];
}

/** @public The view of the organization's root. */
export function rootView(org: OrganizationRecord): OrgRootView {
  return { id: org.rootId, arn: orgArn.root(org.managementAccountId, org.id, org.rootId), name: "Root", policyTypes: org.enabledPolicyTypes.map((type) => ({ type, status: "ENABLED" as const })) };
}

function requireRoot(org: OrganizationRecord, rootId: string | undefined): void {
  if (rootId === undefined || rootId === "") throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  if (!/^r-[0-9a-z]{4,32}$/.test(rootId)) throw invalidInput("INVALID_PATTERN");
  if (rootId !== org.rootId) throw new OrgError("RootNotFoundException", ORG_MESSAGES.rootNotFound);
}

/** @public EnablePolicyType: attaches the type's AWS managed policy to the root, every OU and every account. */
export function enablePolicyType(scope: OrgScope, org: OrganizationRecord, rootId: string | undefined, value: string | undefined): OrganizationRecord {
  requireRoot(org, rootId);
  const type = checkPolicyType(value);
  requireAvailable(org);
  return scope.store.transaction(() => {
    const current = scope.store.getOrgEntity("organization", org.id) ?? org;
    if (current.enabledPolicyTypes.includes(type)) throw new OrgError("PolicyTypeAlreadyEnabledException", ORG_MESSAGES.policyTypeAlreadyEnabled);
    const updated: OrganizationRecord = { ...current, enabledPolicyTypes: [...current.enabledPolicyTypes, type] };
    scope.store.putOrgEntity("organization", updated);
    const policyId = defaultPolicyId(type);
    const targets = [updated.rootId, ...scope.store.listOrgEntities("unit", org.id).map((u) => u.id), ...scope.store.listOrgEntities("member", org.id).map((m) => m.accountId)];
    for (const targetId of targets) scope.store.attachOrgPolicy({ orgId: org.id, policyId, targetId });
    return updated;
  });
}

/** @public DisablePolicyType: detaches every policy of the type (the policies themselves stay). */
export function disablePolicyType(scope: OrgScope, org: OrganizationRecord, rootId: string | undefined, value: string | undefined): OrganizationRecord {
  requireRoot(org, rootId);
  const type = checkPolicyType(value);
  return scope.store.transaction(() => {
    const current = scope.store.getOrgEntity("organization", org.id) ?? org;
    if (!current.enabledPolicyTypes.includes(type)) throw new OrgError("PolicyTypeNotEnabledException", ORG_MESSAGES.policyTypeNotEnabled);
    const updated: OrganizationRecord = { ...current, enabledPolicyTypes: current.enabledPolicyTypes.filter((t) => t !== type) };
    scope.store.putOrgEntity("organization", updated);
    for (const a of scope.store.listOrgAttachments(org.id)) {
      const p = AWS_MANAGED_ORG_POLICIES.get(a.policyId) ?? scope.store.getOrgEntity("policy", a.policyId);
      if (p === undefined || p.type === type) scope.store.detachOrgPolicy(a);
    }
    return updated;
  });
}
