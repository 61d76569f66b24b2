/**
 * @module storage/meta-sqlite/objectListing
 * ListObjects(V2) over the `current` index and ListObjectVersions over `versions`, both through
 * {@link delimitedScan}. Version rows come in key order, newest (highest seq) first within a key.
 */
import type { Database, Statement } from "better-sqlite3";
import type { ListedVersion, ListQuery, ObjectListing, VersionListing } from "../ports.ts";
import type { ScanSource } from "./delimitedScan.ts";
import { delimitedScan, resumeKey } from "./delimitedScan.ts";
import { decodeKey, encodeKey } from "./keyOrder.ts";
import type { VersionRow } from "./records.ts";
import { versionRecord } from "./records.ts";

/** @internal Listing operations over prepared statements; call inside a (read) transaction. */
export interface ObjectListingOps {
  listObjects(bucket: string, query: ListQuery): ObjectListing;
  listObjectVersions(bucket: string, query: ListQuery & { readonly afterVersionId: string }): VersionListing;
}

/** A position in key order: at `key` (inclusive) or after it; for versions, optionally after a seq inside `key`. */
interface KeyCursor {
  readonly key: Uint8Array;
  readonly inclusive: boolean;
  readonly belowSeq?: number;
}

/** A listed position: the key and the version row it points at (full rows are loaded once the page is known). */
interface SeqRow {
  key: Buffer;
  seq: number;
}
type LatestRow = SeqRow & { is_latest: number };

/** @internal Prepares the listing statements once. */
export function objectListing(db: Database): ObjectListingOps {
  // The scans read only the covering indexes; skipping a common prefix is then one cheap seek.
  const CURRENT = "SELECT key, seq FROM current WHERE bucket = ? AND key";
  const currentFrom = db.prepare<[string, Uint8Array, number], SeqRow>(`${CURRENT} >= ? ORDER BY key LIMIT ?`);
  const currentAfter = db.prepare<[string, Uint8Array, number], SeqRow>(`${CURRENT} > ? ORDER BY key LIMIT ?`);
  const LATEST = "(v.seq = (SELECT max(w.seq) FROM versions w WHERE w.bucket = v.bucket AND w.key = v.key)) AS is_latest";
  const VERSIONS = `SELECT v.key, v.seq, ${LATEST} FROM versions v WHERE v.bucket = ?`;
  const versionsFrom = db.prepare<[string, Uint8Array, number], LatestRow>(`${VERSIONS} AND v.key >= ? ORDER BY v.key, v.seq DESC LIMIT ?`);
  const versionsAfter = db.prepare<[string, Uint8Array, number], LatestRow>(`${VERSIONS} AND v.key > ? ORDER BY v.key, v.seq DESC LIMIT ?`);
  const versionsInKey = db.prepare<[string, Uint8Array, number, number], LatestRow>(
    `${VERSIONS} AND v.key = ? AND v.seq < ? ORDER BY v.seq DESC LIMIT ?`,
  );
  const seqOf = db.prepare<[string, Uint8Array, string], { seq: number }>("SELECT seq FROM versions WHERE bucket = ? AND key = ? AND version_id = ?");
  const bySeqs = db.prepare<[string], VersionRow>("SELECT * FROM versions WHERE seq IN (SELECT value FROM json_each(?))");

  /** The full rows of `seqs`, in that order, with one statement (rows the same transaction just listed). */
  function load(seqs: readonly number[]): VersionRow[] {
    if (seqs.length === 0) return [];
    const rows = new Map(bySeqs.all(JSON.stringify(seqs)).map((r) => [r.seq, r]));
    return seqs.flatMap((seq) => rows.get(seq) ?? []);
  }

  function keyScan<R>(from: Statement<[string, Uint8Array, number], R>, after: Statement<[string, Uint8Array, number], R>, bucket: string) {
    return (c: KeyCursor, limit: number): Iterable<R> => (c.inclusive ? from : after).iterate(bucket, c.key, limit);
  }

  function objectSource(bucket: string): ScanSource<SeqRow, KeyCursor> {
    return {
      scan: keyScan(currentFrom, currentAfter, bucket),
      keyOf: (row) => row.key,
      after: (row) => ({ key: row.key, inclusive: false }),
      atKey: (key) => ({ key, inclusive: true }),
    };
  }

  function versionSource(bucket: string): ScanSource<LatestRow, KeyCursor> {
    const byKey = keyScan(versionsFrom, versionsAfter, bucket);
    return {
      *scan(c, limit) {
        let left = limit;
        if (c.belowSeq !== undefined) {
          for (const row of versionsInKey.iterate(bucket, c.key, c.belowSeq, left)) {
            left--;
            yield row;
          }
          if (left === 0) return;
        }
        yield* byKey(c.belowSeq === undefined ? c : { key: c.key, inclusive: false }, left);
      },
      keyOf: (row) => row.key,
      after: (row) => ({ key: row.key, inclusive: false, belowSeq: row.seq }),
      atKey: (key) => ({ key, inclusive: true }),
    };
  }

  return {
    listObjects(bucket, q) {
      const prefix = encodeKey(q.prefix);
      const delimiter = encodeKey(q.delimiter);
      const start = resumeKey(encodeKey(q.after), prefix, delimiter);
      const page = delimitedScan(objectSource(bucket), start, prefix, delimiter, q.maxKeys);
      const objects = load(page.entries.flatMap((e) => ("row" in e ? [e.row.seq] : []))).map(versionRecord);
      const commonPrefixes = page.entries.flatMap((e) => ("prefix" in e ? [decodeKey(e.prefix)] : []));
      const last = page.entries.at(-1);
      const nextAfter = !page.isTruncated || last === undefined ? undefined : decodeKey("row" in last ? last.row.key : last.prefix);
      return { objects, commonPrefixes, isTruncated: page.isTruncated, ...(nextAfter === undefined ? {} : { nextAfter }) };
    },
    listObjectVersions(bucket, q) {
      const prefix = encodeKey(q.prefix);
      const delimiter = encodeKey(q.delimiter);
      const afterKey = encodeKey(q.after);
      let start: KeyCursor = resumeKey(afterKey, prefix, delimiter);
      // Resuming inside a key: versions of `after` older than the marker version come first.
      if (q.afterVersionId !== "" && !start.inclusive && Buffer.compare(start.key, afterKey) === 0) {
        const marker = seqOf.get(bucket, afterKey, q.afterVersionId);
        if (marker !== undefined) start = { key: afterKey, inclusive: false, belowSeq: marker.seq };
      }
      const page = delimitedScan(versionSource(bucket), start, prefix, delimiter, q.maxKeys);
      const listed = page.entries.flatMap((e) => ("row" in e ? [e.row] : []));
      const versions: ListedVersion[] = load(listed.map((r) => r.seq)).map((row, i) => ({ record: versionRecord(row), isLatest: listed[i]?.is_latest === 1 }));
      const commonPrefixes = page.entries.flatMap((e) => ("prefix" in e ? [decodeKey(e.prefix)] : []));
      const last = page.entries.at(-1);
      if (!page.isTruncated || last === undefined) return { versions, commonPrefixes, isTruncated: false };
      if ("prefix" in last) return { versions, commonPrefixes, isTruncated: true, nextKeyMarker: decodeKey(last.prefix) };
      return { versions, commonPrefixes, isTruncated: true, nextKeyMarker: decodeKey(last.row.key), nextVersionIdMarker: versions.at(-1)?.record.versionId ?? "" };
    },
  };
}
