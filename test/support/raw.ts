/**
 * @module test/support/raw
 * Raw requests for hostile-input tests: sign anything with the SDK's own SigV4 signer
 * (`@smithy/signature-v4`, configured as `@aws-sdk/client-s3` configures it: service `s3`,
 * `uriEscapePath: false`), then write the bytes to a plain TCP socket exactly as given, so tests can
 * send what no SDK would: hand-built aws-chunked framing with real chunk signatures, bodies shorter
 * than their Content-Length, oversized or missing headers, unknown methods. Also the checks those
 * suites run after each case: the server still answers, nothing became visible, no blob was left.
 */
import { connect } from "node:net";
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { WorldAccount } from "../../src/identity/world.ts";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { TestServer } from "./server.ts";

/** SHA-256 of the empty string, hex. */
export const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");

/** Hex SHA-256. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A request before signing. `path` is the request target exactly as it goes on the request line. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The bytes to send after the header section. */
  readonly body?: Uint8Array | string;
}

/** What a signed request needs to sign aws-chunked chunks and trailers. */
export interface SigningContext {
  readonly seedSignature: string;
  readonly signingKey: Buffer;
  readonly amzDate: string;
  readonly scope: string;
}

/** A request ready to send, and the context its chunk signatures chain from. */
export interface SignedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: [string, string][];
  readonly signing: SigningContext;
}

/** A parsed response. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function splitTarget(path: string): { pathname: string; query: Record<string, string | string[]> } {
  const q = path.indexOf("?");
  const pathname = q < 0 ? path : path.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const part of path.slice(q + 1).split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      const decode = (s: string): string => {
        try {
          return decodeURIComponent(s.replace(/\+/g, "%20"));
        } catch {
          return s;
        }
      };
      const k = decode(eq < 0 ? part : part.slice(0, eq));
      const v = eq < 0 ? "" : decode(part.slice(eq + 1));
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  return { pathname, query };
}

function toBytes(d: Uint8Array | string | ArrayBuffer | ArrayBufferView | undefined): Uint8Array | string | undefined {
  if (d === undefined || typeof d === "string" || d instanceof Uint8Array) return d;
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** SHA-256 (or HMAC-SHA256 with a secret) in the shape SignatureV4 expects, over node:crypto. */
class Sha256 {
  #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  readonly #secret: Uint8Array | string | undefined;
  constructor(secret?: Uint8Array | string | ArrayBuffer | ArrayBufferView) {
    this.#secret = toBytes(secret);
    this.#h = secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret ?? "");
  }
  update(data: Uint8Array | string | ArrayBuffer | ArrayBufferView): void {
    this.#h.update(toBytes(data) ?? "");
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
  reset(): void {
    this.#h = this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret);
  }
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/**
 * Signs a request as the S3 client would, with the account's root keys. The payload hash is the
 * request's `x-amz-content-sha256` header when given (e.g. `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`),
 * otherwise the SHA-256 of the body.
 */
export async function signRequest(endpoint: string, account: WorldAccount, req: RawRequest, date = new Date(), region = "us-east-1"): Promise<SignedRequest> {
  const url = new URL(endpoint);
  const { pathname, query } = splitTarget(req.path);
  const headers: Record<string, string> = { host: url.host, ...(req.headers ?? {}) };
  const lower = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  if (!lower.has("x-amz-content-sha256")) headers["x-amz-content-sha256"] = sha256Hex(req.body ?? "");
  const signer = new SignatureV4({
    service: "s3",
    region,
    credentials: { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey },
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
  });
  const signed = await signer.sign({ method: req.method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: pathname, query, headers, body: req.body }, { signingDate: date });
  const auth = String(signed.headers["authorization"] ?? signed.headers["Authorization"]);
  const seedSignature = /Signature=([0-9a-f]{64})/.exec(auth)?.[1] ?? "";
  const amzDate = String(signed.headers["x-amz-date"]);
  const day = amzDate.slice(0, 8);
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${account.root.secretAccessKey}`, day), region), "s3"), "aws4_request");
  return {
    method: req.method,
    path: req.path,
    headers: Object.entries(signed.headers).map(([k, v]) => [k, String(v)]),
    signing: { seedSignature, signingKey, amzDate, scope: `${day}/${region}/s3/aws4_request` },
  };
}

/** Options for {@link sendRaw}. */
export interface SendOptions {
  /** Send only this many body bytes, then close the connection. */
  readonly truncateAt?: number;
  /** Give up after this many milliseconds (default 15 s). */
  readonly timeoutMs?: number;
}

/** The request as bytes on the wire: request line, headers in the given order, blank line. */
function headBytes(method: string, path: string, headers: readonly (readonly [string, string])[]): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (!headers.some(([k]) => k.toLowerCase() === "connection")) lines.push("connection: close");
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Parses one HTTP/1.1 response out of everything the server sent before closing. */
export function parseResponse(bytes: Buffer, head: boolean): RawResponse {
  const end = bytes.indexOf("\r\n\r\n");
  if (end < 0) throw new Error(`no complete response header section (${bytes.length} bytes received)`);
  const [statusLine = "", ...lines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(end + 4);
  if (head) body = Buffer.alloc(0);
  else if (headers["transfer-encoding"]?.toLowerCase() === "chunked") body = dechunk(body);
  else if (headers["content-length"] !== undefined) body = body.subarray(0, Number(headers["content-length"]));
  return { status, headers, body: body.toString("utf8") };
}

/**
 * Sends a request over a fresh TCP connection exactly as given (a `connection: close` header is
 * added unless one is present) and resolves with the server's response. Write errors after the
 * server answered early (e.g. it rejected a large body) are ignored: the response is what counts.
 */
export function sendRaw(endpoint: string, req: { method: string; path: string; headers: readonly (readonly [string, string])[]; body?: Uint8Array | string | AsyncIterable<Uint8Array> }, options: SendOptions = {}): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no response within ${options.timeoutMs ?? 15_000} ms`));
    }, options.timeoutMs ?? 15_000);
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(received), req.method === "HEAD"));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    socket.on("data", (d: Buffer) => received.push(d));
    socket.on("error", () => {});
    socket.on("close", finish);
    socket.on("connect", () => {
      void (async () => {
        try {
          socket.write(headBytes(req.method, req.path, req.headers));
          const body = req.body;
          let sent = 0;
          const limit = options.truncateAt ?? Infinity;
          const write = async (chunk: Uint8Array): Promise<boolean> => {
            const piece = chunk.subarray(0, Math.max(0, limit - sent));
            sent += piece.length;
            if (piece.length > 0 && !socket.write(piece)) await new Promise((r) => socket.once("drain", r));
            return sent < limit && !socket.destroyed;
          };
          if (body === undefined) {
            // nothing
          } else if (typeof body === "string" || body instanceof Uint8Array) {
            await write(typeof body === "string" ? Buffer.from(body, "utf8") : body);
          } else {
            for await (const chunk of body) if (!(await write(chunk))) break;
          }
          if (options.truncateAt !== undefined) {
            // Let the bytes leave, then drop the connection without a response.
            setTimeout(() => socket.destroy(), 100);
          }
        } catch {
          // the server closed early; its answer is read in finish()
        }
      })();
    });
  });
}

/**
 * Signs `req` with `account` (or sends it unsigned when `account` is undefined) and sends it. A
 * `content-length` header is added for a body unless the request names one.
 */
export async function rawRequest(endpoint: string, account: WorldAccount | undefined, given: RawRequest, options: SendOptions = {}): Promise<RawResponse> {
  const named = Object.keys(given.headers ?? {}).some((h) => h.toLowerCase() === "content-length");
  const req: RawRequest = given.body === undefined || named ? given : { ...given, headers: { ...given.headers, "content-length": String(Buffer.byteLength(given.body)) } };
  if (account === undefined) {
    const url = new URL(endpoint);
    return sendRaw(endpoint, { method: req.method, path: req.path, headers: [["host", url.host], ...Object.entries(req.headers ?? {})], ...(req.body !== undefined ? { body: req.body } : {}) }, options);
  }
  const signed = await signRequest(endpoint, account, req);
  return sendRaw(endpoint, { ...signed, ...(req.body !== undefined ? { body: req.body } : {}) }, options);
}

/** The `<Code>` of an S3 XML error body. */
export function errorCode(res: RawResponse): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(res.body)?.[1];
}

/** The `<Message>` of an S3 XML error body. */
export function errorMessage(res: RawResponse): string | undefined {
  const m = /<Message>([^<]*)<\/Message>/.exec(res.body)?.[1];
  return m?.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e] ?? e);
}

/** One chunk signature of a signed aws-chunked body. */
export function chunkSignature(ctx: SigningContext, previous: string, chunk: Uint8Array): string {
  const toSign = `AWS4-HMAC-SHA256-PAYLOAD\n${ctx.amzDate}\n${ctx.scope}\n${previous}\n${EMPTY_SHA256}\n${sha256Hex(chunk)}`;
  return hmac(ctx.signingKey, toSign).toString("hex");
}

/** The trailer signature of a signed aws-chunked body with trailers. */
export function trailerSignature(ctx: SigningContext, previous: string, trailers: readonly (readonly [string, string])[]): string {
  const canonical = trailers.map(([n, v]) => `${n}:${v}\n`).join("");
  return hmac(ctx.signingKey, `AWS4-HMAC-SHA256-TRAILER\n${ctx.amzDate}\n${ctx.scope}\n${previous}\n${sha256Hex(canonical)}`).toString("hex");
}

/** How to frame an aws-chunked body. */
export interface ChunkedOptions {
  /** Sign each chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]); unsigned framing otherwise. */
  readonly signing?: SigningContext;
  /** Trailing headers after the final chunk. */
  readonly trailers?: readonly (readonly [string, string])[];
  /** Replace the signature of chunk `i` (the final empty chunk is index `chunks.length`). */
  readonly badSignatureAt?: number;
}

/** Frames `chunks` as aws-chunked, with real signatures chained from the seed signature. */
export function encodeAwsChunked(chunks: readonly Uint8Array[], options: ChunkedOptions = {}): Buffer {
  const out: Buffer[] = [];
  let previous = options.signing?.seedSignature ?? "";
  const all = [...chunks, new Uint8Array(0)];
  all.forEach((chunk, i) => {
    let ext = "";
    if (options.signing) {
      let sig = chunkSignature(options.signing, previous, chunk);
      previous = sig;
      if (options.badSignatureAt === i) sig = sig.replace(/^./, (c) => (c === "0" ? "1" : "0"));
      ext = `;chunk-signature=${sig}`;
    }
    out.push(Buffer.from(`${chunk.length.toString(16)}${ext}\r\n`, "latin1"), Buffer.from(chunk));
    if (chunk.length > 0) out.push(Buffer.from("\r\n"));
  });
  if (options.trailers) {
    for (const [n, v] of options.trailers) out.push(Buffer.from(`${n}:${v}\r\n`, "latin1"));
    if (options.signing) out.push(Buffer.from(`x-amz-trailer-signature:${trailerSignature(options.signing, previous, options.trailers)}\r\n`, "latin1"));
  }
  out.push(Buffer.from("\r\n"));
  return Buffer.concat(out);
}

// ---- Checks the hostile-input suites run after each case. ----

/** Asserts an S3 XML error with this status and code (and message, when given). */
export function assertS3Error(res: RawResponse, status: number, code: string, message?: string | RegExp): void {
  assert.equal(errorCode(res), code, `expected ${code}, got ${res.status}: ${res.body.slice(0, 400)}`);
  assert.equal(res.status, status, `status for ${code}`);
  if (message instanceof RegExp) assert.match(errorMessage(res) ?? "", message);
  else if (message !== undefined) assert.equal(errorMessage(res), message);
}

/** Counts blob files under the data folder's blob store (temp files excluded). */
export function countBlobs(dataDir: string): number {
  const root = join(dataDir, "blobs");
  let n = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (dir === root && name === "tmp") continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else n++;
    }
  };
  walk(root);
  return n;
}

/** The server still serves a health check and a signed listing, and logged no internal error. */
export async function assertAlive(server: TestServer, s3: S3Client, bucket: string): Promise<void> {
  const health = await fetch(`${server.endpoint}/_crossbucket/health`);
  assert.equal(health.status, 200);
  await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
  assert.deepEqual(server.logger.errors, [], "no internal error was logged");
}

/** The key is neither listed nor readable. */
export async function assertInvisible(s3: S3Client, bucket: string, key: string): Promise<void> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }));
  assert.ok(!(listed.Contents ?? []).some((o) => o.Key === key), `${key} must not be listed`);
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), (e: Error) => e.name === "NotFound" || e.name === "NoSuchKey");
}
