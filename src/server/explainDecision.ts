/**
 * @module server/explainDecision
 * Turns a recorded decision into its explanation with what only the server knows: the accounts behind
 * canonical IDs, the HTTP status of the error the client got, and whether the decision was the
 * `s3:ListBucket` check behind a 403-instead-of-404 (spec §9.3); and the accounts a decision concerns (who
 * may read it through the admin API).
 */
import { explain, type ExplainOptions, type Explanation } from "../explain/index.ts";
import type { AccountDirectory } from "../identity/accounts.ts";
import type { DecisionRecord } from "../protocol/s3/context.ts";
import { statusOf, type S3ErrorCode } from "../protocol/s3/errors.ts";

/** @public The HTTP status of an S3 error code, undefined for a code outside the catalogue. */
export function statusOfCode(code: string | undefined): number | undefined {
  if (code === undefined) return undefined;
  try {
    return statusOf(code as S3ErrorCode);
  } catch {
    return undefined;
  }
}


/** @public Explains one recorded (or simulated) decision with the server's knowledge. */
export function explainRecord(record: DecisionRecord, accounts: AccountDirectory, extra: Pick<ExplainOptions, "accessKeyId" | "simulated"> = {}): Explanation {
  const status = statusOfCode(record.answeredWith);
  return explain(record, {
    accountOf: (id) => accounts.byCanonicalId(id)?.id,
    ...(status !== undefined ? { status } : {}),
    ...(record.missingKeyCheck === true ? { missingKey: true } : {}),
    ...(record.accessKeyId !== undefined ? { accessKeyId: record.accessKeyId } : {}),
    ...extra,
  });
}

/**
 * @public The accounts that own what a decision addressed: the bucket, the copy source bucket, the access
 * point, and the existing objects (their stored owners).
 */
export function resourceAccounts(record: Pick<DecisionRecord, "request">, accounts: AccountDirectory): string[] {
  const r = record.request;
  const out: string[] = [];
  const objectOwner = (canonical: string | undefined): string | undefined => (canonical === undefined ? undefined : accounts.byCanonicalId(canonical)?.id);
  for (const id of [r.target?.ownerAccountId, r.source?.ownerAccountId, r.accessPoint?.accountId, objectOwner(r.target?.object?.ownerCanonicalId), objectOwner(r.source?.object?.ownerCanonicalId)]) {
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}
