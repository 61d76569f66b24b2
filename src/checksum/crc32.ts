/**
 * @module checksum/crc32
 * Table-driven, slicing-by-16 CRC-32 for the two reflected 32-bit polynomials S3 accepts:
 * IEEE 802.3 (`x-amz-checksum-crc32`) and Castagnoli (`x-amz-checksum-crc32c`).
 * Values follow the zlib convention: a CRC is the finished (inverted) value, and
 * `update(update(0, a), b) === update(0, a ++ b)`, so callers can stream without extra state.
 */

import { LITTLE_ENDIAN, alignedWords } from "./littleEndian.ts";

/** @public Reflected polynomial of CRC-32/ISO-HDLC (zlib, PNG, `x-amz-checksum-crc32`). */
export const CRC32_IEEE_POLY = 0xedb88320;
/** @public Reflected polynomial of CRC-32C/Castagnoli (iSCSI, `x-amz-checksum-crc32c`). */
export const CRC32C_POLY = 0x82f63b78;

const SLICES = 16;

/** @internal 16 tables of 256 laid end to end: table k advances a byte through k more zero bytes. */
function slicingTables(poly: number): Int32Array {
  const t = new Int32Array(SLICES * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    let c = t[i] ?? 0;
    for (let k = 1; k < SLICES; k++) {
      c = (c >>> 8) ^ (t[c & 0xff] ?? 0);
      t[k * 256 + i] = c;
    }
  }
  return t;
}

/** @public A CRC-32 variant: `update` folds bytes into a finished CRC value. */
export interface Crc32Variant {
  readonly poly: number;
  /** Returns the CRC of (the data behind `crc`) followed by `data`. Start with `0`. */
  update(crc: number, data: Uint8Array): number;
}

/** @public Builds a slicing-by-16 CRC-32 for a reflected polynomial. */
export function makeCrc32(poly: number): Crc32Variant {
  const t = slicingTables(poly);
  // INVARIANT: every index below is in bounds (tables hold 16·256 entries, words/bytes are < length),
  // so the `as number` reads never see undefined.
  function bytes(c: number, d: Uint8Array, from: number, to: number): number {
    for (let i = from; i < to; i++) c = (c >>> 8) ^ (t[(c ^ (d[i] as number)) & 0xff] as number);
    return c;
  }
  function update(crc: number, d: Uint8Array): number {
    let c = ~crc;
    if (!LITTLE_ENDIAN || d.length < 64) return ~bytes(c, d, 0, d.length) >>> 0;
    const head = (4 - ((d.byteOffset & 3) as number)) & 3;
    c = bytes(c, d, 0, head);
    const w = alignedWords(d, head, 4);
    for (let j = 0; j < w.length; j += 4) {
      const a = c ^ (w[j] as number);
      const b = w[j + 1] as number;
      const e = w[j + 2] as number;
      const f = w[j + 3] as number;
      c =
        (t[3840 + (a & 0xff)] as number) ^ (t[3584 + ((a >>> 8) & 0xff)] as number) ^
        (t[3328 + ((a >>> 16) & 0xff)] as number) ^ (t[3072 + (a >>> 24)] as number) ^
        (t[2816 + (b & 0xff)] as number) ^ (t[2560 + ((b >>> 8) & 0xff)] as number) ^
        (t[2304 + ((b >>> 16) & 0xff)] as number) ^ (t[2048 + (b >>> 24)] as number) ^
        (t[1792 + (e & 0xff)] as number) ^ (t[1536 + ((e >>> 8) & 0xff)] as number) ^
        (t[1280 + ((e >>> 16) & 0xff)] as number) ^ (t[1024 + (e >>> 24)] as number) ^
        (t[768 + (f & 0xff)] as number) ^ (t[512 + ((f >>> 8) & 0xff)] as number) ^
        (t[256 + ((f >>> 16) & 0xff)] as number) ^ (t[f >>> 24] as number);
    }
    return ~bytes(c, d, head + w.length * 4, d.length) >>> 0;
  }
  return { poly, update };
}

/** @public CRC-32 (IEEE). Check value: `crc32.update(0, "123456789") === 0xcbf43926`. */
export const crc32 = makeCrc32(CRC32_IEEE_POLY);
/** @public CRC-32C (Castagnoli). Check value: `0xe3069283`. */
export const crc32c = makeCrc32(CRC32C_POLY);
