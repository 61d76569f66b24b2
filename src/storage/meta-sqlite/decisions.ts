/**
 * @module storage/meta-sqlite/decisions
 * Authorization decisions kept for `crossbucket why` (migration 4): one row per decision, in insertion order
 * (`seq`), the resource owners' account IDs as a space-separated list. Functions here run inside the caller's
 * transaction.
 */
import type { Database } from "better-sqlite3";
import type { StoredDecision } from "../ports.ts";

/** @internal Decision statements over the `decisions` table. */
export interface Decisions {
  put(decisions: readonly StoredDecision[]): void;
  get(requestId: string): StoredDecision[];
  prune(before: Date): number;
}

interface DecisionRow {
  request_id: string;
  time: number;
  principal_account_id: string | null;
  resource_account_ids: string;
  explanation: string;
}

function record(row: DecisionRow): StoredDecision {
  return {
    requestId: row.request_id,
    time: new Date(row.time),
    ...(row.principal_account_id !== null ? { principalAccountId: row.principal_account_id } : {}),
    resourceAccountIds: row.resource_account_ids === "" ? [] : row.resource_account_ids.split(" "),
    explanation: row.explanation,
  };
}

/** @internal Prepares the decision statements once. */
export function decisions(db: Database): Decisions {
  const insert = db.prepare<[DecisionRow]>(
    "INSERT INTO decisions (request_id, time, principal_account_id, resource_account_ids, explanation) VALUES (@request_id, @time, @principal_account_id, @resource_account_ids, @explanation)",
  );
  const byRequest = db.prepare<[string], DecisionRow>("SELECT request_id, time, principal_account_id, resource_account_ids, explanation FROM decisions WHERE request_id = ? ORDER BY seq");
  const prune = db.prepare<[number]>("DELETE FROM decisions WHERE time < ?");
  return {
    put(list) {
      for (const d of list) {
        insert.run({ request_id: d.requestId, time: d.time.getTime(), principal_account_id: d.principalAccountId ?? null, resource_account_ids: d.resourceAccountIds.join(" "), explanation: d.explanation });
      }
    },
    get: (requestId) => byRequest.all(requestId).map(record),
    prune: (before) => prune.run(before.getTime()).changes,
  };
}
