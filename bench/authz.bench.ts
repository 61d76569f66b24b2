/**
 * @module bench/authz
 * Authorization engine benchmark (not a test): decisions/s of `authorize` alone for a cross-account role
 * session GetObject through a 20-statement bucket policy and an object ACL (issue #5 target: ≥ 500k/s on one
 * core), without and with trace. Each row also gives the CPU time per decision (`process.cpuUsage`), steadier than
 * wall time on a shared machine; the first line names the machine and its load average.
 * Run: `node --import tsx bench/authz.bench.ts` (add `--json` for JSON lines).
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { authorize } from "../src/authz/authorize.ts";
import { allow, acl, bucket, bucketPolicy, grantTo, request, session, B, C, W } from "../src/authz/testing/world.ts";
import { machineLine } from "./lib/report.ts";

const json = process.argv.includes("--json");

const statements = Array.from({ length: 20 }, (_, i) => {
  if (i === 13) return { Sid: "RoleRead", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:role/Reader` }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::bkt", "arn:aws:s3:::bkt/*"] };
  if (i === 19) return { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::bkt", "arn:aws:s3:::bkt/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
  const account = String(400000000000 + i);
  return { Sid: `S${i}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:role/R${i}` }, Action: i % 2 === 0 ? "s3:GetObject" : ["s3:PutObject", "s3:GetObject"], Resource: `arn:aws:s3:::bkt/prefix-${i}/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": `o-${i}` } } };
});
const target = bucket({ owner: B, policy: bucketPolicy(...statements), key: "data/file.bin", object: { owner: B, acl: acl(B, grantTo(W, "READ"), grantTo(C, "READ")) } });
const req = request({
  principal: session(C, "Reader", "job-42"),
  op: "GetObject",
  identity: [allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::bkt", "arn:aws:s3:::bkt/*"])],
  target,
  context: { "aws:SecureTransport": "true", "aws:SourceIp": "203.0.113.7" },
});
if (authorize(req).verdict !== "Allow") throw new Error("benchmark request is not allowed");

function measure(name: string, trace: boolean): void {
  const options = trace ? { trace: true } : undefined;
  for (let i = 0; i < 50_000; i++) authorize(req, options);
  const n = trace ? 100_000 : 1_000_000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) authorize(req, options);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const perSecond = Math.round((n / ms) * 1000);
  const cpuNs = Math.round(((cpu.user + cpu.system) * 1000) / n);
  if (json) console.log(JSON.stringify({ bench: name, decisionsPerSecond: perSecond, nsPerDecision: Math.round((ms * 1e6) / n), cpuNsPerDecision: cpuNs }));
  else console.log(`${name.padEnd(48)} ${perSecond.toLocaleString("en-US").padStart(12)} decisions/s  ${((ms * 1e6) / n).toFixed(0).padStart(6)} ns/decision  cpu ${String(cpuNs).padStart(6)} ns/decision`);
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(" ");
if (json) console.log(JSON.stringify({ machine: machineLine(), loadavg: load() }));
else console.log(`${machineLine()}; load average ${load()}`);

measure("cross-account role GET, 20-stmt policy + ACL", false);
measure("same, with trace", true);
