/**
 * @module bench/lib/cpuTime
 * CPU time (user + system) a process has used so far, read from `/proc/<pid>/stat` on Linux. On a
 * shared machine throughput swings with other work; CPU time per request swings much less.
 */
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** @public Milliseconds of CPU used by `pid` so far, or NaN where `/proc` is not available. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
