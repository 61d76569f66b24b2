/**
 * @module checksum/combine
 * CRC combination (the idea of zlib's `crc32_combine`): given crc(A), crc(B) and len(B), compute
 * crc(A ++ B) without the data, in O(log len(B)) polynomial multiplications modulo the generator.
 * Needed to derive a multipart object's full-object CRC from its parts' CRCs.
 * Works for any reflected CRC whose init and final xor are all ones (CRC-32, CRC-32C, CRC-64/NVME);
 * bigint arithmetic is fine here: this is never in a per-byte loop.
 */

/** @internal Reflected GF(2) polynomial arithmetic modulo one generator of a given width. */
interface Field {
  readonly width: bigint;
  readonly poly: bigint;
  /** `x2n[k]` = x^(2^k) mod p. */
  readonly x2n: readonly bigint[];
}

/** @internal a(x)·b(x) mod p, in the reflected bit order (the top bit is x^0). */
function multModP(f: Field, a: bigint, b: bigint): bigint {
  let m = 1n << (f.width - 1n);
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ f.poly : b >> 1n;
  }
  return p;
}

/** @internal x^(n·2^k) mod p. */
function x2nModP(f: Field, n: bigint, k: number): bigint {
  let p = 1n << (f.width - 1n);
  while (n) {
    if (n & 1n) p = multModP(f, f.x2n[k % f.x2n.length] ?? 0n, p);
    n >>= 1n;
    k++;
  }
  return p;
}

/** @public Prepares combination for a reflected polynomial of `width` bits (32 or 64). */
export function makeCombiner(width: 32 | 64, poly: bigint): (crcA: bigint, crcB: bigint, lengthB: number | bigint) => bigint {
  const f0: Field = { width: BigInt(width), poly, x2n: [] };
  const x2n: bigint[] = [];
  let p = 1n << (f0.width - 2n); // x^1
  x2n.push(p);
  for (let k = 1; k < 64; k++) {
    p = multModP(f0, p, p);
    x2n.push(p);
  }
  const f: Field = { ...f0, x2n };
  return (crcA, crcB, lengthB) => {
    const len = BigInt(lengthB);
    if (len < 0n) throw new RangeError("lengthB must be non-negative");
    // Appending len(B) zero bytes to A multiplies its CRC by x^(8·len(B)); B's CRC then adds in.
    return multModP(f, x2nModP(f, len, 3), crcA) ^ crcB;
  };
}
