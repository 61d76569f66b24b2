/**
 * @module storage/meta-sqlite/delimitedScan
 * The listing algorithm shared by ListObjects, ListObjectVersions and ListMultipartUploads: walk rows
 * in key order from a start position, roll keys that contain the delimiter (after the prefix) into
 * common prefixes, and jump over a whole common prefix with one index seek (to the prefix's byte
 * successor). A page therefore costs O(page) seeks whatever the bucket size or the delimiter.
 *
 * Objects and common prefixes both count towards `max`, as S3 counts them.
 */
import { commonPrefixOf, hasPrefix, prefixSuccessor } from "./keyOrder.ts";

/** @internal A sorted source of rows the scan can seek into. `C` is a position in the source. */
export interface ScanSource<R, C> {
  /** At most `limit` rows, in listing order, starting at `cursor`. May be lazily iterated and abandoned. */
  scan(cursor: C, limit: number): Iterable<R>;
  /** The row's key bytes. */
  keyOf(row: R): Uint8Array;
  /** The position just after `row`. */
  after(row: R): C;
  /** The position of the first row whose key is at least `key`. */
  atKey(key: Uint8Array): C;
}

/** @internal One listed entry: a row, or a common prefix (as key bytes). */
export type ScanEntry<R> = { readonly row: R } | { readonly prefix: Buffer };

/** @internal A page of entries in order, and whether more entries follow. */
export interface ScanPage<R> {
  readonly entries: readonly ScanEntry<R>[];
  readonly isTruncated: boolean;
}

/** @internal Where a listing that resumes after `afterKey` must start, skipping a common prefix `afterKey` lies in. */
export function resumeKey(afterKey: Uint8Array, prefix: Uint8Array, delimiter: Uint8Array): { key: Uint8Array; inclusive: boolean } {
  if (Buffer.compare(afterKey, prefix) < 0) return { key: prefix, inclusive: true };
  if (hasPrefix(afterKey, prefix)) {
    // A marker that equals or falls inside a common prefix: that prefix sorts at or before the marker,
    // so neither it nor any of its keys is listed again.
    const group = commonPrefixOf(afterKey, prefix, delimiter);
    if (group !== undefined) return { key: prefixSuccessor(group) ?? group, inclusive: true };
  }
  return { key: afterKey, inclusive: false };
}

/**
 * @internal Lists at most `max` entries from `start`: rows whose key starts with `prefix`, with keys
 * containing `delimiter` past the prefix rolled into common prefixes.
 */
export function delimitedScan<R, C>(source: ScanSource<R, C>, start: C, prefix: Uint8Array, delimiter: Uint8Array, max: number): ScanPage<R> {
  const entries: ScanEntry<R>[] = [];
  if (max <= 0) return { entries, isTruncated: false };
  let cursor = start;
  for (;;) {
    const limit = max - entries.length + 1;
    let seen = 0;
    let jumped = false;
    for (const row of source.scan(cursor, limit)) {
      seen++;
      const key = source.keyOf(row);
      if (!hasPrefix(key, prefix)) return { entries, isTruncated: false };
      // A further entry exists beyond a full page.
      if (entries.length === max) return { entries, isTruncated: true };
      const group = commonPrefixOf(key, prefix, delimiter);
      if (group !== undefined) {
        entries.push({ prefix: group });
        const next = prefixSuccessor(group);
        if (next === undefined) return { entries, isTruncated: false };
        cursor = source.atKey(next);
        jumped = true;
        break; // leaving the loop closes the statement iterator before the next seek
      }
      entries.push({ row });
      cursor = source.after(row);
    }
    if (!jumped && seen < limit) return { entries, isTruncated: false };
  }
}
