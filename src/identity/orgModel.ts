/**
 * @module identity/orgModel
 * What every AWS Organizations operation works with: the scope (store, account registry, time,
 * randomness), the AWS managed policies `FullAWSAccess` and `RCPFullAWSAccess`, the look-ups of roots,
 * OUs, members and policies within one organization, paths (`o-…/r-…/ou-…/`) and the default
 * attachments AWS makes when a policy type is enabled or an OU or account joins
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html).
 */
import type { IdentityStore, OrganizationRecord, OrgPolicyRecord, OrgPolicyType } from "../storage/identityPort.ts";
import type { Account } from "./accounts.ts";
import type { RandomBytes } from "./iamIds.ts";
import { ORG_MESSAGES, OrgError, invalidInput } from "./orgError.ts";
import { ORG_ID_PATTERNS, orgArn } from "./orgIds.ts";

/** @public The accounts Organizations sees: the world's and those it created; `register` persists a new one. */
export interface AccountRegistry {
  get(accountId: string): Account | undefined;
  list(): Account[];
  register(account: { readonly id: string; readonly name: string; readonly email: string }, createDate: string): Account;
}

/** @public The context of one Organizations call. */
export interface OrgScope {
  readonly store: IdentityStore;
  readonly accounts: AccountRegistry;
  readonly now: Date;
  readonly random: RandomBytes;
}

/** @public A policy as the API shows it (customer-managed or AWS managed). */
export interface OrgPolicyView {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly type: OrgPolicyType;
  readonly awsManaged: boolean;
  readonly content: string;
}

/** @public The policy types crossbucket serves. */
export const ORG_POLICY_TYPES: readonly OrgPolicyType[] = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"];

/** @public Every value of the API's PolicyType enum (the others are valid input crossbucket cannot serve). */
export const API_POLICY_TYPES: ReadonlySet<string> = new Set([
  "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY",
  "DECLARATIVE_POLICY_EC2", "SECURITYHUB_POLICY", "INSPECTOR_POLICY", "UPGRADE_ROLLOUT_POLICY", "BEDROCK_POLICY", "S3_POLICY",
  "NETWORK_SECURITY_DIRECTOR_POLICY",
]);

const MANAGED: readonly Omit<OrgPolicyView, "arn">[] = [
  {
    id: "p-FullAWSAccess",
    name: "FullAWSAccess",
    description: "Allows access to every operation",
    type: "SERVICE_CONTROL_POLICY",
    awsManaged: true,
    content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
  },
  {
    id: "p-RCPFullAWSAccess",
    name: "RCPFullAWSAccess",
    description: "Allows access to every operation",
    type: "RESOURCE_CONTROL_POLICY",
    awsManaged: true,
    content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }),
  },
];

/** @public The AWS managed organization policies by ID. */
export const AWS_MANAGED_ORG_POLICIES: ReadonlyMap<string, OrgPolicyView> = new Map(MANAGED.map((p) => [p.id, { ...p, arn: orgArn.awsPolicy(p.type, p.id) }]));

/** @public The AWS managed policy attached everywhere when a policy type is enabled. */
export function defaultPolicyId(type: OrgPolicyType): string {
  return type === "SERVICE_CONTROL_POLICY" ? "p-FullAWSAccess" : "p-RCPFullAWSAccess";
}

/** @public The organization an account belongs to, if any. */
export function organizationOfAccount(store: IdentityStore, accountId: string): OrganizationRecord | undefined {
  const m = store.getOrgEntity("member", accountId);
  return m !== undefined ? store.getOrgEntity("organization", m.orgId) : undefined;
}

/** @public A customer policy as the API shows it. */
export function policyView(org: OrganizationRecord, p: OrgPolicyRecord): OrgPolicyView {
  return { id: p.id, arn: orgArn.policy(org.managementAccountId, org.id, p.type, p.id), name: p.name, description: p.description, type: p.type, awsManaged: false, content: p.content };
}

/** @public A policy visible in the organization (AWS managed or its own), by ID. */
export function findOrgPolicy(store: IdentityStore, org: OrganizationRecord, policyId: string): OrgPolicyView | undefined {
  const managed = AWS_MANAGED_ORG_POLICIES.get(policyId);
  if (managed !== undefined) return managed;
  const p = store.getOrgEntity("policy", policyId);
  return p !== undefined && p.orgId === org.id ? policyView(org, p) : undefined;
}

/** @public The policy, or PolicyNotFoundException (InvalidInputException for an ID of the wrong shape). */
export function requireOrgPolicy(store: IdentityStore, org: OrganizationRecord, policyId: string): OrgPolicyView {
  checkId("policy", policyId);
  const p = findOrgPolicy(store, org, policyId);
  if (p === undefined) throw new OrgError("PolicyNotFoundException", ORG_MESSAGES.policyNotFound);
  return p;
}

/** @public Fails with InvalidInputException unless `value` has the shape of the ID kind. */
export function checkId(kind: keyof typeof ORG_ID_PATTERNS, value: string): void {
  if (!ORG_ID_PATTERNS[kind].test(value)) throw invalidInput("INVALID_PATTERN");
}

/** @public Whether `id` is the organization's root or one of its OUs. */
export function isContainer(store: IdentityStore, org: OrganizationRecord, id: string): boolean {
  if (id === org.rootId) return true;
  const ou = store.getOrgEntity("unit", id);
  return ou !== undefined && ou.orgId === org.id;
}

/** @public Whether `id` is the root, an OU or a member account of the organization. */
export function isTarget(store: IdentityStore, org: OrganizationRecord, id: string): boolean {
  if (isContainer(store, org, id)) return true;
  const m = store.getOrgEntity("member", id);
  return m !== undefined && m.orgId === org.id;
}

/** @public The OUs from the root down to `parentId` (empty for the root itself). */
export function unitChain(store: IdentityStore, org: OrganizationRecord, parentId: string): string[] {
  const chain: string[] = [];
  let id = parentId;
  while (id !== org.rootId) {
    const ou = store.getOrgEntity("unit", id);
    if (ou === undefined || ou.orgId !== org.id || chain.includes(id)) break;
    chain.unshift(id);
    id = ou.parentId;
  }
  return chain;
}

/** @public The `aws:PrincipalOrgPaths` form of a container's path: `o-…/r-…/ou-…/…/` (ends with `/`). */
export function containerPath(store: IdentityStore, org: OrganizationRecord, parentId: string): string {
  return `${org.id}/${org.rootId}/${unitChain(store, org, parentId).map((u) => `${u}/`).join("")}`;
}

/** @public The name a target shows in ListTargetsForPolicy: `Root`, the OU's or the account's name. */
export function targetName(scope: Pick<OrgScope, "store" | "accounts">, org: OrganizationRecord, id: string): string {
  if (id === org.rootId) return "Root";
  const ou = scope.store.getOrgEntity("unit", id);
  if (ou !== undefined) return ou.name;
  return scope.accounts.get(id)?.name ?? id;
}

/** @public The ARN of a root, OU or account of the organization. */
export function targetArn(org: OrganizationRecord, id: string): string {
  const m = org.managementAccountId;
  if (id === org.rootId || ORG_ID_PATTERNS.root.test(id)) return orgArn.root(m, org.id, id);
  if (ORG_ID_PATTERNS.ou.test(id)) return orgArn.ou(m, org.id, id);
  return orgArn.account(m, org.id, id);
}

/** @public Attaches the AWS managed default policy of every enabled type to a new OU or member account. */
export function attachDefaultPolicies(store: IdentityStore, org: OrganizationRecord, targetId: string): void {
  for (const type of org.enabledPolicyTypes) store.attachOrgPolicy({ orgId: org.id, policyId: defaultPolicyId(type), targetId });
}

/** @public The policies of one type attached directly to a target, in attachment order. */
export function attachedPolicies(store: IdentityStore, org: OrganizationRecord, targetId: string, type: OrgPolicyType): OrgPolicyView[] {
  const out: OrgPolicyView[] = [];
  for (const a of store.listOrgAttachments(org.id, { targetId })) {
    const p = findOrgPolicy(store, org, a.policyId);
    if (p !== undefined && p.type === type) out.push(p);
  }
  return out;
}
