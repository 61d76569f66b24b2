/**
 * @module protocol/s3/conditions
 * Conditional requests (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) with S3's
 * precedence rules, for GET/HEAD and, with the `x-amz-copy-source-if-*` names, for copy sources.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Request Syntax: conditional headers)
 */
import type { Headers } from "../http.ts";

/** @public The outcome: proceed, 304 Not Modified, or 412 Precondition Failed (with the failing header). */
export type ConditionOutcome = { readonly kind: "ok" } | { readonly kind: "not-modified" } | { readonly kind: "failed"; readonly condition: string };

function etagMatches(list: string, etag: string): boolean {
  return list.split(",").some((raw) => {
    const t = raw.trim();
    return t === "*" || t.replace(/^W\//, "").replace(/^"|"$/g, "") === etag;
  });
}

function parseHttpDate(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * @public Evaluates the conditions against an object. `prefix` is `""` for GET/HEAD and
 * `"x-amz-copy-source-"` for a copy source. Last-Modified comparisons are at one-second precision.
 *
 * S3's rules: If-Match true with If-Unmodified-Since false → proceed; If-None-Match false with
 * If-Modified-Since true → 304. A copy source answers 412 where GET answers 304.
 */
export function evaluateConditions(headers: Headers, prefix: string, etag: string, lastModified: Date): ConditionOutcome {
  const ifMatch = headers.get(`${prefix}if-match`);
  const ifNoneMatch = headers.get(`${prefix}if-none-match`);
  const ifModifiedSince = parseHttpDate(headers.get(`${prefix}if-modified-since`));
  const ifUnmodifiedSince = parseHttpDate(headers.get(`${prefix}if-unmodified-since`));
  const modified = Math.floor(lastModified.getTime() / 1000) * 1000;

  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, etag)) return { kind: "failed", condition: "If-Match" };
  } else if (ifUnmodifiedSince !== undefined && modified > ifUnmodifiedSince) {
    return { kind: "failed", condition: "If-Unmodified-Since" };
  }
  const notModified = prefix === "" ? ({ kind: "not-modified" } as const) : ({ kind: "failed", condition: "If-None-Match" } as const);
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, etag)) return notModified;
  } else if (ifModifiedSince !== undefined && modified <= ifModifiedSince) {
    return prefix === "" ? notModified : { kind: "failed", condition: "If-Modified-Since" };
  }
  return { kind: "ok" };
}
