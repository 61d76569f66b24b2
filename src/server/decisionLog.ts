/**
 * @module server/decisionLog
 * The decision log behind `crossbucket why` (issue #6): every authorization decision the authorize stage
 * records goes into a bounded in-memory ring indexed by request ID, and is persisted in the metadata store
 * for a number of days.
 *
 * Hot path: `record` stores a reference in preallocated arrays and one Map entry, and schedules the keeping
 * step for the end of the event-loop turn — no JSON, no I/O, no replay.
 *
 * Keeping (`setImmediate`, so the request's objects are not held past the turn that made them): each recorded
 * decision is detached from its HTTP request (a replay with a trace resolves every condition key it needs,
 * server/decisionSnapshot) and turned into a compact replayable snapshot, which replaces it in the ring.
 *
 * Persisting (every `flushIntervalMs`, or once `flushBatch` snapshots wait): the snapshots and the policy texts
 * they refer to go to the store in one transaction. Explanations are rendered only when asked for, by
 * replaying the snapshot. Decisions older than the retention are pruned once an hour. If one turn records more
 * decisions than the ring holds, the oldest are lost (counted in `dropped`).
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
/** Policy texts kept for restoring ring entries; past this many distinct texts the oldest ring entries are read from the store. */
const MAX_TEXTS = 10_000;

/** @public The ring buffer plus persistence. */
export class RingDecisionLog implements DecisionLog {
  readonly #size: number;
  readonly #batch: number;
  readonly #persist: boolean;
  readonly #options: DecisionLogOptions;
  readonly #ids: (string | undefined)[];
  /** A recorded decision not kept yet. */
  readonly #pending: (DecisionRecord | undefined)[];
  /** The kept snapshot (with the time it was made at). */
  readonly #kept: (StoredDecision | undefined)[];
  /** Sequence number of the previous decision with the same request ID, or -1. */
  readonly #prev: Float64Array;
  /** Request ID → sequence number of its latest decision. */
  readonly #latest = new Map<string, number>();
  readonly #restorer = new PolicyRestorer();
  /** Texts of the policies the ring's snapshots refer to. */
  readonly #texts = new Map<string, string>();
  /** Snapshots waiting to be persisted, and their policies. */
  #rows: StoredDecision[] = [];
  #rowTexts = new PolicyTexts();
  #next = 0;
  #keptUpTo = 0;
  #scheduled = false;
  #closed = false;
  #lastPrune = -Infinity;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Decisions lost before they could be kept (one turn recorded more than the ring holds). */
  dropped = 0;

  constructor(options: DecisionLogOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError("the decision buffer needs at least one slot");
    this.#options = options;
    this.#size = options.size;
    this.#batch = options.flushBatch ?? DECISION_DEFAULTS.flushBatch;
    this.#persist = options.retentionDays > 0;
    this.#ids = new Array<string | undefined>(this.#size).fill(undefined);
    this.#pending = new Array<DecisionRecord | undefined>(this.#size).fill(undefined);
    this.#kept = new Array<StoredDecision | undefined>(this.#size).fill(undefined);
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
    this.#pending[slot] = decision;
    this.#kept[slot] = undefined;
    this.#prev[slot] = this.#latest.get(id) ?? -1;
    this.#latest.set(id, seq);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.keep();
      });
    }
  }

  /**
   * The decisions of a request, oldest first, ready to be explained: from the ring, else from the store.
   * Throws when a stored decision cannot be read back.
   */
  find(requestId: string): DecisionRecord[] {
    const out: DecisionRecord[] = [];
    let seq = this.#latest.get(requestId);
    let complete = true;
    while (seq !== undefined && seq >= 0 && seq >= this.#next - this.#size) {
      const slot = seq % this.#size;
      if (this.#ids[slot] !== requestId) break;
      const pending = this.#pending[slot];
      const kept = this.#kept[slot];
      if (pending !== undefined) out.push(pending);
      else if (kept !== undefined) {
        try {
          out.push(restore(kept, this.#texts, this.#restorer));
        } catch {
          complete = false; // its policy texts were dropped from memory: read it from the store
        }
      }
      seq = this.#prev[slot];
    }
    if (out.length > 0 && complete) return out.reverse();
    if (!this.#persist) return out.reverse();
    this.flush();
    const stored = this.#options.store.getDecisions(requestId);
    return stored.decisions.map((d) => restore(d, stored.policies, this.#restorer));
  }

  /** Keeps every decision recorded so far (detached from its request, as a snapshot); persists a full batch. */
  keep(): void {
    this.#keepPending();
    if (this.#rows.length >= this.#batch) this.#persistRows();
  }

  /** Keeps what is pending and persists the snapshots waiting, in one transaction. */
  flush(): void {
    this.#keepPending();
    this.#persistRows();
    this.#prune();
  }

  #keepPending(): void {
    const start = Math.max(this.#keptUpTo, this.#next - this.#size);
    if (start > this.#keptUpTo) {
      this.dropped += start - this.#keptUpTo;
      this.#options.log.warn("more decisions were recorded in one turn than the decision buffer holds; the oldest were dropped", { dropped: start - this.#keptUpTo });
    }
    if (start >= this.#next) return;
    for (let seq = start; seq < this.#next; seq++) {
      const slot = seq % this.#size;
      const record = this.#pending[slot];
      if (record === undefined) continue;
      this.#pending[slot] = undefined;
      try {
        const kept: StoredDecision = { requestId: record.requestId, time: record.time, record: snapshot(detach(record), this.#rowTexts) };
        this.#kept[slot] = kept;
        if (this.#persist) this.#rows.push(kept);
      } catch (err) {
        this.#options.log.error("could not keep a decision", { err, requestId: record.requestId });
      }
    }
    this.#keptUpTo = this.#next;
    if (this.#texts.size + this.#rowTexts.texts.size > MAX_TEXTS) this.#texts.clear();
    for (const [hash, text] of this.#rowTexts.texts) this.#texts.set(hash, text);
    if (!this.#persist) this.#rowTexts = new PolicyTexts();
  }

  #persistRows(): void {
    if (this.#rows.length === 0) return;
    const rows = this.#rows;
    const texts = this.#rowTexts.texts;
    this.#rows = [];
    this.#rowTexts = new PolicyTexts();
    try {
      this.#options.store.putDecisions(rows, texts);
    } catch (err) {
      this.#options.log.error("could not persist decisions", { err, count: rows.length });
    }
  }

  /** Stops the timer and persists everything pending (before the store closes). */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.flush();
    this.#closed = true;
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
