/**
 * @module bench/lib/signer
 * SigV4 signing for the load generator, with `@smithy/signature-v4` (the AWS SDK's own signer) and
 * node's SHA-256. Every request is signed on its own, as a real client pays for it: the payload hash,
 * the canonical request, the string to sign and the signature.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { WorldAccount } from "../../src/identity/world.ts";

/** SHA-256 or HMAC-SHA-256 with the `Checksum` shape the smithy signer expects. */
class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: string | Uint8Array | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined || typeof secret === "string" ? secret
      : secret instanceof ArrayBuffer ? new Uint8Array(secret) : new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", this.secret);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/** What one signed request needs: method, path (already URI-encoded), query, extra headers and an optional body. */
export interface SignInput {
  readonly method: "GET" | "PUT" | "POST";
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array;
}

/** @public Credentials a signer signs with: an account's root keys, or a role session's. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** @public Signs requests for one endpoint as one account's root user. */
export type Signer = (input: SignInput) => Promise<Record<string, string>>;

/**
 * @public Creates a {@link Signer} for `endpoint` (`http://host:port`), region us-east-1, `service` (s3 unless
 * said), as an account's root user or with the given credentials.
 */
export function createSigner(endpoint: string, as: WorldAccount | SigningCredentials, service = "s3"): Signer {
  const url = new URL(endpoint);
  const credentials = "root" in as ? { accessKeyId: as.root.accessKeyId, secretAccessKey: as.root.secretAccessKey } : as;
  const signer = new SignatureV4({
    credentials,
    region: "us-east-1",
    service,
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: true,
  });
  return async ({ method, path, query = {}, headers: extra = {}, body }) => {
    const headers: Record<string, string> = { ...extra, host: url.host };
    if (body !== undefined) headers["content-length"] = String(body.length);
    const signed = await signer.sign({
      method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path, query, headers, body,
    });
    return signed.headers;
  };
}
