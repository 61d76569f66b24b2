/**
 * @module sigv4/uriEncode
 * The SigV4 URI-encoding rule (S3 "UriEncode"): every byte of the UTF-8 form except the unreserved
 * `A-Za-z0-9-._~` becomes `%XX` in upper-case hex; `/` is kept only in object key names (paths).
 * Canonicalisation decodes what arrived once and re-encodes it with this rule, so a request signed by
 * any client that encodes by the rule verifies, whatever encoding it put on the wire.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */

const HEX = "0123456789ABCDEF";

function unreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e
  );
}

/** @public Encodes bytes by the SigV4 rule; `keepSlash` leaves `/` as is (paths). */
export function uriEncodeBytes(bytes: Uint8Array, keepSlash: boolean): string {
  let s = "";
  for (const b of bytes) {
    if (unreserved(b) || (keepSlash && b === 0x2f)) s += String.fromCharCode(b);
    else s += "%" + HEX.charAt(b >>> 4) + HEX.charAt(b & 15);
  }
  return s;
}

/** @public Encodes a string's UTF-8 form by the SigV4 rule. */
export function uriEncode(text: string, keepSlash: boolean): string {
  return uriEncodeBytes(new TextEncoder().encode(text), keepSlash);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * @public Percent-decodes raw request text into bytes. `+` stays a plus sign (S3 paths and SigV4 query
 * strings do not use form encoding). A `%` not followed by two hex digits is kept literally.
 */
export function percentDecode(raw: string): Uint8Array {
  const src = new TextEncoder().encode(raw);
  const out = new Uint8Array(src.length);
  let o = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i] as number;
    if (b === 0x25 && i + 2 < src.length) {
      const hi = hexValue(src[i + 1] ?? 0);
      const lo = hexValue(src[i + 2] ?? 0);
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[o++] = b;
  }
  return out.subarray(0, o);
}

/** @public Percent-decodes raw request text to a string (invalid UTF-8 becomes U+FFFD). */
export function percentDecodeToString(raw: string): string {
  return new TextDecoder().decode(percentDecode(raw));
}
