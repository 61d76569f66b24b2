/**
 * @module bench/s3.bench
 * `npm run bench`: the S3 data-plane benchmark. Starts crossbucket (`startServer`, own process, temp
 * data folder) and a bare node:http baseline (own process, same disk), then drives both from this
 * process with the same SigV4-signed closed-loop load (concurrency 32, warm-up, fixed duration):
 * PUT 4 KiB, GET 4 KiB, GET 1 MiB as the bucket owner's root user, and the authorized GET 4 KiB of issue #5:
 * a cross-account role session through a 20-statement bucket policy and an object ACL
 * (`bench/lib/authzWorld.ts`; crossbucket runs with that world file). Then restarts crossbucket on a cached data folder with buckets of
 * 10k, 100k and 1M objects and measures a ListObjectsV2 page of 1,000 from a random start.
 *
 * Options: `--json` (one JSON object per line), `--duration=<s>` per scenario and server (default
 * 6), `--rounds=<n>` (alternating rounds the duration is split into, default 2), `--warmup=<s>` per
 * round (default 1), `--concurrency=<n>` (default 32), `--only=<substring>` (scenarios whose name contains
 * it), `--cpu-prof` (crossbucket runs under `node --cpu-prof`, profiles in `.tmp/prof/`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_WORLD, type WorldAccount } from "../src/identity/world.ts";
import { startChild, type ChildServer } from "./lib/child.ts";
import { cpuMs } from "./lib/cpuTime.ts";
import { ensureListingData, LISTING_BUCKETS, listingKey } from "./lib/listingData.ts";
import { exchange, mergeResults, runLoad, sendAll, type LoadResult } from "./lib/load.ts";
import { machineLine, printHeader, printRow, toRow } from "./lib/report.ts";
import { createSigner, type SignInput, type SigningCredentials } from "./lib/signer.ts";
import { AUTHZ_BUCKET, authzWorld, JOB_USER_KEYS, objectAclHeaders, READER_ROLE_ARN } from "./lib/authzWorld.ts";

const { values: opts } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    duration: { type: "string", default: "6" },
    warmup: { type: "string", default: "1" },
    concurrency: { type: "string", default: "32" },
    rounds: { type: "string", default: "2" },
    only: { type: "string", default: "" },
    "cpu-prof": { type: "boolean", default: false },
  },
});
const json = opts.json;
const durationMs = Number(opts.duration) * 1000;
const warmupMs = Number(opts.warmup) * 1000;
const concurrency = Number(opts.concurrency);
const rounds = Math.max(1, Number(opts.rounds));
const selected = (name: string): boolean => name.includes(opts.only);
const note = (line: string): void => {
  if (!json) console.log(line);
  else console.error(line);
};

const CACHE = join(process.cwd(), ".tmp");
const ALPHA = DEFAULT_WORLD.accounts[0] as WorldAccount;
const BUCKET = "bench";
const SMALL = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
const LARGE = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) % 251);
const SMALL_KEYS = 256;
const LARGE_KEYS = 32;
const crossbucketNodeArgs = opts["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${join(CACHE, "prof")}`] : [];

type Caller = WorldAccount | SigningCredentials;

/** Runs one load against `server`, adding the server process's CPU time to `cpu` (warm-up included, so divided by all requests). */
async function measure(server: ChildServer, next: (n: number) => SignInput, c = concurrency, ms = durationMs, cpu?: { ms: number; requests: number }, as: Caller = ALPHA): Promise<LoadResult> {
  let requests = 0;
  const counted = (n: number): SignInput => {
    requests += 1;
    return next(n);
  };
  const before = cpuMs(server.pid);
  const result = await runLoad({ endpoint: server.endpoint, signer: createSigner(server.endpoint, as), next: counted, concurrency: c, warmupMs, durationMs: ms });
  if (cpu !== undefined) {
    cpu.ms += cpuMs(server.pid) - before;
    cpu.requests += requests;
  }
  return result;
}

/**
 * Measures crossbucket and the baseline in alternating rounds (A B, B A, …), each round a share of
 * the duration, so that a change in the machine's load during the run hits both alike.
 */
async function compare(ours: ChildServer, bare: ChildServer, next: (n: number) => SignInput, as: Caller): Promise<[LoadResult, LoadResult]> {
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  const cpuA = { ms: 0, requests: 0 };
  const cpuB = { ms: 0, requests: 0 };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ([[ours, a, cpuA], [bare, b, cpuB]] as const) : ([[bare, b, cpuB], [ours, a, cpuA]] as const);
    for (const [server, into, cpu] of order) into.push(await measure(server, next, concurrency, durationMs / rounds, cpu, as));
  }
  note(`  server CPU per request: crossbucket ${(cpuA.ms / cpuA.requests).toFixed(3)} ms, baseline ${(cpuB.ms / cpuB.requests).toFixed(3)} ms`);
  return [mergeResults(a), mergeResults(b)];
}

function seedObjects(): SignInput[] {
  const inputs: SignInput[] = [];
  for (let i = 0; i < SMALL_KEYS; i++) inputs.push({ method: "PUT", path: `/${BUCKET}/g4k/${i}`, body: SMALL });
  for (let i = 0; i < LARGE_KEYS; i++) inputs.push({ method: "PUT", path: `/${BUCKET}/g1m/${i}`, body: LARGE });
  // Written by the bucket owner with an ACL granting bravo READ (the baseline ignores the headers).
  for (let i = 0; i < SMALL_KEYS; i++) inputs.push({ method: "PUT", path: `/${AUTHZ_BUCKET}/data/${i}`, headers: objectAclHeaders(), body: SMALL });
  return inputs;
}

/** A session of bravo's `Reader` role (STS AssumeRole as bravo's user `job`). */
async function readerSession(endpoint: string): Promise<SigningCredentials> {
  const form = new URLSearchParams({ Action: "AssumeRole", Version: "2011-06-15", RoleArn: READER_ROLE_ARN, RoleSessionName: "bench", DurationSeconds: "3600" }).toString();
  const out = await exchange(endpoint, createSigner(endpoint, JOB_USER_KEYS, "sts"), {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: Buffer.from(form),
  });
  const field = (name: string): string => {
    const m = new RegExp(`<${name}>([^<]+)</${name}>`).exec(out.body);
    if (out.status !== 200 || m?.[1] === undefined) throw new Error(`AssumeRole failed: ${out.status} ${out.body.slice(0, 300)}`);
    return m[1];
  };
  return { accessKeyId: field("AccessKeyId"), secretAccessKey: field("SecretAccessKey"), sessionToken: field("SessionToken") };
}

interface DataPlaneScenario {
  readonly name: string;
  readonly next: (n: number) => SignInput;
  /** Who sends the load; the bucket owner's root user unless a role session is named. */
  readonly as?: "reader-session";
}

const DATA_PLANE: readonly DataPlaneScenario[] = [
  { name: "PUT 4 KiB", next: (n) => ({ method: "PUT", path: `/${BUCKET}/p4k/${n}`, body: SMALL }) },
  { name: "GET 4 KiB", next: (n) => ({ method: "GET", path: `/${BUCKET}/g4k/${n % SMALL_KEYS}` }) },
  {
    name: "GET 4 KiB, cross-account role session, 20-statement bucket policy, object ACL",
    next: (n) => ({ method: "GET", path: `/${AUTHZ_BUCKET}/data/${n % SMALL_KEYS}` }),
    as: "reader-session",
  },
  { name: "GET 1 MiB", next: (n) => ({ method: "GET", path: `/${BUCKET}/g1m/${n % LARGE_KEYS}` }) },
];

async function dataPlane(): Promise<void> {
  const scenarios = DATA_PLANE.filter((s) => selected(s.name));
  if (scenarios.length === 0) return;
  mkdirSync(CACHE, { recursive: true });
  const run = mkdtempSync(join(CACHE, "s3-bench-run-"));
  mkdirSync(join(run, "baseline"));
  const worldFile = join(run, "world.json");
  writeFileSync(worldFile, JSON.stringify(authzWorld()));
  const ours = await startChild("serveCrossbucket.ts", [join(run, "crossbucket"), worldFile], crossbucketNodeArgs);
  const bare = await startChild("serveBaseline.ts", [join(run, "baseline")]);
  try {
    await sendAll(ours.endpoint, createSigner(ours.endpoint, ALPHA), [{ method: "PUT", path: `/${BUCKET}` }], 1);
    for (const server of [ours, bare]) await sendAll(server.endpoint, createSigner(server.endpoint, ALPHA), seedObjects(), concurrency);
    const reader = scenarios.some((s) => s.as === "reader-session") ? await readerSession(ours.endpoint) : undefined;
    for (const s of scenarios) {
      const [a, b] = await compare(ours, bare, s.next, s.as === "reader-session" && reader !== undefined ? reader : ALPHA);
      printRow(toRow(s.name, a, b), json);
    }
  } finally {
    await ours.stop();
    await bare.stop();
    rmSync(run, { recursive: true, force: true });
  }
}

function listPage(bucket: string, objects: number): (n: number) => SignInput {
  let seed = 12345;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const start = seed % (objects - 1000);
    return { method: "GET", path: `/${bucket}`, query: { "list-type": "2", "max-keys": "1000", "start-after": listingKey(start) } };
  };
}

async function listing(): Promise<void> {
  const buckets = LISTING_BUCKETS.filter((b) => selected(`ListObjectsV2 1000 of ${b.name}`));
  if (buckets.length === 0) return;
  const dir = ensureListingData(CACHE, note);
  const ours = await startChild("serveCrossbucket.ts", [dir], crossbucketNodeArgs);
  try {
    for (const b of buckets) printRow(toRow(`ListObjectsV2 1000 of ${b.name}`, await measure(ours, listPage(b.name, b.objects)), undefined), json);
    for (const b of buckets) printRow(toRow(`ListObjectsV2 1000 of ${b.name}, concurrency 1`, await measure(ours, listPage(b.name, b.objects), 1), undefined), json);
  } finally {
    await ours.stop();
  }
}

if (!json) {
  console.log(`crossbucket S3 data plane: ${machineLine()}`);
  console.log(`concurrency ${concurrency}, warm-up ${warmupMs / 1000} s, ${durationMs / 1000} s per scenario and server in ${rounds} alternating rounds\n`);
  printHeader();
}
await dataPlane();
await listing();
