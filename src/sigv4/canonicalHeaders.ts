/**
 * @module sigv4/canonicalHeaders
 * The canonical headers block: for each signed header, in the order of SignedHeaders, the lower-case
 * name, `:`, and the values of every occurrence (trimmed, inner runs of spaces collapsed to one)
 * joined with `,`; each line ends with `\n`. A signed header absent from the request contributes
 * an empty value.
 */
import type { SigV4Request } from "./request.ts";

/** @public Trims a header value and collapses runs of spaces and tabs to one space. */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/[ \t]+/g, " ").trim();
}

/** @public The canonical headers block (ends with a newline when non-empty). */
export function canonicalHeaders(request: SigV4Request, signedHeaders: readonly string[]): string {
  const byName = new Map<string, string[]>();
  for (const [n, v] of request.headers) {
    const lower = n.toLowerCase();
    const list = byName.get(lower);
    if (list) list.push(canonicalHeaderValue(v));
    else byName.set(lower, [canonicalHeaderValue(v)]);
  }
  let out = "";
  for (const name of signedHeaders) out += `${name}:${(byName.get(name) ?? []).join(",")}\n`;
  return out;
}
