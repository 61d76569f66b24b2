import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { Crc32, Crc32cJs, Crc64NvmeJs } from "@aws-sdk/checksums/crc";
import { createChecksum, combineDigests, crc32Combine, crc32cCombine, crc64nvmeCombine, CRC_ALGORITHMS } from "./checksum.ts";
import type { CrcAlgorithm } from "./checksum.ts";
import { crc32, crc32c } from "./crc32.ts";
import { crc64nvmeUpdate, crc64ToBigInt } from "./crc64nvme.ts";
import { fromBase64, toBase64 } from "./base64.ts";

const ascii = (s: string) => new TextEncoder().encode(s);
const CHECK = ascii("123456789");

async function sdkDigest(algorithm: CrcAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  const h = algorithm === "CRC32" ? new Crc32() : algorithm === "CRC32C" ? new Crc32cJs() : new Crc64NvmeJs();
  h.update(data);
  return h.digest();
}

describe("CRC check values", () => {
  // Catalogue of parametrised CRC algorithms (reveng): check = CRC of ASCII "123456789".
  // https://reveng.sourceforge.io/crc-catalogue/all.htm
  it("computes CRC-32/ISO-HDLC check value 0xcbf43926", () => {
    assert.equal(crc32.update(0, CHECK), 0xcbf43926);
  });
  it("computes CRC-32/ISCSI (CRC32C) check value 0xe3069283", () => {
    assert.equal(crc32c.update(0, CHECK), 0xe3069283);
  });
  it("computes CRC-64/NVME check value 0xae8b14860a799888", () => {
    assert.equal(crc64ToBigInt(crc64nvmeUpdate({ hi: 0, lo: 0 }, CHECK)), 0xae8b14860a799888n);
  });
  it("gives the empty input a CRC of zero for every algorithm", () => {
    for (const a of CRC_ALGORITHMS) assert.ok(createChecksum(a).digest().every((b) => b === 0));
  });
  it("writes digests big-endian in base64, as x-amz-checksum-crc32 does", () => {
    assert.equal(createChecksum("CRC32").update(CHECK).digestBase64(), toBase64(new Uint8Array([0xcb, 0xf4, 0x39, 0x26])));
  });
});

describe("agreement with the AWS SDK's implementations", () => {
  for (const algorithm of CRC_ALGORITHMS) {
    it(`matches the SDK's ${algorithm} on random data split at random points`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 4 }), async (data, cuts) => {
          const h = createChecksum(algorithm);
          const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((x, y) => x - y);
          let prev = 0;
          for (const p of [...points, data.length]) {
            h.update(data.subarray(prev, p));
            prev = p;
          }
          assert.deepEqual(h.digest(), await sdkDigest(algorithm, data));
        }),
        { numRuns: 150 },
      );
    });
  }
  it("matches the SDK on a 1 MiB buffer (exercises the slicing-by-8 path)", async () => {
    const data = new Uint8Array(randomBytes(1 << 20));
    for (const a of CRC_ALGORITHMS) assert.deepEqual(createChecksum(a).update(data).digest(), await sdkDigest(a, data));
  });
});

describe("combine", () => {
  it("combines CRC-32 of two halves into the CRC of the whole", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.uint8Array({ maxLength: 500 }), (a, b) => {
        const whole = new Uint8Array([...a, ...b]);
        assert.equal(crc32Combine(crc32.update(0, a), crc32.update(0, b), b.length), crc32.update(0, whole));
        assert.equal(crc32cCombine(crc32c.update(0, a), crc32c.update(0, b), b.length), crc32c.update(0, whole));
        const z = { hi: 0, lo: 0 };
        assert.equal(
          crc64nvmeCombine(crc64ToBigInt(crc64nvmeUpdate(z, a)), crc64ToBigInt(crc64nvmeUpdate(z, b)), b.length),
          crc64ToBigInt(crc64nvmeUpdate(z, whole)),
        );
      }),
      { numRuns: 200 },
    );
  });
  it("combines digests of many parts, as a multipart full-object checksum needs", () => {
    const parts = [randomBytes(5000), randomBytes(1), randomBytes(0), randomBytes(70000)].map((b) => new Uint8Array(b));
    for (const a of CRC_ALGORITHMS) {
      let acc = createChecksum(a).digest();
      for (const p of parts) acc = combineDigests(a, acc, createChecksum(a).update(p).digest(), p.length);
      const whole = createChecksum(a);
      for (const p of parts) whole.update(p);
      assert.deepEqual(acc, whole.digest());
    }
  });
  it("combines with a length beyond 2^32 without losing precision (zeros appended)", () => {
    // crc(A ++ zeros(n)) computed two ways for a small n, then a large n must not throw.
    const a = ascii("abc");
    const zeros = new Uint8Array(1000);
    assert.equal(crc32Combine(crc32.update(0, a), crc32.update(0, zeros), 1000), crc32.update(0, new Uint8Array([...a, ...zeros])));
    assert.equal(typeof crc32Combine(1, 2, 5 * 2 ** 40), "number");
  });
  it("rejects digests of the wrong size", () => {
    assert.throws(() => combineDigests("CRC32", new Uint8Array(8), new Uint8Array(4), 1), RangeError);
  });
});

describe("base64", () => {
  it("round-trips arbitrary bytes and agrees with Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const text = toBase64(b);
        assert.equal(text, Buffer.from(b).toString("base64"));
        assert.deepEqual(fromBase64(text), b);
      }),
    );
  });
  it("rejects non-canonical base64 (bad length, stray characters, dirty padding bits)", () => {
    for (const bad of ["abc", "ab!=", "AB==", "=AAA", "A===", "AAA=AAAA"]) assert.equal(fromBase64(bad), undefined, bad);
  });
});
