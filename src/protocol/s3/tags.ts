/**
 * @module protocol/s3/tags
 * Object tag sets: from the `x-amz-tagging` header (URL-encoded query form) or a `<Tagging>` body,
 * validated with S3's limits (10 tags per object, 128-character keys, 256-character values, unique
 * keys, no `aws:` prefix). https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html
 */
import { S3Error } from "./errors.ts";
import { child, childrenNamed, parseXml } from "./xml/parse.ts";
import { el, leaf } from "./xml/write.ts";

/** @public A tag set in order. */
export type TagSet = readonly (readonly [string, string])[];

function invalidTag(message: string): S3Error {
  return new S3Error("InvalidTag", { message });
}

/** @public Checks a tag set against S3's limits for `kind` (object: 10 tags; bucket: 50). */
export function validateTags(tags: TagSet, kind: "object" | "bucket" = "object"): TagSet {
  const max = kind === "object" ? 10 : 50;
  if (tags.length > max) throw new S3Error(kind === "object" ? "BadRequest" : "InvalidTag", { message: `Object tags cannot be greater than ${max}` });
  const seen = new Set<string>();
  for (const [k, v] of tags) {
    if ([...k].length > 128 || k.length === 0) throw invalidTag(k.length === 0 ? "The TagKey you have provided is invalid" : "The TagKey you have provided is too long, max 128");
    if ([...v].length > 256) throw invalidTag("The TagValue you have provided is too long, max 256");
    if (k.toLowerCase().startsWith("aws:")) throw invalidTag("Your TagKey cannot be prefixed with aws:");
    if (seen.has(k)) throw invalidTag("Cannot provide multiple Tags with the same key");
    seen.add(k);
  }
  return tags;
}

/** @public Parses `x-amz-tagging: k1=v1&k2=v2`. */
export function parseTaggingHeader(value: string | undefined): TagSet {
  if (value === undefined || value === "") return [];
  const tags: [string, string][] = [];
  for (const pair of value.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawK = eq < 0 ? pair : pair.slice(0, eq);
    const rawV = eq < 0 ? "" : pair.slice(eq + 1);
    try {
      tags.push([decodeURIComponent(rawK.replace(/\+/g, " ")), decodeURIComponent(rawV.replace(/\+/g, " "))]);
    } catch {
      throw invalidTag("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.");
    }
  }
  return validateTags(tags);
}

/** @public Parses a `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>` body. */
export function parseTaggingXml(body: string, kind: "object" | "bucket" = "object"): TagSet {
  return validateTags(readTaggingXml(body), kind);
}

/** @public The tag set of a `<Tagging>` body as written (MalformedXML if it is not one), before S3's limits are checked. */
export function readTaggingXml(body: string): TagSet {
  const root = parseXml(body, "Tagging");
  const set = child(root, "TagSet");
  if (!set) throw new S3Error("MalformedXML");
  const tags: [string, string][] = [];
  for (const tag of childrenNamed(set, "Tag")) {
    const k = child(tag, "Key");
    const v = child(tag, "Value");
    if (!k || !v) throw new S3Error("MalformedXML");
    tags.push([k.text, v.text]);
  }
  return tags;
}

/** @public The `<TagSet>` element of a tag set. */
export function tagSetXml(tags: TagSet): string {
  return el("TagSet", tags.map(([k, v]) => el("Tag", [leaf("Key", k), leaf("Value", v)])));
}
