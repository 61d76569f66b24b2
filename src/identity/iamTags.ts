/**
 * @module identity/iamTags
 * Tags on users and roles: keys compared case-insensitively (a new value replaces the old one, the
 * key keeps the new spelling), at most 50 per entity
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html).
 */
import type { IamTag } from "../storage/identityPort.ts";
import { IamError, validationError } from "./iamError.ts";

const MAX_TAGS = 50;

/** @public Merges `added` into `existing`, replacing same-key tags. */
export function mergeTags(existing: readonly IamTag[], added: readonly IamTag[]): IamTag[] {
  for (const t of added) {
    if (t.key.length < 1 || t.key.length > 128) throw validationError("tags.member.key", t.key, "Member must have length less than or equal to 128");
    if (t.value.length > 256) throw validationError("tags.member.value", t.value, "Member must have length less than or equal to 256");
    if (t.key.toLowerCase().startsWith("aws:")) throw new IamError("InvalidInput", "User-defined tag keys can't start with 'aws:'.");
  }
  const out = existing.filter((e) => !added.some((a) => a.key.toLowerCase() === e.key.toLowerCase()));
  out.push(...added);
  if (out.length > MAX_TAGS) throw new IamError("LimitExceeded", `The number of tags has reached the maximum limit.`);
  return out;
}

/** @public Removes the tags with the given keys (case-insensitively). */
export function removeTags(existing: readonly IamTag[], keys: readonly string[]): IamTag[] {
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !lower.has(t.key.toLowerCase()));
}

/** @public Tags as the `aws:PrincipalTag/*` record. */
export function tagRecord(tags: readonly IamTag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) out[t.key] = t.value;
  return out;
}
