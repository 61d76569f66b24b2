/**
 * @module policy/conditions/family
 * The shape shared by every condition operator family: turn the policy values of one condition key into one
 * test of a request value. Policy values are read (parsed, lower-cased, split) once, when the policy is
 * compiled; the request value is read once per test, however many policy values there are.
 */
import type { ResolvedValue } from "../variables.ts";

/** @public Whether one request value matches any of a condition key's (already resolved) policy values. */
export type ValueTest = (requestValue: string) => boolean;

/**
 * @public Builds the test for a key's policy values; `test` names the comparison within the family (`eq`, `like`,
 * `lt`…). A policy value this family cannot read matches no request value, so it is left out of the test.
 */
export type FamilyCompiler = (test: string, policyValues: readonly ResolvedValue[]) => ValueTest;

/** @public The test of a key none of whose policy values could be read. */
export const MATCHES_NOTHING: ValueTest = () => false;

/** @public The policy values a reader accepts, read once (undefined results dropped). */
export function readAll<T>(values: readonly ResolvedValue[], read: (v: ResolvedValue) => T | undefined): T[] {
  const out: T[] = [];
  for (const v of values) {
    const r = read(v);
    if (r !== undefined) out.push(r);
  }
  return out;
}

/**
 * @public Memoizes a reader of request values on its last argument: a request reads the same value for every
 * statement and policy it is checked against, so parsing it (a number, a date, an address) is done once.
 */
export function lastValueMemo<T>(read: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let lastValue: T | undefined;
  return (text) => {
    if (text !== lastText || lastValue === undefined) {
      lastValue = read(text);
      lastText = text;
    }
    return lastValue;
  };
}

/** @public A test for exact string membership: a comparison for few values, a set for many. */
export function memberTest(wants: readonly string[]): ValueTest {
  if (wants.length === 0) return MATCHES_NOTHING;
  const [only] = wants;
  if (wants.length === 1 && only !== undefined) return (v) => v === only;
  if (wants.length <= 8) return (v) => wants.includes(v);
  const set = new Set(wants);
  return (v) => set.has(v);
}
