/**
 * @module identity/worldFields
 * What every section of the world file shares: {@link WorldError} (a message with the JSON-pointer
 * path of the bad entry) and the readers that check one field each and fail with that path.
 */
import { IamError } from "./iamError.ts";

/** @public A world file that does not validate; `path` is a JSON-pointer-like path to the bad entry. */
export class WorldError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = "WorldError";
  }
}

/** @public What an access key ID of the world file looks like (root users' and IAM users' keys). */
export const ACCESS_KEY_PATTERN = /^[A-Z0-9]{16,128}$/;

/** @public Whether a value is a plain object (a YAML mapping). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** @public The value as an object, or a WorldError at `path`. */
export function recordAt(v: unknown, path: string, what = "an object"): Record<string, unknown> {
  if (!isRecord(v)) throw new WorldError(path, `must be ${what}`);
  return v;
}

/** @public A required non-empty string field. */
export function requiredString(obj: Record<string, unknown>, key: string, path: string): string {
  const v = obj[key];
  if (typeof v !== "string" || v === "") throw new WorldError(`${path}/${key}`, "must be a non-empty string");
  return v;
}

/** @public An optional string field (undefined when absent). */
export function optionalString(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new WorldError(`${path}/${key}`, "must be a string");
  return v;
}

/** @public An optional list field (empty when absent). */
export function optionalList(obj: Record<string, unknown>, key: string, path: string): readonly unknown[] {
  const v = obj[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new WorldError(`${path}/${key}`, "must be a list");
  return v;
}

/** @public Fails on the first field of `obj` that is not in `known`. */
export function rejectUnknownFields(obj: Record<string, unknown>, known: readonly string[], path: string, noun: string): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) throw new WorldError(`${path}/${escapePointer(k)}`, `is not a known ${noun} field (known: ${known.join(", ")})`);
  }
}

/** @public A 12-digit account ID; YAML reads an unquoted one as a number, which is accepted and padded. */
export function accountIdValue(v: unknown, path: string): string {
  const id = typeof v === "number" && Number.isInteger(v) && v >= 0 ? String(v).padStart(12, "0") : v;
  if (typeof id !== "string" || !/^\d{12}$/.test(id)) throw new WorldError(path, "must be a 12-digit account ID (quote it in YAML)");
  return id;
}

/**
 * @public A policy document as JSON text: a JSON string is taken as written, a YAML/JSON object is
 * serialised (compact, keys in the order written, so the same file always gives the same text).
 */
export function policyText(v: unknown, path: string): string {
  if (typeof v === "string") return v;
  if (isRecord(v)) return JSON.stringify(v);
  throw new WorldError(path, "must be a policy document: an object, or a JSON string");
}

/** @public Runs an IAM check or call; its IamError becomes a WorldError at `path` ("Code: message"). */
export function atPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IamError) throw new WorldError(path, `${e.code}: ${e.message}`);
    throw e;
  }
}

/** @public A key as a JSON-pointer token (`~` → `~0`, `/` → `~1`). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
