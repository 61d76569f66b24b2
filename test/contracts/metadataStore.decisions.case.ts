/**
 * @module test/contracts/metadataStore.decisions.case
 * Contract cases for the decisions kept for `crossbucket why`: a batch is stored as given, several
 * decisions of one request come back in insertion order, an unknown request ID gives none, and pruning
 * removes exactly the decisions made before the cut-off.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { MetadataStore, StoredDecision } from "../../src/storage/ports.ts";

function decision(requestId: string, time: number, over: Partial<StoredDecision> = {}): StoredDecision {
  return { requestId, time: new Date(time), principalAccountId: "222222222222", resourceAccountIds: ["111111111111"], explanation: `{"requestId":"${requestId}","t":${time}}`, ...over };
}

export function decisionCases(open: () => MetadataStore): void {
  describe("decisions", () => {
    it("stores a batch and returns each request's decisions as stored", () => {
      const s = open();
      const a = decision("REQA", 1_700_000_000_000);
      const b = decision("REQB", 1_700_000_000_001, { resourceAccountIds: ["111111111111", "333333333333"] });
      s.putDecisions([a, b]);
      assert.deepEqual(s.getDecisions("REQA"), [a]);
      assert.deepEqual(s.getDecisions("REQB"), [b]);
      s.close();
    });
    it("keeps decisions without a requester account and without resource accounts", () => {
      const s = open();
      const anonymous: StoredDecision = { requestId: "ANON", time: new Date(5), resourceAccountIds: ["111111111111"], explanation: "{}" };
      const listBuckets: StoredDecision = { requestId: "LB", time: new Date(6), principalAccountId: "111111111111", resourceAccountIds: [], explanation: "{}" };
      s.putDecisions([anonymous, listBuckets]);
      assert.deepEqual(s.getDecisions("ANON"), [anonymous]);
      assert.deepEqual(s.getDecisions("LB"), [listBuckets]);
      s.close();
    });
    it("returns several decisions of one request (DeleteObjects decides per key) in insertion order, across batches", () => {
      const s = open();
      const first = decision("MULTI", 10, { explanation: '{"key":"a"}' });
      const second = decision("MULTI", 10, { explanation: '{"key":"b"}' });
      const third = decision("MULTI", 11, { explanation: '{"key":"c"}' });
      s.putDecisions([first, second]);
      s.putDecisions([third]);
      assert.deepEqual(s.getDecisions("MULTI").map((d) => d.explanation), ['{"key":"a"}', '{"key":"b"}', '{"key":"c"}']);
      s.close();
    });
    it("returns nothing for an unknown request ID", () => {
      const s = open();
      assert.deepEqual(s.getDecisions("NOPE"), []);
      s.close();
    });
    it("prunes the decisions made before the cut-off, and only those (stored by separate calls)", () => {
      const s = open();
      for (const d of [decision("OLD1", 1000), decision("OLD2", 1999), decision("EDGE", 2000), decision("NEW", 3000)]) s.putDecisions([d]);
      assert.equal(s.pruneDecisions(new Date(2000)), 2);
      assert.deepEqual(s.getDecisions("OLD1"), []);
      assert.deepEqual(s.getDecisions("OLD2"), []);
      assert.equal(s.getDecisions("EDGE").length, 1);
      assert.equal(s.getDecisions("NEW").length, 1);
      assert.equal(s.pruneDecisions(new Date(2000)), 0);
      s.close();
    });
    it("prunes a batch once its newest decision is older than the cut-off", () => {
      const s = open();
      s.putDecisions([decision("A1", 1000), decision("A2", 5000)]);
      s.putDecisions([decision("B1", 6000)]);
      assert.equal(s.pruneDecisions(new Date(2000)), 0, "A1 is kept with A2");
      assert.equal(s.getDecisions("A1").length, 1);
      assert.equal(s.pruneDecisions(new Date(5500)), 2);
      assert.deepEqual(s.getDecisions("A1"), []);
      assert.deepEqual(s.getDecisions("A2"), []);
      assert.equal(s.getDecisions("B1").length, 1);
      s.close();
    });
    it("keeps any text as the explanation, unchanged", () => {
      const s = open();
      const text = 'line one\nline "two"\t\u00e9\u{1F600}';
      s.putDecisions([decision("TXT", 1, { explanation: text })]);
      assert.equal(s.getDecisions("TXT")[0]?.explanation, text);
      s.close();
    });
  });
}
