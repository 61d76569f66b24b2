/**
 * @module policy/variables
 * Policy variables (spec §3.11): `${key}`, `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}`.
 * Text is split once into parts; at evaluation each variable is replaced by the request's value of its key.
 * Substituted text is always literal: a `*` in a tag value is not a wildcard (only `*`/`?` written in the
 * policy itself are), which is why `${*}` exists.
 */
import { globTokens } from "./wildcard.ts";
import type { GlobToken } from "./wildcard.ts";

/** @public One part of a value that may hold variables. */
export type TemplatePart =
  | { readonly kind: "text"; readonly text: string; readonly tokens: readonly GlobToken[] } // written text: `*`/`?` are wildcards where the operator allows them
  | { readonly kind: "escape"; readonly text: "*" | "?" | "$" } // `${*}` etc.: always literal
  | { readonly kind: "variable"; readonly key: string; readonly keyLower: string; readonly defaultValue?: string };

/** @public A value after substitution: its text, and its wildcard tokens with substituted text kept literal. */
export interface ResolvedValue {
  readonly text: string;
  readonly tokens: readonly GlobToken[];
}

const VARIABLE = /\$\{([^}]*)\}/g;
const KEY_AND_DEFAULT = /^\s*([^\s,']+)\s*(?:,\s*'([^']*)'\s*)?$/;

function textPart(text: string): TemplatePart {
  return { kind: "text", text, tokens: globTokens(text) };
}

/** @public Splits `text` into parts; when `enabled` is false (Version 2008-10-17 or absent) it is all text. */
export function parseTemplate(text: string, enabled: boolean): readonly TemplatePart[] {
  if (!enabled || !text.includes("${")) return [textPart(text)];
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of text.matchAll(VARIABLE)) {
    const inner = m[1] ?? "";
    const at = m.index;
    let part: TemplatePart | undefined;
    if (inner === "*" || inner === "?" || inner === "$") part = { kind: "escape", text: inner };
    else {
      const kd = KEY_AND_DEFAULT.exec(inner);
      if (kd !== null && kd[1] !== undefined) {
        const key = kd[1];
        part = kd[2] === undefined
          ? { kind: "variable", key, keyLower: key.toLowerCase() }
          : { kind: "variable", key, keyLower: key.toLowerCase(), defaultValue: kd[2] };
      }
    }
    if (part === undefined) continue; // not a variable: stays text
    if (at > last) parts.push(textPart(text.slice(last, at)));
    parts.push(part);
    last = at + m[0].length;
  }
  if (last < text.length) parts.push(textPart(text.slice(last)));
  return parts.length === 0 ? [textPart("")] : parts;
}

/** @public Whether any part is a variable or escape (so the value must be resolved per request). */
export function hasVariables(parts: readonly TemplatePart[]): boolean {
  return parts.length !== 1 || parts[0]?.kind !== "text";
}

/**
 * @public Substitutes variables. `lookup` returns the single value of a key (lower-case name) or undefined.
 * Returns undefined when a variable has neither a value nor a default: the value then matches nothing (spec §3.11).
 */
export function resolveTemplate(
  parts: readonly TemplatePart[],
  lookup: (keyLower: string) => string | undefined,
): ResolvedValue | undefined {
  let text = "";
  const tokens: GlobToken[] = [];
  for (const p of parts) {
    if (p.kind === "text") {
      text += p.text;
      for (const t of p.tokens) tokens.push(t);
      continue;
    }
    const literal = p.kind === "escape" ? p.text : (lookup(p.keyLower) ?? p.defaultValue);
    if (literal === undefined) return undefined;
    text += literal;
    tokens.push(literal);
  }
  return { text, tokens };
}
