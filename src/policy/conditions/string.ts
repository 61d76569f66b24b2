/**
 * @module policy/conditions/string
 * `StringEquals`, `StringEqualsIgnoreCase`, `StringLike` and their negations (spec §3.8). Values compare
 * case-sensitively except for the `IgnoreCase` pair; `StringLike` treats `*` and `?` as wildcards.
 */
import { Glob } from "../wildcard.ts";
import type { FamilyCompiler } from "./family.ts";

/** @public Compiles a String-family test: `eq`, `eqi` or `like`. */
export const compileString: FamilyCompiler = (test, value) => {
  if (test === "eq") {
    const want = value.text;
    return (v) => v === want;
  }
  if (test === "eqi") {
    const want = value.text.toLowerCase();
    return (v) => v.toLowerCase() === want;
  }
  const glob = Glob.fromTokens(value.tokens);
  return (v) => glob.matches(v);
};
