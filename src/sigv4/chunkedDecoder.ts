/**
 * @module sigv4/chunkedDecoder
 * Incremental decoder of `Content-Encoding: aws-chunked` bodies, in the three framings S3 accepts:
 * - signed chunks (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`): `hex-size;chunk-signature=<64hex>\r\n<data>\r\n`…,
 *   a zero-size final chunk, then `\r\n`;
 * - signed chunks with trailer (`…-PAYLOAD-TRAILER`): the same, then trailer lines
 *   `x-amz-checksum-crc32:<b64>\r\n`, `x-amz-trailer-signature:<hex>\r\n`, and `\r\n`;
 * - unsigned chunks with trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`): `hex-size\r\n<data>\r\n`…, `0\r\n`,
 *   trailer lines, `\r\n`.
 * Chunk data is never buffered: each `push` returns slices of its input and hashes them as they pass.
 * The data of a chunk is returned before that chunk's signature has been checked, so callers must
 * stage what they write and commit only when `end()` succeeds.
 * Errors as S3 gives them: malformed framing → IncompleteBody "The request body terminated unexpectedly";
 * decoded length ≠ x-amz-decoded-content-length → IncompleteBody with NumberBytesExpected/Provided;
 * a non-final chunk under 8192 bytes → InvalidChunkSizeError with Chunk/BadChunkSize; a bad chunk or
 * trailer signature → SignatureDoesNotMatch; trailers other than those declared → MalformedTrailerError.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
import { canonicalTrailer, chunkStringToSign, trailerStringToSign } from "./chunkSignature.ts";
import type { Hash, SigV4Crypto } from "./crypto.ts";
import type { SigV4Failure, SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";
import { constantTimeEqual, toHex } from "./hex.ts";
import { sign } from "./signingKey.ts";

/** @public What a signed-chunk decoder needs from the verified request. */
export interface ChunkSigning {
  readonly crypto: SigV4Crypto;
  readonly signingKey: Uint8Array;
  readonly seedSignature: string;
  readonly scope: string;
  readonly amzDate: string;
}

/** @public Decoder configuration. */
export interface ChunkDecoderOptions {
  /** Chunks carry `chunk-signature` (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]). */
  readonly signedChunks: boolean;
  /** Trailing headers follow the final chunk. */
  readonly trailer: boolean;
  /** `x-amz-decoded-content-length`. */
  readonly decodedLength: number;
  /** Lower-case names declared in `x-amz-trailer`; trailers must be exactly these. */
  readonly declaredTrailers?: readonly string[];
  /** Required when `signedChunks`. */
  readonly signing?: ChunkSigning;
  /** Smallest allowed non-final chunk (S3: 8192). */
  readonly minChunkSize?: number;
  /** Longest chunk-size line accepted (guard against hostile input). */
  readonly maxLineBytes?: number;
  /** Largest trailer section accepted. */
  readonly maxTrailerBytes?: number;
}

/** @public An incremental aws-chunked decoder. After a failure every call returns that failure. */
export interface ChunkDecoder {
  /** Feeds raw body bytes; returns the decoded payload slices they contained (views of `bytes`). */
  push(bytes: Uint8Array): SigV4Result<{ data: Uint8Array[] }>;
  /** Declares the end of the body; returns the trailing headers (lower-case names). */
  end(): SigV4Result<{ trailers: Map<string, string> }>;
}

const TERMINATED = "The request body terminated unexpectedly";
const CR = 0x0d;
const LF = 0x0a;

type State = "size" | "data" | "data-crlf" | "final-crlf" | "trailer" | "done";

/** @public Creates a decoder. */
export function createChunkDecoder(options: ChunkDecoderOptions): ChunkDecoder {
  const minChunk = options.minChunkSize ?? 8192;
  const maxLine = options.maxLineBytes ?? 1024;
  const maxTrailer = options.maxTrailerBytes ?? 16 * 1024;
  const signing = options.signing;
  let failure: SigV4Failure | undefined = options.signedChunks && !signing ? fail("SignatureDoesNotMatch", "Missing signing context for signed chunks") : undefined;

  let state: State = "size";
  const line = new Uint8Array(Math.max(maxLine, maxTrailer) + 2);
  let lineLen = 0;
  let trailerBytes = 0;
  const trailerLines: string[] = [];
  let remaining = 0;
  let crlfSeen = 0;
  let decoded = 0;
  let chunkIndex = 0;
  let previousSize = -1;
  let chunkSignature = "";
  let previousSignature = signing?.seedSignature ?? "";
  let hash: Hash | undefined;
  let trailers = new Map<string, string>();

  const malformed = () => fail("IncompleteBody", TERMINATED);

  function finishChunk(): SigV4Failure | undefined {
    if (!signing) return undefined;
    const dataHash = hash ? toHex(hash.digest()) : toHex(signing.crypto.sha256().digest());
    hash = undefined;
    const expected = sign(signing.crypto, signing.signingKey, chunkStringToSign(signing.amzDate, signing.scope, previousSignature, dataHash));
    if (!constantTimeEqual(expected, chunkSignature)) {
      return fail("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }
    previousSignature = expected;
    return undefined;
  }

  function onSizeLine(text: string): SigV4Failure | undefined {
    const m = options.signedChunks ? /^([0-9a-fA-F]{1,13});chunk-signature=([0-9a-f]{64})$/.exec(text) : /^([0-9a-fA-F]{1,13})(?:;.*)?$/.exec(text);
    if (!m) return malformed();
    const size = parseInt(m[1] ?? "", 16);
    chunkSignature = m[2] ?? "";
    chunkIndex++;
    if (size > 0 && previousSize >= 0 && previousSize < minChunk) {
      return fail("InvalidChunkSizeError", "Only the last chunk is allowed to have a size less than 8192 bytes", [
        ["Chunk", String(chunkIndex)],
        ["BadChunkSize", String(previousSize)],
      ]);
    }
    previousSize = size;
    if (decoded + size > options.decodedLength) {
      return fail("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", [
        ["NumberBytesExpected", String(options.decodedLength)],
        ["NumberBytesProvided", String(decoded + size)],
      ]);
    }
    if (size > 0) {
      remaining = size;
      if (signing) hash = signing.crypto.sha256();
      state = "data";
      return undefined;
    }
    const bad = finishChunk();
    if (bad) return bad;
    state = options.trailer ? "trailer" : "final-crlf";
    return undefined;
  }

  function onTrailerEnd(): SigV4Failure | undefined {
    const pairs: [string, string][] = [];
    let signature: string | undefined;
    for (const l of trailerLines) {
      const colon = l.indexOf(":");
      if (colon <= 0) return fail("MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");
      const name = l.slice(0, colon).trim().toLowerCase();
      const value = l.slice(colon + 1).trim();
      if (name === "x-amz-trailer-signature") signature = value;
      else pairs.push([name, value]);
    }
    const declared = [...(options.declaredTrailers ?? [])].map((n) => n.toLowerCase()).sort();
    const got = pairs.map(([n]) => n).sort();
    if (declared.length !== got.length || declared.some((n, i) => n !== got[i])) {
      return fail("MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");
    }
    if (signing) {
      if (signature === undefined) return malformed();
      const digest = toHex(signing.crypto.sha256().update(canonicalTrailer(pairs)).digest());
      const expected = sign(signing.crypto, signing.signingKey, trailerStringToSign(signing.amzDate, signing.scope, previousSignature, digest));
      if (!constantTimeEqual(expected, signature)) {
        return fail("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
      }
    }
    trailers = new Map(pairs);
    state = "done";
    return undefined;
  }

  /** Accumulates one CRLF-terminated line; returns it when complete, or consumes everything. */
  function takeLine(bytes: Uint8Array, at: number, cap: number): { next: number; text?: string; error?: SigV4Failure } {
    let i = at;
    while (i < bytes.length) {
      const b = bytes[i] as number;
      i++;
      if (b === LF) {
        if (lineLen === 0 || line[lineLen - 1] !== CR) return { next: i, error: malformed() };
        const text = new TextDecoder().decode(line.subarray(0, lineLen - 1));
        lineLen = 0;
        return { next: i, text };
      }
      if (lineLen >= cap) return { next: i, error: malformed() };
      line[lineLen++] = b;
    }
    return { next: i };
  }

  function step(bytes: Uint8Array, out: Uint8Array[]): SigV4Failure | undefined {
    let i = 0;
    while (i < bytes.length) {
      switch (state) {
        case "size": {
          const r = takeLine(bytes, i, maxLine);
          i = r.next;
          if (r.error) return r.error;
          if (r.text !== undefined) {
            const bad = onSizeLine(r.text);
            if (bad) return bad;
          }
          break;
        }
        case "data": {
          const n = Math.min(remaining, bytes.length - i);
          const slice = bytes.subarray(i, i + n);
          hash?.update(slice);
          out.push(slice);
          remaining -= n;
          decoded += n;
          i += n;
          if (remaining === 0) {
            state = "data-crlf";
            crlfSeen = 0;
          }
          break;
        }
        case "data-crlf":
        case "final-crlf": {
          const b = bytes[i] as number;
          i++;
          if (b !== (crlfSeen === 0 ? CR : LF)) return malformed();
          crlfSeen++;
          if (crlfSeen === 2) {
            crlfSeen = 0;
            if (state === "final-crlf") state = "done";
            else {
              const bad = finishChunk();
              if (bad) return bad;
              state = "size";
            }
          }
          break;
        }
        case "trailer": {
          const r = takeLine(bytes, i, maxTrailer);
          trailerBytes += r.next - i;
          i = r.next;
          if (r.error) return r.error;
          if (trailerBytes > maxTrailer) return malformed();
          if (r.text !== undefined) {
            if (r.text === "") {
              const bad = onTrailerEnd();
              if (bad) return bad;
            } else trailerLines.push(r.text);
          }
          break;
        }
        case "done":
          return malformed();
      }
    }
    return undefined;
  }

  return {
    push(bytes) {
      if (failure) return failure;
      const out: Uint8Array[] = [];
      failure = step(bytes, out);
      return failure ?? { ok: true, data: out };
    },
    end() {
      if (failure) return failure;
      if (state !== "done") failure = malformed();
      else if (decoded !== options.decodedLength) {
        failure = fail("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", [
          ["NumberBytesExpected", String(options.decodedLength)],
          ["NumberBytesProvided", String(decoded)],
        ]);
      }
      return failure ?? { ok: true, trailers };
    },
  };
}
