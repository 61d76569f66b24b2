/**
 * @module test/contracts/metadataStore.listing.case
 * Contract cases for ListObjects(V2) and ListObjectVersions: UTF-8 byte order, prefix, delimiter,
 * markers (including markers inside a common prefix), max-keys counting common prefixes, and
 * pagination checked against a naive reference model with fast-check.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { ListQuery, MetadataStore } from "../../src/storage/ports.ts";
import { byteOrder, deleteUnder, makeBucket, putUnder, referencePage } from "./metadataFixtures.ts";

/** A bucket `b` holding `keys` (unversioned). */
function bucketWith(open: () => MetadataStore, keys: readonly string[]): MetadataStore {
  const s = open();
  makeBucket(s, "b");
  for (const k of keys) putUnder(s, "Unversioned", "b", k);
  return s;
}

/** One page as (entries in order, truncation, next marker): objects and prefixes interleaved in byte order. */
function page(s: MetadataStore, q: Partial<ListQuery>) {
  const r = s.listObjects("b", { prefix: "", delimiter: "", after: "", maxKeys: 1000, ...q });
  const entries = [...r.objects.map((o) => o.key), ...r.commonPrefixes].sort(byteOrder);
  return { keys: r.objects.map((o) => o.key), prefixes: r.commonPrefixes, entries, isTruncated: r.isTruncated, nextAfter: r.nextAfter };
}

/** Every entry across pages, following `nextAfter`. */
function paginate(s: MetadataStore, q: Omit<ListQuery, "after">): string[] {
  const out: string[] = [];
  let after = "";
  for (let i = 0; i < 10_000; i++) {
    const p = page(s, { ...q, after });
    out.push(...p.entries);
    if (!p.isTruncated) return out;
    assert.equal(p.nextAfter, p.entries.at(-1));
    after = p.nextAfter ?? "";
  }
  throw new Error("pagination did not end");
}

const AROUND_SLASH = ["a/", "a/b", "a0", "a.", "a!", "a/c/d", "a", "b", "a//x", "a/b/"];

/** @internal Registers the listing cases against `open`. */
export function listingCases(open: () => MetadataStore): void {
  describe("ListObjects", () => {
    it("lists keys in the byte order of their UTF-8 encoding, not UTF-16 order", () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html: "returned in UTF-8 binary order"
      // U+FF5E is EF BD 9E in UTF-8 but sorts after U+1F600 (surrogate D83D) in UTF-16.
      const keys = ["😀", "～", "é", "z", "Z", "中", "a\u0000b", "a"];
      const s = bucketWith(open, keys);
      assert.deepEqual(page(s, {}).keys, ["Z", "a", "a\u0000b", "z", "é", "中", "～", "😀"]);
    });
    it("rolls keys into common prefixes at the first delimiter after the prefix, around bytes just below and above '/'", () => {
      const s = bucketWith(open, AROUND_SLASH);
      const p = page(s, { delimiter: "/" });
      assert.deepEqual(p.keys, ["a", "a!", "a.", "a0", "b"]);
      assert.deepEqual(p.prefixes, ["a/"]);
      const inside = page(s, { prefix: "a/", delimiter: "/" });
      assert.deepEqual(inside.keys, ["a/", "a/b"]);
      assert.deepEqual(inside.prefixes, ["a//", "a/b/", "a/c/"]);
      assert.deepEqual(page(s, { prefix: "a/", delimiter: "/" }).entries, ["a/", "a//", "a/b", "a/b/", "a/c/"].sort(byteOrder));
    });
    it("counts common prefixes towards max-keys and resumes after a common prefix without repeating it", () => {
      const s = bucketWith(open, AROUND_SLASH);
      const first = page(s, { delimiter: "/", maxKeys: 3 });
      assert.deepEqual(first.entries, ["a", "a!", "a."]);
      assert.equal(first.nextAfter, "a.");
      const second = page(s, { delimiter: "/", maxKeys: 1, after: "a." });
      assert.deepEqual(second, { keys: [], prefixes: ["a/"], entries: ["a/"], isTruncated: true, nextAfter: "a/" });
      assert.deepEqual(page(s, { delimiter: "/", maxKeys: 5, after: "a/" }).entries, ["a0", "b"]);
    });
    it("skips the rest of a common prefix when the marker falls inside it", () => {
      // Marker boo/ with delimiter /: the listing continues with cquux/ and is not truncated (ceph s3-tests test_bucket_list_delimiter_prefix).
      const s = bucketWith(open, ["asdf", "boo/bar", "boo/baz/xyzzy", "cquux/thud", "cquux/bla"]);
      assert.deepEqual(page(s, { delimiter: "/", after: "boo/", maxKeys: 1 }), { keys: [], prefixes: ["cquux/"], entries: ["cquux/"], isTruncated: false, nextAfter: undefined });
      assert.deepEqual(page(s, { delimiter: "/", after: "boo/bar" }).entries, ["cquux/"]);
    });
    it("reports not truncated when the last common prefix holds the last keys", () => {
      const s = bucketWith(open, ["x", "y/1", "y/2", "y/3"]);
      const p = page(s, { delimiter: "/", maxKeys: 2 });
      assert.deepEqual(p.entries, ["x", "y/"]);
      assert.equal(p.isTruncated, false);
    });
    it("returns an empty, untruncated page for max-keys 0", () => {
      // AWS returns KeyCount 0 and IsTruncated false for max-keys=0 (see faiscadev/fakecloud#2003, versity/versitygw#248).
      const s = bucketWith(open, ["a", "b"]);
      assert.deepEqual(page(s, { maxKeys: 0 }), { keys: [], prefixes: [], entries: [], isTruncated: false, nextAfter: undefined });
    });
    it("starts at the prefix when the marker sorts before it, and returns nothing when it sorts after all prefixed keys", () => {
      const s = bucketWith(open, ["a1", "b1", "b2", "c1"]);
      assert.deepEqual(page(s, { prefix: "b", after: "a9" }).keys, ["b1", "b2"]);
      assert.deepEqual(page(s, { prefix: "b", after: "b1" }).keys, ["b2"]);
      assert.deepEqual(page(s, { prefix: "b", after: "bz" }).keys, []);
    });
    it("supports a multi-character and a non-ASCII delimiter", () => {
      const s = bucketWith(open, ["x::y::z", "x::w", "x:y", "αβγ", "αδ", "β"]);
      assert.deepEqual(page(s, { delimiter: "::" }).entries, ["x::", "x:y", "αβγ", "αδ", "β"]);
      assert.deepEqual(page(s, { delimiter: "β" }).entries, ["x::w", "x::y::z", "x:y", "αβ", "αδ", "β"]);
    });
    it("lists only keys whose latest version is not a delete marker", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      for (const k of ["a", "b", "c", "d"]) putUnder(s, "Enabled", "b", k);
      deleteUnder(s, "Enabled", "b", "b");
      deleteUnder(s, "Enabled", "b", "c");
      putUnder(s, "Enabled", "b", "c");
      assert.deepEqual(page(s, { maxKeys: 2 }).entries, ["a", "c"]);
      assert.deepEqual(page(s, {}).entries, ["a", "c", "d"]);
    });
    it("pages through any key set exactly as the reference model does", () => {
      const alphabet = fc.constantFrom("a", "b", "/", ".", "0", "é", "😀", "-");
      const key = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(""));
      fc.assert(
        fc.property(
          fc.uniqueArray(key, { maxLength: 30 }),
          fc.constantFrom("", "a", "a/", "é"),
          fc.constantFrom("", "/", "é", "a/"),
          fc.integer({ min: 1, max: 5 }),
          fc.option(key, { nil: "" }),
          (keys, prefix, delimiter, maxKeys, after) => {
            const s = bucketWith(open, keys);
            const want = referencePage(keys, { prefix, delimiter, after, maxKeys });
            const got = page(s, { prefix, delimiter, after, maxKeys });
            assert.deepEqual(got.entries, want.entries);
            assert.equal(got.isTruncated, want.isTruncated);
            for (const e of got.prefixes) assert.ok(want.prefixes.has(e));
            assert.deepEqual(paginate(s, { prefix, delimiter, maxKeys }), referencePage(keys, { prefix, delimiter, after: "", maxKeys: 1e9 }).entries);
            s.close();
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  describe("ListObjectVersions", () => {
    function versionPages(s: MetadataStore, q: { prefix?: string; delimiter?: string; maxKeys: number }) {
      const rows: string[] = [];
      let after = "";
      let afterVersionId = "";
      for (let i = 0; i < 1000; i++) {
        const p = s.listObjectVersions("b", { prefix: q.prefix ?? "", delimiter: q.delimiter ?? "", after, afterVersionId, maxKeys: q.maxKeys });
        for (const v of p.versions) rows.push(`${v.record.key}@${v.record.versionId}${v.isLatest ? "*" : ""}${v.record.isDeleteMarker ? "DM" : ""}`);
        for (const cp of p.commonPrefixes) rows.push(`${cp}/CP`);
        if (!p.isTruncated) return rows;
        after = p.nextKeyMarker ?? "";
        afterVersionId = p.nextVersionIdMarker ?? "";
      }
      throw new Error("pagination did not end");
    }

    it("lists versions and delete markers in key order, newest first, marking the latest, and resumes after (key, version ID)", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      const ids: Record<string, string[]> = { a: [], b: [], "c/x": [], "c/y": [] };
      for (const round of [0, 1, 2]) {
        for (const k of Object.keys(ids)) ids[k]?.unshift(putUnder(s, "Enabled", "b", k).record.versionId);
        if (round === 1) deleteUnder(s, "Enabled", "b", "b");
      }
      const everything = versionPages(s, { maxKeys: 1000 });
      assert.equal(everything.length, 13);
      assert.deepEqual(everything.filter((r) => r.startsWith("a@")), (ids.a ?? []).map((v, i) => `a@${v}${i === 0 ? "*" : ""}`));
      assert.equal(everything.filter((r) => r.endsWith("DM")).length, 1);
      assert.equal(everything.filter((r) => r.includes("*")).length, 4);
      for (const n of [1, 2, 3, 5]) assert.deepEqual(versionPages(s, { maxKeys: n }), everything);
      assert.deepEqual(versionPages(s, { delimiter: "/", maxKeys: 2 }), [...everything.filter((r) => !r.startsWith("c/")), "c//CP"]);
    });
    it("includes the null version in its place by age among versioned ones", () => {
      const s = open();
      makeBucket(s, "b");
      putUnder(s, "Unversioned", "b", "k");
      s.setBucketVersioning("b", "Enabled");
      const v = putUnder(s, "Enabled", "b", "k").record.versionId;
      assert.deepEqual(versionPages(s, { maxKeys: 1 }), [`k@${v}*`, "k@null"]);
    });
  });
}
