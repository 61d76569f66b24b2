/**
 * @module sigv4/canonicalRequest
 * Assembles the SigV4 canonical request for S3:
 * method, canonical URI, canonical query, canonical headers, signed headers, payload hash.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
import { canonicalHeaders } from "./canonicalHeaders.ts";
import { canonicalQuery } from "./canonicalQuery.ts";
import { canonicalUri } from "./canonicalUri.ts";
import type { SigV4Request } from "./request.ts";

/** @public What goes into a canonical request besides the request itself. */
export interface CanonicalRequestInput {
  readonly signedHeaders: readonly string[];
  /** Hex SHA-256, `UNSIGNED-PAYLOAD`, or a `STREAMING-…` literal, exactly as the client declared it. */
  readonly payloadHash: string;
  /** Query parameters left out (`X-Amz-Signature` for presigned URLs). */
  readonly omitQuery?: readonly string[];
}

/** @public The canonical request text. */
export function canonicalRequest(request: SigV4Request, input: CanonicalRequestInput): string {
  return [
    request.method,
    canonicalUri(request.rawPath),
    canonicalQuery(request.rawQuery, input.omitQuery ?? []),
    canonicalHeaders(request, input.signedHeaders),
    input.signedHeaders.join(";"),
    input.payloadHash,
  ].join("\n");
}
