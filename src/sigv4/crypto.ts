/**
 * @module sigv4/crypto
 * The hashing the SigV4 core needs, passed in by the caller (the pure core imports no `node:` module,
 * the way smithy's `SignatureV4` takes a `sha256` constructor). The server wires node:crypto;
 * tests use `testCrypto.helper.test.ts`.
 */

/** @public An incremental hash. `digest` may be called once. */
export interface Hash {
  update(data: Uint8Array | string): Hash;
  digest(): Uint8Array;
}

/** @public SHA-256 and HMAC-SHA256. Strings are hashed as UTF-8. */
export interface SigV4Crypto {
  sha256(): Hash;
  hmacSha256(key: Uint8Array, data: Uint8Array | string): Uint8Array;
}
