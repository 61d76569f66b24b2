// The decision log: the ring indexed by request ID, flushing off the request path, persistence and pruning.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { FixedClock } from "../kernel/clock.ts";
import { ContextKeys } from "../policy/index.ts";
import type { DecisionRecord, Logger } from "../protocol/s3/context.ts";
import type { StoredDecision, StoredDecisions } from "../storage/ports.ts";
import { RingDecisionLog, type DecisionStore, type DecisionLogOptions } from "./decisionLog.ts";

class MemoryStore implements DecisionStore {
  rows: StoredDecision[] = [];
  policies = new Map<string, string>();
  batches = 0;
  prunedBefore: Date[] = [];
  putDecisions(decisions: readonly StoredDecision[], policies: ReadonlyMap<string, string>): void {
    this.batches++;
    this.rows.push(...decisions);
    for (const [h, t] of policies) this.policies.set(h, t);
  }
  getDecisions(requestId: string): StoredDecisions {
    return { decisions: this.rows.filter((r) => r.requestId === requestId), policies: this.policies };
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
/** A decision whose condition keys are computed lazily, as the authorize stage's are; counts the computations. */
function record(requestId: string, time = new Date(Date.UTC(2026, 0, 10))): DecisionRecord & { resolved: () => number } {
  let n = 0;
  const context = new ContextKeys().withResolver((k) => {
    n++;
    return k === "s3:authtype" ? "REST-HEADER" : undefined;
  });
  const principal = { kind: "root" as const, accountId: "111111111111", arn: "arn:aws:iam::111111111111:root" };
  return { requestId, time, request: { principal, operation: `ListBuckets-${++serial}`, checks: [{ action: "s3:ListAllMyBuckets", on: "target", level: "none", resource: undefined }], context }, result: { verdict: "Allow", reasons: [] }, resolved: () => n };
}

const logs: RingDecisionLog[] = [];
function open(options: Partial<DecisionLogOptions> = {}): { log: RingDecisionLog; store: MemoryStore; logger: ReturnType<typeof quietLog> } {
  const store = (options.store as MemoryStore | undefined) ?? new MemoryStore();
  const logger = quietLog();
  const log = new RingDecisionLog({ size: 4, retentionDays: 7, store, clock: new FixedClock(Date.UTC(2026, 0, 10)), log: logger, flushIntervalMs: 60_000, flushBatch: 100, ...options });
  logs.push(log);
  return { log, store, logger };
}

after(() => {
  for (const l of logs) l.close();
});

const operations = (list: readonly DecisionRecord[]): string[] => list.map((d) => d.request.operation);

describe("RingDecisionLog", () => {
  it("does no work when recording; a pending decision is found as recorded", () => {
    const { log, store } = open();
    const d = record("A");
    log.record(d);
    assert.equal(d.resolved(), 0, "record reads no condition key");
    assert.equal(log.find("A")[0], d);
    assert.equal(store.rows.length, 0, "nothing is written before a flush");
  });

  it("keeps every decision of a request, oldest first, and tells requests apart", () => {
    const { log } = open();
    const [a1, b, a2] = [record("A"), record("B"), record("A")];
    for (const d of [a1, b, a2]) log.record(d);
    assert.deepEqual(operations(log.find("A")), [a1.request.operation, a2.request.operation]);
    assert.deepEqual(operations(log.find("B")), [b.request.operation]);
    assert.deepEqual(log.find("C"), []);
  });

  it("flushes in one batch: detaches each decision from its request and persists a snapshot of it", () => {
    const { log, store } = open();
    const d = record("A");
    log.record(d);
    log.record(record("B"));
    log.flush();
    assert.equal(store.batches, 1);
    assert.deepEqual(store.rows.map((r) => r.requestId), ["A", "B"]);
    assert.ok(d.resolved() > 0, "the keys were read at flush time");
    const kept = log.find("A")[0];
    assert.notEqual(kept, d, "the ring now holds the detached record");
    const before = d.resolved();
    assert.equal(kept?.request.context.get("s3:authType"), "REST-HEADER");
    assert.equal(d.resolved(), before, "the detached record no longer reaches the request");
    assert.equal(kept?.request.operation, d.request.operation);
  });

  it("evicts the oldest decisions from the ring and restores them from the store", () => {
    const { log, store } = open();
    const first = record("OLD");
    log.record(first);
    log.flush();
    for (const id of ["N1", "N2", "N3", "N4"]) log.record(record(id));
    log.flush();
    assert.equal(store.rows.length, 5);
    const restored = log.find("OLD");
    assert.deepEqual(operations(restored), [first.request.operation]);
    assert.equal(restored[0]?.request.context.get("s3:authType"), "REST-HEADER");
    assert.deepEqual(restored[0]?.time, first.time);
  });

  it("counts decisions lost when more arrive between two flushes than the ring holds", () => {
    const { log, store, logger } = open();
    for (let i = 0; i < 6; i++) log.record(record(`R${i}`));
    log.flush();
    assert.equal(log.dropped, 2);
    assert.deepEqual(store.rows.map((d) => d.requestId), ["R2", "R3", "R4", "R5"]);
    assert.equal(logger.warnings.length, 1);
  });

  it("persists off the request path once a batch of kept decisions waits", async () => {
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
    store.rows.push({ requestId: "ANCIENT", time: new Date(Date.UTC(2026, 0, 1)), record: "{}" }, { requestId: "RECENT", time: new Date(Date.UTC(2026, 0, 9)), record: "{}" });
    open({ store });
    assert.deepEqual(store.prunedBefore, [new Date(Date.UTC(2026, 0, 3))]);
    assert.deepEqual(store.rows.map((r) => r.requestId), ["RECENT"]);
  });

  it("persists everything pending on close, and records nothing after", () => {
    const { log, store } = open({ size: 300, flushBatch: 1000 });
    for (let i = 0; i < 250; i++) log.record(record(`C${i}`));
    log.close();
    assert.equal(store.rows.length, 250);
    assert.equal(store.batches, 1);
    log.record(record("LATE"));
    assert.deepEqual(log.find("LATE"), []);
  });

  it("keeps decisions at the end of the turn that recorded them, so the ring holds no request", async () => {
    const { log, store } = open({ flushBatch: 1000 });
    const d = record("T");
    log.record(d);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(d.resolved() > 0, "kept without waiting for the flush");
    assert.equal(store.rows.length, 0, "persisted only by the flush");
    const kept = log.find("T")[0];
    assert.notEqual(kept, d);
    assert.equal(kept?.request.context.get("s3:authType"), "REST-HEADER");
  });

  it("reads a decision from the store when the store has it and the ring does not", () => {
    const { log } = open({ size: 2 });
    log.record(record("FIRST"));
    log.flush();
    log.record(record("X"));
    log.record(record("Y"));
    assert.equal(log.find("FIRST").length, 1, "restored from the store after leaving the ring");
  });

  it("logs a decision it cannot keep instead of failing the flush", () => {
    const { log, store, logger } = open();
    const bad = record("BAD");
    const broken = { ...bad, request: { ...bad.request, context: new ContextKeys().withResolver(() => { throw new Error("boom"); }) } };
    log.record(broken);
    log.record(record("GOOD"));
    log.flush();
    assert.deepEqual(store.rows.map((r) => r.requestId), ["GOOD"]);
    assert.equal(logger.errors.length, 1);
  });

  it("refuses a buffer without slots", () => {
    assert.throws(() => open({ size: 0 }), RangeError);
  });
});
