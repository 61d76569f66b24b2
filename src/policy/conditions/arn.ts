/**
 * @module policy/conditions/arn
 * `ArnEquals` / `ArnLike` (identical) and their negations (spec §3.8): the six colon-separated parts of the
 * ARN are compared one by one, case-sensitively, with `*`/`?` wildcards inside each part — so, unlike
 * `StringLike`, a `*` never swallows a colon before the resource part.
 */
import { Glob } from "../wildcard.ts";
import type { GlobToken } from "../wildcard.ts";
import { lastValueMemo, MATCHES_NOTHING, readAll } from "./family.ts";
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

/** @public Splits an ARN into its six parts (the sixth keeps its colons), or undefined if it has fewer. */
export function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(":", from);
    if (colon < 0) return undefined;
    parts.push(text.slice(from, colon));
    from = colon + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

const splitRequest = lastValueMemo(splitArn);

/** @public Compiles an ArnLike/ArnEquals test. */
export const compileArn: FamilyCompiler = (_test, values) => {
  const patterns = readAll(values, (v) => {
    const parts = splitArnTokens(v.tokens);
    return parts.length === 6 ? parts.map((p) => Glob.fromTokens(p)) : undefined;
  });
  if (patterns.length === 0) return MATCHES_NOTHING;
  return (v) => {
    const got = splitRequest(v);
    if (got === undefined) return false;
    for (const globs of patterns) if (globs.every((g, i) => g.matches(got[i] ?? ""))) return true;
    return false;
  };
};
