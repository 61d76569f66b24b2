/**
 * @module policy/cache
 * Compiled policies cached by their text, so each stored policy version is parsed and compiled once.
 * `hashPolicyText` gives a short, stable content hash (FNV-1a, 2 × 32 bits) for ids and version keys.
 */
import { compilePolicy } from "./compile.ts";
import type { CompiledPolicy } from "./compile.ts";
import { parsePolicy } from "./parse.ts";
import type { Diagnostic, PolicyKind } from "./types.ts";

/** @public A 16-hex-digit content hash of policy text (not cryptographic). */
export function hashPolicyText(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

/** @public A cache entry: the compiled policy, or why the text did not parse. */
export type CachedPolicy =
  | { readonly ok: true; readonly compiled: CompiledPolicy; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[] };

/** @public A bounded cache (least recently used out) of compiled policies keyed by kind and text. */
export class PolicyCache {
  private readonly entries = new Map<string, CachedPolicy>();

  constructor(private readonly capacity = 10_000) {}

  /** Parses and compiles `text` on first sight; `id` defaults to the text's hash. */
  get(text: string, kind: PolicyKind, id?: string): CachedPolicy {
    const key = `${kind}\u0000${id ?? ""}\u0000${text}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const parsed = parsePolicy(text, kind);
    const entry: CachedPolicy = parsed.policy === undefined
      ? { ok: false, errors: parsed.errors }
      : { ok: true, compiled: compilePolicy(parsed.policy, id ?? hashPolicyText(text)), warnings: parsed.warnings };
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
    return entry;
  }

  /** Number of cached entries. */
  get size(): number {
    return this.entries.size;
  }
}
