/**
 * @module storage/meta-sqlite/keyOrder
 * Object keys are stored as BLOBs of their UTF-8 bytes, so SQLite's memcmp comparison gives S3's
 * list order (the byte order of UTF-8). These helpers convert keys and compute seek bounds.
 */

/** @internal The UTF-8 bytes of a key, as stored in key columns. */
export function encodeKey(key: string): Buffer {
  return Buffer.from(key, "utf8");
}

/** @internal The key a stored BLOB holds. */
export function decodeKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** @internal Whether `bytes` begins with `prefix`. */
export function hasPrefix(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  return Buffer.compare(bytes.subarray(0, prefix.length), prefix) === 0;
}

/**
 * @internal The smallest byte string greater than every string that starts with `prefix`: the
 * prefix with trailing 0xFF bytes dropped and its last byte incremented. `undefined` when no such
 * string exists (empty prefix or all 0xFF), i.e. the range runs to the end.
 *
 * A common prefix ends with the delimiter, whose last UTF-8 byte is never 0xFF, so for common
 * prefixes the successor always exists.
 */
export function prefixSuccessor(prefix: Uint8Array): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const next = Buffer.from(prefix.subarray(0, end));
  next[end - 1] = (next[end - 1] ?? 0) + 1;
  return next;
}

/**
 * @internal The common prefix `key` rolls up into: `prefix` plus everything up to and including the
 * first `delimiter` after it; `undefined` when there is no delimiter or the key has none past the prefix.
 */
export function commonPrefixOf(key: Uint8Array, prefix: Uint8Array, delimiter: Uint8Array): Buffer | undefined {
  if (delimiter.length === 0) return undefined;
  const at = Buffer.from(key.buffer, key.byteOffset, key.byteLength).indexOf(delimiter, prefix.length);
  if (at < 0) return undefined;
  return Buffer.from(key.subarray(0, at + delimiter.length));
}
