/**
 * @module bench/lib/report
 * Turns load results into result rows, and prints them as a table (default) or as one JSON object
 * per line (`--json`), the form to compare run to run.
 */
import { cpus, totalmem } from "node:os";
import type { LoadResult } from "./load.ts";

/** @public One printed result: crossbucket's figures, and the bare baseline's where there is one. */
export interface ResultRow {
  readonly name: string;
  readonly opsPerSec: number;
  readonly mbPerSec: number;
  readonly p50ms: number;
  readonly p99ms: number;
  readonly baselineOpsPerSec: number | null;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** @public Builds a {@link ResultRow}; throws if either run saw errors (a benchmark of failures means nothing). */
export function toRow(name: string, ours: LoadResult, baseline: LoadResult | undefined): ResultRow & { baselineP50ms: number | null; baselineP99ms: number | null } {
  for (const [who, r] of [["crossbucket", ours], ["baseline", baseline]] as const) {
    if (r !== undefined && r.errors > 0) throw new Error(`${name} (${who}): ${r.errors} failed requests, first: ${r.firstError ?? "?"}`);
  }
  return {
    name,
    opsPerSec: round(ours.ops / ours.seconds, 1),
    mbPerSec: round(ours.bytes / ours.seconds / 1e6, 2),
    p50ms: round(ours.latencies.percentileMs(50), 3),
    p99ms: round(ours.latencies.percentileMs(99), 3),
    baselineOpsPerSec: baseline === undefined ? null : round(baseline.ops / baseline.seconds, 1),
    baselineP50ms: baseline === undefined ? null : round(baseline.latencies.percentileMs(50), 3),
    baselineP99ms: baseline === undefined ? null : round(baseline.latencies.percentileMs(99), 3),
  };
}

/** @public The machine line printed above a table: CPUs, model, memory, node version. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} CPU (${cpu[0]?.model ?? "unknown"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${process.platform}`;
}

/** @public Prints a row: JSON (the {@link ResultRow} fields only) or a table line. */
export function printRow(row: ReturnType<typeof toRow>, json: boolean): void {
  if (json) {
    const { name, opsPerSec, mbPerSec, p50ms, p99ms, baselineOpsPerSec } = row;
    console.log(JSON.stringify({ name, opsPerSec, mbPerSec, p50ms, p99ms, baselineOpsPerSec }));
    return;
  }
  const ratio = row.baselineOpsPerSec === null ? "" : `${((row.opsPerSec / row.baselineOpsPerSec) * 100).toFixed(0)}%`;
  const base = row.baselineOpsPerSec === null ? "—" : `${row.baselineOpsPerSec.toFixed(0)} ops/s, p50 ${String(row.baselineP50ms)} p99 ${String(row.baselineP99ms)} ms`;
  console.log(`| ${row.name} | ${row.opsPerSec.toFixed(0)} | ${row.mbPerSec.toFixed(1)} | ${row.p50ms.toFixed(2)} | ${row.p99ms.toFixed(2)} | ${base} | ${ratio} |`);
}

/** @public The table header matching {@link printRow}. */
export function printHeader(): void {
  console.log("| scenario | ops/s | MB/s | p50 ms | p99 ms | bare baseline | vs baseline |");
  console.log("| --- | ---: | ---: | ---: | ---: | --- | ---: |");
}
