/**
 * @module protocol/s3/payload
 * The request body as handlers consume it: decoded from aws-chunked framing if needed, and verified
 * while it streams against every integrity claim the request makes (x-amz-content-sha256,
 * Content-MD5, x-amz-checksum-* headers or trailers, declared length). A failed check throws an
 * S3Error at the end of the stream, so a blob being written from it is discarded before any
 * metadata is committed: a write that does not verify never becomes visible.
 */
import { createHash, type Hash } from "node:crypto";
import { S3Error, type S3ErrorCode } from "./errors.ts";
import { createChecksum, type CrcAlgorithm } from "../../checksum/checksum.ts";

/** @public The flexible checksum algorithms S3 supports. */
export type ChecksumAlgorithm = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";

/** @public All checksum algorithms, in S3's documented order. */
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

/** @public `x-amz-checksum-crc32` for `CRC32`, and so on. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** @public An incremental digest with a base64 result. */
export interface Digest {
  update(bytes: Uint8Array): void;
  base64(): string;
}

/** @public A digest for a checksum algorithm. */
export function createDigest(algorithm: ChecksumAlgorithm): Digest {
  if (algorithm === "SHA1" || algorithm === "SHA256") {
    const h: Hash = createHash(algorithm === "SHA1" ? "sha1" : "sha256");
    return { update: (b) => void h.update(b), base64: () => h.digest("base64") };
  }
  const c = createChecksum(algorithm as CrcAlgorithm);
  return { update: (b) => void c.update(b), base64: () => c.digestBase64() };
}

/** @public Decodes aws-chunked framing incrementally (implemented in sigv4/, verified there). */
export interface ChunkDecoder {
  push(bytes: Uint8Array): Uint8Array[];
  end(): { trailers: ReadonlyMap<string, string> };
}

/** @public What the request claims about its body. */
export interface PayloadClaims {
  /** Hex SHA-256 from `x-amz-content-sha256` when it is a hash. */
  readonly sha256?: string;
  /** Base64 MD5 from `Content-MD5`. */
  readonly md5?: string;
  /** Length of the decoded payload (`Content-Length`, or `x-amz-decoded-content-length` for aws-chunked). */
  readonly length?: number;
  /** The checksum to compute and, when the value is known up front or in a trailer, to verify. */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value?: string; readonly trailer?: boolean };
  /** Largest body accepted. */
  readonly maxSize: number;
}

/** @public What a fully consumed payload measured. */
export interface PayloadDigests {
  readonly size: number;
  readonly md5Hex: string;
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

function fail(code: S3ErrorCode, message?: string, fields?: [string, string][]): never {
  throw new S3Error(code, { ...(message !== undefined ? { message } : {}), ...(fields ? { fields } : {}) });
}

/**
 * @public The verified body. Iterate it once; after the iteration ends without error, `digests`
 * holds the measurements.
 */
export class Payload implements AsyncIterable<Uint8Array> {
  readonly #source: AsyncIterable<Uint8Array>;
  readonly #decoder: ChunkDecoder | undefined;
  readonly #claims: PayloadClaims;
  #consumed = false;
  #digests: PayloadDigests | undefined;

  constructor(source: AsyncIterable<Uint8Array>, claims: PayloadClaims, decoder?: ChunkDecoder) {
    this.#source = source;
    this.#claims = claims;
    this.#decoder = decoder;
  }

  /** The declared decoded length, when the request stated one. */
  get declaredLength(): number | undefined {
    return this.#claims.length;
  }

  /** The requested checksum algorithm, if any. */
  get checksumAlgorithm(): ChecksumAlgorithm | undefined {
    return this.#claims.checksum?.algorithm;
  }

  /** Measurements of the consumed payload; throws if the payload was not consumed to the end. */
  get digests(): PayloadDigests {
    if (!this.#digests) throw new Error("payload not fully consumed");
    return this.#digests;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#consumed) throw new Error("payload already consumed");
    this.#consumed = true;
    const claims = this.#claims;
    const md5 = createHash("md5");
    const sha = claims.sha256 !== undefined ? createHash("sha256") : undefined;
    const sum = claims.checksum ? createDigest(claims.checksum.algorithm) : undefined;
    let size = 0;
    const take = (bytes: Uint8Array): Uint8Array => {
      size += bytes.length;
      if (size > claims.maxSize) fail("EntityTooLarge", undefined, [["ProposedSize", String(claims.length ?? size)], ["MaxSizeAllowed", String(claims.maxSize)]]);
      if (claims.length !== undefined && size > claims.length) fail("IncompleteBody", "The request body is longer than the declared content length.");
      md5.update(bytes);
      sha?.update(bytes);
      sum?.update(bytes);
      return bytes;
    };
    try {
      for await (const raw of this.#source) {
        const chunk = raw instanceof Uint8Array ? raw : Buffer.from(raw as string);
        if (this.#decoder) {
          for (const piece of this.#decoder.push(chunk)) if (piece.length > 0) yield take(piece);
        } else if (chunk.length > 0) {
          yield take(chunk);
        }
      }
    } catch (e) {
      if (e instanceof S3Error) throw e;
      if (isAborted(e)) fail("IncompleteBody");
      throw e;
    }
    let trailers: ReadonlyMap<string, string> = new Map();
    if (this.#decoder) trailers = this.#decoder.end().trailers;
    if (claims.length !== undefined && size !== claims.length) fail("IncompleteBody");
    if (sha && claims.sha256 !== undefined) {
      const got = sha.digest("hex");
      if (got !== claims.sha256.toLowerCase()) fail("XAmzContentSHA256Mismatch", undefined, [["ClientComputedContentSHA256", claims.sha256], ["S3ComputedContentSHA256", got]]);
    }
    const md5Bytes = md5.digest();
    if (claims.md5 !== undefined && md5Bytes.toString("base64") !== claims.md5) {
      fail("BadDigest", undefined, [["ExpectedDigest", Buffer.from(claims.md5, "base64").toString("hex")], ["CalculatedDigest", md5Bytes.toString("base64")]]);
    }
    let checksum: PayloadDigests["checksum"];
    if (claims.checksum && sum) {
      const { algorithm } = claims.checksum;
      const value = sum.base64();
      let expected = claims.checksum.value;
      if (claims.checksum.trailer) {
        expected = trailers.get(checksumHeader(algorithm));
        if (expected === undefined) fail("MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");
        validateChecksumValue(algorithm, expected);
      }
      if (expected !== undefined && expected !== value) fail("BadDigest", `The ${algorithm} you specified did not match the calculated checksum.`);
      checksum = { algorithm, value };
    }
    this.#digests = { size, md5Hex: md5Bytes.toString("hex"), ...(checksum ? { checksum } : {}) };
  }

  /** Reads the whole (small) body into memory, e.g. an XML document; `limit` guards memory. */
  async readAll(limit: number, tooLarge: S3ErrorCode = "MaxMessageLengthExceeded"): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    let n = 0;
    for await (const c of this) {
      n += c.length;
      if (n > limit) fail(tooLarge);
      parts.push(c);
    }
    return Buffer.concat(parts);
  }
}

const CHECKSUM_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

/** @public Rejects a checksum header or trailer value that is not base64 of the algorithm's size. */
export function validateChecksumValue(algorithm: ChecksumAlgorithm, value: string): void {
  const ok = /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0 && Buffer.from(value, "base64").length === CHECKSUM_BYTES[algorithm];
  if (!ok) fail("InvalidRequest", `Value for ${checksumHeader(algorithm)} header is invalid.`);
}

function isAborted(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ABORT_ERR";
}
