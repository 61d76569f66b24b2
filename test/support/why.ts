/**
 * @module test/support/why
 * Helpers for asserting `crossbucket why` and `crossbucket simulate` (issue #6) from the outside: the real
 * command (`src/server/main.ts` under tsx) run as a child process signed as any actor (root, IAM user or STS
 * session), its `--json` output parsed, the request ID of a failed `aws` CLI call read from its `--debug`
 * output, and assertions shared by the seed scenarios (test/scenarios/*.test.ts).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Explanation, LayerExplanation, LayerName, LayerStatus } from "../../src/explain/index.ts";
import { clientEnv, type RunResult } from "./cli.ts";
import { cliEnvOf, type Actor } from "./scenario.ts";
import type { TestServer } from "./server.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What one `crossbucket` command printed. */
export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `crossbucket <args> --endpoint <server>` signed as `actor`. */
export function crossbucketAs(server: TestServer, actor: Actor, args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/server/main.ts", ...args, "--endpoint", server.endpoint],
      { cwd: ROOT, env: clientEnv(actor.account, cliEnvOf(actor)), timeout: 60_000, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") return reject(error);
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

async function ok(server: TestServer, actor: Actor, args: readonly string[]): Promise<string> {
  const r = await crossbucketAs(server, actor, args);
  if (r.code !== 0) assert.fail(`crossbucket ${args.join(" ")} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

/** `crossbucket why <id> --json`: the decisions of the request. */
export async function whyJson(server: TestServer, actor: Actor, requestId: string): Promise<Explanation[]> {
  const body = JSON.parse(await ok(server, actor, ["why", requestId, "--json"])) as { requestId: string; decisions: Explanation[] };
  assert.equal(body.requestId, requestId);
  return body.decisions;
}

/** `crossbucket why <id>`: the plain-language form, with line breaks of wrapped paragraphs joined. */
export async function whyText(server: TestServer, actor: Actor, requestId: string): Promise<string> {
  return unwrap(await ok(server, actor, ["why", requestId]));
}

/** What `crossbucket simulate --json` prints. */
export interface SimulationOutput {
  readonly simulated: true;
  readonly operation: string;
  readonly answer: Explanation["answer"];
  readonly decisions: Explanation[];
}

/** `crossbucket simulate --as <as> <what> <resource> [extra…] --json`. */
export async function simulateJson(server: TestServer, actor: Actor, as: string, what: string, resource: string, extra: readonly string[] = []): Promise<SimulationOutput> {
  const out = JSON.parse(await ok(server, actor, ["simulate", "--as", as, what, resource, ...extra, "--json"])) as SimulationOutput;
  assert.equal(out.simulated, true);
  return out;
}

/** `crossbucket simulate --as <as> <what> <resource> [extra…]`: the plain-language form, unwrapped. */
export async function simulateText(server: TestServer, actor: Actor, as: string, what: string, resource: string, extra: readonly string[] = []): Promise<string> {
  return unwrap(await ok(server, actor, ["simulate", "--as", as, what, resource, ...extra]));
}

/** Joins the continuation lines of wrapped remedies ("  - …\n    …") so that phrases can be matched whole. */
export function unwrap(text: string): string {
  return text
    .split(/(?=^Remed(?:y|ies)$)/m)
    .map((part) => (/^Remed(?:y|ies)\n/.test(part) ? part.replace(/\n {4}(?=\S)/g, " ") : part))
    .join("");
}

/** The request ID of an `aws … --debug` call, from the response headers botocore logs. */
export function cliRequestId(r: RunResult): string {
  const ids = [...r.stderr.matchAll(/'x-amz-request-id': '([^']+)'/g)].map((m) => m[1] as string);
  assert.ok(ids.length > 0, `no x-amz-request-id in the --debug output (was --debug passed?)\n${r.stderr.slice(-2000)}`);
  return ids[ids.length - 1] as string;
}

/** The request ID of a failed SDK call. */
export async function sdkRequestId(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const id = (e as { $metadata?: { requestId?: string } }).$metadata?.requestId;
    assert.ok(id !== undefined && id !== "", `the error carries no request ID: ${String(e)}`);
    return id;
  }
  assert.fail("expected the request to fail");
}

/** The layers of the explanation's first evaluated check (or check `index`), as `[layer, status]` in order. */
export function layerStatuses(e: Explanation, index = 0): [LayerName, LayerStatus][] {
  return (e.checks[index]?.layers ?? []).map((l) => [l.layer, l.status]);
}

/** One layer of check `index`. */
export function layerOf(e: Explanation, name: LayerName, index = 0): LayerExplanation {
  const l = e.checks[index]?.layers.find((x) => x.layer === name);
  assert.ok(l !== undefined, `no ${name} layer in check ${index}`);
  return l;
}

/** The layers blamed for the denial. */
export function decisiveLayers(e: Explanation, index = 0): LayerName[] {
  return (e.checks[index]?.layers ?? []).filter((l) => l.decisive === true).map((l) => l.layer);
}

/**
 * Asserts that a simulation of the same request reached the same decision as the recorded one: answer, verdict,
 * blocking layer, required actions and remedies (by id and text), and the same layer results in the same order.
 */
export function assertSameDecision(simulated: Explanation, live: Explanation): void {
  assert.equal(simulated.simulated, true);
  assert.equal(live.simulated, false);
  assert.equal(simulated.operation, live.operation);
  assert.equal(simulated.verdict, live.verdict);
  assert.deepEqual(simulated.blockedBy, live.blockedBy);
  assert.deepEqual(simulated.required, live.required);
  assert.deepEqual({ ...simulated.answer }, { ...live.answer });
  assert.deepEqual(simulated.remedies, live.remedies);
  assert.deepEqual(
    simulated.checks.map((c) => c.layers.map((l) => [l.layer, l.status, l.decisive === true])),
    live.checks.map((c) => c.layers.map((l) => [l.layer, l.status, l.decisive === true])),
  );
}
