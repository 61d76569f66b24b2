import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_WORLD } from "../identity/world.ts";
import { openSqliteMetadataStore } from "../storage/meta-sqlite/sqliteMetadataStore.ts";
import { UsageError } from "./config.ts";
import { hostsCommand, hostsLines, parseHostsArgs, storedAccessPoints } from "./hosts.ts";

const FLAGS = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

describe("crossbucket hosts", () => {
  it("parses --data, --world, --host and repeated --base-domain, with serve's defaults", () => {
    assert.deepEqual(parseHostsArgs([]), { data: "./crossbucket-data", world: undefined, host: "127.0.0.1", baseDomains: ["localhost"] });
    assert.deepEqual(parseHostsArgs(["--data", "d", "--world=w.yaml", "--host", "10.0.0.5", "--base-domain", "S3.Localhost", "--base-domain=localhost"]), {
      data: "d",
      world: "w.yaml",
      host: "10.0.0.5",
      baseDomains: ["s3.localhost", "localhost"],
    });
    assert.throws(() => parseHostsArgs(["--port", "9000"]), UsageError);
    assert.throws(() => parseHostsArgs(["--data"]), UsageError);
  });

  it("maps each account's S3 Control name and each access point's name to the server's address", () => {
    const lines = hostsLines(DEFAULT_WORLD, [{ name: "reports", accountId: "222222222222" }], { host: "127.0.0.1", baseDomains: ["localhost"] });
    assert.deepEqual(lines.filter((l) => !l.startsWith("#")), ["127.0.0.1 111111111111.localhost", "127.0.0.1 222222222222.localhost", "127.0.0.1 333333333333.localhost", "127.0.0.1 reports-222222222222.localhost"]);
  });

  it("writes loopback for an any-address and one block per base domain", () => {
    const v4 = hostsLines(DEFAULT_WORLD, [], { host: "0.0.0.0", baseDomains: ["localhost", "s3.localhost"] }).filter((l) => !l.startsWith("#"));
    assert.equal(v4.length, 6);
    assert.equal(v4[3], "127.0.0.1 111111111111.s3.localhost");
    assert.equal(hostsLines(DEFAULT_WORLD, [], { host: "::", baseDomains: ["localhost"] })[1], "::1 111111111111.localhost");
  });

  it("reads the world's access points from a data folder, and creates nothing in a folder without metadata", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-hosts-"));
    try {
      assert.equal(storedAccessPoints(dir, DEFAULT_WORLD), undefined);
      assert.deepEqual(readdirSync(dir), []);
      assert.match(hostsCommand({ data: dir, world: undefined, host: "127.0.0.1", baseDomains: ["localhost"] }, DEFAULT_WORLD), /# no metadata in .*: access point names are not listed/);
      const meta = openSqliteMetadataStore(join(dir, "metadata.sqlite"));
      const ap = (accountId: string, name: string) => ({ name, accountId, bucket: "b", bucketAccountId: "111111111111", alias: `${name}-${accountId}-s3alias`, networkOrigin: "Internet" as const, createdAt: new Date(0), publicAccessBlock: FLAGS });
      meta.createAccessPoint(ap("111111111111", "zeta"));
      meta.createAccessPoint(ap("111111111111", "alpha-ap"));
      meta.createAccessPoint(ap("333333333333", "logs"));
      meta.createAccessPoint(ap("999999999999", "outsider"));
      meta.close();
      assert.deepEqual(storedAccessPoints(dir, DEFAULT_WORLD), [
        { name: "alpha-ap", accountId: "111111111111" },
        { name: "zeta", accountId: "111111111111" },
        { name: "logs", accountId: "333333333333" },
      ]);
      const text = hostsCommand({ data: dir, world: undefined, host: "127.0.0.1", baseDomains: ["localhost"] }, DEFAULT_WORLD);
      assert.match(text, /^127\.0\.0\.1 logs-333333333333\.localhost$/m);
      assert.doesNotMatch(text, /outsider/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
