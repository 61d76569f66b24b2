/**
 * @module sigv4/signedHeadersRule
 * Which headers must be signed. S3 requires `host`, and refuses a request carrying any `x-amz-*`
 * header that is not in SignedHeaders: AccessDenied "There were headers present in the request which
 * were not signed", with a `HeadersNotSigned` field listing them. `x-amz-content-sha256` is tolerated
 * unsigned (it is itself covered by the canonical request's payload line).
 */
import type { SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";
import type { SigV4Request } from "./request.ts";

const EXEMPT = new Set(["x-amz-content-sha256"]);

/** @public Checks that `host` and every `x-amz-*` header of the request are signed. */
export function checkSignedHeaders(request: SigV4Request, signedHeaders: readonly string[]): SigV4Result<object> {
  const signed = new Set(signedHeaders);
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const [name] of request.headers) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    if (signed.has(lower) || EXEMPT.has(lower)) continue;
    if (lower === "host" || lower.startsWith("x-amz-")) missing.push(lower);
  }
  if (!signed.has("host") && !missing.includes("host")) missing.unshift("host");
  if (missing.length === 0) return { ok: true };
  return fail("AccessDenied", "There were headers present in the request which were not signed", [["HeadersNotSigned", missing.join(", ")]]);
}
