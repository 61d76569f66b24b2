/**
 * @module bench/lib/histogram
 * Latency statistics from node's HDR histogram (`perf_hooks.createHistogram`), in milliseconds.
 */
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";

/** @public A latency histogram recording nanoseconds and reporting milliseconds. */
export interface Latencies {
  record(ns: bigint): void;
  percentileMs(p: number): number;
  /** Adds another histogram's recordings to this one. */
  add(other: Latencies): void;
  readonly count: number;
  readonly raw: RecordableHistogram;
}

/** @public Creates an empty {@link Latencies} (1 ns to about 1 hour, 3 significant digits). */
export function createLatencies(): Latencies {
  const h: RecordableHistogram = createHistogram({ lowest: 1, highest: 3_600_000_000_000, figures: 3 });
  return {
    record: (ns) => h.record(ns > 0n ? ns : 1n),
    percentileMs: (p) => h.percentile(p) / 1e6,
    add: (other) => h.add(other.raw),
    raw: h,
    get count() {
      return h.count;
    },
  };
}
