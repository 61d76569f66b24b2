/**
 * @module checksum/checksum
 * The one entry point for the CRC checksums S3 supports: an incremental hasher per algorithm,
 * digests as big-endian bytes (what `x-amz-checksum-*` carries, base64-encoded), and combination
 * of two digests for full-object multipart checksums. SHA-1/SHA-256 live in the protocol layer.
 */

import { toBase64 } from "./base64.ts";
import { makeCombiner } from "./combine.ts";
import { CRC32C_POLY, CRC32_IEEE_POLY, crc32, crc32c } from "./crc32.ts";
import type { Crc64 } from "./crc64nvme.ts";
import { CRC64_NVME_POLY, crc64FromBigInt, crc64nvmeUpdate } from "./crc64nvme.ts";

/** @public The CRC algorithms of `x-amz-checksum-algorithm`. */
export type CrcAlgorithm = "CRC32" | "CRC32C" | "CRC64NVME";

/** @public Every CRC algorithm, in the order S3 documents them. */
export const CRC_ALGORITHMS: readonly CrcAlgorithm[] = ["CRC32", "CRC32C", "CRC64NVME"];

/** @public An incremental checksum. `digest` does not end the computation: more updates may follow. */
export interface Checksum {
  readonly algorithm: CrcAlgorithm;
  update(bytes: Uint8Array): Checksum;
  /** Big-endian digest bytes (4 for CRC32/CRC32C, 8 for CRC64NVME). */
  digest(): Uint8Array;
  /** The digest as S3 writes it in `x-amz-checksum-*`: base64. */
  digestBase64(): string;
}

function u32be(v: number): Uint8Array {
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

function crc64be(c: Crc64): Uint8Array {
  const out = new Uint8Array(8);
  out.set(u32be(c.hi), 0);
  out.set(u32be(c.lo), 4);
  return out;
}

/** @public Starts an incremental checksum. */
export function createChecksum(algorithm: CrcAlgorithm): Checksum {
  if (algorithm === "CRC64NVME") {
    let c: Crc64 = { hi: 0, lo: 0 };
    const self: Checksum = {
      algorithm,
      update(bytes) {
        c = crc64nvmeUpdate(c, bytes);
        return self;
      },
      digest: () => crc64be(c),
      digestBase64: () => toBase64(crc64be(c)),
    };
    return self;
  }
  const variant = algorithm === "CRC32" ? crc32 : crc32c;
  let c = 0;
  const self: Checksum = {
    algorithm,
    update(bytes) {
      c = variant.update(c, bytes);
      return self;
    },
    digest: () => u32be(c),
    digestBase64: () => toBase64(u32be(c)),
  };
  return self;
}

/** @public CRC-32 (IEEE) combination on finished values: crc(A ++ B) from crc(A), crc(B), len(B). */
export const crc32Combine = numberCombiner(makeCombiner(32, BigInt(CRC32_IEEE_POLY)));
/** @public CRC-32C combination on finished values. */
export const crc32cCombine = numberCombiner(makeCombiner(32, BigInt(CRC32C_POLY)));
/** @public CRC-64/NVME combination on finished values (as bigints, see `crc64ToBigInt`). */
export const crc64nvmeCombine = makeCombiner(64, CRC64_NVME_POLY);

function numberCombiner(f: (a: bigint, b: bigint, len: number | bigint) => bigint) {
  return (crcA: number, crcB: number, lengthB: number): number => Number(f(BigInt(crcA >>> 0), BigInt(crcB >>> 0), lengthB));
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * @public Combines two big-endian digests of the same algorithm: the digest of A ++ B, where
 * `lengthB` is B's length in bytes. Throws when a digest has the wrong size.
 */
export function combineDigests(algorithm: CrcAlgorithm, digestA: Uint8Array, digestB: Uint8Array, lengthB: number): Uint8Array {
  const size = algorithm === "CRC64NVME" ? 8 : 4;
  if (digestA.length !== size || digestB.length !== size) throw new RangeError(`${algorithm} digests are ${size} bytes`);
  const a = bytesToBigInt(digestA);
  const b = bytesToBigInt(digestB);
  if (algorithm === "CRC64NVME") return crc64be(crc64FromBigInt(crc64nvmeCombine(a, b, lengthB)));
  const combined = (algorithm === "CRC32" ? crc32Combine : crc32cCombine)(Number(a), Number(b), lengthB);
  return u32be(combined);
}
