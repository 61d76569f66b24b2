/**
 * @module identity/worldOrganization
 * The `organization` section of the world file: the management account, the OU tree, where each
 * account sits, the enabled policy types, and SCPs/RCPs with their targets. Validated with the path of
 * the bad entry; applied at start-up through the same functions as the Organizations API, idempotently
 * (what exists is found by name and kept, only what is missing is created, moved or attached).
 *
 * ```yaml
 * organization:
 *   managementAccount: "111111111111"
 *   policyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]   # default: SCPs
 *   accounts: ["222222222222"]          # directly under the root
 *   units:
 *     - name: Workloads
 *       accounts: ["333333333333"]
 *       units: [{ name: Prod }]
 *   policies:
 *     - name: DenyLeaving
 *       type: SERVICE_CONTROL_POLICY
 *       content: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*" }] }
 *       targets: [root, Workloads/Prod, "333333333333"]
 * ```
 */
import type { OrganizationRecord, OrgPolicyType } from "../storage/identityPort.ts";
import { OrgError } from "./orgError.ts";
import { addMember, createOrganization, createOrganizationalUnit, moveAccount } from "./organizations.ts";
import { MAX_OU_DEPTH } from "./organizations.ts";
import { MAX_ATTACHED, attachOrgPolicy, checkPolicyContent, createOrgPolicy, enablePolicyType, updateOrgPolicy } from "./orgPolicies.ts";
import { attachedPolicies, organizationOfAccount, type OrgScope } from "./orgModel.ts";
import { WorldError } from "./worldFields.ts";

/** @public An OU as the world file declares it. */
export interface WorldOrgUnit {
  readonly name: string;
  readonly accounts: readonly string[];
  readonly units: readonly WorldOrgUnit[];
}

/** @public Where a world policy is attached: the root, an OU by its name path, or an account. */
export type WorldOrgTarget = { readonly kind: "root" } | { readonly kind: "unit"; readonly path: readonly string[] } | { readonly kind: "account"; readonly id: string };

/** @public A policy as the world file declares it. */
export interface WorldOrgPolicy {
  readonly name: string;
  readonly type: OrgPolicyType;
  readonly description: string;
  /** The document text. */
  readonly content: string;
  readonly targets: readonly WorldOrgTarget[];
}

/** @public A validated organization section. */
export interface WorldOrganization {
  readonly managementAccountId: string;
  readonly featureSet: "ALL" | "CONSOLIDATED_BILLING";
  readonly policyTypes: readonly OrgPolicyType[];
  /** Member accounts directly under the root (the management account is a member wherever it is placed). */
  readonly accounts: readonly string[];
  readonly units: readonly WorldOrgUnit[];
  readonly policies: readonly WorldOrgPolicy[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function onlyKeys(obj: Record<string, unknown>, path: string, known: readonly string[], what: string): void {
  for (const k of Object.keys(obj)) if (!known.includes(k)) throw new WorldError(`${path}/${k}`, `is not a known ${what} field`);
}

function accountId(raw: unknown, path: string): string {
  const id = typeof raw === "number" ? String(raw).padStart(12, "0") : raw;
  if (typeof id !== "string" || !/^\d{12}$/.test(id)) throw new WorldError(path, "must be a 12-digit account ID (quote it in YAML)");
  return id;
}

function list(raw: unknown, path: string): unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new WorldError(path, "must be a list");
  return raw;
}

const POLICY_TYPES: readonly OrgPolicyType[] = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"];

function policyType(raw: unknown, path: string): OrgPolicyType {
  if (typeof raw !== "string" || !(POLICY_TYPES as readonly string[]).includes(raw)) throw new WorldError(path, `must be one of ${POLICY_TYPES.join(", ")}`);
  return raw as OrgPolicyType;
}

/**
 * @public Validates the `organization` section against the world's account IDs: every account named
 * exists and is placed once, OU names are unique among siblings and at most five levels deep, policies
 * are valid documents of their type within the size limit, unique by name and type, attached to known
 * targets of an enabled type, no more per target than AWS allows.
 */
export function validateWorldOrganization(raw: unknown, accountIds: ReadonlySet<string>, path = "/organization"): WorldOrganization {
  if (!isRecord(raw)) throw new WorldError(path, "must be an object with a managementAccount");
  onlyKeys(raw, path, ["managementAccount", "featureSet", "policyTypes", "accounts", "units", "policies"], "organization");
  const managementAccountId = accountId(raw["managementAccount"], `${path}/managementAccount`);
  if (!accountIds.has(managementAccountId)) throw new WorldError(`${path}/managementAccount`, `account ${managementAccountId} is not in the world's accounts`);
  const fsRaw = raw["featureSet"] ?? "ALL";
  if (fsRaw !== "ALL" && fsRaw !== "CONSOLIDATED_BILLING") throw new WorldError(`${path}/featureSet`, "must be ALL or CONSOLIDATED_BILLING");
  const featureSet = fsRaw;
  const policyTypes = raw["policyTypes"] === undefined ? (featureSet === "ALL" ? (["SERVICE_CONTROL_POLICY"] as OrgPolicyType[]) : []) : list(raw["policyTypes"], `${path}/policyTypes`).map((t, i) => policyType(t, `${path}/policyTypes/${i}`));
  if (featureSet !== "ALL" && policyTypes.length > 0) throw new WorldError(`${path}/policyTypes`, "policy types need featureSet ALL");
  if (new Set(policyTypes).size !== policyTypes.length) throw new WorldError(`${path}/policyTypes`, "lists a policy type twice");

  const placed = new Set<string>();
  const place = (rawIds: unknown, p: string): string[] =>
    list(rawIds, p).map((a, i) => {
      const id = accountId(a, `${p}/${i}`);
      if (!accountIds.has(id)) throw new WorldError(`${p}/${i}`, `account ${id} is not in the world's accounts`);
      if (placed.has(id)) throw new WorldError(`${p}/${i}`, `account ${id} is placed twice`);
      placed.add(id);
      return id;
    });
  const accounts = place(raw["accounts"], `${path}/accounts`);
  const unitPaths = new Set<string>();
  const units = (rawUnits: unknown, p: string, depth: number, prefix: readonly string[]): WorldOrgUnit[] => {
    const names = new Set<string>();
    return list(rawUnits, p).map((u, i) => {
      const up = `${p}/${i}`;
      if (!isRecord(u)) throw new WorldError(up, "must be an object with a name");
      onlyKeys(u, up, ["name", "accounts", "units"], "unit");
      const name = u["name"];
      if (typeof name !== "string" || name === "" || name.length > 128) throw new WorldError(`${up}/name`, "must be a name of 1 to 128 characters");
      if (name.includes("/")) throw new WorldError(`${up}/name`, "may not contain `/` (targets name units by their path)");
      if (names.has(name)) throw new WorldError(`${up}/name`, `duplicate unit name ${name} under the same parent`);
      if (depth > MAX_OU_DEPTH) throw new WorldError(up, `units nest at most ${MAX_OU_DEPTH} levels deep`);
      names.add(name);
      const here = [...prefix, name];
      unitPaths.add(here.join("/"));
      return { name, accounts: place(u["accounts"], `${up}/accounts`), units: units(u["units"], `${up}/units`, depth + 1, here) };
    });
  };
  const tree = units(raw["units"], `${path}/units`, 1, []);
  const members = new Set([...placed, managementAccountId]);

  const seen = new Set<string>();
  const perTarget = new Map<string, number>();
  const policies = list(raw["policies"], `${path}/policies`).map((rp, i): WorldOrgPolicy => {
    const pp = `${path}/policies/${i}`;
    if (!isRecord(rp)) throw new WorldError(pp, "must be an object with name, type and content");
    onlyKeys(rp, pp, ["name", "type", "description", "content", "targets"], "policy");
    const name = rp["name"];
    if (typeof name !== "string" || name === "" || name.length > 128) throw new WorldError(`${pp}/name`, "must be a name of 1 to 128 characters");
    const type = policyType(rp["type"], `${pp}/type`);
    if (!policyTypes.includes(type)) throw new WorldError(`${pp}/type`, `${type} is not among the organization's policyTypes`);
    if (seen.has(`${type}/${name}`) || name === "FullAWSAccess" || name === "RCPFullAWSAccess") throw new WorldError(`${pp}/name`, `duplicate policy name ${name}`);
    seen.add(`${type}/${name}`);
    const description = rp["description"] ?? "";
    if (typeof description !== "string" || description.length > 512) throw new WorldError(`${pp}/description`, "must be text of at most 512 characters");
    const rc = rp["content"];
    const content = typeof rc === "string" ? rc : isRecord(rc) ? JSON.stringify(rc) : undefined;
    if (content === undefined) throw new WorldError(`${pp}/content`, "must be a policy document (an object, or its JSON text)");
    try {
      checkPolicyContent(content, type);
    } catch (e) {
      if (e instanceof OrgError) throw new WorldError(`${pp}/content`, e.message);
      throw e;
    }
    const targets = list(rp["targets"], `${pp}/targets`).map((t, j): WorldOrgTarget => {
      const tp = `${pp}/targets/${j}`;
      if (t === "root") return { kind: "root" };
      if (typeof t === "number" || (typeof t === "string" && /^\d{12}$/.test(t))) {
        const id = accountId(t, tp);
        if (!members.has(id)) throw new WorldError(tp, `account ${id} is not a member of the organization`);
        return { kind: "account", id };
      }
      if (typeof t === "string" && unitPaths.has(t)) return { kind: "unit", path: t.split("/") };
      throw new WorldError(tp, "must be `root`, a unit path such as `Workloads/Prod`, or a member account ID");
    });
    for (const t of targets) {
      const key = `${type}:${t.kind === "root" ? "root" : t.kind === "unit" ? t.path.join("/") : t.id}`;
      const n = (perTarget.get(key) ?? 1) + 1; // the AWS managed default is attached too
      if (n > MAX_ATTACHED[type]) throw new WorldError(`${pp}/targets`, `more than ${MAX_ATTACHED[type]} ${type} attached to one target`);
      perTarget.set(key, n);
    }
    return { name, type, description, content, targets };
  });
  return { managementAccountId, featureSet, policyTypes, accounts, units: tree, policies };
}

function findUnit(scope: OrgScope, org: OrganizationRecord, parentId: string, name: string): string | undefined {
  return scope.store.listOrgEntities("unit", org.id).find((u) => u.parentId === parentId && u.name === name)?.id;
}

function placeAccount(scope: OrgScope, org: OrganizationRecord, accountId: string, parentId: string): void {
  const m = scope.store.getOrgEntity("member", accountId);
  if (m !== undefined && m.orgId !== org.id) throw new Error(`world organization: account ${accountId} is a member of another organization (${m.orgId})`);
  if (m === undefined) addMember(scope, org, accountId, "INVITED");
  const current = scope.store.getOrgEntity("member", accountId);
  if (current !== undefined && current.parentId !== parentId) moveAccount(scope, org, { accountId, sourceParentId: current.parentId, destinationParentId: parentId });
}

/**
 * @public Applies a validated organization section: creates the organization if the management
 * account has none (it fails if that account is a member of another organization), enables the
 * declared policy types, creates the missing OUs, places the accounts, creates or updates the
 * policies by name and attaches them. Applying twice changes nothing.
 */
export function applyWorldOrganization(scope: OrgScope, w: WorldOrganization): OrganizationRecord {
  return scope.store.transaction(() => {
    let org = organizationOfAccount(scope.store, w.managementAccountId);
    if (org !== undefined && org.managementAccountId !== w.managementAccountId) {
      throw new Error(`world organization: account ${w.managementAccountId} is a member of ${org.id}, not its management account`);
    }
    org ??= createOrganization(scope, w.managementAccountId, w.featureSet);
    for (const t of w.policyTypes) if (!org.enabledPolicyTypes.includes(t)) org = enablePolicyType(scope, org, org.rootId, t);
    const current = org;
    const unitIds = new Map<string, string>();
    const ensure = (units: readonly WorldOrgUnit[], parentId: string, prefix: readonly string[]): void => {
      for (const u of units) {
        const id = findUnit(scope, current, parentId, u.name) ?? createOrganizationalUnit(scope, current, parentId, u.name).id;
        const path = [...prefix, u.name];
        unitIds.set(path.join("/"), id);
        for (const a of u.accounts) placeAccount(scope, current, a, id);
        ensure(u.units, id, path);
      }
    };
    for (const a of w.accounts) placeAccount(scope, current, a, current.rootId);
    ensure(w.units, current.rootId, []);
    for (const p of w.policies) {
      const existing = scope.store.listOrgEntities("policy", current.id).find((x) => x.type === p.type && x.name === p.name);
      const id =
        existing === undefined
          ? createOrgPolicy(scope, current, { name: p.name, description: p.description, type: p.type, content: p.content }).id
          : existing.content !== p.content || existing.description !== p.description
            ? updateOrgPolicy(scope, current, existing.id, { description: p.description, content: p.content }).id
            : existing.id;
      for (const t of p.targets) {
        const targetId = t.kind === "root" ? current.rootId : t.kind === "account" ? t.id : (unitIds.get(t.path.join("/")) as string);
        if (!attachedPolicies(scope.store, current, targetId, p.type).some((x) => x.id === id)) attachOrgPolicy(scope, current, id, targetId);
      }
    }
    return current;
  });
}
