/**
 * @module protocol/s3/query
 * The query string decoded once: names and values percent-decoded; a name without `=` maps to ""
 * (`?acl`). A repeated name keeps its first value. `+` stays a plus sign, as SigV4's canonical query
 * reads it (aws-sig-v4-test-suite "post-vanilla-query-nonunreserved"), so that what was signed is
 * what is served.
 */
import { S3Error } from "./errors.ts";

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new S3Error("InvalidURI");
  }
}

/** @public Decodes a raw query string (without `?`). */
export function parseQuery(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  if (raw === "") return out;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (!out.has(name)) out.set(name, eq < 0 ? "" : decode(part.slice(eq + 1)));
  }
  return out;
}
