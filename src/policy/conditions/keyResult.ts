/**
 * @module policy/conditions/keyResult
 * The combination rules for one condition key (spec §3.7, §3.9, §3.10, §12.14), shared by every operator:
 * OR across policy values, NOR for negated operators, missing keys, `IfExists`, `ForAllValues` (true on an
 * absent key or empty set) and `ForAnyValue` (false there), and `Null`.
 */
import type { ContextValue } from "../context.ts";
import type { KeyRequest } from "../requestKeys.ts";
import type { OperatorSpec } from "./operators.ts";

/**
 * @public Whether one request value matches any of the key's policy values. The request is passed for values
 * holding policy variables, which are read from it; other tests ignore it.
 */
export type KeyValueTest = (requestValue: string, req: KeyRequest) => boolean;

/** @public Whether one key's condition holds, given the request's value of the key (undefined when absent). */
export type KeyTest = (request: ContextValue | undefined, req: KeyRequest) => boolean;

function absent(v: ContextValue | undefined): boolean {
  return v === undefined || (typeof v !== "string" && v.length === 0);
}

/**
 * @public Builds the test of one condition key from the test of its values.
 * @param policyValues the raw policy values, read only by `Null`
 */
export function keyTest(op: OperatorSpec, test: KeyValueTest, policyValues: readonly string[]): KeyTest {
  if (op.family === "Null") {
    const whenAbsent = policyValues.some((v) => v.toLowerCase() === "true");
    const whenPresent = policyValues.some((v) => v.toLowerCase() === "false");
    return (v) => (absent(v) ? whenAbsent : whenPresent);
  }
  const onAbsent = op.ifExists || op.set === "all" ? true : op.set === "any" ? false : op.negated;
  const negated = op.negated;
  const set = op.set;
  return (v, req) => {
    if (v === undefined) return onAbsent;
    // One value: plain, ForAllValues and ForAnyValue all reduce to "it matches" (or, negated, "it does not").
    if (typeof v === "string") return test(v, req) !== negated;
    if (v.length === 0) return onAbsent;
    if (set === "all") {
      for (const x of v) if (test(x, req) === negated) return false;
      return true;
    }
    if (set === "any") {
      for (const x of v) if (test(x, req) !== negated) return true;
      return false;
    }
    for (const x of v) if (test(x, req)) return !negated;
    return negated;
  };
}
