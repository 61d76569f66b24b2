/**
 * @module cli/sign
 * A small SigV4 signer for the client commands, on the server's own canonicalisation (src/sigv4:
 * canonical request, string to sign, key derivation) with node:crypto: what `why` and `simulate` sign their
 * admin API requests with. Header authentication, service `s3`, signed payload hash.
 */
import { formatAmzDate } from "../sigv4/amzDate.ts";
import { canonicalRequest } from "../sigv4/canonicalRequest.ts";
import { nodeSigV4Crypto as nodeCrypto } from "../platform/nodeSigV4Crypto.ts";
import { toHex } from "../sigv4/hex.ts";
import type { SigV4Request } from "../sigv4/request.ts";
import { ALGORITHM, deriveSigningKey, sign, stringToSign } from "../sigv4/signingKey.ts";

/** @public AWS credentials as the environment gives them. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** @public A request to sign: `url` carries the already-encoded path and query. */
export interface UnsignedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** @public The headers to send, `authorization` included. */
export function signRequest(req: UnsignedRequest, credentials: Credentials, region: string, now: Date): Record<string, string> {
  const amzDate = formatAmzDate(now);
  const date = amzDate.slice(0, 8);
  const payloadHash = toHex(nodeCrypto.sha256().update(req.body ?? "").digest());
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    host: req.url.host,
    "x-amz-date": amzDate,
    "x-amz-content-sha256": payloadHash,
    ...(credentials.sessionToken !== undefined ? { "x-amz-security-token": credentials.sessionToken } : {}),
  };
  const signedHeaders = Object.keys(headers).sort();
  const request: SigV4Request = { method: req.method, rawPath: req.url.pathname, rawQuery: req.url.search.replace(/^\?/, ""), headers: Object.entries(headers) };
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = stringToSign(nodeCrypto, amzDate, scope, canonicalRequest(request, { signedHeaders, payloadHash }));
  const signature = sign(nodeCrypto, deriveSigningKey(nodeCrypto, credentials.secretAccessKey, date, region, "s3"), toSign);
  return { ...headers, authorization: `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}` };
}
