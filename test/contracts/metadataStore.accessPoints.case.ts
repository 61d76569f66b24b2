/**
 * @module test/contracts/metadataStore.accessPoints.case
 * Contract cases for access points: create once per (account, name), lookups by name and by alias,
 * listing in name order with a bucket filter and pages, policy set and removal, deletion.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AccessPointRecord, MetadataStore } from "../../src/storage/ports.ts";

const ALPHA = "111111111111";
const BRAVO = "222222222222";

function ap(name: string, over: Partial<AccessPointRecord> = {}): AccessPointRecord {
  return {
    name,
    accountId: ALPHA,
    bucket: "data",
    bucketAccountId: ALPHA,
    alias: `${name}-${"x".repeat(10)}${over.accountId ?? ALPHA}-s3alias`,
    networkOrigin: "Internet",
    createdAt: new Date(1_700_000_000_789),
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    ...over,
  };
}

function names(store: MetadataStore, accountId: string, query: { bucket?: string; maxResults: number; after?: string }): { names: string[]; isTruncated: boolean } {
  const page = store.listAccessPoints(accountId, query);
  return { names: page.accessPoints.map((a) => a.name), isTruncated: page.isTruncated };
}

/** @internal Registers the access point cases against `open`. */
export function accessPointCases(open: () => MetadataStore): void {
  describe("access points", () => {
    it("round-trips every field, with and without the optional ones", () => {
      const s = open();
      const plain = ap("plain", { publicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true } });
      const vpc = ap("private", { networkOrigin: "VPC", vpcId: "vpc-1a2b3c4d", bucket: "theirs", bucketAccountId: BRAVO, policy: '{"Version":"2012-10-17","Statement":[]}' });
      assert.equal(s.createAccessPoint(plain), "created");
      assert.equal(s.createAccessPoint(vpc), "created");
      assert.deepEqual(s.getAccessPoint(ALPHA, "plain"), plain);
      assert.deepEqual(s.getAccessPoint(ALPHA, "private"), vpc);
      assert.equal(s.getAccessPoint(BRAVO, "plain"), undefined);
    });

    it("keeps names unique per account, not across accounts", () => {
      const s = open();
      assert.equal(s.createAccessPoint(ap("shared")), "created");
      assert.equal(s.createAccessPoint(ap("shared", { bucket: "other", alias: "shared-other-s3alias" })), "exists");
      assert.equal(s.getAccessPoint(ALPHA, "shared")?.bucket, "data", "the existing access point is unchanged");
      assert.equal(s.createAccessPoint(ap("shared", { accountId: BRAVO })), "created");
      assert.equal(s.getAccessPoint(BRAVO, "shared")?.accountId, BRAVO);
    });

    it("finds an access point by its alias", () => {
      const s = open();
      const a = ap("by-alias", { accountId: BRAVO });
      s.createAccessPoint(a);
      assert.deepEqual(s.getAccessPointByAlias(a.alias), a);
      assert.equal(s.getAccessPointByAlias("nothing-s3alias"), undefined);
    });

    it("refuses a second access point with an alias already in use", () => {
      const s = open();
      s.createAccessPoint(ap("one", { alias: "same-s3alias" }));
      assert.throws(() => s.createAccessPoint(ap("two", { alias: "same-s3alias" })));
      assert.equal(s.getAccessPoint(ALPHA, "two"), undefined);
    });

    it("lists one account's access points in name order, in pages, optionally for one bucket", () => {
      const s = open();
      for (const n of ["c-ap", "a-ap", "e-ap", "b-ap", "d-ap"]) s.createAccessPoint(ap(n, { bucket: n < "c" ? "first" : "second" }));
      s.createAccessPoint(ap("a-ap", { accountId: BRAVO, bucket: "first" }));
      assert.deepEqual(names(s, ALPHA, { maxResults: 1000 }), { names: ["a-ap", "b-ap", "c-ap", "d-ap", "e-ap"], isTruncated: false });
      assert.deepEqual(names(s, ALPHA, { maxResults: 2 }), { names: ["a-ap", "b-ap"], isTruncated: true });
      assert.deepEqual(names(s, ALPHA, { maxResults: 2, after: "b-ap" }), { names: ["c-ap", "d-ap"], isTruncated: true });
      assert.deepEqual(names(s, ALPHA, { maxResults: 2, after: "d-ap" }), { names: ["e-ap"], isTruncated: false });
      assert.deepEqual(names(s, ALPHA, { maxResults: 3, after: "b" }), { names: ["b-ap", "c-ap", "d-ap"], isTruncated: true }, "after is an exclusive bound, not a name that must exist");
      assert.deepEqual(names(s, ALPHA, { bucket: "second", maxResults: 2 }), { names: ["c-ap", "d-ap"], isTruncated: true });
      assert.deepEqual(names(s, ALPHA, { bucket: "second", maxResults: 2, after: "d-ap" }), { names: ["e-ap"], isTruncated: false });
      assert.deepEqual(names(s, BRAVO, { maxResults: 1000 }), { names: ["a-ap"], isTruncated: false });
      assert.deepEqual(names(s, ALPHA, { bucket: "none", maxResults: 10 }), { names: [], isTruncated: false });
      assert.deepEqual(names(s, ALPHA, { maxResults: 5 }), { names: ["a-ap", "b-ap", "c-ap", "d-ap", "e-ap"], isTruncated: false }, "an exactly full page is not truncated");
    });

    it("sets and removes an access point's policy", () => {
      const s = open();
      s.createAccessPoint(ap("pol"));
      assert.equal(s.putAccessPointPolicy(ALPHA, "pol", '{"a":1}'), "updated");
      assert.equal(s.getAccessPoint(ALPHA, "pol")?.policy, '{"a":1}');
      assert.equal(s.putAccessPointPolicy(ALPHA, "pol", '{"a":2}'), "updated");
      assert.equal(s.getAccessPointByAlias(ap("pol").alias)?.policy, '{"a":2}');
      assert.equal(s.putAccessPointPolicy(ALPHA, "pol", undefined), "updated");
      assert.equal("policy" in (s.getAccessPoint(ALPHA, "pol") ?? {}), false);
      assert.equal(s.putAccessPointPolicy(ALPHA, "nope", "{}"), "missing");
      assert.equal(s.putAccessPointPolicy(BRAVO, "pol", "{}"), "missing");
    });

    it("deletes an access point, its alias with it, and reports a missing one", () => {
      const s = open();
      const a = ap("gone");
      s.createAccessPoint(a);
      assert.equal(s.deleteAccessPoint(BRAVO, "gone"), "missing");
      assert.equal(s.deleteAccessPoint(ALPHA, "gone"), "deleted");
      assert.equal(s.getAccessPoint(ALPHA, "gone"), undefined);
      assert.equal(s.getAccessPointByAlias(a.alias), undefined);
      assert.equal(s.deleteAccessPoint(ALPHA, "gone"), "missing");
      assert.equal(s.createAccessPoint(a), "created", "the name and alias are free again");
    });
  });
}
