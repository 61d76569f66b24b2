/**
 * @module bench/policy
 * Policy-language benchmark (not a test): decisions/s and p50/p99 latency, with and without trace, for
 * (a) a typical request against 3 identity policies of 5 statements with 2 conditions and a variable, and
 * (b) a bucket policy of 1,000 statements naming 1,000 different principals.
 * Each row also gives the CPU time per decision (user + system, `process.cpuUsage`), which varies far less
 * than wall time on a shared machine. The first line names the machine and its load average.
 * Run: `npm run bench:policy` (add `-- --json` for one JSON object per line).
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { Principal } from "../src/kernel/principal.ts";
import { ContextKeys, compilePolicy, evaluatePolicies, evaluatePolicy, parsePolicy } from "../src/policy/index.ts";
import type { CompiledPolicy, PolicyKind, PolicyRequest } from "../src/policy/index.ts";
import { machineLine } from "./lib/report.ts";

const json = process.argv.includes("--json");
const A = "111122223333";

function compile(doc: unknown, kind: PolicyKind, id: string): CompiledPolicy {
  const r = parsePolicy(JSON.stringify(doc), kind);
  if (r.policy === undefined) throw new Error(`${id}: ${JSON.stringify(r.errors)}`);
  return compilePolicy(r.policy, id);
}

function identityPolicy(n: number): unknown {
  const actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetObjectTagging"];
  return {
    Version: "2012-10-17",
    Statement: actions.map((action, i) => ({
      Sid: `S${n}x${i}`,
      Effect: i === 4 ? "Deny" : "Allow",
      Action: action,
      Resource: `arn:aws:s3:::bucket-${n}/home/\${aws:username}/*`,
      Condition: {
        IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"] },
        Bool: { "aws:SecureTransport": "true" },
      },
    })),
  };
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(" ");

interface Row {
  readonly name: string;
  readonly decisionsPerSec: number;
  readonly p50us: number;
  readonly p99us: number;
  readonly cpuUs: number;
  readonly trace: boolean;
}

function measure(name: string, trace: boolean, run: () => unknown, batch: number): Row {
  for (let i = 0; i < 20_000; i++) run(); // warm up
  const samples: number[] = [];
  let count = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < 1500) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) run();
    samples.push((performance.now() - t0) / batch);
    count += batch;
  }
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  samples.sort((a, b) => a - b);
  const q = (p: number): number => Math.round((samples[Math.floor(p * (samples.length - 1))] ?? 0) * 1000 * 1000) / 1000;
  const cpuUs = Math.round(((cpu.user + cpu.system) / count) * 1000) / 1000;
  const row: Row = { name, decisionsPerSec: Math.round((count / elapsed) * 1000), p50us: q(0.5), p99us: q(0.99), cpuUs, trace };
  if (json) console.log(JSON.stringify(row));
  else console.log(`${name.padEnd(34)} trace=${String(trace).padEnd(5)} ${String(row.decisionsPerSec).padStart(10)} decisions/s  p50 ${row.p50us} µs  p99 ${row.p99us} µs  cpu ${row.cpuUs} µs/decision`);
  return row;
}

/** What the trace adds to a decision, at the median. */
function traceCost(plain: Row, traced: Row): void {
  const extra = Math.round((traced.p50us - plain.p50us) * 1000) / 1000;
  if (json) console.log(JSON.stringify({ name: plain.name, traceExtraP50us: extra }));
  else console.log(`${plain.name.padEnd(34)} trace adds ${extra} µs at p50`);
}

if (json) console.log(JSON.stringify({ machine: machineLine(), loadavg: load() }));
else console.log(`${machineLine()}; load average ${load()}`);

// (a) typical request, 3 policies × 5 statements × 2 conditions + a variable
const policies = [1, 2, 3].map((n) => compile(identityPolicy(n), "identity", `p${n}`));
const bob: Principal = { kind: "user", accountId: A, arn: `arn:aws:iam::${A}:user/bob`, username: "bob", userId: "AIDAEXAMPLE000000001" };
const context = ContextKeys.of({ "aws:SourceIp": "10.1.2.3", "aws:SecureTransport": "true" });
const typical: PolicyRequest = { principal: bob, action: "s3:GetObject", resource: "arn:aws:s3:::bucket-2/home/bob/file.txt", context };
if (evaluatePolicies(policies, typical).effect !== "Allow") throw new Error("benchmark (a) setup does not allow");
const aPlain = measure("a: 3 policies x 5 statements", false, () => evaluatePolicies(policies, typical), 200);
traceCost(aPlain, measure("a: 3 policies x 5 statements", true, () => evaluatePolicies(policies, typical, { trace: true }), 50));

// (b) bucket policy with 1,000 statements naming 1,000 different principals
const big = compile({
  Version: "2012-10-17",
  Statement: Array.from({ length: 1000 }, (_, i) => ({
    Sid: `U${i}`,
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${String(100000000000 + i)}:user/u${i}` },
    Action: ["s3:GetObject", "s3:PutObject"],
    Resource: "arn:aws:s3:::big-bucket/*",
  })),
}, "bucket", "big");
const who: Principal = { kind: "user", accountId: "100000000777", arn: "arn:aws:iam::100000000777:user/u777", username: "u777" };
const bigReq: PolicyRequest = { principal: who, action: "s3:GetObject", resource: "arn:aws:s3:::big-bucket/k", context: new ContextKeys() };
if (evaluatePolicy(big, bigReq).effect !== "Allow") throw new Error("benchmark (b) setup does not allow");
const bPlain = measure("b: 1,000 statements / principals", false, () => evaluatePolicy(big, bigReq), 200);
traceCost(bPlain, measure("b: 1,000 statements / principals", true, () => evaluatePolicy(big, bigReq, { trace: true }), 50));
if (!json) console.log(`load average ${load()}`);
