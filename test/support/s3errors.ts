/**
 * @module test/support/s3errors
 * The S3 error an SDK call failed with, for asserting code and status.
 */
import assert from "node:assert/strict";
import { S3ServiceException } from "@aws-sdk/client-s3";

/** Awaits `p`, which must fail with an S3 service error, and returns that error. */
export async function errorOf(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof S3ServiceException, `expected an S3 error, got ${String(e)}`);
    return e;
  }
  assert.fail("expected an error");
}

/** Awaits `p`, which must fail with `code` (and `status`, when given). */
export async function rejectsWith(p: Promise<unknown>, code: string, status?: number): Promise<S3ServiceException> {
  const e = await errorOf(p);
  assert.equal(e.name, code);
  if (status !== undefined) assert.equal(e.$metadata.httpStatusCode, status);
  return e;
}
