/**
 * @module server/decisionLog
 * The decision log behind `crossbucket why` (issue #6): every authorization decision the authorize stage
 * records goes into a bounded in-memory ring indexed by request ID, and is persisted in the metadata store
 * for a number of days.
 *
 * Hot path: `record` stores references in preallocated arrays and one Map entry — no JSON, no I/O, no
 * replay. Off the request path, a flush (every `flushIntervalMs`, or as soon as `flushBatch` records are
 * pending) replays each pending decision with a trace, renders its explanation as JSON, replaces the
 * recorded request in the ring by that text (so the ring does not keep requests, sockets or closures alive)
 * and writes the batch to the store in one transaction. A flush handles at most `flushBatch` records per
 * event-loop turn. Decisions older than the retention are pruned once an hour. If more decisions arrive
 * between two flushes than the ring holds, the oldest unflushed ones are lost (counted in `dropped`).
 */
import type { DecisionLog, DecisionRecord, Logger } from "../protocol/s3/context.ts";
import type { Clock } from "../kernel/clock.ts";
import type { StoredDecision } from "../storage/ports.ts";

/** @public Where persisted decisions go (the metadata store implements it). */
export interface DecisionStore {
  putDecisions(decisions: readonly StoredDecision[]): void;
  getDecisions(requestId: string): StoredDecision[];
  pruneDecisions(before: Date): number;
}

/** @public Settings of {@link RingDecisionLog}. */
export interface DecisionLogOptions {
  /** How many decisions the ring keeps (`--decision-buffer`). */
  readonly size: number;
  /** Days decisions are kept in the store (`--decision-retention-days`); 0 keeps them in memory only. */
  readonly retentionDays: number;
  readonly store: DecisionStore;
  /** Renders one recorded decision (replay, explanation, JSON): called off the request path. */
  readonly render: (decision: DecisionRecord) => StoredDecision;
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
  readonly #records: (DecisionRecord | undefined)[];
  readonly #rendered: (StoredDecision | undefined)[];
  /** Sequence number of the previous decision with the same request ID, or -1. */
  readonly #prev: Float64Array;
  /** Request ID → sequence number of its latest decision. */
  readonly #latest = new Map<string, number>();
  #next = 0;
  #flushed = 0;
  #scheduled = false;
  #closed = false;
  #lastPrune = -Infinity;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Decisions lost before they could be rendered (more arrived between two flushes than the ring holds). */
  dropped = 0;

  constructor(options: DecisionLogOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError("the decision buffer needs at least one slot");
    this.#options = options;
    this.#size = options.size;
    this.#batch = options.flushBatch ?? DECISION_DEFAULTS.flushBatch;
    this.#persist = options.retentionDays > 0;
    this.#ids = new Array<string | undefined>(this.#size).fill(undefined);
    this.#records = new Array<DecisionRecord | undefined>(this.#size).fill(undefined);
    this.#rendered = new Array<StoredDecision | undefined>(this.#size).fill(undefined);
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
    this.#rendered[slot] = undefined;
    this.#prev[slot] = this.#latest.get(id) ?? -1;
    this.#latest.set(id, seq);
    if (!this.#scheduled && seq + 1 - this.#flushed >= this.#batch) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.flush();
      });
    }
  }

  /** The decisions of a request, oldest first: from the ring, else from the store. */
  find(requestId: string): StoredDecision[] {
    const out: StoredDecision[] = [];
    let seq = this.#latest.get(requestId);
    while (seq !== undefined && seq >= 0 && seq >= this.#next - this.#size) {
      const slot = seq % this.#size;
      if (this.#ids[slot] !== requestId) break;
      const stored = this.#rendered[slot] ?? this.#renderSlot(slot, false);
      if (stored !== undefined) out.push(stored);
      seq = this.#prev[slot];
    }
    if (out.length > 0) return out.reverse();
    return this.#persist ? this.#options.store.getDecisions(requestId) : [];
  }

  /** Renders and persists up to one batch of pending decisions; continues on the next turn if more are pending. */
  flush(): void {
    const start = Math.max(this.#flushed, this.#next - this.#size);
    if (start > this.#flushed) {
      this.dropped += start - this.#flushed;
      this.#options.log.warn("decisions arrived faster than they could be explained; the oldest were dropped", { dropped: start - this.#flushed });
    }
    const end = Math.min(this.#next, start + this.#batch);
    const rows: StoredDecision[] = [];
    for (let seq = start; seq < end; seq++) {
      const stored = this.#renderSlot(seq % this.#size, true);
      if (stored !== undefined) rows.push(stored);
    }
    this.#flushed = end;
    if (this.#persist && rows.length > 0) {
      try {
        this.#options.store.putDecisions(rows);
      } catch (err) {
        this.#options.log.error("could not persist decisions", { err, count: rows.length });
      }
    }
    this.#prune();
    if (this.#flushed < this.#next && !this.#scheduled && !this.#closed) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.flush();
      });
    }
  }

  /** Stops the timer and flushes everything pending (before the store closes). */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    while (this.#flushed < this.#next) this.flush();
    this.#closed = true;
  }

  #renderSlot(slot: number, keep: boolean): StoredDecision | undefined {
    const record = this.#records[slot];
    if (record === undefined) return this.#rendered[slot];
    try {
      const stored = this.#options.render(record);
      if (keep) {
        this.#rendered[slot] = stored;
        this.#records[slot] = undefined;
      }
      return stored;
    } catch (err) {
      this.#options.log.error("could not explain a decision", { err, requestId: record.requestId });
      return undefined;
    }
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
