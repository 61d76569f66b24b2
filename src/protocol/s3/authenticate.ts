/**
 * @module protocol/s3/authenticate
 * The authenticate stage: who signed the request, and the body as a verifying {@link Payload}.
 * Order as S3 checks: the authentication parameters and time (src/sigv4 `prepare*Auth`), the access
 * key (InvalidAccessKeyId / ExpiredToken), the signature; then the body's integrity claims.
 */
import { ANONYMOUS, type Principal } from "../../kernel/principal.ts";
import type { S3OperationName } from "../../authz/catalogue.ts";
import type { Account } from "../../identity/accounts.ts";
import { nodeSigV4Crypto } from "../../platform/nodeSigV4Crypto.ts";
import { prepareHeaderAuth, preparePresignedAuth, type PreparedAuth } from "../../sigv4/prepareAuth.ts";
import { isPresignedQuery } from "../../sigv4/presignedQuery.ts";
import { UNSUPPORTED_MECHANISM } from "../../sigv4/authorizationHeader.ts";
import type { SigV4Request } from "../../sigv4/request.ts";
import { verifySignature, type VerifiedSignature } from "../../sigv4/verifySignature.ts";
import { createChunkDecoder } from "../../sigv4/chunkedDecoder.ts";
import type { HttpRequest } from "../http.ts";
import type { Headers } from "../http.ts";
import { S3Error, type S3ErrorCode } from "./errors.ts";
import type { Services } from "./context.ts";
import { CHECKSUM_ALGORITHMS, Payload, checksumHeader, validateChecksumValue, type ChecksumAlgorithm, type ChunkDecoder, type PayloadClaims } from "./payload.ts";

/** @public The authenticated requester and the request body. */
export interface Authentication {
  readonly principal: Principal;
  readonly account: Account | undefined;
  /** The access key that signed the request. */
  readonly accessKeyId?: string;
  /** How the request authenticated (`s3:authType`), absent for anonymous requests. */
  readonly authType?: PreparedAuth["authType"];
  readonly signatureAgeMs?: number;
  readonly payload: Payload;
}

function sigv4Error(f: { code: string; message: string; fields: readonly (readonly [string, string])[] }): S3Error {
  return new S3Error(f.code as S3ErrorCode, { message: f.message, fields: f.fields });
}

/** Signing keys are valid for a day and a scope; deriving one costs four HMACs. */
const signingKeys = new Map<string, Uint8Array>();

function verify(request: SigV4Request, auth: PreparedAuth, secret: string): VerifiedSignature {
  const cacheKey = `${auth.accessKeyId}\n${secret}\n${auth.scope.date}\n${auth.scope.region}\n${auth.scope.service}`;
  const cached = signingKeys.get(cacheKey);
  const result = verifySignature(request, auth, cached ? { signingKey: cached } : { secretAccessKey: secret }, nodeSigV4Crypto);
  if (!result.ok) throw sigv4Error(result);
  if (!cached) {
    if (signingKeys.size > 10_000) signingKeys.clear();
    signingKeys.set(cacheKey, result.verified.signingKey);
  }
  return result.verified;
}

function hasSignature(headers: Headers, rawQuery: string): "header" | "query" | "none" {
  if (headers.has("authorization")) return "header";
  if (isPresignedQuery(rawQuery)) return "query";
  return "none";
}

/** @public Authenticates a request; throws the S3 error S3 would answer with. */
export function authenticate(
  http: HttpRequest,
  headers: Headers,
  query: ReadonlyMap<string, string>,
  raw: { rawPath: string; rawQuery: string },
  now: Date,
  svc: Services,
  operation: S3OperationName,
): Authentication {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < http.rawHeaders.length; i += 2) pairs.push([http.rawHeaders[i] as string, http.rawHeaders[i + 1] as string]);
  const request: SigV4Request = { method: http.method, rawPath: raw.rawPath, rawQuery: raw.rawQuery, headers: pairs };
  const how = hasSignature(headers, raw.rawQuery);
  if (how === "none") {
    // Signature Version 2 query authentication (what boto3 presigns by default with a custom
    // endpoint) is refused as in S3 regions without SigV2, not treated as an anonymous request.
    if (query.has("AWSAccessKeyId") && query.has("Signature")) throw new S3Error("InvalidRequest", { message: UNSUPPORTED_MECHANISM });
    return { principal: ANONYMOUS, account: undefined, payload: buildPayload(http, headers, { kind: "unsigned" }, undefined, svc, operation) };
  }
  const options = { now, region: svc.config.region };
  const prepared = how === "header" ? prepareHeaderAuth(request, options) : preparePresignedAuth(request, options);
  if (!prepared.ok) throw sigv4Error(prepared);
  const auth = prepared.auth;
  const found = svc.accounts.resolve(auth.accessKeyId, now);
  if (found.kind === "unknown") throw new S3Error("InvalidAccessKeyId", { fields: [["AWSAccessKeyId", auth.accessKeyId]] });
  if (found.kind === "expired") throw new S3Error("ExpiredToken", { fields: [["Token-0", auth.securityToken ?? ""]] });
  if (found.sessionToken !== undefined && found.sessionToken !== auth.securityToken) {
    throw new S3Error("InvalidToken", { fields: [["Token-0", auth.securityToken ?? ""]] });
  }
  const verified = verify(request, auth, found.secretAccessKey);
  const principal = found.principal;
  const account = principal.accountId !== undefined ? svc.accounts.get(principal.accountId) : undefined;
  return {
    principal,
    account,
    accessKeyId: auth.accessKeyId,
    authType: auth.authType,
    signatureAgeMs: auth.signatureAgeMs,
    payload: buildPayload(http, headers, auth.payload, verified, svc, operation),
  };
}

/** Operations whose body is object content and may be large. */
const CONTENT_OPERATIONS = new Set<S3OperationName>(["PutObject", "UploadPart"]);

function requestedChecksum(headers: Headers, trailer: boolean): PayloadClaims["checksum"] {
  const present = CHECKSUM_ALGORITHMS.filter((a) => headers.has(checksumHeader(a)));
  if (present.length > 1) throw new S3Error("InvalidRequest", { message: "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed." });
  const sdkAlgorithm = headers.get("x-amz-sdk-checksum-algorithm")?.toUpperCase();
  if (sdkAlgorithm !== undefined && !(CHECKSUM_ALGORITHMS as readonly string[]).includes(sdkAlgorithm)) {
    throw new S3Error("InvalidRequest", { message: "Value for x-amz-sdk-checksum-algorithm header is invalid." });
  }
  const trailerName = headers.get("x-amz-trailer")?.trim().toLowerCase();
  if (trailerName !== undefined && trailerName !== "") {
    if (!trailer) throw new S3Error("InvalidRequest", { message: "The value specified in the x-amz-trailer header is not supported" });
    const algorithm = CHECKSUM_ALGORITHMS.find((a) => checksumHeader(a) === trailerName);
    if (!algorithm) throw new S3Error("InvalidRequest", { message: "The value specified in the x-amz-trailer header is not supported" });
    if (present.length > 0) throw new S3Error("InvalidRequest", { message: "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed." });
    return { algorithm, trailer: true };
  }
  const algorithm = present[0];
  if (algorithm !== undefined) {
    const value = headers.get(checksumHeader(algorithm)) as string;
    validateChecksumValue(algorithm, value);
    if (sdkAlgorithm !== undefined && sdkAlgorithm !== algorithm) {
      throw new S3Error("InvalidRequest", { message: `Value for x-amz-sdk-checksum-algorithm header is invalid.` });
    }
    return { algorithm, value };
  }
  return sdkAlgorithm !== undefined ? { algorithm: sdkAlgorithm as ChecksumAlgorithm } : undefined;
}

function parseLength(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) throw new S3Error("InvalidArgument", { message: `${name} must be a non-negative integer`, fields: [["ArgumentName", name], ["ArgumentValue", v]] });
  return Number(v.trim());
}

function buildPayload(
  http: HttpRequest,
  headers: Headers,
  mode: PreparedAuth["payload"],
  verified: VerifiedSignature | undefined,
  svc: Services,
  operation: S3OperationName,
): Payload {
  const contentLength = parseLength(headers.get("content-length"), "Content-Length");
  const md5 = headers.get("content-md5");
  if (md5 !== undefined && !(/^[A-Za-z0-9+/]{22}==$/.test(md5.trim()))) throw new S3Error("InvalidDigest", { fields: [["Content-MD5", md5]] });
  const streaming = mode.kind === "streaming";
  const checksum = requestedChecksum(headers, streaming && mode.trailer);
  let length = contentLength;
  let decoder: ChunkDecoder | undefined;
  if (streaming) {
    length = parseLength(headers.get("x-amz-decoded-content-length"), "x-amz-decoded-content-length");
    if (length === undefined) throw new S3Error("MissingContentLength", { message: "You must provide the Content-Length HTTP header." });
    const created = createChunkDecoder({
      signedChunks: mode.signedChunks,
      trailer: mode.trailer,
      decodedLength: length,
      ...(mode.trailer ? { declaredTrailers: checksum?.trailer ? [checksumHeader(checksum.algorithm)] : [] } : {}),
      ...(verified && mode.signedChunks ? { signing: { crypto: nodeSigV4Crypto, signingKey: verified.signingKey, seedSignature: verified.seedSignature, scope: verified.scope, amzDate: verified.amzDate } } : {}),
    });
    decoder = {
      push: (bytes) => unwrap(created.push(bytes)),
      end: () => {
        const r = created.end();
        if (!r.ok) throw sigv4Error(r);
        return { trailers: r.trailers };
      },
    };
  } else if (CONTENT_OPERATIONS.has(operation) && contentLength === undefined && http.method === "PUT") {
    throw new S3Error("MissingContentLength");
  }
  const claims: PayloadClaims = {
    ...(mode.kind === "sha256" ? { sha256: mode.hex } : {}),
    ...(md5 !== undefined ? { md5: md5.trim() } : {}),
    ...(length !== undefined ? { length } : {}),
    ...(checksum ? { checksum } : {}),
    maxSize: svc.config.maxObjectSize,
  };
  return new Payload(http.body, claims, decoder);
}

function unwrap(r: { ok: true; data: Uint8Array[] } | { ok: false; code: string; message: string; fields: readonly (readonly [string, string])[] }): Uint8Array[] {
  if (!r.ok) throw sigv4Error(r);
  return r.data;
}
