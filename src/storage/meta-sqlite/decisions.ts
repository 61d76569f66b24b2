/**
 * @module storage/meta-sqlite/decisions
 * Authorization decisions kept for `crossbucket why` (migration 4). Each `putDecisions` call is one batch:
 * its decisions as a JSON array `[requestId, time, principalAccountId | null, resourceAccountIds,
 * explanation]`, deflated into one `decision_batches` row, plus one `decision_index` row per decision.
 * Reading a decision inflates its batch. Pruning drops whole batches whose newest decision is older than
 * the cut-off, with their index rows (batch numbers only grow, so that is a range on both tables).
 * Functions here run inside the caller's transaction.
 */
import { deflateRawSync, inflateRawSync, constants } from "node:zlib";
import type { Database } from "better-sqlite3";
import type { StoredDecision } from "../ports.ts";

/** @internal Decision statements over the decision tables. */
export interface Decisions {
  put(decisions: readonly StoredDecision[]): void;
  get(requestId: string): StoredDecision[];
  prune(before: Date): number;
}

type Entry = [requestId: string, time: number, principalAccountId: string | null, resourceAccountIds: readonly string[], explanation: string];

function encode(list: readonly StoredDecision[]): Buffer {
  const entries: Entry[] = list.map((d) => [d.requestId, d.time.getTime(), d.principalAccountId ?? null, d.resourceAccountIds, d.explanation]);
  // Level 1: explanations repeat most of their text, so the fastest level already compresses ~50:1.
  return deflateRawSync(JSON.stringify(entries), { level: constants.Z_BEST_SPEED });
}

function decode(data: Buffer): Entry[] {
  return JSON.parse(inflateRawSync(data).toString("utf8")) as Entry[];
}

function decision(e: Entry): StoredDecision {
  const [requestId, time, principalAccountId, resourceAccountIds, explanation] = e;
  return { requestId, time: new Date(time), ...(principalAccountId !== null ? { principalAccountId } : {}), resourceAccountIds, explanation };
}

/** @internal Prepares the decision statements once. */
export function decisions(db: Database): Decisions {
  const insertBatch = db.prepare<[number, Buffer]>("INSERT INTO decision_batches (last_time, data) VALUES (?, ?)");
  const insertIndex = db.prepare<[number, number, string]>("INSERT INTO decision_index (batch, position, request_id) VALUES (?, ?, ?)");
  const positions = db.prepare<[string], { batch: number; position: number }>("SELECT batch, position FROM decision_index WHERE request_id = ? ORDER BY batch, position");
  const batchData = db.prepare<[number], { data: Buffer }>("SELECT data FROM decision_batches WHERE batch = ?");
  const lastOld = db.prepare<[number], { batch: number | null }>("SELECT max(batch) AS batch FROM decision_batches WHERE last_time < ?");
  const dropIndex = db.prepare<[number]>("DELETE FROM decision_index WHERE batch <= ?");
  const dropBatches = db.prepare<[number]>("DELETE FROM decision_batches WHERE batch <= ?");
  const countOld = db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM decision_index WHERE batch <= ?");
  return {
    put(list) {
      if (list.length === 0) return;
      let last = 0;
      for (const d of list) last = Math.max(last, d.time.getTime());
      const batch = Number(insertBatch.run(last, encode(list)).lastInsertRowid);
      for (let i = 0; i < list.length; i++) insertIndex.run(batch, i, (list[i] as StoredDecision).requestId);
    },
    get(requestId) {
      const out: StoredDecision[] = [];
      let open: { batch: number; entries: Entry[] } | undefined;
      for (const { batch, position } of positions.all(requestId)) {
        if (open?.batch !== batch) {
          const row = batchData.get(batch);
          if (row === undefined) continue;
          open = { batch, entries: decode(row.data) };
        }
        const e = open.entries[position];
        if (e !== undefined && e[0] === requestId) out.push(decision(e));
      }
      return out;
    },
    prune(before) {
      // Batches are written in time order, so every batch up to the newest old one is old.
      const upTo = lastOld.get(before.getTime())?.batch ?? null;
      if (upTo === null) return 0;
      const n = countOld.get(upTo)?.n ?? 0;
      dropIndex.run(upTo);
      dropBatches.run(upTo);
      return n;
    },
  };
}
