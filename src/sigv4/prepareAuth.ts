/**
 * @module sigv4/prepareAuth
 * Everything S3 checks about a signed request before it needs the secret key, in S3's order:
 * parse the Authorization header (or the presigning query), the timestamp and its scope date, the clock
 * skew (or the presigned validity window), `x-amz-content-sha256`, and the signed-headers rule.
 * The caller then looks the access key up (InvalidAccessKeyId when unknown) and calls `verifySignature`.
 */
import { parseAuthorizationHeader } from "./authorizationHeader.ts";
import type { PayloadMode } from "./contentSha256.ts";
import { UNSIGNED_PAYLOAD, classifyContentSha256 } from "./contentSha256.ts";
import type { CredentialScope, ScopeExpectation } from "./credentialScope.ts";
import { HEADER_SOURCE, checkScopeDate } from "./credentialScope.ts";
import type { SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";
import { parsePresignedQuery } from "./presignedQuery.ts";
import type { SigV4Request } from "./request.ts";
import { headerValue } from "./request.ts";
import { checkPresignedWindow, checkSkew, readRequestTime } from "./requestTime.ts";
import { checkSignedHeaders } from "./signedHeadersRule.ts";

/** @public Server-side expectations: the clock reading, the region served (undefined: any), the service. */
export interface AuthOptions {
  readonly now: Date;
  readonly region?: string;
  /** Defaults to `s3`. */
  readonly service?: string;
}

/** @public A request whose authentication parameters passed every check that needs no secret. */
export interface PreparedAuth {
  /** `REST-HEADER` or `REST-QUERY-STRING`, as the `s3:authType` condition key names them. */
  readonly authType: "REST-HEADER" | "REST-QUERY-STRING";
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** `YYYYMMDDTHHMMSSZ`, as it enters the string to sign. */
  readonly amzDate: string;
  /** The payload line of the canonical request. */
  readonly payloadHash: string;
  readonly payload: PayloadMode;
  readonly securityToken?: string;
  /** `s3:signatureAge`: milliseconds since the request was signed. */
  readonly signatureAgeMs: number;
}

function expectation(options: AuthOptions): ScopeExpectation {
  const service = options.service ?? "s3";
  return options.region !== undefined ? { region: options.region, service } : { service };
}

/** @public Checks a request authenticated by its `Authorization` header, before the secret is known. */
export function prepareHeaderAuth(request: SigV4Request, options: AuthOptions): SigV4Result<{ auth: PreparedAuth }> {
  const header = headerValue(request, "authorization");
  if (header === undefined) return fail("AccessDenied", "Access Denied");
  const parsed = parseAuthorizationHeader(header, expectation(options));
  if (!parsed.ok) return parsed;
  const a = parsed.authorization;
  const time = readRequestTime(request);
  if (!time.ok) return time;
  const scopeOk = checkScopeDate(a.scope, time.requestTime.amzDate, HEADER_SOURCE);
  if (!scopeOk.ok) return scopeOk;
  const skew = checkSkew(time.requestTime.time, time.raw, options.now);
  if (!skew.ok) return skew;
  const declared = headerValue(request, "x-amz-content-sha256");
  if (declared === undefined) return fail("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
  const payload = classifyContentSha256(declared.trim());
  if (!payload.ok) return payload;
  const signedOk = checkSignedHeaders(request, a.signedHeaders);
  if (!signedOk.ok) return signedOk;
  const token = headerValue(request, "x-amz-security-token");
  return {
    ok: true,
    auth: {
      authType: "REST-HEADER",
      accessKeyId: a.accessKeyId,
      scope: a.scope,
      signedHeaders: a.signedHeaders,
      signature: a.signature,
      amzDate: time.requestTime.amzDate,
      payloadHash: declared.trim(),
      payload: payload.payload,
      ...(token !== undefined ? { securityToken: token } : {}),
      signatureAgeMs: Math.max(0, options.now.getTime() - time.requestTime.time.getTime()),
    },
  };
}

/** @public Checks a presigned-URL request, before the secret is known. */
export function preparePresignedAuth(request: SigV4Request, options: AuthOptions): SigV4Result<{ auth: PreparedAuth }> {
  const parsed = parsePresignedQuery(request.rawQuery, expectation(options));
  if (!parsed.ok) return parsed;
  const p = parsed.params;
  const window = checkPresignedWindow(p.signedAt, p.expiresSeconds, options.now);
  if (!window.ok) return window;
  // A presigned URL signs its body as UNSIGNED-PAYLOAD unless it says otherwise.
  const payloadHash = p.contentSha256 ?? headerValue(request, "x-amz-content-sha256")?.trim() ?? UNSIGNED_PAYLOAD;
  const payload = classifyContentSha256(payloadHash);
  if (!payload.ok) return payload;
  const signedOk = checkSignedHeaders(request, p.signedHeaders);
  if (!signedOk.ok) return signedOk;
  return {
    ok: true,
    auth: {
      authType: "REST-QUERY-STRING",
      accessKeyId: p.accessKeyId,
      scope: p.scope,
      signedHeaders: p.signedHeaders,
      signature: p.signature,
      amzDate: p.amzDate,
      payloadHash,
      payload: payload.payload,
      ...(p.securityToken !== undefined ? { securityToken: p.securityToken } : {}),
      signatureAgeMs: Math.max(0, options.now.getTime() - p.signedAt.getTime()),
    },
  };
}
