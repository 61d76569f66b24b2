/**
 * @module identity/iamAttachments
 * Inline policies (Put/Get/Delete/List User|Group|RolePolicy) and managed-policy attachments
 * (Attach/Detach/ListAttached User|Group|RolePolicies) on users, groups and roles.
 */
import type { PolicyKind } from "../policy/index.ts";
import { IamError } from "./iamError.ts";
import { checkName } from "./iamNames.ts";
import { checkPolicyDocument, requireEntity, type IamScope } from "./iamScope.ts";
import { requireAttachablePolicy } from "./iamManagedPolicies.ts";
import type { ManagedPolicyRecord } from "../storage/identityPort.ts";

/** @public The entities that carry policies. */
export type PolicyHolder = "user" | "group" | "role";

const NOUN: Readonly<Record<PolicyHolder, string>> = { user: "User", group: "Group", role: "Role" };
const MAX_ATTACHED = 10;
const INLINE_LIMIT: Readonly<Record<PolicyHolder, number>> = { user: 2048, group: 5120, role: 10240 };

/** @public Put{User,Group,Role}Policy. */
export function putInlinePolicy(scope: IamScope, kind: PolicyHolder, entityName: string, policyName: string | undefined, document: string | undefined): void {
  const name = checkName("policyName", policyName, 128);
  const text = checkPolicyDocument(document, "identity" satisfies PolicyKind);
  scope.store.transaction(() => {
    const e = requireEntity(scope, kind, entityName);
    const others = Object.entries(e.inlinePolicies).filter(([n]) => n !== name);
    const total = others.reduce((s, [, d]) => s + d.replace(/\s/g, "").length, 0) + text.replace(/\s/g, "").length;
    if (total > INLINE_LIMIT[kind]) {
      throw new IamError("LimitExceeded", `Maximum policy size of ${INLINE_LIMIT[kind]} bytes exceeded for ${kind} ${e.name}`);
    }
    scope.store.put(kind, { ...e, inlinePolicies: { ...e.inlinePolicies, [name]: text } });
  });
}

/** @public Get{User,Group,Role}Policy: the document text. */
export function getInlinePolicy(scope: IamScope, kind: PolicyHolder, entityName: string, policyName: string): string {
  const e = requireEntity(scope, kind, entityName);
  const doc = e.inlinePolicies[policyName];
  if (doc === undefined) throw new IamError("NoSuchEntity", `The ${kind} policy with name ${policyName} cannot be found.`);
  return doc;
}

/** @public Delete{User,Group,Role}Policy. */
export function deleteInlinePolicy(scope: IamScope, kind: PolicyHolder, entityName: string, policyName: string): void {
  scope.store.transaction(() => {
    const e = requireEntity(scope, kind, entityName);
    if (e.inlinePolicies[policyName] === undefined) throw new IamError("NoSuchEntity", `The ${kind} policy with name ${policyName} cannot be found.`);
    const rest = Object.fromEntries(Object.entries(e.inlinePolicies).filter(([n]) => n !== policyName));
    scope.store.put(kind, { ...e, inlinePolicies: rest });
  });
}

/** @public List{User,Group,Role}Policies: the names, sorted. */
export function listInlinePolicies(scope: IamScope, kind: PolicyHolder, entityName: string): string[] {
  return Object.keys(requireEntity(scope, kind, entityName).inlinePolicies).sort();
}

/** @public Attach{User,Group,Role}Policy (attaching twice is a no-op, as in IAM). */
export function attachPolicy(scope: IamScope, kind: PolicyHolder, entityName: string, arn: string): void {
  scope.store.transaction(() => {
    const e = requireEntity(scope, kind, entityName);
    requireAttachablePolicy(scope, arn);
    if (e.attachedPolicies.includes(arn)) return;
    if (e.attachedPolicies.length >= MAX_ATTACHED) throw new IamError("LimitExceeded", `Cannot exceed quota for PoliciesPer${NOUN[kind]}: ${MAX_ATTACHED}`);
    scope.store.put(kind, { ...e, attachedPolicies: [...e.attachedPolicies, arn] });
  });
}

/** @public Detach{User,Group,Role}Policy. */
export function detachPolicy(scope: IamScope, kind: PolicyHolder, entityName: string, arn: string): void {
  scope.store.transaction(() => {
    const e = requireEntity(scope, kind, entityName);
    if (!e.attachedPolicies.includes(arn)) throw new IamError("NoSuchEntity", `Policy ${arn} was not found.`);
    scope.store.put(kind, { ...e, attachedPolicies: e.attachedPolicies.filter((a) => a !== arn) });
  });
}

/** @public ListAttached{User,Group,Role}Policies. */
export function listAttachedPolicies(scope: IamScope, kind: PolicyHolder, entityName: string): { arn: string; policy: ManagedPolicyRecord | undefined }[] {
  const e = requireEntity(scope, kind, entityName);
  return e.attachedPolicies.map((arn) => {
    try {
      return { arn, policy: requireAttachablePolicy(scope, arn) };
    } catch {
      return { arn, policy: undefined };
    }
  });
}
