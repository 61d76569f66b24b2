/**
 * @module sigv4/contentSha256
 * What `x-amz-content-sha256` declares about the body, and an incremental check of a declared SHA-256.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
import type { SigV4Crypto } from "./crypto.ts";
import type { SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";
import { toHex } from "./hex.ts";

/** @public How the body is covered by the signature. */
export type PayloadMode =
  | { readonly kind: "sha256"; readonly hex: string }
  | { readonly kind: "unsigned" }
  | {
      readonly kind: "streaming";
      /** Each aws-chunked chunk carries a chunk-signature. */
      readonly signedChunks: boolean;
      /** Trailing headers (checksums) follow the final chunk. */
      readonly trailer: boolean;
      readonly literal: string;
    };

/** @public The literal values of `x-amz-content-sha256`. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
export const STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
export const STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
const ECDSA = ["STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"];

/** @public SHA-256 of the empty string, in hex. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** @public Classifies an `x-amz-content-sha256` value. SigV4a streaming is refused as not implemented. */
export function classifyContentSha256(value: string): SigV4Result<{ payload: PayloadMode }> {
  switch (value) {
    case UNSIGNED_PAYLOAD:
      return { ok: true, payload: { kind: "unsigned" } };
    case STREAMING_SIGNED:
      return { ok: true, payload: { kind: "streaming", signedChunks: true, trailer: false, literal: value } };
    case STREAMING_SIGNED_TRAILER:
      return { ok: true, payload: { kind: "streaming", signedChunks: true, trailer: true, literal: value } };
    case STREAMING_UNSIGNED_TRAILER:
      return { ok: true, payload: { kind: "streaming", signedChunks: false, trailer: true, literal: value } };
  }
  if (ECDSA.includes(value)) {
    return fail("NotImplemented", "A header you provided implies functionality that is not implemented", [["Header", "x-amz-content-sha256"]]);
  }
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { ok: true, payload: { kind: "sha256", hex: value.toLowerCase() } };
  // S3's wording as of 2025 (the list grew with each new streaming mode).
  return fail(
    "InvalidArgument",
    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, " +
      "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, " +
      "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
    [["ArgumentName", "x-amz-content-sha256"], ["ArgumentValue", value]],
  );
}

/** @public Hashes a body as it streams and compares it with the declared SHA-256 at the end. */
export interface PayloadVerifier {
  update(bytes: Uint8Array): void;
  /** Call once, after the last byte. */
  finish(): SigV4Result<{ sha256Hex: string }>;
}

/** @public Starts checking a body against a declared hex SHA-256. */
export function createPayloadVerifier(crypto: SigV4Crypto, declaredHex: string): PayloadVerifier {
  const hash = crypto.sha256();
  return {
    update(bytes) {
      hash.update(bytes);
    },
    finish() {
      const computed = toHex(hash.digest());
      if (computed === declaredHex.toLowerCase()) return { ok: true, sha256Hex: computed };
      return fail("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", [
        ["ClientComputedContentSHA256", declaredHex],
        ["S3ComputedContentSHA256", computed],
      ]);
    },
  };
}
