import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { IdentityDirectory } from "./credentials.ts";
import { DEFAULT_WORLD } from "./world.ts";
import { countWrites } from "./writeGeneration.ts";

const canonical = (id: string): string => createHash("sha256").update(id).digest("hex");
const USER = { accountId: "111111111111", name: "alice", path: "/", id: "AIDAAAAAAAAAAAAAAAAAA", createDate: "2026-01-01T00:00:00Z", inlinePolicies: {}, attachedPolicies: [], tags: [], groups: [] };
const KEY = { accessKeyId: "AKIAALICE00000000001", secretAccessKey: "s".repeat(40), accountId: "111111111111", userName: "alice", status: "Active" as const, createDate: "2026-01-01T00:00:00Z" };

function directory() {
  const store = countWrites(openSqliteIdentityStore(":memory:"));
  const reads = { count: 0 };
  const getAccessKey = store.getAccessKey.bind(store);
  const counting = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "getAccessKey") return (id: string) => (reads.count++, getAccessKey(id));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { store, reads, dir: new IdentityDirectory(DEFAULT_WORLD, canonical, counting, () => store.generation) };
}

describe("IdentityDirectory: resolved keys are remembered until the identity store is written", () => {
  it("reads the store once for repeated requests with the same key", () => {
    const { store, reads, dir } = directory();
    store.put("user", USER);
    store.putAccessKey(KEY);
    const now = new Date("2026-06-01T00:00:00Z");
    assert.equal(dir.resolve(KEY.accessKeyId, now).kind, "found");
    assert.equal(dir.resolve(KEY.accessKeyId, now).kind, "found");
    assert.equal(reads.count, 1);
    store.close();
  });

  it("sees a key deactivated by a later write at once", () => {
    const { store, dir } = directory();
    store.put("user", USER);
    store.putAccessKey(KEY);
    const now = new Date("2026-06-01T00:00:00Z");
    assert.equal(dir.resolve(KEY.accessKeyId, now).kind, "found");
    store.putAccessKey({ ...KEY, status: "Inactive" });
    assert.equal(dir.resolve(KEY.accessKeyId, now).kind, "unknown");
    store.close();
  });

  it("answers ExpiredToken for a remembered session once its expiry passes", () => {
    const { store, dir } = directory();
    store.put("role", { accountId: "111111111111", name: "r", path: "/", id: "AROAAAAAAAAAAAAAAAAAA", createDate: "2026-01-01T00:00:00Z", inlinePolicies: {}, attachedPolicies: [], tags: [], trustPolicy: '{"Version":"2012-10-17","Statement":[]}', maxSessionDuration: 3600 });
    store.putSession({ accessKeyId: "ASIAAAAAAAAAAAAAAAA1", secretAccessKey: "t".repeat(40), sessionToken: "token", accountId: "111111111111", expiration: "2026-06-01T01:00:00Z", subject: { kind: "role", roleName: "r", rolePath: "/", roleId: "AROAAAAAAAAAAAAAAAAAA", sessionName: "s" }, tags: [] });
    assert.equal(dir.resolve("ASIAAAAAAAAAAAAAAAA1", new Date("2026-06-01T00:59:59Z")).kind, "found");
    assert.equal(dir.resolve("ASIAAAAAAAAAAAAAAAA1", new Date("2026-06-01T01:00:00Z")).kind, "expired");
    store.close();
  });

  it("never remembers an unknown key", () => {
    const { store, reads, dir } = directory();
    const now = new Date("2026-06-01T00:00:00Z");
    assert.equal(dir.resolve("AKIANOBODY0000000000", now).kind, "unknown");
    assert.equal(dir.resolve("AKIANOBODY0000000000", now).kind, "unknown");
    assert.equal(reads.count, 2);
    store.close();
  });
});
