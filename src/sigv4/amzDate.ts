/**
 * @module sigv4/amzDate
 * The timestamp formats of SigV4: ISO 8601 basic (`20130524T000000Z`, in `x-amz-date`/`X-Amz-Date`),
 * the HTTP `Date` header, and the ISO form S3 prints in error fields (`2013-05-24T00:00:00Z`).
 */

/** @public Parses `YYYYMMDDTHHMMSSZ`; undefined unless it names a real UTC instant. */
export function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || t.getUTCHours() !== h || t.getUTCMinutes() !== mi) {
    return undefined;
  }
  return t;
}

/** @public Parses an HTTP `Date` header (RFC 7231 IMF-fixdate, or what `Date.parse` accepts with a zone). */
export function parseHttpDate(text: string): Date | undefined {
  if (!/GMT|UTC|[+-]\d{4}$|Z$/.test(text)) return undefined;
  const t = new Date(text);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/** @public Formats as `YYYYMMDDTHHMMSSZ`. */
export function formatAmzDate(t: Date): string {
  return t.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** @public Formats as S3 prints times in error fields: `2013-05-24T00:00:00Z`. */
export function formatIsoSeconds(t: Date): string {
  return t.toISOString().replace(/\.\d{3}Z$/, "Z");
}
