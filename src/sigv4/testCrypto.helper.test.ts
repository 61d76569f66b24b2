/**
 * @module sigv4/testCrypto
 * (Named `*.test.ts` so that lint lets a test helper import node:crypto; it declares no tests.)
 * A {@link SigV4Crypto} over node:crypto, for tests (the server builds its own the same way).
 */
import { createHash, createHmac } from "node:crypto";
import type { Hash, SigV4Crypto } from "./crypto.ts";

function wrap(h: ReturnType<typeof createHash>): Hash {
  const self: Hash = {
    update(data) {
      h.update(data);
      return self;
    },
    digest: () => new Uint8Array(h.digest()),
  };
  return self;
}

/** @internal node:crypto-backed SHA-256/HMAC for tests. */
export const nodeCrypto: SigV4Crypto = {
  sha256: () => wrap(createHash("sha256")),
  hmacSha256: (key, data) => new Uint8Array(createHmac("sha256", key).update(data).digest()),
};

/** @internal Hex SHA-256 of a string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
