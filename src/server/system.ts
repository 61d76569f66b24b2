/**
 * @module server/system
 * The real clock, identifiers and logger that the composition root injects.
 */
import { createHash, randomFillSync } from "node:crypto";
import type { Clock } from "../kernel/clock.ts";
import type { IdGenerator, Logger } from "../protocol/s3/context.ts";

/** @public The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

const VERSION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

/**
 * Random bytes from a pool refilled 4 KiB at a time: every request draws two IDs, and one system call per
 * fifty-odd requests costs less than two per request. A taken slice is read at once, before the next refill.
 */
const pool = Buffer.allocUnsafe(4096);
let poolUsed = pool.length;

function randomBytes(length: number): Buffer {
  if (poolUsed + length > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  const out = pool.subarray(poolUsed, poolUsed + length);
  poolUsed += length;
  return out;
}

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** @public Random identifiers shaped like S3's. */
export const randomIds: IdGenerator = {
  requestId: () => randomBytes(8).toString("hex").toUpperCase(),
  hostId: () => randomBytes(48).toString("base64"),
  versionId: () => randomFrom(VERSION_ALPHABET, 32),
  uploadId: () => randomFrom(VERSION_ALPHABET.slice(0, 62), 64),
};

/** @public A stable 64-hex canonical user ID for an account. */
export function canonicalUserId(accountId: string): string {
  return createHash("sha256").update(`crossbucket canonical user ${accountId}`).digest("hex");
}

type Level = "debug" | "info" | "warn" | "error" | "silent";
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** @public JSON-lines logger on stderr; `CROSSBUCKET_LOG` sets the level (default info). */
export function createLogger(level: string = process.env["CROSSBUCKET_LOG"] ?? "info"): Logger {
  const min = ORDER[(level as Level) in ORDER ? (level as Level) : "info"];
  const emit = (lvl: Level, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < min) return;
    const safe: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields ?? {})) safe[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...safe })}\n`);
  };
  return {
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}
