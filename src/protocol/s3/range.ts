/**
 * @module protocol/s3/range
 * The `Range` header of GetObject: one byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`). As S3 does,
 * a header that does not parse is ignored (the whole object is returned), and a range that starts
 * past the end is unsatisfiable (416 InvalidRange).
 */

/** @public A parsed range: absent (whole object), satisfiable, or not. */
export type RangeOutcome =
  | { readonly kind: "none" }
  | { readonly kind: "range"; readonly start: number; readonly end: number }
  | { readonly kind: "unsatisfiable" };

/** @public Resolves a Range header against an object size. */
export function parseRange(header: string | undefined, size: number): RangeOutcome {
  if (header === undefined) return { kind: "none" };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: "none" };
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") return { kind: "none" };
  if (a === "") {
    const n = Number(b);
    if (n === 0) return { kind: "unsatisfiable" };
    if (size === 0) return { kind: "none" };
    return { kind: "range", start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (b !== "" && Number(b) < start) return { kind: "none" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "range", start, end };
}
