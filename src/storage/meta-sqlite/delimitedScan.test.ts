import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ScanSource } from "./delimitedScan.ts";
import { delimitedScan, resumeKey } from "./delimitedScan.ts";
import { encodeKey } from "./keyOrder.ts";

/** An in-memory sorted source that counts seeks and rows read. */
function arraySource(keys: string[]) {
  const rows = keys.map(encodeKey).sort(Buffer.compare);
  const stats = { seeks: 0, rowsRead: 0 };
  const source: ScanSource<Buffer, { key: Uint8Array; inclusive: boolean }> = {
    *scan(c, limit) {
      stats.seeks++;
      let n = 0;
      for (const r of rows) {
        const cmp = Buffer.compare(r, c.key);
        if (cmp < 0 || (cmp === 0 && !c.inclusive)) continue;
        if (n++ >= limit) return;
        stats.rowsRead++;
        yield r;
      }
    },
    keyOf: (r) => r,
    after: (r) => ({ key: r, inclusive: false }),
    atKey: (key) => ({ key, inclusive: true }),
  };
  return { source, stats };
}

describe("delimitedScan", () => {
  it("skips a whole common prefix with one seek instead of reading its keys", () => {
    const keys = [...Array.from({ length: 500 }, (_, i) => `big/${i}`), "x", "y"];
    const { source, stats } = arraySource(keys);
    const page = delimitedScan(source, { key: Buffer.alloc(0), inclusive: true }, Buffer.alloc(0), encodeKey("/"), 10);
    assert.deepEqual(page.entries.map((e) => ("row" in e ? e.row.toString() : e.prefix.toString())), ["big/", "x", "y"]);
    assert.equal(page.isTruncated, false);
    assert.ok(stats.rowsRead <= 4, `read ${stats.rowsRead} rows`);
  });
  it("resumes after a marker inside a common prefix at the prefix's successor", () => {
    const start = resumeKey(encodeKey("a/b/c"), encodeKey("a/"), encodeKey("/"));
    assert.deepEqual(start, { key: encodeKey("a/b0"), inclusive: true });
    assert.deepEqual(resumeKey(encodeKey("0"), encodeKey("a/"), encodeKey("/")), { key: encodeKey("a/"), inclusive: true });
    assert.deepEqual(resumeKey(encodeKey("a/x"), encodeKey("a/"), encodeKey("/")), { key: encodeKey("a/x"), inclusive: false });
  });
});
