/**
 * @module test/contracts/metadataStore.versions.case
 * Contract cases for buckets and object versions: round trips, the three versioning states, null
 * version replacement, delete markers, latest tracking and blob release.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { MetadataStore } from "../../src/storage/ports.ts";
import { deleteMarker, deleteUnder, makeBucket, newVersionId, putUnder, upload, version } from "./metadataFixtures.ts";

const all = { prefix: "", delimiter: "", after: "", maxKeys: 1000 };
const allVersions = { ...all, afterVersionId: "" };

/** Keys currently listed. */
function listed(store: MetadataStore, bucket: string): string[] {
  return store.listObjects(bucket, all).objects.map((o) => o.key);
}

/** (versionId, isLatest) pairs of a key, newest first. */
function history(store: MetadataStore, bucket: string, key: string): [string, boolean][] {
  return store
    .listObjectVersions(bucket, { ...allVersions, prefix: key })
    .versions.filter((v) => v.record.key === key)
    .map((v) => [v.record.versionId, v.isLatest]);
}

/** @internal Registers the bucket and version cases against `open`. */
export function versionCases(open: () => MetadataStore): void {
  describe("buckets", () => {
    it("creates a bucket once and reports an existing name as exists", () => {
      const s = open();
      const b = { name: "b1", ownerAccountId: "111122223333", region: "eu-west-1", createdAt: new Date(1_700_000_000_789), versioning: "Unversioned" as const };
      assert.equal(s.createBucket(b), "created");
      assert.equal(s.createBucket({ ...b, ownerAccountId: "999999999999" }), "exists");
      assert.deepEqual(s.getBucket("b1"), b);
      assert.equal(s.getBucket("nope"), undefined);
    });
    it("lists buckets in name order", () => {
      const s = open();
      for (const n of ["zeta", "alpha", "mid"]) makeBucket(s, n);
      assert.deepEqual(s.listBuckets().map((b) => b.name), ["alpha", "mid", "zeta"]);
    });
    it("records the versioning state", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      assert.equal(s.getBucket("b")?.versioning, "Enabled");
      s.setBucketVersioning("b", "Suspended");
      assert.equal(s.getBucket("b")?.versioning, "Suspended");
    });
    it("stores, replaces and removes bucket configuration entries", () => {
      const s = open();
      makeBucket(s, "b");
      assert.equal(s.getBucketConfig("b", "policy"), undefined);
      s.putBucketConfig("b", "policy", "{}");
      s.putBucketConfig("b", "policy", '{"Version":"2012-10-17"}');
      assert.equal(s.getBucketConfig("b", "policy"), '{"Version":"2012-10-17"}');
      s.putBucketConfig("b", "policy", undefined);
      assert.equal(s.getBucketConfig("b", "policy"), undefined);
    });
    it("stores account-level settings per account, independent of buckets", () => {
      const s = open();
      assert.equal(s.getAccountConfig("111111111111", "publicAccessBlock"), undefined);
      s.putAccountConfig("111111111111", "publicAccessBlock", '{"BlockPublicAcls":true}');
      s.putAccountConfig("222222222222", "publicAccessBlock", "{}");
      s.putAccountConfig("111111111111", "publicAccessBlock", '{"BlockPublicAcls":false}');
      assert.equal(s.getAccountConfig("111111111111", "publicAccessBlock"), '{"BlockPublicAcls":false}');
      s.putAccountConfig("111111111111", "publicAccessBlock", undefined);
      assert.equal(s.getAccountConfig("111111111111", "publicAccessBlock"), undefined);
      assert.equal(s.getAccountConfig("222222222222", "publicAccessBlock"), "{}");
    });
    it("refuses to delete a bucket holding only a delete marker", () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html: all objects, including versions and delete markers, must be deleted first.
      const s = open();
      makeBucket(s, "b", "Enabled");
      s.putObject(deleteMarker("b", "k", newVersionId()), "versioned");
      assert.equal(s.hasObjects("b"), true);
      assert.equal(s.deleteBucket("b"), "not-empty");
      assert.equal(s.deleteBucket("missing"), "missing");
    });
    it("deletes an empty bucket with its configuration and uploads, reporting the uploads' blobs", () => {
      const s = open();
      makeBucket(s, "b");
      s.putBucketConfig("b", "policy", "{}");
      s.createUpload(upload("b", "k", "u1", 1));
      s.putPart({ uploadId: "u1", partNumber: 1, blobId: "pb1", size: 5, etag: "e", lastModified: new Date(2) });
      const released: string[] = [];
      assert.equal(s.deleteBucket("b", (ids) => released.push(...ids)), "deleted");
      assert.deepEqual(released, ["pb1"]);
      assert.equal(s.getBucket("b"), undefined);
      assert.equal(s.getUpload("b", "k", "u1"), undefined);
      makeBucket(s, "b");
      assert.equal(s.getBucketConfig("b", "policy"), undefined);
    });
  });

  describe("object versions", () => {
    it("round-trips every field of a record exactly, with millisecond dates and absent optionals absent", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      const full = version("b", "dir/ключ 🙂", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", {
        lastModified: new Date(1_700_000_000_999),
        headers: { "content-type": "application/json", "cache-control": "no-cache" },
        userMetadata: { color: "blue", "x-weird": "a=b;c" },
        checksum: { algorithm: "CRC32C", value: "yZRlqg==-2", type: "COMPOSITE" },
        parts: [
          { partNumber: 1, blobId: "p1", size: 5242880, etag: "aa", checksum: { algorithm: "CRC32C", value: "AAAAAA==", type: "COMPOSITE" } },
          { partNumber: 2, blobId: "p2", size: 1, etag: "bb" },
        ],
        multipart: true,
        etag: "0123456789abcdef0123456789abcdef-2",
        size: 5242881,
        tags: [["b", "2"], ["a", "1"]],
        acl: '{"grants":[]}',
        storageClass: "STANDARD_IA",
      });
      s.putObject(full, "versioned");
      assert.deepEqual(s.getObject("b", full.key), full);
      const bare = version("b", "bare", "v-bare");
      s.putObject(bare, "versioned");
      const got = s.getObject("b", "bare", "v-bare");
      assert.deepEqual(got, bare);
      assert.equal(got !== undefined && "checksum" in got, false);
      assert.equal(got !== undefined && "acl" in got, false);
    });
    it("a read right after each kind of write sees the write (latest, by version ID, and absence)", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      assert.equal(s.getObject("b", "k"), undefined);
      const v1 = version("b", "k", "v1");
      s.putObject(v1, "versioned");
      assert.equal(s.getObject("b", "k")?.versionId, "v1");
      assert.equal(s.getObject("b", "k", "v2"), undefined);
      s.putObject(version("b", "k", "v2"), "versioned");
      assert.equal(s.getObject("b", "k")?.versionId, "v2");
      assert.equal(s.getObject("b", "k", "v2")?.versionId, "v2");
      assert.equal(s.updateObject("b", "k", "v1", { acl: '{"grants":[]}', tags: [["t", "1"]] }), true);
      assert.equal(s.getObject("b", "k", "v1")?.acl, '{"grants":[]}');
      assert.deepEqual(s.getObject("b", "k", "v1")?.tags, [["t", "1"]]);
      s.deleteObjectVersion("b", "k", "v2");
      assert.equal(s.getObject("b", "k", "v2"), undefined);
      assert.equal(s.getObject("b", "k")?.versionId, "v1");
      s.createUpload(upload("b", "k", "u1", 1));
      const done = version("b", "k", "v3", { multipart: true });
      assert.equal(s.completeUpload("u1", done, "versioned").outcome, "completed");
      assert.equal(s.getObject("b", "k")?.versionId, "v3");
      s.deleteObjectVersion("b", "k", "v1");
      s.deleteObjectVersion("b", "k", "v3");
      assert.equal(s.deleteBucket("b"), "deleted");
      makeBucket(s, "b", "Enabled");
      assert.equal(s.getObject("b", "k"), undefined);
    });
    it("unversioned: a put replaces the null version and releases its blobs; a delete removes it", () => {
      const s = open();
      makeBucket(s, "b");
      const first = putUnder(s, "Unversioned", "b", "k");
      assert.deepEqual(first.released, []);
      const second = putUnder(s, "Unversioned", "b", "k");
      assert.deepEqual(second.released, first.record.parts.map((p) => p.blobId));
      assert.deepEqual(history(s, "b", "k"), [["null", true]]);
      assert.deepEqual(deleteUnder(s, "Unversioned", "b", "k"), second.record.parts.map((p) => p.blobId));
      assert.equal(s.getObject("b", "k"), undefined);
      assert.equal(s.hasObjects("b"), false);
    });
    it("enabled: each put adds a version that becomes the latest, whatever its ID sorts like", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      const ids = [putUnder(s, "Enabled", "b", "k"), putUnder(s, "Enabled", "b", "k"), putUnder(s, "Enabled", "b", "k")].map((p) => {
        assert.deepEqual(p.released, []);
        return p.record.versionId;
      });
      assert.equal(s.getObject("b", "k")?.versionId, ids[2]);
      assert.deepEqual(history(s, "b", "k"), [[ids[2], true], [ids[1], false], [ids[0], false]]);
    });
    it("enabled: a delete adds a delete marker that hides the key from listing but is returned as the latest version", () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeleteMarker.html
      const s = open();
      makeBucket(s, "b", "Enabled");
      const v1 = putUnder(s, "Enabled", "b", "k").record;
      assert.deepEqual(deleteUnder(s, "Enabled", "b", "k"), []);
      assert.equal(s.getObject("b", "k")?.isDeleteMarker, true);
      assert.deepEqual(s.getObject("b", "k", v1.versionId), v1);
      assert.deepEqual(listed(s, "b"), []);
      const h = history(s, "b", "k");
      assert.equal(h.length, 2);
      assert.deepEqual(h[1], [v1.versionId, false]);
    });
    it("removing the delete marker makes the previous version current and listed again", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      const v1 = putUnder(s, "Enabled", "b", "k").record;
      deleteUnder(s, "Enabled", "b", "k");
      const marker = s.getObject("b", "k");
      assert.ok(marker?.isDeleteMarker);
      const { removed, released } = s.deleteObjectVersion("b", "k", marker.versionId);
      assert.deepEqual(removed, marker);
      assert.deepEqual(released, []);
      assert.deepEqual(s.getObject("b", "k"), v1);
      assert.deepEqual(listed(s, "b"), ["k"]);
    });
    it("removing the latest version makes the next newest latest and releases only the removed blobs", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      const v1 = putUnder(s, "Enabled", "b", "k").record;
      const v2 = putUnder(s, "Enabled", "b", "k").record;
      const out = s.deleteObjectVersion("b", "k", v2.versionId);
      assert.deepEqual(out.removed, v2);
      assert.deepEqual(out.released, v2.parts.map((p) => p.blobId));
      assert.deepEqual(s.getObject("b", "k"), v1);
      assert.deepEqual(history(s, "b", "k"), [[v1.versionId, true]]);
    });
    it("removing a version that does not exist removes nothing", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      putUnder(s, "Enabled", "b", "k");
      assert.deepEqual(s.deleteObjectVersion("b", "k", "nope"), { released: [] });
      assert.deepEqual(s.deleteObjectVersion("b", "other", "null"), { released: [] });
    });
    it("suspended: a put replaces the null version wherever it sits in the history and becomes the latest", () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/AddingObjectstoVersionSuspendedBuckets.html
      const s = open();
      makeBucket(s, "b");
      const oldNull = putUnder(s, "Unversioned", "b", "k").record;
      s.setBucketVersioning("b", "Enabled");
      const v1 = putUnder(s, "Enabled", "b", "k").record;
      s.setBucketVersioning("b", "Suspended");
      const newNull = putUnder(s, "Suspended", "b", "k");
      assert.deepEqual(newNull.released, oldNull.parts.map((p) => p.blobId));
      assert.deepEqual(history(s, "b", "k"), [["null", true], [v1.versionId, false]]);
      assert.deepEqual(s.getObject("b", "k"), newNull.record);
    });
    it("suspended: a delete writes a null delete marker that replaces the null version and keeps other versions", () => {
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectsfromVersioningSuspendedBuckets.html
      const s = open();
      makeBucket(s, "b", "Enabled");
      const v1 = putUnder(s, "Enabled", "b", "k").record;
      s.setBucketVersioning("b", "Suspended");
      const n = putUnder(s, "Suspended", "b", "k").record;
      assert.deepEqual(deleteUnder(s, "Suspended", "b", "k"), n.parts.map((p) => p.blobId));
      const latest = s.getObject("b", "k");
      assert.equal(latest?.versionId, "null");
      assert.equal(latest?.isDeleteMarker, true);
      assert.deepEqual(history(s, "b", "k"), [["null", true], [v1.versionId, false]]);
      assert.deepEqual(listed(s, "b"), []);
    });
    it("makes an older null version the latest again when the newer versioned object is removed", () => {
      const s = open();
      makeBucket(s, "b", "Suspended");
      putUnder(s, "Suspended", "b", "k");
      s.setBucketVersioning("b", "Enabled");
      const v1 = putUnder(s, "Enabled", "b", "k").record;
      s.deleteObjectVersion("b", "k", v1.versionId);
      assert.equal(s.getObject("b", "k")?.versionId, "null");
      assert.deepEqual(listed(s, "b"), ["k"]);
    });
    it("updates the ACL and tags of a version in place without adding a version", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      const v1 = putUnder(s, "Enabled", "b", "k").record;
      assert.equal(s.updateObject("b", "k", v1.versionId, { acl: '{"x":1}' }), true);
      assert.equal(s.updateObject("b", "k", v1.versionId, { tags: [["t", "1"]] }), true);
      assert.deepEqual(s.getObject("b", "k"), { ...v1, acl: '{"x":1}', tags: [["t", "1"]] });
      assert.equal(history(s, "b", "k").length, 1);
      assert.equal(s.updateObject("b", "k", "nope", { acl: "{}" }), false);
    });
    it("reports every referenced blob, and none after all versions are removed", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      const v1 = putUnder(s, "Enabled", "b", "k").record;
      const v2 = putUnder(s, "Enabled", "b", "j").record;
      assert.deepEqual(s.referencedBlobs(), new Set([...v1.parts, ...v2.parts].map((p) => p.blobId)));
      s.deleteObjectVersion("b", "k", v1.versionId);
      s.deleteObjectVersion("b", "j", v2.versionId);
      assert.deepEqual(s.referencedBlobs(), new Set());
    });
    it("keeps buckets apart: the same key in two buckets is two objects", () => {
      const s = open();
      makeBucket(s, "b1");
      makeBucket(s, "b2");
      putUnder(s, "Unversioned", "b1", "k");
      assert.equal(s.getObject("b2", "k"), undefined);
      assert.deepEqual(listed(s, "b2"), []);
    });
  });
}
