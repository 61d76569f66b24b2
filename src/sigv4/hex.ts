/**
 * @module sigv4/hex
 * Hex encodings used by SigV4 and by S3's `SignatureDoesNotMatch` fields, and the constant-time
 * comparison of signatures.
 */

const HEX = "0123456789abcdef";

/** @public Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += HEX.charAt(b >>> 4) + HEX.charAt(b & 15);
  return s;
}

/** @public UTF-8 bytes as S3 prints them in `StringToSignBytes`/`CanonicalRequestBytes`: "41 57 53 34". */
export function spacedHex(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => HEX.charAt(b >>> 4) + HEX.charAt(b & 15)).join(" ");
}

/** @public True for exactly 64 lower-case hex digits (a SHA-256 or a SigV4 signature). */
export function isHex64(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

/**
 * @public Compares two strings in time that depends only on their lengths, so that a forged signature
 * cannot be found byte by byte from response timings.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
