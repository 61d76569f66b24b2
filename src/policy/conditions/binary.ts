/**
 * @module policy/conditions/binary
 * `BinaryEquals` (spec §3.8): the policy value is base64; it matches a request value carrying the same bytes
 * (request values of binary keys are base64 text too). Decoding is done here to keep the core free of `Buffer`.
 */
import type { FamilyCompiler } from "./family.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** @public Decodes base64 into a byte string (one char per byte), or undefined if the text is not base64. */
export function decodeBase64(text: string): string | undefined {
  const t = text.replace(/\s+/g, "");
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  let out = "";
  for (let i = 0; i < t.length; i += 4) {
    const n = [0, 1, 2, 3].map((j) => ALPHABET.indexOf(t[i + j] ?? "="));
    const [a = 0, b = 0, c = -1, d = -1] = n;
    out += String.fromCharCode((a << 2) | (b >> 4));
    if (c >= 0) out += String.fromCharCode(((b & 15) << 4) | (c >> 2));
    if (d >= 0 && c >= 0) out += String.fromCharCode(((c & 3) << 6) | d);
  }
  return out;
}

/** @public Compiles a BinaryEquals test. */
export const compileBinary: FamilyCompiler = (_test, value) => {
  const want = decodeBase64(value.text);
  if (want === undefined) return undefined;
  return (v) => decodeBase64(v) === want;
};
