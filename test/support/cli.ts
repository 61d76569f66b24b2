/**
 * @module test/support/cli
 * Runs the real `aws` CLI (v1) and python scripts using boto3 as child processes against a test
 * server, with a clean environment: the account's root keys, region us-east-1, no config or
 * credentials files, no instance metadata, and no other AWS_* variable inherited from the parent.
 *
 * A missing `aws` binary or a python without boto3 is an error, never a skip: these suites are
 * part of the compatibility contract (test/e2e/cli-*.test.ts, test/e2e/boto3-*.test.ts).
 */
import { execFile, execFileSync } from "node:child_process";
import { after, before } from "node:test";
import { lookup } from "node:dns/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { WorldAccount } from "../../src/identity/world.ts";
import { startTestServer, type TestServer } from "./server.ts";

/** What one child process did. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON; throws with the process output when it is not JSON. */
  json<T = unknown>(): T;
}

/** Extra settings for one run. */
export interface RunOptions {
  /** Working directory of the child. */
  readonly cwd?: string;
  /** Environment entries added after the clean AWS_* set (e.g. AWS_CONFIG_FILE for a test config). */
  readonly env?: Readonly<Record<string, string>>;
  /** Endpoint given to the CLI as --endpoint-url; the server's path-style endpoint by default. */
  readonly endpoint?: string;
  /** Kill the child after this many milliseconds (default 60 s). */
  readonly timeoutMs?: number;
}

/** The part of a test server the helpers need. */
export interface Endpoint {
  readonly endpoint: string;
}

/**
 * Resolves a command to a real executable, bypassing pyenv shims (a shim costs ~1.5 s per call,
 * which matters when a suite makes dozens of calls). Falls back to the bare name.
 */
function resolveExecutable(name: string): string {
  try {
    const path = execFileSync("pyenv", ["which", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (path !== "") return path;
  } catch {
    // no pyenv: use PATH
  }
  return name;
}

const resolved = new Map<string, string>();
function executable(name: string): string {
  let path = resolved.get(name);
  if (path === undefined) {
    path = resolveExecutable(name);
    resolved.set(name, path);
  }
  return path;
}

/** The parent environment without any AWS_* entry (profiles, endpoints, keys of the developer). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("AWS_")) env[k] = v;
  }
  return env;
}

/** The environment of a child that acts as `account`. */
export function clientEnv(account: WorldAccount, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    ...baseEnv(),
    AWS_ACCESS_KEY_ID: account.root.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.root.secretAccessKey,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    PYTHONUNBUFFERED: "1",
    ...extra,
  };
}

function run(file: string, args: readonly string[], env: Record<string, string>, options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          const hint = error.code === "ENOENT" ? ` — '${file}' is not installed or not on PATH; the CLI/boto3 suites require it` : "";
          reject(new Error(`could not run ${file} ${args.join(" ")}: ${error.message}${hint}\n${stderr}`));
          return;
        }
        const code = error === null ? 0 : Number(error.code);
        resolve({
          code,
          stdout,
          stderr,
          json<T>(): T {
            try {
              return JSON.parse(stdout) as T;
            } catch {
              throw new Error(`expected JSON from ${file} ${args.join(" ")} (exit ${code})\nstdout: ${stdout}\nstderr: ${stderr}`);
            }
          },
        });
      },
    );
  });
}

/**
 * Runs `aws <args> --endpoint-url <server>` as `account` (v1 ignores AWS_ENDPOINT_URL, so the
 * endpoint is always passed on the command line).
 */
export function aws(server: Endpoint, account: WorldAccount, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return run(executable("aws"), [...args, "--endpoint-url", options.endpoint ?? server.endpoint], clientEnv(account, options.env), options);
}

/** Runs `aws` and fails the test with its output unless it exits 0. */
export async function awsOk(server: Endpoint, account: WorldAccount, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const r = await aws(server, account, args, options);
  if (r.code !== 0) throw new Error(`aws ${args.join(" ")} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** Runs `python3 <script> <args>` as `account`; the script reads the endpoint from CROSSBUCKET_ENDPOINT. */
export function python(server: Endpoint, account: WorldAccount, script: string, args: readonly string[] = [], options: RunOptions = {}): Promise<RunResult> {
  return run(executable("python3"), [script, ...args], clientEnv(account, { CROSSBUCKET_ENDPOINT: server.endpoint, ...options.env }), options);
}

/**
 * Fails loudly when the `aws` CLI is missing or is not v1 (the suites assert v1's exit codes and
 * need --endpoint-url semantics of v1).
 */
export function requireAwsCli(): string {
  let version: string;
  try {
    version = execFileSync(executable("aws"), ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (e) {
    throw new Error(`the 'aws' CLI (v1) is required by the CLI end-to-end suites and could not be run: ${String(e)}`);
  }
  if (!version.startsWith("aws-cli/1.")) throw new Error(`these suites expect aws-cli v1, found: ${version}`);
  return version;
}

/** Fails loudly when python3 cannot import boto3. */
export function requireBoto3(): string {
  try {
    return execFileSync(executable("python3"), ["-c", "import boto3, botocore; print(boto3.__version__, botocore.__version__)"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (e) {
    throw new Error(`python3 with boto3 is required by the boto3 end-to-end suites and could not be run: ${String(e)}`);
  }
}

/** Whether python3 can import `module` (e.g. `awscrt`, which botocore needs for CRC32C). */
export function pythonHasModule(module: string): boolean {
  try {
    execFileSync(executable("python3"), ["-c", `import ${module}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A server and a scratch folder for one CLI/boto3 suite. */
export interface CliSuite {
  readonly server: TestServer;
  /** A temporary folder for files the clients read and write. */
  readonly work: string;
  stop(): Promise<void>;
}

/** Checks that the client is installed (failing loudly otherwise), then starts a server and makes a scratch folder. */
export async function startCliSuite(client: "aws" | "boto3"): Promise<CliSuite> {
  if (client === "aws") requireAwsCli();
  else requireBoto3();
  const server = await startTestServer();
  const work = mkdtempSync(join(tmpdir(), `crossbucket-${client}-`));
  return {
    server,
    work,
    async stop() {
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * Registers before/after hooks in the current describe block that start a {@link CliSuite} and
 * stop it; the returned object's `server` and `work` are usable inside tests.
 */
export function useCliSuite(client: "aws" | "boto3"): { readonly server: TestServer; readonly work: string } {
  let suite: CliSuite | undefined;
  before(async () => {
    suite = await startCliSuite(client);
  });
  after(async () => {
    await suite?.stop();
  });
  const started = (): CliSuite => {
    if (suite === undefined) throw new Error("the CLI suite is used before its before() hook ran");
    return suite;
  };
  return {
    get server() {
      return started().server;
    },
    get work() {
      return started().work;
    },
  };
}

/** Whether `<label>.localhost` resolves to a loopback address on this machine (virtual-hosted style). */
export async function localhostSubdomainsResolve(label = "crossbucket-probe"): Promise<boolean> {
  try {
    const addresses = await lookup(`${label}.localhost`, { all: true });
    return addresses.some((a) => a.address === "127.0.0.1");
  } catch {
    return false;
  }
}

/**
 * Creates `bucket` and puts `objects` (key → body) through the AWS SDK: fast set-up, so that the
 * slow CLI processes are spent only on the operations a test is about.
 */
export async function seedBucket(s3: S3Client, bucket: string, objects: Readonly<Record<string, string>> = {}): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await putObjects(s3, bucket, objects);
}

/** Puts `objects` (key → body) into an existing bucket through the AWS SDK, in parallel. */
export async function putObjects(s3: S3Client, bucket: string, objects: Readonly<Record<string, string>>): Promise<void> {
  await Promise.all(Object.entries(objects).map(([Key, Body]) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }))));
}
