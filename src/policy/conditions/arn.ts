/**
 * @module policy/conditions/arn
 * `ArnEquals` / `ArnLike` (identical) and their negations (spec §3.8): the six colon-separated parts of the
 * ARN are compared one by one, case-sensitively, with `*`/`?` wildcards inside each part — so, unlike
 * `StringLike`, a `*` never swallows a colon before the resource part.
 */
import { Glob } from "../wildcard.ts";
import type { GlobToken } from "../wildcard.ts";
import type { FamilyCompiler } from "./family.ts";

/** @public Splits wildcard tokens into ARN parts at the first five colons. */
export function splitArnTokens(tokens: readonly GlobToken[]): GlobToken[][] {
  const parts: GlobToken[][] = [[]];
  for (const t of tokens) {
    const current = parts[parts.length - 1] ?? [];
    if (typeof t !== "string" || parts.length === 6) {
      current.push(t);
      continue;
    }
    const pieces = t.split(":");
    current.push(pieces[0] ?? "");
    for (const piece of pieces.slice(1)) {
      if (parts.length === 6) (parts[5] ?? []).push(":" + piece);
      else parts.push([piece]);
    }
  }
  return parts;
}

/** @public Splits an ARN into its six parts, or undefined if it has fewer. */
export function splitArn(text: string): string[] | undefined {
  const parts = text.split(":");
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** @public Compiles an ArnLike/ArnEquals test. */
export const compileArn: FamilyCompiler = (_test, value) => {
  const parts = splitArnTokens(value.tokens);
  if (parts.length !== 6) return undefined;
  const globs = parts.map((p) => Glob.fromTokens(p));
  return (v) => {
    const got = splitArn(v);
    return got !== undefined && globs.every((g, i) => g.matches(got[i] ?? ""));
  };
};
