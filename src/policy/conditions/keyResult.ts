/**
 * @module policy/conditions/keyResult
 * The combination rules for one condition key (spec §3.7, §3.9, §3.10, §12.14), shared by every operator:
 * OR across policy values, NOR for negated operators, missing keys, `IfExists`, `ForAllValues` (true on an
 * absent key or empty set) and `ForAnyValue` (false there), and `Null`.
 */
import type { OperatorSpec } from "./operators.ts";
import type { ValueTest } from "./family.ts";

/**
 * @public Whether one key's condition holds.
 * @param tests one test per policy value; undefined entries (bad value, variable without value) match nothing
 * @param requestValues the request's values for the key; undefined when the key is absent
 * @param policyValues the raw policy values, read only by `Null`
 */
export function keyResult(
  op: OperatorSpec,
  tests: readonly (ValueTest | undefined)[],
  requestValues: readonly string[] | undefined,
  policyValues: readonly string[],
): boolean {
  const absent = requestValues === undefined || requestValues.length === 0;
  if (op.family === "Null") {
    const want = absent ? "true" : "false";
    return policyValues.some((v) => v.toLowerCase() === want);
  }
  if (absent) {
    if (op.ifExists) return true;
    if (op.set === "all") return true;
    if (op.set === "any") return false;
    return op.negated;
  }
  if (op.set === "all") {
    for (const v of requestValues) if (matchesAny(tests, v) === op.negated) return false;
    return true;
  }
  if (op.set === "any") {
    for (const v of requestValues) if (matchesAny(tests, v) !== op.negated) return true;
    return false;
  }
  for (const v of requestValues) if (matchesAny(tests, v)) return !op.negated;
  return op.negated;
}

function matchesAny(tests: readonly (ValueTest | undefined)[], v: string): boolean {
  for (const t of tests) if (t !== undefined && t(v)) return true;
  return false;
}
