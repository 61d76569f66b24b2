/**
 * Differential test: requests signed by the AWS SDK for JavaScript v3 (its own SigV4 signer and S3
 * serializer), sent over real HTTP, verify with our verifier; presigned URLs from its presigner too.
 * Keys and query values are random and hostile (unicode, spaces, `+`, `%`, `~`, `!*'()`, `//`).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { createChecksum } from "../checksum/checksum.ts";
import { createChunkDecoder } from "./chunkedDecoder.ts";
import { createPayloadVerifier } from "./contentSha256.ts";
import type { PreparedAuth } from "./prepareAuth.ts";
import { prepareHeaderAuth, preparePresignedAuth } from "./prepareAuth.ts";
import type { SigV4Request } from "./request.ts";
import { headerValue } from "./request.ts";
import { nodeCrypto } from "./testCrypto.helper.test.ts";
import { verifySignature } from "./verifySignature.ts";

const credentials = { accessKeyId: "AKIDIFFERENTIAL", secretAccessKey: "differential/secret+key" };
const REGION = "eu-west-3";

interface Captured {
  request: SigV4Request;
  body: Uint8Array;
}
let captured: Captured | undefined;
let endpoint = "";
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] ?? "", req.rawHeaders[i + 1] ?? ""]);
    captured = {
      request: { method: req.method ?? "GET", rawPath: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? "" : url.slice(q + 1), headers },
      body: new Uint8Array(Buffer.concat(chunks)),
    };
    res.writeHead(200, { "content-type": "application/xml" });
    res.end('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></ListBucketResult>');
  });
});

let client: S3Client;
before(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new S3Client({ region: REGION, endpoint, forcePathStyle: true, credentials, maxAttempts: 1 });
});
after(() => {
  client.destroy();
  server.close();
});

const SPECIAL = [" ", "+", "%", "%2F", "~", "!", "*", "'", "(", ")", "/", "//", "&", "=", "?", "#", ":", "@", "$", ",", ";", "é", "ሴ", "😀", "\u00a0", "a", "Z", "0", ".", "-", "_"];
const piece = fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: "grapheme", minLength: 1, maxLength: 4 }));
const keyArb = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join("")).filter((k) => k.trim() !== "" && !/^\.{1,2}$/.test(k));
const textArb = fc.array(piece, { maxLength: 6 }).map((p) => p.join(""));

async function send(run: (c: S3Client) => Promise<unknown>): Promise<Captured> {
  captured = undefined;
  try {
    await run(client);
  } catch {
    // The fake server's answers need not parse; only the request matters.
  }
  assert.ok(captured, "the SDK sent a request");
  return captured;
}

function prepareOk(c: Captured, presigned = false): PreparedAuth {
  const p = (presigned ? preparePresignedAuth : prepareHeaderAuth)(c.request, { now: new Date(), region: REGION });
  assert.ok(p.ok, JSON.stringify(p));
  return p.auth;
}

function verifies(c: Captured, auth: PreparedAuth): boolean {
  return verifySignature(c.request, auth, { secretAccessKey: credentials.secretAccessKey }, nodeCrypto).ok;
}

/** The same request with one header's value changed by one character. */
function withHeader(r: SigV4Request, name: string, change: (v: string) => string): SigV4Request {
  return { ...r, headers: r.headers.map(([n, v]) => [n, n.toLowerCase() === name ? change(v) : v] as const) };
}

describe("requests signed by @aws-sdk/client-s3 verify", () => {
  it("GetObject over random hostile keys verifies, and a changed key, header or signature does not", async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, async (key) => {
        const c = await send((s) => s.send(new GetObjectCommand({ Bucket: "bucket", Key: key, Range: "bytes=0-9" })));
        const auth = prepareOk(c);
        assert.ok(verifies(c, auth), `key ${JSON.stringify(key)} path ${c.request.rawPath}`);
        const otherPath = c.request.rawPath + "x";
        assert.ok(!verifies({ ...c, request: { ...c.request, rawPath: otherPath } }, auth));
        assert.ok(!verifies({ ...c, request: withHeader(c.request, "range", (v) => v.replace("9", "8")) }, auth));
        assert.ok(!verifies(c, { ...auth, signature: auth.signature.replace(/^./, (ch) => (ch === "0" ? "1" : "0")) }));
      }),
      { numRuns: 60 },
    );
  });

  it("ListObjectsV2 with random prefix/delimiter/start-after query values verifies", async () => {
    await fc.assert(
      fc.asyncProperty(textArb, textArb, textArb, async (prefix, delimiter, startAfter) => {
        const c = await send((s) => s.send(new ListObjectsV2Command({ Bucket: "bucket", Prefix: prefix, Delimiter: delimiter, StartAfter: startAfter, MaxKeys: 7 })));
        const auth = prepareOk(c);
        assert.ok(verifies(c, auth), c.request.rawQuery);
        const changed = c.request.rawQuery.replace("max-keys=7", "max-keys=8");
        assert.ok(!verifies({ ...c, request: { ...c.request, rawQuery: changed } }, auth));
      }),
      { numRuns: 40 },
    );
  });

  it("PutObject with metadata verifies, and its body matches the declared payload", async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, fc.uint8Array({ maxLength: 2000 }), async (key, body) => {
        const c = await send((s) => s.send(new PutObjectCommand({ Bucket: "bucket", Key: key, Body: body, Metadata: { note: "a  b" }, ContentType: "text/plain" })));
        const auth = prepareOk(c);
        const v = verifySignature(c.request, auth, { secretAccessKey: credentials.secretAccessKey }, nodeCrypto);
        assert.ok(v.ok, JSON.stringify(v));
        if (auth.payload.kind === "sha256") {
          const p = createPayloadVerifier(nodeCrypto, auth.payload.hex);
          p.update(c.body);
          assert.ok(p.finish().ok);
        } else if (auth.payload.kind === "streaming") {
          const d = createChunkDecoder({
            signedChunks: auth.payload.signedChunks,
            trailer: auth.payload.trailer,
            decodedLength: Number(headerValue(c.request, "x-amz-decoded-content-length")),
            declaredTrailers: (headerValue(c.request, "x-amz-trailer") ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""),
            ...(auth.payload.signedChunks ? { signing: { crypto: nodeCrypto, ...v.verified } } : {}),
          });
          const pushed = d.push(c.body);
          assert.ok(pushed.ok, JSON.stringify(pushed));
          assert.ok(d.end().ok);
        }
        assert.ok(!verifies({ ...c, request: withHeader(c.request, "x-amz-meta-note", (s) => s + "!") }, auth));
      }),
      { numRuns: 40 },
    );
  });
});

describe("streaming uploads by @aws-sdk/client-s3 decode", () => {
  it("decodes STREAMING-UNSIGNED-PAYLOAD-TRAILER bodies and their CRC32 trailer matches src/checksum", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 100_000 }), async (body) => {
        const c = await send((s) => s.send(new PutObjectCommand({ Bucket: "bucket", Key: "streamed", Body: Readable.from([Buffer.from(body)]), ContentLength: body.length })));
        const auth = prepareOk(c);
        assert.ok(verifies(c, auth));
        assert.equal(auth.payload.kind, "streaming");
        if (auth.payload.kind !== "streaming") return;
        const trailer = (headerValue(c.request, "x-amz-trailer") ?? "").trim();
        const d = createChunkDecoder({ signedChunks: false, trailer: true, decodedLength: body.length, declaredTrailers: [trailer] });
        const pushed = d.push(c.body);
        assert.ok(pushed.ok, JSON.stringify(pushed));
        const end = d.end();
        assert.ok(end.ok, JSON.stringify(end));
        const decoded = Buffer.concat(pushed.data);
        assert.deepEqual(new Uint8Array(decoded), body);
        const algorithm = trailer.replace("x-amz-checksum-", "").toUpperCase();
        assert.ok(algorithm === "CRC32" || algorithm === "CRC32C" || algorithm === "CRC64NVME", trailer);
        assert.equal(end.trailers.get(trailer), createChecksum(algorithm).update(body).digestBase64());
      }),
      { numRuns: 15 },
    );
  });
});

describe("S3's 8 KiB minimum chunk applies to SDK streams too", () => {
  // S3 answers InvalidChunkSizeError to SDK streams whose reads are under 8 KiB (aws-sdk-js-v3#6949, #7598):
  // https://github.com/aws/aws-sdk-js-v3/issues/6949
  it("rejects an SDK upload whose stream yields 100-byte reads with InvalidChunkSizeError", async () => {
    const parts = [Buffer.alloc(100, 97), Buffer.alloc(100, 98), Buffer.alloc(100, 99)];
    const c = await send((s) => s.send(new PutObjectCommand({ Bucket: "bucket", Key: "small", Body: Readable.from(parts), ContentLength: 300 })));
    const trailer = (headerValue(c.request, "x-amz-trailer") ?? "").trim();
    const d = createChunkDecoder({ signedChunks: false, trailer: true, decodedLength: 300, declaredTrailers: [trailer] });
    const r = d.push(c.body);
    assert.ok(!r.ok);
    assert.equal(r.code, "InvalidChunkSizeError");
    assert.deepEqual(r.fields, [["Chunk", "2"], ["BadChunkSize", "100"]]);
  });
});

describe("URLs presigned by @aws-sdk/s3-request-presigner verify", () => {
  it("verifies presigned GetObject URLs with hostile keys and response-content-disposition", async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, textArb, async (key, disposition) => {
        const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: "bucket", Key: key, ResponseContentDisposition: disposition }), { expiresIn: 600 });
        const rest = url.slice(endpoint.length);
        const q = rest.indexOf("?");
        const c: Captured = {
          request: { method: "GET", rawPath: rest.slice(0, q), rawQuery: rest.slice(q + 1), headers: [["Host", endpoint.slice("http://".length)]] },
          body: new Uint8Array(),
        };
        const auth = prepareOk(c, true);
        assert.ok(verifies(c, auth), url);
        assert.ok(!verifies({ ...c, request: { ...c.request, rawQuery: c.request.rawQuery.replace("X-Amz-Expires=600", "X-Amz-Expires=601") } }, auth));
      }),
      { numRuns: 40 },
    );
  });
});
