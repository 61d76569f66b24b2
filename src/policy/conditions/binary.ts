/**
 * @module policy/conditions/binary
 * `BinaryEquals` (spec §3.8): the policy value is base64; it matches a request value carrying the same bytes
 * (request values of binary keys are base64 text too). Decoding is done here to keep the core free of `Buffer`.
 */
import { lastValueMemo, MATCHES_NOTHING, readAll } from "./family.ts";
import type { FamilyCompiler } from "./family.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const WHITESPACE = /\s+/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** @public Decodes base64 into a byte string (one char per byte), or undefined if the text is not base64. */
export function decodeBase64(text: string): string | undefined {
  const t = text.replace(WHITESPACE, "");
  if (t.length % 4 !== 0 || !BASE64.test(t)) return undefined;
  let out = "";
  for (let i = 0; i < t.length; i += 4) {
    const a = ALPHABET.indexOf(t[i] ?? "=");
    const b = ALPHABET.indexOf(t[i + 1] ?? "=");
    const c = ALPHABET.indexOf(t[i + 2] ?? "=");
    const d = ALPHABET.indexOf(t[i + 3] ?? "=");
    out += String.fromCharCode((a << 2) | (b >> 4));
    if (c >= 0) out += String.fromCharCode(((b & 15) << 4) | (c >> 2));
    if (d >= 0 && c >= 0) out += String.fromCharCode(((c & 3) << 6) | d);
  }
  return out;
}

const decodeRequest = lastValueMemo(decodeBase64);

/** @public Compiles a BinaryEquals test. */
export const compileBinary: FamilyCompiler = (_test, values) => {
  const wants = readAll(values, (v) => decodeBase64(v.text));
  if (wants.length === 0) return MATCHES_NOTHING;
  return (v) => {
    const got = decodeRequest(v);
    return got !== undefined && wants.includes(got);
  };
};
