/**
 * @module policy/conditions/string
 * `StringEquals`, `StringEqualsIgnoreCase`, `StringLike` and their negations (spec §3.8). Values compare
 * case-sensitively except for the `IgnoreCase` pair; `StringLike` treats `*` and `?` as wildcards.
 */
import { Glob } from "../wildcard.ts";
import { memberTest, MATCHES_NOTHING } from "./family.ts";
import type { FamilyCompiler } from "./family.ts";

/** @public Compiles a String-family test: `eq`, `eqi` or `like`. */
export const compileString: FamilyCompiler = (test, values) => {
  if (test === "eq") return memberTest(values.map((v) => v.text));
  if (test === "eqi") {
    const lower = memberTest(values.map((v) => v.text.toLowerCase()));
    return (v) => lower(v.toLowerCase());
  }
  const globs = values.map((v) => Glob.fromTokens(v.tokens));
  if (globs.length === 0) return MATCHES_NOTHING;
  if (globs.every((g) => g.isLiteral)) return memberTest(values.map((v) => v.text));
  const [only] = globs;
  if (globs.length === 1 && only !== undefined) return (v) => only.matches(v);
  return (v) => {
    for (const g of globs) if (g.matches(v)) return true;
    return false;
  };
};
