/**
 * @module sigv4/chunkSignature
 * Strings to sign of aws-chunked bodies. Each chunk signature chains from the previous one (the first
 * from the request's seed signature); the trailer signature chains from the final chunk's.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 */
import { EMPTY_SHA256 } from "./contentSha256.ts";

/** @public String to sign of one chunk, given the hex SHA-256 of its data. */
export function chunkStringToSign(amzDate: string, scope: string, previousSignature: string, chunkSha256Hex: string): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previousSignature}\n${EMPTY_SHA256}\n${chunkSha256Hex}`;
}

/** @public String to sign of the trailing headers, given the hex SHA-256 of their canonical form. */
export function trailerStringToSign(amzDate: string, scope: string, previousSignature: string, trailerSha256Hex: string): string {
  return `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previousSignature}\n${trailerSha256Hex}`;
}

/** @public Canonical form of trailing headers for signing: `name:value\n` per header, in arrival order. */
export function canonicalTrailer(trailers: readonly (readonly [string, string])[]): string {
  return trailers.map(([n, v]) => `${n}:${v}\n`).join("");
}
