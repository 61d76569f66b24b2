/**
 * @module test/contracts/metadataStore.audit.case
 * Contract cases for the reads `crossbucket audit` walks buckets with: current objects counted per owner
 * (delete markers and older versions do not count, other buckets neither) and pages of current objects in
 * key order with their owner, version ID and stored ACL text.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { MetadataStore } from "../../src/storage/ports.ts";
import { OWNER, deleteUnder, makeBucket, putUnder } from "./metadataFixtures.ts";

export function auditCases(open: () => MetadataStore): void {
  describe("audit reads", () => {
    it("counts current objects per owner, ignoring older versions, delete markers and other buckets", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      makeBucket(s, "other");
      putUnder(s, "Enabled", "b", "a", { ownerAccountId: "222222222222" });
      putUnder(s, "Enabled", "b", "a"); // newer version owned by OWNER
      putUnder(s, "Enabled", "b", "c", { ownerAccountId: "222222222222" });
      putUnder(s, "Enabled", "b", "d", { ownerAccountId: "333333333333" });
      putUnder(s, "Enabled", "b", "e", { ownerAccountId: "333333333333" });
      deleteUnder(s, "Enabled", "b", "e");
      putUnder(s, "Unversioned", "other", "x", { ownerAccountId: "222222222222" });
      assert.deepEqual(s.countObjectsByOwner("b"), [
        { ownerAccountId: "222222222222", count: 1 },
        { ownerAccountId: "333333333333", count: 1 },
        { ownerAccountId: OWNER, count: 1 },
      ].sort((x, y) => y.count - x.count || x.ownerAccountId.localeCompare(y.ownerAccountId)));
      assert.deepEqual(s.countObjectsByOwner("nothing"), []);
      s.close();
    });
    it("pages current objects in key byte order with owner, version ID and ACL text", () => {
      const s = open();
      makeBucket(s, "b", "Enabled");
      const keys = ["z", "a", "é", "b/c", "B"];
      const ids = new Map<string, string>();
      for (const k of keys) ids.set(k, putUnder(s, "Enabled", "b", k, k === "a" ? { acl: '{"v":1}' } : {}).record.versionId);
      const first = s.scanObjectOwnership("b", "", 3);
      assert.deepEqual(first.map((r) => r.key), ["B", "a", "b/c"]);
      assert.deepEqual(first[1], { key: "a", versionId: ids.get("a"), ownerAccountId: OWNER, acl: '{"v":1}' });
      assert.equal("acl" in (first[0] ?? {}), false);
      const rest = s.scanObjectOwnership("b", "b/c", 3);
      assert.deepEqual(rest.map((r) => r.key), ["z", "é"]);
      assert.deepEqual(s.scanObjectOwnership("b", "é", 3), []);
      s.close();
    });
  });
}
