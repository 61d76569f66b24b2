/**
 * @module test/contracts/metadataStore.sqlite.test
 * Runs the MetadataStore contract on the SQLite adapter, plus SQLite-specific checks (reopen, schema version).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { openSqliteMetadataStore } from "../../src/storage/meta-sqlite/sqliteMetadataStore.ts";
import { SCHEMA_VERSION } from "../../src/storage/meta-sqlite/migrations.ts";
import { runMetadataStoreContract } from "./metadataStore.case.ts";
import { makeBucket, putUnder } from "./metadataFixtures.ts";

runMetadataStoreContract({ name: "sqlite (:memory:)", open: () => openSqliteMetadataStore(":memory:") });

describe("sqlite metadata store on disk", () => {
  it("keeps committed data across close and reopen, in WAL mode with synchronous=FULL", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-meta-"));
    try {
      const path = join(dir, "meta.db");
      const s = openSqliteMetadataStore(path);
      makeBucket(s, "b", "Enabled");
      const rec = putUnder(s, "Enabled", "b", "k").record;
      s.close();
      const again = openSqliteMetadataStore(path);
      assert.deepEqual(again.getObject("b", "k"), rec);
      again.close();
      const raw = new Sqlite(path, { readonly: true });
      assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
      assert.equal(raw.prepare("SELECT version FROM schema_version").pluck().get(), SCHEMA_VERSION);
      raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("refuses a database written by a newer schema", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-meta-"));
    try {
      const path = join(dir, "meta.db");
      openSqliteMetadataStore(path).close();
      const raw = new Sqlite(path);
      raw.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION + 1);
      raw.close();
      assert.throws(() => openSqliteMetadataStore(path), /newer than this program/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("upgrades a version-2 database (before access points) in place, keeping its data", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-meta-"));
    try {
      const path = join(dir, "meta.db");
      const s = openSqliteMetadataStore(path);
      makeBucket(s, "b");
      s.putAccountConfig("111111111111", "publicAccessBlock", "{}");
      s.close();
      const raw = new Sqlite(path);
      raw.exec("DROP TABLE access_points; DROP TABLE decision_batches; DROP TABLE decision_index; UPDATE schema_version SET version = 2");
      raw.close();
      const again = openSqliteMetadataStore(path);
      assert.equal(again.getBucket("b")?.name, "b");
      assert.equal(again.getAccountConfig("111111111111", "publicAccessBlock"), "{}");
      assert.equal(again.listAccessPoints("111111111111", { maxResults: 10 }).accessPoints.length, 0);
      again.close();
      const check = new Sqlite(path, { readonly: true });
      assert.equal(check.prepare("SELECT version FROM schema_version").pluck().get(), SCHEMA_VERSION);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("upgrades a version-3 database (before decisions) in place, keeping its access points", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-meta-"));
    try {
      const path = join(dir, "meta.db");
      const s = openSqliteMetadataStore(path);
      makeBucket(s, "b");
      s.close();
      const raw = new Sqlite(path);
      raw.exec("DROP TABLE decision_batches; DROP TABLE decision_index; DELETE FROM sqlite_sequence WHERE name = 'decision_batches'; UPDATE schema_version SET version = 3");
      raw.close();
      const again = openSqliteMetadataStore(path);
      assert.equal(again.getBucket("b")?.name, "b");
      again.putDecisions([{ requestId: "R", time: new Date(1), record: "{}" }], new Map());
      assert.equal(again.getDecisions("R").decisions.length, 1);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("opens read-only without writing: reads work, writes fail, a missing or older database is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-meta-"));
    try {
      const path = join(dir, "meta.db");
      assert.throws(() => openSqliteMetadataStore(path, { readonly: true }));
      const s = openSqliteMetadataStore(path);
      makeBucket(s, "b");
      putUnder(s, "Unversioned", "b", "k");
      s.close();
      const ro = openSqliteMetadataStore(path, { readonly: true });
      assert.equal(ro.getBucket("b")?.name, "b");
      assert.equal(ro.countObjectsByOwner("b")[0]?.count, 1);
      assert.throws(() => makeBucket(ro, "c"), /readonly/);
      ro.close();
      const raw = new Sqlite(path);
      raw.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION - 1);
      raw.close();
      assert.throws(() => openSqliteMetadataStore(path, { readonly: true }), /not this program's/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("rejects a version ID that does not fit the slot", () => {
    const s = openSqliteMetadataStore(":memory:");
    makeBucket(s, "b");
    assert.throws(() => putUnder(s, "Unversioned", "b", "k", { versionId: "abc" }), /does not fit/);
  });
});
