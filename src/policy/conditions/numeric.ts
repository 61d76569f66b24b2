/**
 * @module policy/conditions/numeric
 * `NumericEquals`, `NumericNotEquals`, `NumericLessThan[Equals]`, `NumericGreaterThan[Equals]` (spec §3.8):
 * integers or decimals; a request value that is not a number matches nothing.
 */
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

/** @public Builds a compiler for an ordered family from its value reader (shared by Numeric and Date). */
export function orderedCompiler(read: (text: string) => number | undefined): FamilyCompiler {
  return (test, value) => {
    const want = read(value.text);
    if (want === undefined) return undefined;
    return (v) => {
      const got = read(v);
      return got !== undefined && compareOrdered(test, got, want);
    };
  };
}

/** @public Compiles a Numeric-family test. */
export const compileNumeric: FamilyCompiler = orderedCompiler(parseNumber);
