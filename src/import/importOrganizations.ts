/**
 * @module import/importOrganizations
 * The `organizations/` folder → the identity store's organization records, with the real IDs: the
 * organization and its root (enabled policy types), the OU tree, member accounts and where they sit, the
 * SCPs and RCPs with their content and targets. AWS managed policies (`p-FullAWSAccess`,
 * `p-RCPFullAWSAccess`) are crossbucket's built-in ones.
 */
import { AWS_MANAGED_ORG_POLICIES } from "../identity/orgModel.ts";
import type { IdentityStore, OrgPolicyType } from "../storage/identityPort.ts";
import { asRecord, readCollected, records, str, type ImportReport, type WorldFolder } from "./report.ts";

const DIR = "organizations";
const TYPES: readonly OrgPolicyType[] = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"];

/** @public An account the organization lists. */
export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** @public Imports the organization, if one was collected; returns the accounts it lists. */
export function importOrganization(folder: WorldFolder, store: IdentityStore, report: ImportReport, now: string): OrgAccount[] {
  const described = readCollected(folder, `${DIR}/describe-organization`, report);
  if (described.kind !== "json") return [];
  const orgFile = described.file;
  const o = asRecord(described.value["Organization"]);
  report.fields(described.value, orgFile, "", ["Organization"]);
  if (o === undefined) {
    report.add("invalid", orgFile, "/Organization", "no Organization object; no organization imported");
    return [];
  }
  report.fields(o, orgFile, "/Organization", ["Id", "FeatureSet", "MasterAccountId"], ["Arn", "MasterAccountArn", "MasterAccountEmail", "AvailablePolicyTypes"]);
  const orgId = str(o, "Id", report, orgFile, "/Organization");
  const management = str(o, "MasterAccountId", report, orgFile, "/Organization");
  if (orgId === undefined || management === undefined) {
    report.add("invalid", orgFile, "/Organization", "no Id or MasterAccountId; no organization imported");
    return [];
  }
  const roots = readCollected(folder, `${DIR}/list-roots`, report);
  if (roots.kind !== "json") {
    report.add("unsupported", orgFile, "", "only describe-organization was collected (run the collection script with the management account's credentials): the organization's tree and policies are not in the simulated world");
    return [];
  }
  report.fields(roots.value, roots.file, "", ["Roots"]);
  const root = records(roots.value["Roots"], report, roots.file, "/Roots")[0];
  if (root === undefined) {
    report.add("invalid", roots.file, "/Roots", "no root; no organization imported");
    return [];
  }
  report.fields(root, roots.file, "/Roots/0", ["Id", "PolicyTypes"], ["Arn", "Name"]);
  const rootId = str(root, "Id", report, roots.file, "/Roots/0") ?? "";
  const enabled = records(root["PolicyTypes"], report, roots.file, "/Roots/0/PolicyTypes").flatMap((t, i) => {
    report.fields(t, roots.file, `/Roots/0/PolicyTypes/${i}`, ["Type", "Status"]);
    const type = str(t, "Type", report, roots.file, `/Roots/0/PolicyTypes/${i}`);
    if (t["Status"] !== "ENABLED" || type === undefined) return [];
    if (!(TYPES as readonly string[]).includes(type)) {
      report.add("unsupported", roots.file, `/Roots/0/PolicyTypes/${i}`, `policy type ${type} is not simulated`);
      return [];
    }
    return [type as OrgPolicyType];
  });
  const featureSet = o["FeatureSet"] === "CONSOLIDATED_BILLING" ? "CONSOLIDATED_BILLING" : "ALL";
  store.putOrgEntity("organization", { id: orgId, rootId, managementAccountId: management, featureSet, enabledPolicyTypes: enabled, createDate: now });

  const accounts: OrgAccount[] = [];
  const listed = readCollected(folder, `${DIR}/list-accounts`, report);
  if (listed.kind === "json") {
    report.fields(listed.value, listed.file, "", ["Accounts"]);
    records(listed.value["Accounts"], report, listed.file, "/Accounts").forEach((a, i) => {
      report.fields(a, listed.file, `/Accounts/${i}`, ["Id", "Name", "Email"], ["Arn", "Status", "State", "JoinedMethod", "JoinedTimestamp", "Paths"]);
      const id = str(a, "Id", report, listed.file, `/Accounts/${i}`);
      if (id !== undefined) accounts.push({ id, name: str(a, "Name", report, listed.file, `/Accounts/${i}`) ?? id, email: str(a, "Email", report, listed.file, `/Accounts/${i}`) ?? "" });
    });
  }

  // The tree, from the root down.
  const parents = [rootId];
  const placed = new Set<string>();
  while (parents.length > 0) {
    const parent = parents.shift() as string;
    const members = readCollected(folder, `${DIR}/list-accounts-for-parent-${parent}`, report);
    if (members.kind === "json") {
      report.fields(members.value, members.file, "", ["Accounts"]);
      records(members.value["Accounts"], report, members.file, "/Accounts").forEach((a, i) => {
        report.fields(a, members.file, `/Accounts/${i}`, ["Id", "JoinedMethod", "JoinedTimestamp"], ["Arn", "Name", "Email", "Status", "State", "Paths"]);
        const id = str(a, "Id", report, members.file, `/Accounts/${i}`);
        if (id === undefined) return;
        placed.add(id);
        store.putOrgEntity("member", { accountId: id, orgId, parentId: parent, joinedMethod: a["JoinedMethod"] === "CREATED" ? "CREATED" : "INVITED", joinedTimestamp: typeof a["JoinedTimestamp"] === "string" ? a["JoinedTimestamp"] : now, tags: [] });
      });
    }
    const units = readCollected(folder, `${DIR}/list-organizational-units-for-parent-${parent}`, report);
    if (units.kind === "json") {
      report.fields(units.value, units.file, "", ["OrganizationalUnits"]);
      records(units.value["OrganizationalUnits"], report, units.file, "/OrganizationalUnits").forEach((u, i) => {
        report.fields(u, units.file, `/OrganizationalUnits/${i}`, ["Id", "Name"], ["Arn"]);
        const id = str(u, "Id", report, units.file, `/OrganizationalUnits/${i}`);
        if (id === undefined) return;
        store.putOrgEntity("unit", { id, orgId, name: str(u, "Name", report, units.file, `/OrganizationalUnits/${i}`) ?? id, parentId: parent, tags: [] });
        parents.push(id);
      });
    }
  }
  for (const a of accounts) if (!placed.has(a.id)) report.add("assumed", `${DIR}/list-accounts.json`, "", `account ${a.id} is listed but was found under no parent; it is placed under the root`);
  for (const a of accounts) if (!placed.has(a.id)) store.putOrgEntity("member", { accountId: a.id, orgId, parentId: rootId, joinedMethod: "INVITED", joinedTimestamp: now, tags: [] });

  for (const type of TYPES) {
    const list = readCollected(folder, `${DIR}/list-policies-${type}`, report);
    if (list.kind !== "json") continue;
    report.fields(list.value, list.file, "", ["Policies"]);
    records(list.value["Policies"], report, list.file, "/Policies").forEach((summary, i) => {
      report.fields(summary, list.file, `/Policies/${i}`, ["Id"], ["Arn", "Name", "Description", "Type", "AwsManaged"]);
      const id = str(summary, "Id", report, list.file, `/Policies/${i}`);
      if (id !== undefined) importOrgPolicy(folder, store, report, orgId, id, type);
    });
  }
  return accounts;
}

function importOrgPolicy(folder: WorldFolder, store: IdentityStore, report: ImportReport, orgId: string, id: string, type: OrgPolicyType): void {
  const described = readCollected(folder, `${DIR}/describe-policy-${id}`, report);
  const builtIn = AWS_MANAGED_ORG_POLICIES.get(id);
  if (builtIn === undefined) {
    if (described.kind !== "json") return report.add("unsupported", `${DIR}/describe-policy-${id}.json`, "", `policy ${id} was listed but its content was not collected; not imported`);
    const p = asRecord(described.value["Policy"]);
    report.fields(described.value, described.file, "", ["Policy"]);
    const summary = asRecord(p?.["PolicySummary"]);
    const content = p !== undefined ? str(p, "Content", report, described.file, "/Policy") : undefined;
    if (p === undefined || summary === undefined || content === undefined) return report.add("invalid", described.file, "/Policy", "no PolicySummary or Content; not imported");
    report.fields(p, described.file, "/Policy", ["PolicySummary", "Content"]);
    report.fields(summary, described.file, "/Policy/PolicySummary", ["Id", "Name", "Description", "Type"], ["Arn", "AwsManaged"]);
    store.putOrgEntity("policy", { id, orgId, type, name: str(summary, "Name", report, described.file, "/Policy/PolicySummary") ?? id, description: str(summary, "Description", report, described.file, "/Policy/PolicySummary") ?? "", content, tags: [] });
  }
  const targets = readCollected(folder, `${DIR}/list-targets-for-policy-${id}`, report);
  if (targets.kind !== "json") return;
  report.fields(targets.value, targets.file, "", ["Targets"]);
  records(targets.value["Targets"], report, targets.file, "/Targets").forEach((t, i) => {
    report.fields(t, targets.file, `/Targets/${i}`, ["TargetId"], ["Arn", "Name", "Type"]);
    const targetId = str(t, "TargetId", report, targets.file, `/Targets/${i}`);
    if (targetId !== undefined) store.attachOrgPolicy({ orgId, policyId: id, targetId });
  });
}
