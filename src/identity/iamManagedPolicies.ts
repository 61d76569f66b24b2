/**
 * @module identity/iamManagedPolicies
 * Customer managed policies with versions (at most five, one default) and AWS managed policies,
 * as IAM's CreatePolicy … DeletePolicy calls manage them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html).
 */
import type { ManagedPolicyRecord, PolicyVersionRecord } from "../storage/identityPort.ts";
import { AWS_MANAGED_POLICIES } from "./awsManagedPolicies.ts";
import { IamError, validationError } from "./iamError.ts";
import { newId } from "./iamIds.ts";
import { checkName, checkPath, entityArn, parsePolicyArn } from "./iamNames.ts";
import { checkPolicyDocument, isoSeconds, type IamScope } from "./iamScope.ts";

const MAX_VERSIONS = 5;

/** @public The ARN of a managed policy record. */
export function policyArn(p: ManagedPolicyRecord): string {
  return entityArn(p.accountId, "policy", p.path, p.name);
}

/** @public The managed policy an ARN names, visible from the scope's account, if any. */
export function findPolicy(scope: Pick<IamScope, "store" | "accountId">, arn: string): ManagedPolicyRecord | undefined {
  const aws = AWS_MANAGED_POLICIES.get(arn);
  if (aws !== undefined) return aws;
  const parts = parsePolicyArn(arn);
  if (parts === undefined || parts.account !== scope.accountId) return undefined;
  const found = scope.store.get("policy", scope.accountId, parts.name);
  return found !== undefined && found.path === parts.path ? found : undefined;
}

/** @public The policy, or NoSuchEntity "Policy … does not exist or is not attachable.". */
export function requireAttachablePolicy(scope: IamScope, arn: string): ManagedPolicyRecord {
  const found = findPolicy(scope, arn);
  if (found === undefined) throw new IamError("NoSuchEntity", `Policy ${arn} does not exist or is not attachable.`);
  return found;
}

function requireCustomerPolicy(scope: IamScope, arn: string): ManagedPolicyRecord {
  const found = requireAttachablePolicy(scope, arn);
  if (found.accountId === "aws") throw new IamError("AccessDenied", `User is not authorized to modify the AWS managed policy ${arn}.`);
  return found;
}

/** @public The default version's document text. */
export function defaultDocument(p: ManagedPolicyRecord): string {
  return (p.versions.find((v) => v.versionId === p.defaultVersionId) ?? (p.versions[0] as PolicyVersionRecord)).document;
}

/** @public How many users, groups and roles of the account have the policy attached. */
export function attachmentCount(scope: IamScope, arn: string): number {
  const kinds = ["user", "group", "role"] as const;
  let n = 0;
  for (const k of kinds) for (const e of scope.store.list(k, scope.accountId)) if (e.attachedPolicies.includes(arn)) n++;
  return n;
}

/** @public CreatePolicy. */
export function createPolicy(scope: IamScope, p: { policyName: string | undefined; path?: string | undefined; document: string | undefined; description?: string | undefined }): ManagedPolicyRecord {
  const name = checkName("policyName", p.policyName, 128);
  const path = checkPath(p.path);
  const document = checkPolicyDocument(p.document, "identity");
  return scope.store.transaction(() => {
    if (scope.store.get("policy", scope.accountId, name) !== undefined) {
      throw new IamError("EntityAlreadyExists", `A policy called ${name} already exists. Duplicate names are not allowed.`);
    }
    const now = isoSeconds(scope.now);
    const record: ManagedPolicyRecord = {
      accountId: scope.accountId,
      name,
      path,
      id: newId(scope.random, "ANPA"),
      createDate: now,
      updateDate: now,
      defaultVersionId: "v1",
      versions: [{ versionId: "v1", document, createDate: now }],
      nextVersion: 2,
      ...(p.description !== undefined ? { description: p.description } : {}),
    };
    scope.store.put("policy", record);
    return record;
  });
}

/** @public GetPolicyVersion. */
export function getPolicyVersion(scope: IamScope, arn: string, versionId: string): PolicyVersionRecord & { isDefault: boolean } {
  const p = requireAttachablePolicy(scope, arn);
  const v = p.versions.find((x) => x.versionId === versionId);
  if (v === undefined) throw new IamError("NoSuchEntity", `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
  return { ...v, isDefault: v.versionId === p.defaultVersionId };
}

/** @public CreatePolicyVersion. */
export function createPolicyVersion(scope: IamScope, arn: string, document: string | undefined, setAsDefault: boolean): PolicyVersionRecord & { isDefault: boolean } {
  const text = checkPolicyDocument(document, "identity");
  return scope.store.transaction(() => {
    const p = requireCustomerPolicy(scope, arn);
    if (p.versions.length >= MAX_VERSIONS) {
      throw new IamError("LimitExceeded", `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
    }
    const now = isoSeconds(scope.now);
    const version: PolicyVersionRecord = { versionId: `v${p.nextVersion}`, document: text, createDate: now };
    scope.store.put("policy", { ...p, versions: [...p.versions, version], nextVersion: p.nextVersion + 1, updateDate: now, defaultVersionId: setAsDefault ? version.versionId : p.defaultVersionId });
    return { ...version, isDefault: setAsDefault };
  });
}

/** @public SetDefaultPolicyVersion. */
export function setDefaultPolicyVersion(scope: IamScope, arn: string, versionId: string): void {
  scope.store.transaction(() => {
    const p = requireCustomerPolicy(scope, arn);
    if (!p.versions.some((v) => v.versionId === versionId)) throw new IamError("NoSuchEntity", `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    scope.store.put("policy", { ...p, defaultVersionId: versionId, updateDate: isoSeconds(scope.now) });
  });
}

/** @public DeletePolicyVersion: never the default version. */
export function deletePolicyVersion(scope: IamScope, arn: string, versionId: string): void {
  scope.store.transaction(() => {
    const p = requireCustomerPolicy(scope, arn);
    if (!p.versions.some((v) => v.versionId === versionId)) throw new IamError("NoSuchEntity", `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    if (p.defaultVersionId === versionId) throw new IamError("DeleteConflict", "Cannot delete the default version of a policy.");
    scope.store.put("policy", { ...p, versions: p.versions.filter((v) => v.versionId !== versionId) });
  });
}

/** @public DeletePolicy: refused while attached or while non-default versions remain. */
export function deletePolicy(scope: IamScope, arn: string): void {
  scope.store.transaction(() => {
    const p = requireCustomerPolicy(scope, arn);
    if (attachmentCount(scope, arn) > 0) throw new IamError("DeleteConflict", "Cannot delete a policy attached to entities.");
    if (p.versions.length > 1) {
      throw new IamError("DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    }
    scope.store.delete("policy", scope.accountId, p.name);
  });
}

/** @public ListPolicies. */
export function listPolicies(scope: IamScope, p: { scope?: string | undefined; onlyAttached?: boolean; pathPrefix?: string | undefined }): ManagedPolicyRecord[] {
  const which = p.scope ?? "All";
  if (which !== "All" && which !== "AWS" && which !== "Local") throw validationError("scope", which, "Member must satisfy enum value set: [All, AWS, Local]");
  const all = [...(which !== "Local" ? AWS_MANAGED_POLICIES.values() : []), ...(which !== "AWS" ? scope.store.list("policy", scope.accountId) : [])];
  return all.filter((x) => x.path.startsWith(p.pathPrefix ?? "/") && (p.onlyAttached !== true || attachmentCount(scope, policyArn(x)) > 0));
}
