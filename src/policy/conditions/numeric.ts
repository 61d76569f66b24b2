/**
 * @module policy/conditions/numeric
 * `NumericEquals`, `NumericNotEquals`, `NumericLessThan[Equals]`, `NumericGreaterThan[Equals]` (spec §3.8):
 * integers or decimals; a request value that is not a number matches nothing.
 */
import { lastValueMemo, MATCHES_NOTHING, readAll } from "./family.ts";
import type { FamilyCompiler } from "./family.ts";

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** @public Reads a decimal number, or undefined if the text is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

/** @public Compares two numbers with one of `eq`, `lt`, `le`, `gt`, `ge`. */
export function compareOrdered(test: string, request: number, policy: number): boolean {
  switch (test) {
    case "eq":
      return request === policy;
    case "lt":
      return request < policy;
    case "le":
      return request <= policy;
    case "gt":
      return request > policy;
    case "ge":
      return request >= policy;
  }
  return false;
}

/**
 * @public Builds a compiler for an ordered family from its value reader (shared by Numeric and Date). Policy
 * values are read once; the request value once per test (and not again while it stays the same).
 */
export function orderedCompiler(read: (text: string) => number | undefined): FamilyCompiler {
  const readRequest = lastValueMemo(read);
  return (test, values) => {
    const wants = readAll(values, (v) => read(v.text));
    if (wants.length === 0) return MATCHES_NOTHING;
    return (v) => {
      const got = readRequest(v);
      if (got === undefined) return false;
      for (const w of wants) if (compareOrdered(test, got, w)) return true;
      return false;
    };
  };
}

/** @public Compiles a Numeric-family test. */
export const compileNumeric: FamilyCompiler = orderedCompiler(parseNumber);
