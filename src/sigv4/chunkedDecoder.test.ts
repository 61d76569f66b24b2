import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import fc from "fast-check";
import type { ChunkDecoderOptions } from "./chunkedDecoder.ts";
import { createChunkDecoder } from "./chunkedDecoder.ts";
import { EXAMPLE_SECRET, STREAMING_EXAMPLE } from "./s3Examples.fixture.ts";
import { deriveSigningKey } from "./signingKey.ts";
import { nodeCrypto, sha256Hex } from "./testCrypto.helper.test.ts";

const enc = new TextEncoder();
const SCOPE = "20130524/us-east-1/s3/aws4_request";
const AMZ_DATE = "20130524T000000Z";
const KEY = deriveSigningKey(nodeCrypto, EXAMPLE_SECRET, "20130524", "us-east-1", "s3");
const SIGNING = { crypto: nodeCrypto, signingKey: KEY, seedSignature: STREAMING_EXAMPLE.seedSignature, scope: SCOPE, amzDate: AMZ_DATE };

function concat(parts: (Uint8Array | string)[]): Uint8Array {
  const bytes = parts.map((p) => (typeof p === "string" ? enc.encode(p) : p));
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of bytes) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

/** The body of the documented streaming example, built from its published chunk signatures. */
function exampleBody(): Uint8Array {
  const parts: (Uint8Array | string)[] = [];
  STREAMING_EXAMPLE.chunkSizes.forEach((size, i) => {
    parts.push(`${size.toString(16)};chunk-signature=${STREAMING_EXAMPLE.chunkSignatures[i]}\r\n`, new Uint8Array(size).fill(0x61), "\r\n");
  });
  return concat(parts);
}

/** An independent signer (node:crypto directly) for chunk and trailer signatures. */
function hmacHex(text: string): string {
  return createHmac("sha256", KEY).update(text).digest("hex");
}
const EMPTY = sha256Hex("");
function signChunk(prev: string, data: Uint8Array): string {
  return hmacHex(`AWS4-HMAC-SHA256-PAYLOAD\n${AMZ_DATE}\n${SCOPE}\n${prev}\n${EMPTY}\n${sha256Hex(data)}`);
}

function decodeAll(body: Uint8Array, options: ChunkDecoderOptions, cuts: number[] = []) {
  const d = createChunkDecoder(options);
  const points = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
  const data: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, body.length]) {
    const r = d.push(body.subarray(prev, p));
    if (!r.ok) return r;
    data.push(...r.data);
    prev = p;
  }
  const end = d.end();
  if (!end.ok) return end;
  return { ok: true as const, data: concat(data), trailers: end.trailers };
}

const signed = (decodedLength: number): ChunkDecoderOptions => ({ signedChunks: true, trailer: false, decodedLength, signing: SIGNING });

describe("aws-chunked with signed chunks", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
  it("decodes the documented 64 KiB + 1 KiB example and verifies every published chunk signature", () => {
    const body = exampleBody();
    assert.equal(body.length, STREAMING_EXAMPLE.encodedLength);
    const r = decodeAll(body, signed(STREAMING_EXAMPLE.decodedLength));
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.data.length, 66560);
    assert.ok(r.data.every((b) => b === 0x61));
  });
  it("decodes the same however the body is split across pushes", () => {
    const body = exampleBody();
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        const r = decodeAll(body, signed(66560), cuts);
        assert.ok(r.ok);
        assert.equal(r.data.length, 66560);
      }),
      { numRuns: 40 },
    );
  });
  it("returns views of the pushed bytes rather than copies", () => {
    const body = exampleBody();
    const r = createChunkDecoder(signed(66560)).push(body);
    assert.ok(r.ok);
    assert.ok(r.data.every((s) => s.buffer === body.buffer));
  });
  it("rejects any single changed byte of chunk data with SignatureDoesNotMatch", () => {
    const body = exampleBody();
    for (const at of [100, 65000, 65600]) {
      const copy = body.slice();
      copy[at] = 0x62;
      const r = decodeAll(copy, signed(66560));
      assert.ok(!r.ok);
      assert.equal(r.code, "SignatureDoesNotMatch");
    }
  });
  it("rejects a changed chunk signature", () => {
    const body = exampleBody();
    const text = new TextDecoder().decode(body.subarray(0, 90)).replace("ad80", "ad81");
    const r = decodeAll(concat([text, body.subarray(90)]), signed(66560));
    assert.ok(!r.ok);
    assert.equal(r.code, "SignatureDoesNotMatch");
  });
  it("answers IncompleteBody with NumberBytesExpected/Provided when x-amz-decoded-content-length differs", () => {
    const more = decodeAll(exampleBody(), signed(70000));
    assert.ok(!more.ok);
    assert.equal(more.code, "IncompleteBody");
    assert.deepEqual(more.fields, [["NumberBytesExpected", "70000"], ["NumberBytesProvided", "66560"]]);
    const less = decodeAll(exampleBody(), signed(3));
    assert.ok(!less.ok);
    assert.equal(less.code, "IncompleteBody");
  });
  it("answers InvalidChunkSizeError naming the chunk after an undersized one (S3: Chunk=2, BadChunkSize=3 for 3+2 bytes)", () => {
    const c1 = enc.encode("hel");
    const c2 = enc.encode("lo");
    const s1 = signChunk(SIGNING.seedSignature, c1);
    const s2 = signChunk(s1, c2);
    const s3 = signChunk(s2, new Uint8Array());
    const body = concat([`3;chunk-signature=${s1}\r\n`, c1, `\r\n2;chunk-signature=${s2}\r\n`, c2, `\r\n0;chunk-signature=${s3}\r\n\r\n`]);
    const r = decodeAll(body, signed(5));
    assert.ok(!r.ok);
    assert.equal(r.code, "InvalidChunkSizeError");
    assert.deepEqual(r.fields, [["Chunk", "2"], ["BadChunkSize", "3"]]);
  });
  it("accepts a single small chunk followed by the final chunk", () => {
    const c1 = enc.encode("hello");
    const s1 = signChunk(SIGNING.seedSignature, c1);
    const s2 = signChunk(s1, new Uint8Array());
    const r = decodeAll(concat([`5;chunk-signature=${s1}\r\n`, c1, `\r\n0;chunk-signature=${s2}\r\n\r\n`]), signed(5));
    assert.ok(r.ok, JSON.stringify(r));
  });
});

describe("aws-chunked framing errors", () => {
  const opts = signed(66560);
  it("answers IncompleteBody 'The request body terminated unexpectedly' for a truncated body", () => {
    const r = decodeAll(exampleBody().subarray(0, 1000), opts);
    assert.ok(!r.ok);
    assert.equal(r.code, "IncompleteBody");
    assert.equal(r.message, "The request body terminated unexpectedly");
  });
  it("rejects a missing CRLF after chunk data, a bare LF, a non-hex size, and bytes after the end", () => {
    const body = exampleBody();
    const noCrlf = body.slice();
    noCrlf[88 + 65536] = 0x41;
    const bareLf = concat(["5\n"]);
    const unsigned = { signedChunks: false, trailer: true, decodedLength: 5, declaredTrailers: [] };
    for (const [b, o] of [[noCrlf, opts], [bareLf, unsigned], [enc.encode("zz\r\n"), unsigned], [concat([body, "x"]), opts]] as const) {
      const r = decodeAll(b, o);
      assert.ok(!r.ok);
      assert.equal(r.code, "IncompleteBody");
    }
  });
  it("caps the chunk-size line instead of buffering hostile input", () => {
    const d = createChunkDecoder({ signedChunks: false, trailer: true, decodedLength: 1, maxLineBytes: 64 });
    const r = d.push(new Uint8Array(10_000).fill(0x30));
    assert.ok(!r.ok);
    assert.equal(r.code, "IncompleteBody");
    assert.ok(!d.push(enc.encode("\r\n")).ok, "stays failed");
  });
  it("caps the trailer section", () => {
    const body = concat(["0\r\n", "x-amz-checksum-crc32:", "A".repeat(20_000), "\r\n\r\n"]);
    const r = decodeAll(body, { signedChunks: false, trailer: true, decodedLength: 0, declaredTrailers: ["x-amz-checksum-crc32"] });
    assert.ok(!r.ok);
    assert.equal(r.code, "IncompleteBody");
  });
});

describe("aws-chunked with trailers", () => {
  const data = new Uint8Array(9000).fill(7);
  const unsignedBody = (trailerLines: string) => concat(["2328\r\n", data, "\r\n", "0\r\n", trailerLines, "\r\n"]);
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html (trailing checksums)
  it("decodes STREAMING-UNSIGNED-PAYLOAD-TRAILER and returns the declared trailer", () => {
    const r = decodeAll(unsignedBody("x-amz-checksum-crc32:AAAAAA==\r\n"), {
      signedChunks: false,
      trailer: true,
      decodedLength: 9000,
      declaredTrailers: ["x-amz-checksum-crc32"],
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual([...r.trailers], [["x-amz-checksum-crc32", "AAAAAA=="]]);
    assert.equal(r.data.length, 9000);
  });
  it("answers MalformedTrailerError when the trailer differs from x-amz-trailer", () => {
    const r = decodeAll(unsignedBody("x-amz-checksum-crc32c:AAAAAA==\r\n"), {
      signedChunks: false,
      trailer: true,
      decodedLength: 9000,
      declaredTrailers: ["x-amz-checksum-crc32"],
    });
    assert.ok(!r.ok);
    assert.equal(r.code, "MalformedTrailerError");
  });
  it("accepts an unsigned trailer body with no trailer lines when none was declared", () => {
    const r = decodeAll(unsignedBody(""), { signedChunks: false, trailer: true, decodedLength: 9000, declaredTrailers: [] });
    assert.ok(r.ok, JSON.stringify(r));
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
  function signedTrailerBody(trailerValue: string, signedValue = trailerValue): Uint8Array {
    const s1 = signChunk(SIGNING.seedSignature, data);
    const s2 = signChunk(s1, new Uint8Array());
    const trailerHash = sha256Hex(`x-amz-checksum-crc32:${signedValue}\n`);
    const ts = hmacHex(`AWS4-HMAC-SHA256-TRAILER\n${AMZ_DATE}\n${SCOPE}\n${s2}\n${trailerHash}`);
    return concat([
      `2328;chunk-signature=${s1}\r\n`,
      data,
      `\r\n0;chunk-signature=${s2}\r\n`,
      `x-amz-checksum-crc32:${trailerValue}\r\n`,
      `x-amz-trailer-signature:${ts}\r\n`,
      "\r\n",
    ]);
  }
  const signedTrailer: ChunkDecoderOptions = { signedChunks: true, trailer: true, decodedLength: 9000, declaredTrailers: ["x-amz-checksum-crc32"], signing: SIGNING };
  it("verifies the trailer signature of STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", () => {
    const r = decodeAll(signedTrailerBody("sOO8/Q=="), signedTrailer, [5, 100, 9100]);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.trailers.get("x-amz-checksum-crc32"), "sOO8/Q==");
  });
  it("rejects a trailer changed after signing with SignatureDoesNotMatch", () => {
    const r = decodeAll(signedTrailerBody("AAAAAA==", "sOO8/Q=="), signedTrailer);
    assert.ok(!r.ok);
    assert.equal(r.code, "SignatureDoesNotMatch");
  });
});
