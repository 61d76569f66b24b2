/**
 * @module checksum/crc64nvme
 * CRC-64/NVME (`x-amz-checksum-crc64nvme`): reflected polynomial 0x9a6c9329ac4bc9b5, init and
 * final xor all ones. Slicing-by-8 over pairs of 32-bit halves, so the hot loop uses no BigInt.
 * A CRC value is carried as `{ hi, lo }` (finished, zlib-style), or as a bigint at the edges.
 */

/** @public Reflected CRC-64/NVME polynomial, split in 32-bit halves. */
export const CRC64_NVME_POLY = 0x9a6c9329ac4bc9b5n;
import { LITTLE_ENDIAN, alignedWords } from "./littleEndian.ts";

const POLY_HI = 0x9a6c9329;
const POLY_LO = 0xac4bc9b5;

/** @public A finished CRC-64 value as two unsigned 32-bit halves. */
export interface Crc64 {
  readonly hi: number;
  readonly lo: number;
}

/** @internal Slicing tables: `H[k*256+i]`/`L[k*256+i]` are the high/low halves of table k. */
function tables(): { H: Uint32Array; L: Uint32Array } {
  const H = new Uint32Array(8 * 256);
  const L = new Uint32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const odd = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (odd) {
        hi = (hi ^ POLY_HI) >>> 0;
        lo = (lo ^ POLY_LO) >>> 0;
      }
    }
    H[i] = hi;
    L[i] = lo;
  }
  for (let i = 0; i < 256; i++) {
    let hi = H[i] ?? 0;
    let lo = L[i] ?? 0;
    for (let k = 1; k < 8; k++) {
      const idx = lo & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (L[idx] ?? 0)) >>> 0;
      hi = ((hi >>> 8) ^ (H[idx] ?? 0)) >>> 0;
      H[k * 256 + i] = hi;
      L[k * 256 + i] = lo;
    }
  }
  return { H, L };
}

const { H, L } = tables();
const h0 = H.subarray(0, 256), h1 = H.subarray(256, 512), h2 = H.subarray(512, 768), h3 = H.subarray(768, 1024);
const h4 = H.subarray(1024, 1280), h5 = H.subarray(1280, 1536), h6 = H.subarray(1536, 1792), h7 = H.subarray(1792, 2048);
const l0 = L.subarray(0, 256), l1 = L.subarray(256, 512), l2 = L.subarray(512, 768), l3 = L.subarray(768, 1024);
const l4 = L.subarray(1024, 1280), l5 = L.subarray(1280, 1536), l6 = L.subarray(1536, 1792), l7 = L.subarray(1792, 2048);

/** @public The CRC-64/NVME of (the data behind `crc`) followed by `d`. Start with `{ hi: 0, lo: 0 }`. */
export function crc64nvmeUpdate(crc: Crc64, d: Uint8Array): Crc64 {
  let hi = ~crc.hi;
  let lo = ~crc.lo;
  // INVARIANT: all indices are in bounds, so the `as number` reads never see undefined.
  const n = d.length;
  let i = 0;
  const byteStep = () => {
    const idx = (lo ^ (d[i] as number)) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ (l0[idx] as number);
    hi = (hi >>> 8) ^ (h0[idx] as number);
    i++;
  };
  if (LITTLE_ENDIAN && n >= 64) {
    const head = (4 - (d.byteOffset & 3)) & 3;
    while (i < head) byteStep();
    const w = alignedWords(d, head, 2);
    for (let j = 0; j < w.length; j += 2) {
      const a = lo ^ (w[j] as number);
      const b = hi ^ (w[j + 1] as number);
      const a0 = a & 0xff, a1 = (a >>> 8) & 0xff, a2 = (a >>> 16) & 0xff, a3 = a >>> 24;
      const b0 = b & 0xff, b1 = (b >>> 8) & 0xff, b2 = (b >>> 16) & 0xff, b3 = b >>> 24;
      lo =
        (l7[a0] as number) ^ (l6[a1] as number) ^ (l5[a2] as number) ^ (l4[a3] as number) ^
        (l3[b0] as number) ^ (l2[b1] as number) ^ (l1[b2] as number) ^ (l0[b3] as number);
      hi =
        (h7[a0] as number) ^ (h6[a1] as number) ^ (h5[a2] as number) ^ (h4[a3] as number) ^
        (h3[b0] as number) ^ (h2[b1] as number) ^ (h1[b2] as number) ^ (h0[b3] as number);
    }
    i = head + w.length * 4;
  }
  while (i < n) byteStep();
  return { hi: ~hi >>> 0, lo: ~lo >>> 0 };
}

/** @public A CRC-64 value as a bigint (for combining and display). */
export function crc64ToBigInt(c: Crc64): bigint {
  return (BigInt(c.hi) << 32n) | BigInt(c.lo);
}

/** @public The inverse of {@link crc64ToBigInt}. */
export function crc64FromBigInt(v: bigint): Crc64 {
  return { hi: Number((v >> 32n) & 0xffffffffn), lo: Number(v & 0xffffffffn) };
}
