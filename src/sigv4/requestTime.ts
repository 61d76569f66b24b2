/**
 * @module sigv4/requestTime
 * The time rules of SigV4 as pure functions of the request and `now`.
 * Header authentication: the timestamp is `x-amz-date` (else `Date`); its day must be the credential
 * scope's date; it may differ from the server's clock by at most 15 minutes (RequestTimeTooSkewed).
 * Presigned URLs: valid from `X-Amz-Date` for `X-Amz-Expires` seconds ("Request has expired").
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
import { formatAmzDate, formatIsoSeconds, parseAmzDate, parseHttpDate } from "./amzDate.ts";
import type { SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";
import type { SigV4Request } from "./request.ts";
import { headerValue } from "./request.ts";

/** @public S3's allowed clock skew. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** @public The request timestamp of a header-authenticated request. */
export interface RequestTime {
  /** `YYYYMMDDTHHMMSSZ`, as it enters the string to sign. */
  readonly amzDate: string;
  readonly time: Date;
}

/** @public Reads the timestamp (`x-amz-date`, else `Date`) of a header-authenticated request. */
export function readRequestTime(request: SigV4Request): SigV4Result<{ requestTime: RequestTime; raw: string }> {
  const amz = headerValue(request, "x-amz-date");
  const date = headerValue(request, "date");
  const parsed = amz !== undefined ? parseAmzDate(amz.trim()) : date !== undefined ? parseHttpDate(date.trim()) : undefined;
  if (!parsed) return fail("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
  const raw = (amz ?? date ?? "").trim();
  return { ok: true, requestTime: { amzDate: amz !== undefined ? raw : formatAmzDate(parsed), time: parsed }, raw };
}

/** @public RequestTimeTooSkewed when the request time is more than 15 minutes from `now`. */
export function checkSkew(requestTime: Date, rawRequestTime: string, now: Date): SigV4Result<object> {
  if (Math.abs(now.getTime() - requestTime.getTime()) <= MAX_SKEW_MS) return { ok: true };
  return fail("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", [
    ["RequestTime", rawRequestTime],
    ["ServerTime", formatIsoSeconds(now)],
    ["MaxAllowedSkewMilliseconds", String(MAX_SKEW_MS)],
  ]);
}

/**
 * @public Validity window of a presigned URL. Expired: AccessDenied "Request has expired" with
 * `X-Amz-Expires`, `Expires`, `ServerTime`. Signed more than 15 minutes in the future: AccessDenied
 * "Request is not yet valid".
 */
export function checkPresignedWindow(signedAt: Date, expiresSeconds: number, now: Date): SigV4Result<object> {
  const expires = new Date(signedAt.getTime() + expiresSeconds * 1000);
  if (signedAt.getTime() - now.getTime() > MAX_SKEW_MS) {
    return fail("AccessDenied", "Request is not yet valid", [
      ["X-Amz-Date", formatAmzDate(signedAt)],
      ["Expires", formatIsoSeconds(expires)],
      ["ServerTime", formatIsoSeconds(now)],
    ]);
  }
  if (now.getTime() > expires.getTime()) {
    return fail("AccessDenied", "Request has expired", [
      ["X-Amz-Expires", String(expiresSeconds)],
      ["Expires", formatIsoSeconds(expires)],
      ["ServerTime", formatIsoSeconds(now)],
    ]);
  }
  return { ok: true };
}
