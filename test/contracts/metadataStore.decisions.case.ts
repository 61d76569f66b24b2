/**
 * @module test/contracts/metadataStore.decisions.case
 * Contract cases for the decisions kept for `crossbucket why`: a batch is stored as given with the policy
 * texts it refers to, several decisions of one request come back in insertion order, an unknown request ID
 * gives none, and pruning removes the decisions made before the cut-off.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { MetadataStore, StoredDecision } from "../../src/storage/ports.ts";

const NO_POLICIES: ReadonlyMap<string, string> = new Map();

function decision(requestId: string, time: number, record = `{"request":"${requestId}"}`): StoredDecision {
  return { requestId, time: new Date(time), record };
}

export function decisionCases(open: () => MetadataStore): void {
  describe("decisions", () => {
    it("stores a batch and returns each request's decisions as stored", () => {
      const s = open();
      const a = decision("REQA", 1_700_000_000_000);
      const b = decision("REQB", 1_700_000_000_001);
      s.putDecisions([a, b], NO_POLICIES);
      assert.deepEqual(s.getDecisions("REQA").decisions, [a]);
      assert.deepEqual(s.getDecisions("REQB").decisions, [b]);
      s.close();
    });
    it("returns the policy texts a batch was stored with", () => {
      const s = open();
      const policies = new Map([["h1", '{"Version":"2012-10-17","Statement":[]}'], ["h2", "policy two: \u00e9 \u{1F600}"]]);
      s.putDecisions([decision("P1", 1), decision("P2", 2)], policies);
      s.putDecisions([decision("Q1", 3)], new Map([["h3", "three"]]));
      assert.deepEqual([...s.getDecisions("P2").policies], [...policies]);
      assert.deepEqual([...s.getDecisions("Q1").policies], [["h3", "three"]]);
      assert.deepEqual([...s.getDecisions("NOPE").policies], []);
      s.close();
    });
    it("returns several decisions of one request (DeleteObjects decides per key) in insertion order, across batches", () => {
      const s = open();
      s.putDecisions([decision("MULTI", 10, "a"), decision("OTHER", 10, "x"), decision("MULTI", 10, "b")], NO_POLICIES);
      s.putDecisions([decision("MULTI", 11, "c")], NO_POLICIES);
      assert.deepEqual(s.getDecisions("MULTI").decisions.map((d) => d.record), ["a", "b", "c"]);
      s.close();
    });
    it("returns nothing for an unknown request ID", () => {
      const s = open();
      assert.deepEqual(s.getDecisions("NOPE").decisions, []);
      s.close();
    });
    it("keeps any text as the record, unchanged", () => {
      const s = open();
      const text = 'line one\nline "two"\t\u00e9\u{1F600} 12:34:';
      s.putDecisions([decision("TXT", 1, text), decision("EMPTY", 1, "")], NO_POLICIES);
      assert.equal(s.getDecisions("TXT").decisions[0]?.record, text);
      assert.equal(s.getDecisions("EMPTY").decisions[0]?.record, "");
      s.close();
    });
    it("prunes the decisions made before the cut-off, and only those (stored by separate calls)", () => {
      const s = open();
      for (const d of [decision("OLD1", 1000), decision("OLD2", 1999), decision("EDGE", 2000), decision("NEW", 3000)]) s.putDecisions([d], NO_POLICIES);
      assert.equal(s.pruneDecisions(new Date(2000)), 2);
      assert.deepEqual(s.getDecisions("OLD1").decisions, []);
      assert.deepEqual(s.getDecisions("OLD2").decisions, []);
      assert.equal(s.getDecisions("EDGE").decisions.length, 1);
      assert.equal(s.getDecisions("NEW").decisions.length, 1);
      assert.equal(s.pruneDecisions(new Date(2000)), 0);
      s.close();
    });
    it("prunes a batch once its newest decision is older than the cut-off", () => {
      const s = open();
      s.putDecisions([decision("A1", 1000), decision("A2", 5000)], NO_POLICIES);
      s.putDecisions([decision("B1", 6000)], NO_POLICIES);
      assert.equal(s.pruneDecisions(new Date(2000)), 0, "A1 is kept with A2");
      assert.equal(s.getDecisions("A1").decisions.length, 1);
      assert.equal(s.pruneDecisions(new Date(5500)), 2);
      assert.deepEqual(s.getDecisions("A1").decisions, []);
      assert.deepEqual(s.getDecisions("A2").decisions, []);
      assert.equal(s.getDecisions("B1").decisions.length, 1);
      s.close();
    });
  });
}
