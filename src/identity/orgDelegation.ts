/**
 * @module identity/orgDelegation
 * Trusted service access (EnableAWSServiceAccess, DisableAWSServiceAccess,
 * ListAWSServiceAccessForOrganization) and delegated administrators (RegisterDelegatedAdministrator,
 * DeregisterDelegatedAdministrator, ListDelegatedAdministrators, ListDelegatedServicesForAccount). A
 * member account registered for any service may call Organizations' read-only operations
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_delegated_admin.html,
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html).
 */
import type { OrganizationRecord } from "../storage/identityPort.ts";
import { isoSeconds } from "./iamScope.ts";
import { ORG_MESSAGES, OrgError, invalidInput } from "./orgError.ts";
import { checkId, type OrgScope } from "./orgModel.ts";
import { requireMember } from "./organizations.ts";

/** Service principals are DNS names of AWS services (`config.amazonaws.com`, `sso.amazonaws.com` …). */
const SERVICE_PRINCIPAL = /^[\w+=,.@-]+\.amazonaws\.com(\.cn)?$/;

function checkServicePrincipal(value: string | undefined): string {
  if (value === undefined || value === "") throw invalidInput("INPUT_REQUIRED", "You must include a value for all required parameters.");
  if (value.length > 128) throw invalidInput("MAX_LENGTH_EXCEEDED", ORG_MESSAGES.tooLong);
  if (!SERVICE_PRINCIPAL.test(value)) throw invalidInput("UNRECOGNIZED_SERVICE_PRINCIPAL", ORG_MESSAGES.unrecognizedServicePrincipal);
  return value;
}

function current(scope: OrgScope, org: OrganizationRecord): OrganizationRecord {
  return scope.store.getOrgEntity("organization", org.id) ?? org;
}

/** @public Whether an account is a delegated administrator for any service of its organization. */
export function isDelegatedAdministrator(org: OrganizationRecord, accountId: string): boolean {
  return (org.delegatedAdministrators ?? []).some((d) => d.accountId === accountId);
}

/** @public EnableAWSServiceAccess (idempotent). */
export function enableServiceAccess(scope: OrgScope, org: OrganizationRecord, servicePrincipal: string | undefined): void {
  const sp = checkServicePrincipal(servicePrincipal);
  scope.store.transaction(() => {
    const o = current(scope, org);
    if ((o.serviceAccess ?? []).some((s) => s.servicePrincipal === sp)) return;
    scope.store.putOrgEntity("organization", { ...o, serviceAccess: [...(o.serviceAccess ?? []), { servicePrincipal: sp, enabledDate: isoSeconds(scope.now) }] });
  });
}

/** @public DisableAWSServiceAccess (idempotent). */
export function disableServiceAccess(scope: OrgScope, org: OrganizationRecord, servicePrincipal: string | undefined): void {
  const sp = checkServicePrincipal(servicePrincipal);
  scope.store.transaction(() => {
    const o = current(scope, org);
    scope.store.putOrgEntity("organization", { ...o, serviceAccess: (o.serviceAccess ?? []).filter((s) => s.servicePrincipal !== sp) });
  });
}

/** @public ListAWSServiceAccessForOrganization. */
export function listServiceAccess(org: OrganizationRecord): readonly { servicePrincipal: string; enabledDate: string }[] {
  return org.serviceAccess ?? [];
}

/** @public RegisterDelegatedAdministrator: a member account (not the management account) for a service with trusted access. */
export function registerDelegatedAdministrator(scope: OrgScope, org: OrganizationRecord, accountId: string, servicePrincipal: string | undefined): void {
  checkId("account", accountId);
  const sp = checkServicePrincipal(servicePrincipal);
  scope.store.transaction(() => {
    const o = current(scope, org);
    requireMember(scope.store, o, accountId);
    if (accountId === o.managementAccountId) throw new OrgError("ConstraintViolationException", ORG_MESSAGES.cannotRegisterManagement, "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR");
    if (!(o.serviceAccess ?? []).some((s) => s.servicePrincipal === sp)) throw new OrgError("ConstraintViolationException", ORG_MESSAGES.serviceAccessNotEnabled, "SERVICE_ACCESS_NOT_ENABLED");
    const list = o.delegatedAdministrators ?? [];
    if (list.some((d) => d.accountId === accountId && d.servicePrincipal === sp)) throw new OrgError("AccountAlreadyRegisteredException", ORG_MESSAGES.accountAlreadyRegistered);
    scope.store.putOrgEntity("organization", { ...o, delegatedAdministrators: [...list, { accountId, servicePrincipal: sp, enabledDate: isoSeconds(scope.now) }] });
  });
}

/** @public DeregisterDelegatedAdministrator. */
export function deregisterDelegatedAdministrator(scope: OrgScope, org: OrganizationRecord, accountId: string, servicePrincipal: string | undefined): void {
  checkId("account", accountId);
  const sp = checkServicePrincipal(servicePrincipal);
  scope.store.transaction(() => {
    const o = current(scope, org);
    requireMember(scope.store, o, accountId);
    const list = o.delegatedAdministrators ?? [];
    if (!list.some((d) => d.accountId === accountId && d.servicePrincipal === sp)) throw new OrgError("AccountNotRegisteredException", ORG_MESSAGES.accountNotRegistered);
    scope.store.putOrgEntity("organization", { ...o, delegatedAdministrators: list.filter((d) => !(d.accountId === accountId && d.servicePrincipal === sp)) });
  });
}

/** @public ListDelegatedAdministrators: each account once, with the earliest registration date; optionally for one service. */
export function listDelegatedAdministrators(org: OrganizationRecord, servicePrincipal: string | undefined): { accountId: string; enabledDate: string }[] {
  const sp = servicePrincipal !== undefined ? checkServicePrincipal(servicePrincipal) : undefined;
  const out = new Map<string, string>();
  for (const d of org.delegatedAdministrators ?? []) {
    if (sp !== undefined && d.servicePrincipal !== sp) continue;
    const prior = out.get(d.accountId);
    if (prior === undefined || d.enabledDate < prior) out.set(d.accountId, d.enabledDate);
  }
  return [...out].map(([accountId, enabledDate]) => ({ accountId, enabledDate }));
}

/** @public ListDelegatedServicesForAccount: AccountNotRegisteredException unless the account is a delegated administrator. */
export function delegatedServicesForAccount(scope: OrgScope, org: OrganizationRecord, accountId: string): { servicePrincipal: string; enabledDate: string }[] {
  checkId("account", accountId);
  requireMember(scope.store, org, accountId);
  const list = (org.delegatedAdministrators ?? []).filter((d) => d.accountId === accountId);
  if (list.length === 0) throw new OrgError("AccountNotRegisteredException", ORG_MESSAGES.accountNotRegistered);
  return list.map((d) => ({ servicePrincipal: d.servicePrincipal, enabledDate: d.enabledDate }));
}

/** @public Refuses to remove a delegated administrator from the organization (RemoveAccountFromOrganization, LeaveOrganization). */
export function requireNotDelegatedAdministrator(org: OrganizationRecord, accountId: string): void {
  if (isDelegatedAdministrator(org, accountId)) throw new OrgError("ConstraintViolationException", ORG_MESSAGES.cannotRemoveDelegatedAdministrator, "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG");
}
