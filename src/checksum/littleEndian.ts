/**
 * @module checksum/littleEndian
 * Word-at-a-time CRC loops read the input through an `Int32Array` view, which uses the host's
 * byte order. They need a little-endian host (every platform Node.js ships for); elsewhere they
 * fall back to byte loads.
 */

/** @internal True when the host stores integers little-endian. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * @internal The longest run of whole 4-byte-aligned words in `d` starting at `start` (which the caller
 * has aligned), as an `Int32Array` view, limited to a multiple of `wordsPerStep` words.
 */
export function alignedWords(d: Uint8Array, start: number, wordsPerStep: number): Int32Array {
  const words = Math.floor((d.length - start) / (4 * wordsPerStep)) * wordsPerStep;
  return new Int32Array(d.buffer, d.byteOffset + start, words);
}
