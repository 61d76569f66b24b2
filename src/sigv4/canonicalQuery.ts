/**
 * @module sigv4/canonicalQuery
 * The canonical query string: each name and value decoded and re-encoded by the SigV4 rule (`/` encoded
 * too), sorted by encoded name then encoded value, joined as `name=value` with `&`. A parameter sent
 * without `=` (`?acl`) has an empty value. Presigned requests leave out `X-Amz-Signature`.
 */
import { splitQuery } from "./request.ts";
import { percentDecode, uriEncodeBytes } from "./uriEncode.ts";

/** @public Canonical query string of a raw query; `omit` names (exact, as decoded) are left out. */
export function canonicalQuery(rawQuery: string, omit: readonly string[] = []): string {
  const pairs: [string, string][] = [];
  for (const p of splitQuery(rawQuery)) {
    const nameBytes = percentDecode(p.rawName);
    if (omit.length > 0 && omit.includes(new TextDecoder().decode(nameBytes))) continue;
    pairs.push([uriEncodeBytes(nameBytes, false), uriEncodeBytes(percentDecode(p.rawValue), false)]);
  }
  // Encoded text is ASCII, so code-unit order is byte order.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join("&");
}
