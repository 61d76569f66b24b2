/**
 * @module platform/nodeSigV4Crypto
 * SigV4's hash and HMAC over node:crypto: the implementation the pure sigv4 core is handed, shared by the
 * server (authentication) and the client commands (signing).
 */
import { createHash, createHmac } from "node:crypto";
import type { Hash, SigV4Crypto } from "../sigv4/crypto.ts";

/** @public SHA-256 and HMAC-SHA256 from node:crypto. */
export const nodeSigV4Crypto: SigV4Crypto = {
  sha256: () => {
    const h = createHash("sha256");
    const self: Hash = {
      update(data) {
        h.update(data);
        return self;
      },
      digest: () => new Uint8Array(h.digest()),
    };
    return self;
  },
  hmacSha256: (key, data) => new Uint8Array(createHmac("sha256", key).update(data).digest()),
};
