// The decision log: the ring indexed by request ID, flushing off the request path, persistence and pruning.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { FixedClock } from "../kernel/clock.ts";
import { ContextKeys } from "../policy/index.ts";
import type { DecisionRecord, Logger } from "../protocol/s3/context.ts";
import type { StoredDecision } from "../storage/ports.ts";
import { RingDecisionLog, type DecisionStore } from "./decisionLog.ts";

class MemoryStore implements DecisionStore {
  rows: StoredDecision[] = [];
  batches = 0;
  prunedBefore: Date[] = [];
  putDecisions(decisions: readonly StoredDecision[]): void {
    this.batches++;
    this.rows.push(...decisions);
  }
  getDecisions(requestId: string): StoredDecision[] {
    return this.rows.filter((r) => r.requestId === requestId);
  }
  pruneDecisions(before: Date): number {
    this.prunedBefore.push(before);
    const n = this.rows.length;
    this.rows = this.rows.filter((r) => r.time >= before);
    return n - this.rows.length;
  }
}

function quietLog(): Logger & { errors: unknown[]; warnings: unknown[] } {
  const errors: unknown[] = [];
  const warnings: unknown[] = [];
  return { errors, warnings, info: () => {}, warn: (m, f) => warnings.push({ m, f }), error: (m, f) => errors.push({ m, f }) };
}

let serial = 0;
function record(requestId: string, time = new Date(0)): DecisionRecord {
  const principal = { kind: "root" as const, accountId: "111111111111" };
  return { requestId, time, request: { principal, operation: `op-${++serial}`, checks: [], context: new ContextKeys() }, result: { verdict: "Allow", reasons: [] } };
}

/** Renders a record as its operation name, counting renders. */
function renderer(): { render: (d: DecisionRecord) => StoredDecision; count: () => number } {
  let n = 0;
  return {
    render: (d) => {
      n++;
      return { requestId: d.requestId, time: d.time, principalAccountId: "111111111111", resourceAccountIds: [], explanation: d.request.operation };
    },
    count: () => n,
  };
}

const logs: RingDecisionLog[] = [];
function open(options: Partial<ConstructorParameters<typeof RingDecisionLog>[0]> & { store?: DecisionStore } = {}): { log: RingDecisionLog; store: MemoryStore; r: ReturnType<typeof renderer>; logger: ReturnType<typeof quietLog> } {
  const store = new MemoryStore();
  const r = renderer();
  const logger = quietLog();
  const log = new RingDecisionLog({ size: 4, retentionDays: 7, store, render: r.render, clock: new FixedClock(Date.UTC(2026, 0, 10)), log: logger, flushIntervalMs: 60_000, flushBatch: 100, ...options });
  logs.push(log);
  return { log, store: (options.store as MemoryStore | undefined) ?? store, r, logger };
}

after(() => {
  for (const l of logs) l.close();
});

const explanations = (list: readonly StoredDecision[]): string[] => list.map((d) => d.explanation);

describe("RingDecisionLog", () => {
  it("does no rendering when recording; renders a pending decision on demand without consuming it", () => {
    const { log, store, r } = open();
    const d = record("A");
    log.record(d);
    assert.equal(r.count(), 0, "record renders nothing");
    assert.deepEqual(explanations(log.find("A")), [d.request.operation]);
    assert.equal(store.rows.length, 0, "nothing is written before a flush");
    log.flush();
    assert.deepEqual(explanations(store.rows), [d.request.operation], "the flush still persists it");
  });

  it("keeps every decision of a request, oldest first, and tells requests apart", () => {
    const { log } = open();
    const a1 = record("A");
    const b = record("B");
    const a2 = record("A");
    for (const d of [a1, b, a2]) log.record(d);
    assert.deepEqual(explanations(log.find("A")), [a1.request.operation, a2.request.operation]);
    assert.deepEqual(explanations(log.find("B")), [b.request.operation]);
    assert.deepEqual(log.find("C"), []);
  });

  it("flushes in one batch, renders each decision once, and then serves it from the rendered text", () => {
    const { log, store, r } = open();
    for (const id of ["A", "B", "C"]) log.record(record(id));
    log.flush();
    assert.equal(store.batches, 1);
    assert.equal(store.rows.length, 3);
    assert.equal(r.count(), 3);
    log.find("B");
    assert.equal(r.count(), 3, "a flushed decision is not rendered again");
  });

  it("evicts the oldest decisions from the ring and finds them in the store", () => {
    const { log, store } = open();
    const first = record("OLD");
    log.record(first);
    log.flush();
    for (const id of ["N1", "N2", "N3", "N4"]) log.record(record(id));
    log.flush();
    assert.equal(store.rows.length, 5);
    assert.deepEqual(explanations(log.find("OLD")), [first.request.operation], "from the store once out of the ring");
  });

  it("counts decisions lost when more arrive between two flushes than the ring holds", () => {
    const { log, store, logger } = open();
    for (let i = 0; i < 6; i++) log.record(record(`R${i}`));
    log.flush();
    assert.equal(log.dropped, 2);
    assert.deepEqual(store.rows.map((d) => d.requestId), ["R2", "R3", "R4", "R5"]);
    assert.equal(logger.warnings.length, 1);
  });

  it("schedules a flush off the request path once a batch is pending", async () => {
    const { log, store } = open({ size: 10, flushBatch: 2 });
    log.record(record("X1"));
    log.record(record("X2"));
    assert.equal(store.rows.length, 0, "not inside record");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.rows.length, 2);
  });

  it("keeps decisions in memory only with a retention of 0 days", () => {
    const { log, store } = open({ retentionDays: 0 });
    log.record(record("M"));
    log.flush();
    assert.equal(store.rows.length, 0);
    assert.deepEqual(store.prunedBefore, []);
    assert.equal(log.find("M").length, 1);
    for (const id of ["a", "b", "c", "d"]) log.record(record(id));
    assert.deepEqual(log.find("M"), [], "gone once evicted");
  });

  it("prunes decisions older than the retention at start", () => {
    const store = new MemoryStore();
    store.rows.push({ requestId: "ANCIENT", time: new Date(Date.UTC(2026, 0, 1)), resourceAccountIds: [], explanation: "x" }, { requestId: "RECENT", time: new Date(Date.UTC(2026, 0, 9)), resourceAccountIds: [], explanation: "y" });
    open({ store });
    assert.deepEqual(store.prunedBefore, [new Date(Date.UTC(2026, 0, 3))]);
    assert.deepEqual(store.rows.map((r) => r.requestId), ["RECENT"]);
  });

  it("persists everything pending on close, and records nothing after", () => {
    const { log, store } = open({ size: 300, flushBatch: 100 });
    for (let i = 0; i < 250; i++) log.record(record(`C${i}`));
    log.close();
    assert.equal(store.rows.length, 250);
    assert.equal(store.batches, 3);
    log.record(record("LATE"));
    assert.deepEqual(log.find("LATE"), []);
  });

  it("logs a decision it cannot explain instead of failing the flush", () => {
    const store = new MemoryStore();
    const logger = quietLog();
    const log = new RingDecisionLog({
      size: 4,
      retentionDays: 7,
      store,
      render: (d) => {
        if (d.requestId === "BAD") throw new Error("boom");
        return { requestId: d.requestId, time: d.time, resourceAccountIds: [], explanation: "ok" };
      },
      clock: new FixedClock(0),
      log: logger,
      flushIntervalMs: 60_000,
    });
    logs.push(log);
    log.record(record("BAD"));
    log.record(record("GOOD"));
    log.flush();
    assert.deepEqual(store.rows.map((r) => r.requestId), ["GOOD"]);
    assert.equal(logger.errors.length, 1);
  });

  it("refuses a buffer without slots", () => {
    assert.throws(() => open({ size: 0 }), RangeError);
  });
});
