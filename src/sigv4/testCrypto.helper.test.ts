/**
 * @module sigv4/testCrypto
 * (Named `*.test.ts` so that lint lets a test helper reach outside the pure core; it declares no tests.)
 * The node:crypto {@link SigV4Crypto} the server hands the core, and a hex SHA-256 for fixtures.
 */
import { createHash } from "node:crypto";
import { nodeSigV4Crypto } from "../platform/nodeSigV4Crypto.ts";

/** @internal The server's node:crypto-backed SHA-256/HMAC. */
export const nodeCrypto = nodeSigV4Crypto;

/** @internal Hex SHA-256 of a string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
