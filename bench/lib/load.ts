/**
 * @module bench/lib/load
 * The closed-loop load generator: `concurrency` loops over keep-alive node:http connections, each
 * signing and sending one request at a time and reading the whole response. A warm-up period runs
 * first and is not counted; then the requests completing within a fixed duration are counted. Latency is measured from
 * the first byte written to the last byte read (signing excluded: it is the client's cost).
 */
import { Agent, request } from "node:http";
import { createLatencies, type Latencies } from "./histogram.ts";
import type { SignInput, Signer } from "./signer.ts";

/** @public One scenario's load. `next(n)` describes the n-th request of a loop. */
export interface LoadPlan {
  readonly endpoint: string;
  readonly signer: Signer;
  readonly next: (n: number) => SignInput;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** @public What a run measured. `bytes` counts request bodies sent plus response bodies read. */
export interface LoadResult {
  readonly ops: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly latencies: Latencies;
  readonly errors: number;
  readonly firstError: string | undefined;
}

interface Sent {
  readonly status: number;
  readonly bytes: number;
  readonly body: string | undefined;
}

function send(agent: Agent, url: URL, input: SignInput, headers: Record<string, string>): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const search = new URLSearchParams(input.query ?? {}).toString();
    const req = request({ agent, host: url.hostname, port: url.port, method: input.method, path: input.path + (search ? `?${search}` : ""), headers }, (res) => {
      let bytes = 0;
      const keep: Buffer[] = [];
      const status = res.statusCode ?? 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (status >= 300 && keep.length < 4) keep.push(chunk);
      });
      res.on("end", () => resolve({ status, bytes, body: status >= 300 ? Buffer.concat(keep).toString("utf8").slice(0, 300) : undefined }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(input.body);
  });
}

/** @public Runs one closed-loop scenario and returns its counts and latency percentiles. */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(plan.endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency, maxFreeSockets: plan.concurrency });
  const latencies = createLatencies();
  const start = performance.now();
  const measureFrom = start + plan.warmupMs;
  const stopAt = measureFrom + plan.durationMs;
  let ops = 0;
  let bytes = 0;
  let errors = 0;
  let firstError: string | undefined;
  let counter = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      const input = plan.next(counter++);
      const headers = await plan.signer(input);
      const t0 = process.hrtime.bigint();
      let out: Sent;
      try {
        out = await send(agent, url, input, headers);
      } catch (err) {
        errors += 1;
        firstError ??= String(err);
        continue;
      }
      const t1 = process.hrtime.bigint();
      if (out.status >= 300) {
        errors += 1;
        firstError ??= `${out.status} ${out.body ?? ""}`;
      }
      const ended = performance.now();
      if (ended >= measureFrom && ended <= stopAt) {
        ops += 1;
        bytes += out.bytes + (input.body?.length ?? 0);
        latencies.record(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  agent.destroy();
  return { ops, bytes, seconds: plan.durationMs / 1000, latencies, errors, firstError };
}

/** @public Adds up several runs of the same scenario (counts, time, histograms, errors). */
export function mergeResults(runs: readonly LoadResult[]): LoadResult {
  const latencies = createLatencies();
  for (const r of runs) latencies.add(r.latencies);
  return {
    ops: runs.reduce((n, r) => n + r.ops, 0),
    bytes: runs.reduce((n, r) => n + r.bytes, 0),
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    latencies,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    firstError: runs.find((r) => r.firstError !== undefined)?.firstError,
  };
}

/** @public Sends one request and returns its status and whole body (for setup calls whose answer is needed). */
export function exchange(endpoint: string, signer: Signer, input: SignInput): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  return signer(input).then(
    (headers) =>
      new Promise((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, method: input.method, path: input.path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end(input.body);
      }),
  );
}

/** @public Sends `inputs` with `concurrency` loops, once each, and throws on the first failure (for setup). */
export async function sendAll(endpoint: string, signer: Signer, inputs: readonly SignInput[], concurrency: number): Promise<void> {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let i = 0;
  const loop = async (): Promise<void> => {
    for (let input = inputs[i++]; input !== undefined; input = inputs[i++]) {
      const out = await send(agent, url, input, await signer(input));
      if (out.status >= 300) throw new Error(`${input.method} ${input.path}: ${out.status} ${out.body ?? ""}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  agent.destroy();
}
