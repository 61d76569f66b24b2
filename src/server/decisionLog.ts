/**
 * @module server/decisionLog
 * The decision log behind `crossbucket why` (issue #6): every authorization decision the authorize stage
 * records goes into a bounded in-memory ring indexed by request ID, and is persisted in the metadata store
 * for a number of days.
 *
 * Hot path: `record` stores references in preallocated arrays and one Map entry — no JSON, no I/O, no
 * replay. Off the request path, a flush (every `flushIntervalMs`, or as soon as `flushBatch` records are
 * pending) detaches each pending decision from its HTTP request (replay with a trace, condition keys copied:
 * server/decisionSnapshot), replaces it in the ring by the detached record (so the ring keeps no request,
 * socket or closure alive), and writes the batch to the store in one transaction as replayable snapshots
 * with the policy texts they refer to. A flush handles at most `flushBatch` records per event-loop turn.
 * Explanations are rendered when asked for, from the same replay. Decisions older than the retention are
 * pruned once an hour. If more decisions arrive between two flushes than the ring holds, the oldest unflushed
 * ones are lost (counted in `dropped`).
 */
import type { DecisionLog, DecisionRecord, Logger } from "../protocol/s3/context.ts";
import type { Clock } from "../kernel/clock.ts";
import type { StoredDecision, StoredDecisions } from "../storage/ports.ts";
import { PolicyRestorer, PolicyTexts, detach, restore, snapshot } from "./decisionSnapshot.ts";

/** @public Where persisted decisions go (the metadata store implements it). */
export interface DecisionStore {
  putDecisions(decisions: readonly StoredDecision[], policies: ReadonlyMap<string, string>): void;
  getDecisions(requestId: string): StoredDecisions;
  pruneDecisions(before: Date): number;
}

/** @public Settings of {@link RingDecisionLog}. */
export interface DecisionLogOptions {
  /** How many decisions the ring keeps (`--decision-buffer`). */
  readonly size: number;
  /** Days decisions are kept in the store (`--decision-retention-days`); 0 keeps them in memory only. */
  readonly retentionDays: number;
  readonly store: DecisionStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly flushIntervalMs?: number;
  readonly flushBatch?: number;
}

/** @public Defaults of the command line. */
export const DECISION_DEFAULTS = { size: 10_000, retentionDays: 7, flushIntervalMs: 250, flushBatch: 500 } as const;

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** @public The ring buffer plus persistence. */
export class RingDecisionLog implements DecisionLog {
  readonly #size: number;
  readonly #batch: number;
  readonly #persist: boolean;
  readonly #options: DecisionLogOptions;
  readonly #ids: (string | undefined)[];
  /** The decision as recorded, or detached once flushed (`#detached`). */
  readonly #records: (DecisionRecord | undefined)[];
  readonly #detached: Uint8Array;
  /** Sequence number of the previous decision with the same request ID, or -1. */
  readonly #prev: Float64Array;
  /** Request ID → sequence number of its latest decision. */
  readonly #latest = new Map<string, number>();
  readonly #restorer = new PolicyRestorer();
  #next = 0;
  #flushed = 0;
  #scheduled = false;
  #closed = false;
  #lastPrune = -Infinity;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Decisions lost before they could be kept (more arrived between two flushes than the ring holds). */
  dropped = 0;

  constructor(options: DecisionLogOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError("the decision buffer needs at least one slot");
    this.#options = options;
    this.#size = options.size;
    this.#batch = options.flushBatch ?? DECISION_DEFAULTS.flushBatch;
    this.#persist = options.retentionDays > 0;
    this.#ids = new Array<string | undefined>(this.#size).fill(undefined);
    this.#records = new Array<DecisionRecord | undefined>(this.#size).fill(undefined);
    this.#detached = new Uint8Array(this.#size);
    this.#prev = new Float64Array(this.#size).fill(-1);
    this.#timer = setInterval(() => this.flush(), options.flushIntervalMs ?? DECISION_DEFAULTS.flushIntervalMs);
    this.#timer.unref();
    this.#prune();
  }

  /** Records one decision: O(1), no allocation beyond the Map entry of a new request ID. Never throws. */
  record(decision: DecisionRecord): void {
    if (this.#closed) return;
    const seq = this.#next++;
    const slot = seq % this.#size;
    const old = this.#ids[slot];
    if (old !== undefined && this.#latest.get(old) === seq - this.#size) this.#latest.delete(old);
    const id = decision.requestId;
    this.#ids[slot] = id;
    this.#records[slot] = decision;
    this.#detached[slot] = 0;
    this.#prev[slot] = this.#latest.get(id) ?? -1;
    this.#latest.set(id, seq);
    if (!this.#scheduled && seq + 1 - this.#flushed >= this.#batch) this.#schedule();
  }

  /**
   * The decisions of a request, oldest first, ready to be explained: from the ring, else from the store.
   * Throws when a stored decision cannot be read back.
   */
  find(requestId: string): DecisionRecord[] {
    const out: DecisionRecord[] = [];
    let seq = this.#latest.get(requestId);
    while (seq !== undefined && seq >= 0 && seq >= this.#next - this.#size) {
      const slot = seq % this.#size;
      if (this.#ids[slot] !== requestId) break;
      const record = this.#records[slot];
      if (record !== undefined) out.push(record);
      seq = this.#prev[slot];
    }
    if (out.length > 0) return out.reverse();
    if (!this.#persist) return [];
    const stored = this.#options.store.getDecisions(requestId);
    return stored.decisions.map((d) => restore(d, stored.policies, this.#restorer));
  }

  /** Detaches and persists up to one batch of pending decisions; continues on the next turn if more are pending. */
  flush(): void {
    const start = Math.max(this.#flushed, this.#next - this.#size);
    if (start > this.#flushed) {
      this.dropped += start - this.#flushed;
      this.#options.log.warn("decisions arrived faster than they could be kept; the oldest were dropped", { dropped: start - this.#flushed });
    }
    const end = Math.min(this.#next, start + this.#batch);
    const rows: StoredDecision[] = [];
    const texts = new PolicyTexts();
    for (let seq = start; seq < end; seq++) {
      const slot = seq % this.#size;
      const record = this.#records[slot];
      if (record === undefined || this.#detached[slot] === 1) continue;
      try {
        const kept = detach(record);
        this.#records[slot] = kept;
        this.#detached[slot] = 1;
        if (this.#persist) rows.push({ requestId: kept.requestId, time: kept.time, record: snapshot(kept, texts) });
      } catch (err) {
        this.#options.log.error("could not keep a decision", { err, requestId: record.requestId });
      }
    }
    this.#flushed = end;
    if (rows.length > 0) {
      try {
        this.#options.store.putDecisions(rows, texts.texts);
      } catch (err) {
        this.#options.log.error("could not persist decisions", { err, count: rows.length });
      }
    }
    this.#prune();
    if (this.#flushed < this.#next && !this.#scheduled && !this.#closed) this.#schedule();
  }

  /** Stops the timer and flushes everything pending (before the store closes). */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    while (this.#flushed < this.#next) this.flush();
    this.#closed = true;
  }

  #schedule(): void {
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  #prune(): void {
    if (!this.#persist) return;
    const now = this.#options.clock.now().getTime();
    if (now - this.#lastPrune < PRUNE_EVERY_MS) return;
    this.#lastPrune = now;
    try {
      this.#options.store.pruneDecisions(new Date(now - this.#options.retentionDays * DAY_MS));
    } catch (err) {
      this.#options.log.error("could not prune old decisions", { err });
    }
  }
}
