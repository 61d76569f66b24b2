/**
 * @module sigv4/request
 * The raw pieces of an HTTP request that SigV4 verification reads, as they came off the wire.
 */

/** @public A request as received. */
export interface SigV4Request {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path exactly as sent (still percent-encoded), without the query string. */
  readonly rawPath: string;
  /** The query string as sent, without `?` (empty when there is none). */
  readonly rawQuery: string;
  /** Header name/value pairs in arrival order (Node's `rawHeaders` paired up); names in any case. */
  readonly headers: readonly (readonly [string, string])[];
}

/** @public All values of a header (case-insensitive name), in arrival order. */
export function headerValues(request: SigV4Request, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of request.headers) if (n.toLowerCase() === lower) out.push(v);
  return out;
}

/** @public The first value of a header, or undefined. */
export function headerValue(request: SigV4Request, name: string): string | undefined {
  return headerValues(request, name)[0];
}

/** @public One decoded query parameter: name and value as sent (still encoded) and decoded. */
export interface RawQueryParam {
  readonly rawName: string;
  readonly rawValue: string;
  /** True when the component had an `=` (`?acl` has none; its value is then empty). */
  readonly hasEquals: boolean;
}

/** @public Splits a raw query string on `&` and the first `=`, skipping empty components. */
export function splitQuery(rawQuery: string): RawQueryParam[] {
  const out: RawQueryParam[] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) out.push({ rawName: part, rawValue: "", hasEquals: false });
    else out.push({ rawName: part.slice(0, eq), rawValue: part.slice(eq + 1), hasEquals: true });
  }
  return out;
}
