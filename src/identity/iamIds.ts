/**
 * @module identity/iamIds
 * Identifiers IAM and STS hand out: unique IDs (`AIDA…`, `AROA…`, `AGPA…`, `ANPA…`: 21 characters),
 * access key IDs (`AKIA…`/`ASIA…`: 20), 40-character secrets and session tokens. Randomness is injected.
 */

/** @public A source of random bytes (node:crypto `randomBytes` in the server, seeded in tests). */
export type RandomBytes = (n: number) => Uint8Array;

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function draw(random: RandomBytes, alphabet: string, n: number): string {
  const bytes = random(n);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** @public The prefixes of IAM unique IDs and key IDs. */
export type IdPrefix = "AIDA" | "AROA" | "AGPA" | "ANPA" | "AKIA" | "ASIA";

/** @public A unique ID (21 characters) or access key ID (20 characters) with the given prefix. */
export function newId(random: RandomBytes, prefix: IdPrefix): string {
  const length = prefix === "AKIA" || prefix === "ASIA" ? 20 : 21;
  return prefix + draw(random, UPPER, length - prefix.length);
}

/** @public A 40-character secret access key. */
export function newSecret(random: RandomBytes): string {
  return draw(random, SECRET, 40);
}

/** @public An opaque session token. */
export function newSessionToken(random: RandomBytes): string {
  return "IQoJb3JpZ2luX2Vj" + draw(random, SECRET, 300);
}
