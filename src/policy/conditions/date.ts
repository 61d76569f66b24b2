/**
 * @module policy/conditions/date
 * `Date*` operators (spec §3.8): values are W3C/ISO 8601 date-times or epoch seconds. A date-time without a
 * zone is read as UTC so that no result depends on the server's time zone.
 */
import type { FamilyCompiler } from "./family.ts";
import { orderedCompiler } from "./numeric.ts";

const EPOCH = /^-?\d+(?:\.\d+)?$/;
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/** @public Milliseconds since the epoch for an ISO 8601 date(-time) or epoch seconds; undefined if neither. */
export function parseDate(text: string): number | undefined {
  const t = text.trim();
  if (EPOCH.test(t)) return Number(t) * 1000;
  const m = ISO.exec(t);
  if (m === null) return undefined;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const z = zone === "Z" ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${y ?? ""}-${mo}-${d}T${h}:${mi}:${s}.${(frac + "000").slice(0, 3)}${z}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** @public Compiles a Date-family test (`eq`, `lt`, `le`, `gt`, `ge`). */
export const compileDate: FamilyCompiler = orderedCompiler(parseDate);
