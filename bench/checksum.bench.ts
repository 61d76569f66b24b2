/**
 * @module bench/checksum
 * Throughput of the CRC checksums in src/checksum, in MB/s, beside the AWS SDK's JS implementations
 * for reference. Run: `node --import tsx bench/checksum.bench.ts [MiB]` (default 64 MiB).
 */
import { randomBytes } from "node:crypto";
import { Crc32, Crc32cJs, Crc64NvmeJs } from "@aws-sdk/checksums/crc";
import { createChecksum, CRC_ALGORITHMS } from "../src/checksum/checksum.ts";

const mib = Number(process.argv[2] ?? 64);
const data = new Uint8Array(randomBytes(mib * 1024 * 1024));
const CHUNK = 64 * 1024; // a typical socket read

/** Best of five runs after a warm-up: the machine may be shared, the best run is the least disturbed. */
function time(run: () => void): number {
  run();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

const mbps = (s: number) => ((data.length / 1e6) / s).toFixed(0).padStart(6);

for (const algorithm of CRC_ALGORITHMS) {
  const ours = time(() => {
    const h = createChecksum(algorithm);
    for (let i = 0; i < data.length; i += CHUNK) h.update(data.subarray(i, i + CHUNK));
    h.digest();
  });
  const sdk = time(() => {
    const h = algorithm === "CRC32" ? new Crc32() : algorithm === "CRC32C" ? new Crc32cJs() : new Crc64NvmeJs();
    for (let i = 0; i < data.length; i += CHUNK) h.update(data.subarray(i, i + CHUNK));
  });
  console.log(`${algorithm.padEnd(9)} crossbucket ${mbps(ours)} MB/s   aws-sdk ${mbps(sdk)} MB/s`);
}
