/**
 * @module identity/orgTags
 * Tags on AWS Organizations resources: member accounts, OUs, the root and customer policies
 * (TagResource, UntagResource, ListTagsForResource, and `Tags` on CreateAccount,
 * CreateOrganizationalUnit, CreatePolicy). Keys 1–128 characters, values 0–256, keys unique and
 * case-sensitive, no `aws:` keys, at most 50 per resource
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Tag.html,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 */
import type { IamTag, OrganizationRecord } from "../storage/identityPort.ts";
import { ORG_MESSAGES, OrgError, invalidInput } from "./orgError.ts";
import { ORG_ID_PATTERNS } from "./orgIds.ts";
import { AWS_MANAGED_ORG_POLICIES, type OrgScope } from "./orgModel.ts";

/** @public The most tags an Organizations resource may carry. */
export const MAX_ORG_TAGS = 50;

/** @public Checks tags given in one request: lengths, no system keys, no key twice. */
export function checkOrgTags(tags: readonly IamTag[]): IamTag[] {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.key.length < 1) throw invalidInput("MIN_LENGTH_EXCEEDED", ORG_MESSAGES.tooShort);
    if (t.key.length > 128 || t.value.length > 256) throw invalidInput("MAX_LENGTH_EXCEEDED", ORG_MESSAGES.tooLong);
    if (t.key.toLowerCase().startsWith("aws:")) throw invalidInput("INVALID_SYSTEM_TAGS_PARAMETER", ORG_MESSAGES.systemTag);
    if (seen.has(t.key)) throw invalidInput("DUPLICATE_TAG_KEY", ORG_MESSAGES.duplicateTagKey);
    seen.add(t.key);
  }
  if (tags.length > MAX_ORG_TAGS) throw new OrgError("ConstraintViolationException", ORG_MESSAGES.tagLimit, "MAX_TAG_LIMIT_EXCEEDED");
  return [...tags];
}

/** Where a resource's tags live, and how to write them back. */
interface Tagged {
  readonly tags: readonly IamTag[];
  write(tags: readonly IamTag[]): void;
}

function resource(scope: OrgScope, org: OrganizationRecord, id: string): Tagged {
  const store = scope.store;
  if (id === org.rootId) {
    return { tags: org.rootTags ?? [], write: (tags) => store.putOrgEntity("organization", { ...(store.getOrgEntity("organization", org.id) ?? org), rootTags: [...tags] }) };
  }
  if (ORG_ID_PATTERNS.ou.test(id)) {
    const ou = store.getOrgEntity("unit", id);
    if (ou !== undefined && ou.orgId === org.id) return { tags: ou.tags, write: (tags) => store.putOrgEntity("unit", { ...ou, tags: [...tags] }) };
  } else if (ORG_ID_PATTERNS.account.test(id)) {
    const m = store.getOrgEntity("member", id);
    if (m !== undefined && m.orgId === org.id) return { tags: m.tags, write: (tags) => store.putOrgEntity("member", { ...m, tags: [...tags] }) };
  } else if (ORG_ID_PATTERNS.policy.test(id)) {
    if (AWS_MANAGED_ORG_POLICIES.has(id)) throw invalidInput("TARGET_NOT_SUPPORTED", ORG_MESSAGES.targetNotSupported);
    const p = store.getOrgEntity("policy", id);
    if (p !== undefined && p.orgId === org.id) return { tags: p.tags, write: (tags) => store.putOrgEntity("policy", { ...p, tags: [...tags] }) };
  } else if (!ORG_ID_PATTERNS.root.test(id)) {
    throw invalidInput("INVALID_PATTERN");
  }
  throw new OrgError("TargetNotFoundException", ORG_MESSAGES.targetNotFound);
}

/** @public TagResource: adds tags, replacing the values of keys already present. */
export function tagOrgResource(scope: OrgScope, org: OrganizationRecord, id: string, tags: readonly IamTag[]): void {
  const added = checkOrgTags(tags);
  scope.store.transaction(() => {
    const r = resource(scope, org, id);
    const merged = [...r.tags.filter((t) => !added.some((a) => a.key === t.key)), ...added];
    if (merged.length > MAX_ORG_TAGS) throw new OrgError("ConstraintViolationException", ORG_MESSAGES.tagLimit, "MAX_TAG_LIMIT_EXCEEDED");
    r.write(merged);
  });
}

/** @public UntagResource: removes the tags with these keys (absent keys are ignored). */
export function untagOrgResource(scope: OrgScope, org: OrganizationRecord, id: string, keys: readonly string[]): void {
  for (const k of keys) {
    if (k.length < 1) throw invalidInput("MIN_LENGTH_EXCEEDED", ORG_MESSAGES.tooShort);
    if (k.length > 128) throw invalidInput("MAX_LENGTH_EXCEEDED", ORG_MESSAGES.tooLong);
    if (k.toLowerCase().startsWith("aws:")) throw invalidInput("INVALID_SYSTEM_TAGS_PARAMETER", ORG_MESSAGES.systemTag);
  }
  scope.store.transaction(() => {
    const r = resource(scope, org, id);
    r.write(r.tags.filter((t) => !keys.includes(t.key)));
  });
}

/** @public ListTagsForResource. */
export function orgResourceTags(scope: OrgScope, org: OrganizationRecord, id: string): readonly IamTag[] {
  return resource(scope, org, id).tags;
}
