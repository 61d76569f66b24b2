/**
 * @module cli/why
 * The client commands `crossbucket why <request-id>` and `crossbucket simulate --as … <action|operation>
 * <resource>`: they call a running server's admin API (`/_crossbucket/decisions/…`, `/_crossbucket/simulate`),
 * signed with the caller's credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
 * `AWS_SESSION_TOKEN`, and print the explanation in plain language (`renderText`) or, with `--json`, as the
 * server sent it.
 */
import { renderText, type Explanation } from "../explain/index.ts";
import { signRequest, type Credentials } from "./sign.ts";

/** @public Thrown for a bad command line; the message is meant for the user. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

/** @public What a command printed and its exit code. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** @public Where the commands read their settings. */
export type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULT_ENDPOINT = "http://127.0.0.1:9000";

export const WHY_USAGE = "usage: crossbucket why <request-id> [--json] [--endpoint http://127.0.0.1:9000] [--region us-east-1]";
export const SIMULATE_USAGE =
  "usage: crossbucket simulate --as <principal ARN | account ID | access key ID | anonymous> <action or operation> [<resource>] [--context key=value]… [--header name=value]… [--version-id ID] [--json] [--endpoint URL | --world FOLDER] [--region REGION]";

interface Common {
  json: boolean;
  endpoint: string;
  region: string;
}

/** Splits `--flag value` / `--flag=value` options from positional arguments. */
function parse(argv: readonly string[], valued: readonly string[], usage: string): { positional: string[]; options: Map<string, string[]>; json: boolean } {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (flag === "--json") {
      if (eq >= 0) throw new CliUsageError(`--json takes no value\n${usage}`);
      json = true;
      continue;
    }
    if (!valued.includes(flag)) throw new CliUsageError(`unknown option ${flag}\n${usage}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new CliUsageError(`${flag} needs a value\n${usage}`);
    options.set(flag, [...(options.get(flag) ?? []), value]);
  }
  return { positional, options, json };
}

function common(options: Map<string, string[]>, json: boolean, env: Environment): Common {
  const endpoint = options.get("--endpoint")?.at(-1) ?? env["AWS_ENDPOINT_URL"] ?? DEFAULT_ENDPOINT;
  try {
    new URL(endpoint);
  } catch {
    throw new CliUsageError(`--endpoint must be a URL, e.g. ${DEFAULT_ENDPOINT}`);
  }
  const region = options.get("--region")?.at(-1) ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? "us-east-1";
  return { json, endpoint, region };
}

/** @public The signing credentials of a client command, from the standard AWS environment variables. */
export function credentialsOf(env: Environment): Credentials {
  const accessKeyId = env["AWS_ACCESS_KEY_ID"];
  const secretAccessKey = env["AWS_SECRET_ACCESS_KEY"];
  if (accessKeyId === undefined || accessKeyId === "" || secretAccessKey === undefined || secretAccessKey === "") {
    throw new CliUsageError("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials) to the credentials of an account of the server's world");
  }
  const token = env["AWS_SESSION_TOKEN"];
  return token !== undefined && token !== "" ? { accessKeyId, secretAccessKey, sessionToken: token } : { accessKeyId, secretAccessKey };
}

/** The server could not be reached or did not answer with JSON. */
class Unreachable extends Error {}

async function call(c: Common, env: Environment, method: "GET" | "POST", path: string, body?: string): Promise<{ status: number; json: unknown } | CommandOutput> {
  try {
    return await request(c, env, method, path, body);
  } catch (e) {
    if (e instanceof Unreachable) return { stdout: "", stderr: `crossbucket: ${e.message}\n`, code: 1 };
    throw e;
  }
}

async function request(c: Common, env: Environment, method: "GET" | "POST", path: string, body?: string): Promise<{ status: number; json: unknown }> {
  const base = new URL(c.endpoint);
  const url = new URL(`${base.pathname.replace(/\/$/, "")}${path}`, base);
  const headers = signRequest({ method, url, ...(body !== undefined ? { headers: { "content-type": "application/json" }, body } : {}) }, credentialsOf(env), c.region, new Date());
  const { host: _host, ...sent } = headers;
  let response: Response;
  try {
    response = await fetch(url, { method, headers: sent, ...(body !== undefined ? { body } : {}) });
  } catch (e) {
    throw new Unreachable(`cannot reach ${c.endpoint}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
  }
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) as unknown };
  } catch {
    throw new Unreachable(`unexpected answer from ${c.endpoint} (HTTP ${response.status}): ${text.slice(0, 200)}`);
  }
}

function failure(status: number, json: unknown): CommandOutput {
  const err = (json as { error?: { code?: string; message?: string } }).error;
  return { stdout: "", stderr: `crossbucket: ${err?.code ?? `HTTP ${status}`}: ${err?.message ?? "request failed"}\n`, code: 1 };
}

/** @public `crossbucket why <request-id>`. */
export async function whyCommand(argv: readonly string[], env: Environment): Promise<CommandOutput> {
  const { positional, options, json } = parse(argv, ["--endpoint", "--region"], WHY_USAGE);
  if (positional.length !== 1) throw new CliUsageError(WHY_USAGE);
  const c = common(options, json, env);
  const id = positional[0] as string;
  const answer = await call(c, env, "GET", `/_crossbucket/decisions/${encodeURIComponent(id)}`);
  if ("code" in answer) return answer;
  const { status, json: body } = answer;
  if (status !== 200) return failure(status, body);
  if (c.json) return { stdout: `${JSON.stringify(body, null, 2)}\n`, stderr: "", code: 0 };
  const decisions = (body as { decisions: Explanation[] }).decisions;
  return { stdout: decisions.map(renderText).join("\n"), stderr: "", code: 0 };
}

/** @public A simulation request as the command line gives it, with the options only a client reads. */
export interface SimulateArgs {
  readonly request: { as: string; operation?: string; action?: string; resource?: string; context?: Record<string, string | string[]>; headers?: Record<string, string>; versionId?: string };
  readonly json: boolean;
  readonly options: ReadonlyMap<string, string[]>;
}

/** @public Parses `simulate`'s command line; `extra` names further valued options (e.g. `--world`). */
export function parseSimulateArgs(argv: readonly string[], extra: readonly string[] = []): SimulateArgs {
  const { positional, options, json } = parse(argv, ["--as", "--context", "--header", "--version-id", "--endpoint", "--region", ...extra], SIMULATE_USAGE);
  const as = options.get("--as")?.at(-1);
  if (as === undefined || positional.length < 1 || positional.length > 2) throw new CliUsageError(SIMULATE_USAGE);
  const what = positional[0] as string;
  const context: Record<string, string | string[]> = {};
  for (const pair of options.get("--context") ?? []) {
    const [k, v] = splitPair(pair, "--context");
    const prev = context[k];
    context[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const headers: Record<string, string> = {};
  for (const pair of options.get("--header") ?? []) {
    const [k, v] = splitPair(pair, "--header");
    headers[k] = v;
  }
  const versionId = options.get("--version-id")?.at(-1);
  const request = {
    as,
    ...(what.includes(":") ? { action: what } : { operation: what }),
    ...(positional[1] !== undefined ? { resource: positional[1] } : {}),
    ...(Object.keys(context).length > 0 ? { context } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(versionId !== undefined ? { versionId } : {}),
  };
  return { request, json, options };
}

/** @public Prints a simulation answer (the admin API's JSON body) as `crossbucket simulate` does. */
export function renderSimulation(body: unknown, json: boolean): CommandOutput {
  if (json) return { stdout: `${JSON.stringify(body, null, 2)}\n`, stderr: "", code: 0 };
  const sim = body as { operation: string; answer: { allowed: boolean; status?: number; code?: string; message?: string }; decisions: Explanation[] };
  if (sim.decisions.length === 0) {
    const a = sim.answer;
    return { stdout: `Simulated ${sim.operation}: ${a.allowed ? "would be allowed" : `would get ${a.status ?? ""} ${a.code ?? ""} "${a.message ?? ""}"`} before any authorization decision\n`, stderr: "", code: 0 };
  }
  return { stdout: sim.decisions.map(renderText).join("\n"), stderr: "", code: 0 };
}

/** @public `crossbucket simulate …`. */
export async function simulateCommand(argv: readonly string[], env: Environment): Promise<CommandOutput> {
  const { request, json, options } = parseSimulateArgs(argv);
  const c = common(new Map(options), json, env);
  const answer = await call(c, env, "POST", "/_crossbucket/simulate", JSON.stringify(request));
  if ("code" in answer) return answer;
  const { status, json: body } = answer;
  if (status !== 200) return failure(status, body);
  return renderSimulation(body, c.json);
}

function splitPair(pair: string, flag: string): [string, string] {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new CliUsageError(`${flag} takes key=value, not ${pair}`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}
