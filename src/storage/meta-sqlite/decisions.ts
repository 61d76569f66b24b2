/**
 * @module storage/meta-sqlite/decisions
 * Authorization decisions kept for `crossbucket why` (migration 4). Each `putDecisions` call is one batch,
 * deflated into one `decision_batches` row, plus one `decision_index` row per decision. A batch is a sequence
 * of length-prefixed fields (`<length>:<text>`, lengths in UTF-16 units): the JSON list of the policy hashes,
 * each policy's text, then per decision its meta `[requestId, time]` and its record, stored as given (no
 * re-escaping). A batch is self-contained: the policies its decisions refer to are pruned with it. Reading a
 * decision inflates its batch. Pruning drops whole batches whose newest decision is older than the cut-off,
 * with their index rows (batch numbers only grow, so that is a range on both tables). Functions here run
 * inside the caller's transaction.
 */
import { deflateRawSync, inflateRawSync, constants } from "node:zlib";
import type { Database } from "better-sqlite3";
import type { StoredDecision, StoredDecisions } from "../ports.ts";

/** @internal Decision statements over the decision tables. */
export interface Decisions {
  put(decisions: readonly StoredDecision[], policies: ReadonlyMap<string, string>): void;
  get(requestId: string): StoredDecisions;
  prune(before: Date): number;
}

interface Batch {
  readonly decisions: StoredDecision[];
  readonly policies: Map<string, string>;
}

function encode(list: readonly StoredDecision[], policies: ReadonlyMap<string, string>): Buffer {
  const parts: string[] = [];
  const field = (text: string): void => {
    parts.push(`${text.length}:`, text);
  };
  field(JSON.stringify([...policies.keys()]));
  for (const text of policies.values()) field(text);
  for (const d of list) {
    field(JSON.stringify([d.requestId, d.time.getTime()]));
    field(d.record);
  }
  // Level 1: decisions repeat most of their text, so the fastest level already compresses well.
  return deflateRawSync(parts.join(""), { level: constants.Z_BEST_SPEED });
}

function decode(data: Buffer): Batch {
  const text = inflateRawSync(data).toString("utf8");
  let at = 0;
  const field = (): string => {
    const colon = text.indexOf(":", at);
    const length = Number(text.slice(at, colon));
    if (colon < 0 || !Number.isInteger(length) || colon + 1 + length > text.length) throw new Error("corrupt decision batch");
    at = colon + 1 + length;
    return text.slice(colon + 1, at);
  };
  const policies = new Map<string, string>();
  for (const hash of JSON.parse(field()) as string[]) policies.set(hash, field());
  const decisions: StoredDecision[] = [];
  while (at < text.length) {
    const [requestId, time] = JSON.parse(field()) as [string, number];
    decisions.push({ requestId, time: new Date(time), record: field() });
  }
  return { decisions, policies };
}

/** @internal Prepares the decision statements once. */
export function decisions(db: Database): Decisions {
  const insertBatch = db.prepare<[number, Buffer]>("INSERT INTO decision_batches (last_time, data) VALUES (?, ?)");
  const insertIndex = db.prepare<[number, number, string]>("INSERT INTO decision_index (batch, position, request_id) VALUES (?, ?, ?)");
  const positions = db.prepare<[string], { batch: number; position: number }>("SELECT batch, position FROM decision_index WHERE request_id = ? ORDER BY batch, position");
  const batchData = db.prepare<[number], { data: Buffer }>("SELECT data FROM decision_batches WHERE batch = ?");
  const lastOld = db.prepare<[number], { batch: number | null }>("SELECT max(batch) AS batch FROM decision_batches WHERE last_time < ?");
  const countOld = db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM decision_index WHERE batch <= ?");
  const dropIndex = db.prepare<[number]>("DELETE FROM decision_index WHERE batch <= ?");
  const dropBatches = db.prepare<[number]>("DELETE FROM decision_batches WHERE batch <= ?");
  return {
    put(list, policies) {
      if (list.length === 0) return;
      let last = 0;
      for (const d of list) last = Math.max(last, d.time.getTime());
      const batch = Number(insertBatch.run(last, encode(list, policies)).lastInsertRowid);
      for (let i = 0; i < list.length; i++) insertIndex.run(batch, i, (list[i] as StoredDecision).requestId);
    },
    get(requestId) {
      const decisions: StoredDecision[] = [];
      const policies = new Map<string, string>();
      let open: { batch: number; content: Batch } | undefined;
      for (const { batch, position } of positions.all(requestId)) {
        if (open?.batch !== batch) {
          const row = batchData.get(batch);
          if (row === undefined) continue;
          open = { batch, content: decode(row.data) };
          for (const [hash, text] of open.content.policies) policies.set(hash, text);
        }
        const d = open.content.decisions[position];
        if (d !== undefined && d.requestId === requestId) decisions.push(d);
      }
      return { decisions, policies };
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
