/**
 * @module sigv4/presignedQuery
 * Parses the query parameters of a SigV4 presigned URL (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
 * X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Signature, X-Amz-Security-Token), with S3's
 * AuthorizationQueryParametersError messages.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
import { parseAmzDate } from "./amzDate.ts";
import type { Credential, ScopeExpectation } from "./credentialScope.ts";
import { QUERY_SOURCE, checkScopeDate, parseCredential } from "./credentialScope.ts";
import type { SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";
import { splitQuery } from "./request.ts";
import { ALGORITHM } from "./signingKey.ts";
import { percentDecodeToString } from "./uriEncode.ts";

/** @public Longest validity of a SigV4 presigned URL: 7 days. */
export const MAX_EXPIRES_SECONDS = 604800;

/** @public The authentication parameters of a presigned URL. */
export interface PresignedParams extends Credential {
  readonly amzDate: string;
  readonly signedAt: Date;
  readonly expiresSeconds: number;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly securityToken?: string;
  /** `X-Amz-Content-Sha256` when the URL carries one. */
  readonly contentSha256?: string;
}

/** @public True when a raw query string carries SigV4 presigning parameters. */
export function isPresignedQuery(rawQuery: string): boolean {
  return splitQuery(rawQuery).some((p) => percentDecodeToString(p.rawName) === "X-Amz-Algorithm");
}

const REQUIRED =
  "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";

/** @public Parses presigning parameters from a raw query string. */
export function parsePresignedQuery(rawQuery: string, expect: ScopeExpectation = { service: "s3" }): SigV4Result<{ params: PresignedParams }> {
  const q = new Map<string, string>();
  for (const p of splitQuery(rawQuery)) {
    const name = percentDecodeToString(p.rawName);
    if (!q.has(name)) q.set(name, percentDecodeToString(p.rawValue));
  }
  const algorithm = q.get("X-Amz-Algorithm");
  const credential = q.get("X-Amz-Credential");
  const date = q.get("X-Amz-Date");
  const expires = q.get("X-Amz-Expires");
  const signedHeaders = q.get("X-Amz-SignedHeaders");
  const signature = q.get("X-Amz-Signature");
  if (algorithm === "AWS4-ECDSA-P256-SHA256") return fail("NotImplemented", "A header you provided implies functionality that is not implemented");
  if (algorithm !== undefined && algorithm !== ALGORITHM) {
    return fail("AuthorizationQueryParametersError", `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  }
  if (!algorithm || credential === undefined || date === undefined || expires === undefined || signedHeaders === undefined || signature === undefined) {
    return fail("AuthorizationQueryParametersError", REQUIRED);
  }
  const parsed = parseCredential(credential, QUERY_SOURCE, expect);
  if (!parsed.ok) return parsed;
  const signedAt = parseAmzDate(date);
  if (!signedAt) return fail("AuthorizationQueryParametersError", "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  const dateOk = checkScopeDate(parsed.credential.scope, date, QUERY_SOURCE);
  if (!dateOk.ok) return dateOk;
  if (!/^-?\d+$/.test(expires)) return fail("AuthorizationQueryParametersError", "X-Amz-Expires should be a number");
  const expiresSeconds = Number(expires);
  if (expiresSeconds < 0) return fail("AuthorizationQueryParametersError", "X-Amz-Expires must be non-negative");
  if (expiresSeconds > MAX_EXPIRES_SECONDS) {
    return fail(
      "AuthorizationQueryParametersError",
      "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds",
    );
  }
  const token = q.get("X-Amz-Security-Token");
  const contentSha256 = q.get("X-Amz-Content-Sha256") ?? q.get("x-amz-content-sha256");
  return {
    ok: true,
    params: {
      ...parsed.credential,
      amzDate: date,
      signedAt,
      expiresSeconds,
      signedHeaders: signedHeaders.split(";").filter((h) => h !== ""),
      signature,
      ...(token !== undefined ? { securityToken: token } : {}),
      ...(contentSha256 !== undefined ? { contentSha256 } : {}),
    },
  };
}
