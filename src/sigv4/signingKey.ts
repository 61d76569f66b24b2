/**
 * @module sigv4/signingKey
 * Key derivation and the request string to sign.
 * signingKey = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, yyyymmdd), region), service), "aws4_request").
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
import type { SigV4Crypto } from "./crypto.ts";
import { toHex } from "./hex.ts";

/** @public The SigV4 algorithm identifier. */
export const ALGORITHM = "AWS4-HMAC-SHA256";

/** @public Derives the signing key; the result depends only on its inputs, so callers may memoise it per day. */
export function deriveSigningKey(crypto: SigV4Crypto, secretAccessKey: string, date: string, region: string, service: string): Uint8Array {
  const kDate = crypto.hmacSha256(new TextEncoder().encode("AWS4" + secretAccessKey), date);
  const kRegion = crypto.hmacSha256(kDate, region);
  const kService = crypto.hmacSha256(kRegion, service);
  return crypto.hmacSha256(kService, "aws4_request");
}

/** @public The request string to sign: algorithm, timestamp, scope, hex SHA-256 of the canonical request. */
export function stringToSign(crypto: SigV4Crypto, amzDate: string, scope: string, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${toHex(crypto.sha256().update(canonicalRequestText).digest())}`;
}

/** @public Hex HMAC-SHA256 of a string under the signing key: a SigV4 signature. */
export function sign(crypto: SigV4Crypto, signingKey: Uint8Array, text: string): string {
  return toHex(crypto.hmacSha256(signingKey, text));
}
