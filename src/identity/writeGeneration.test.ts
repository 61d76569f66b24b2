import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { countWrites } from "./writeGeneration.ts";

describe("countWrites", () => {
  it("changes the generation after every write and never after a read", () => {
    const store = countWrites(openSqliteIdentityStore(":memory:"));
    try {
      const g0 = store.generation;
      assert.equal(store.get("user", "111111111111", "alice"), undefined);
      assert.deepEqual(store.list("user", "111111111111"), []);
      assert.equal(store.generation, g0, "reads do not count");
      store.put("user", { accountId: "111111111111", name: "alice", path: "/", id: "AIDAAAAAAAAAAAAAAAAAA", createDate: "2026-01-01T00:00:00Z", inlinePolicies: {}, attachedPolicies: [], tags: [], groups: [] });
      const g1 = store.generation;
      assert.notEqual(g1, g0);
      assert.equal(store.get("user", "111111111111", "alice")?.name, "alice");
      store.transaction(() => store.delete("user", "111111111111", "alice"));
      assert.ok(store.generation > g1 + 1, "the transaction and the write inside it both count");
    } finally {
      store.close();
    }
  });

  it("counts a failed write too (its effect is unknown to the caller)", () => {
    const store = countWrites(openSqliteIdentityStore(":memory:"));
    try {
      const g0 = store.generation;
      assert.throws(() => store.transaction(() => {
        throw new Error("rolled back");
      }));
      assert.notEqual(store.generation, g0);
    } finally {
      store.close();
    }
  });
});
