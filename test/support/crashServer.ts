/**
 * @module test/support/crashServer
 * Runs crossbucket as a child process (`node --import tsx src/server/main.ts serve`) on a port
 * picked here and a data folder the test keeps, waits for `/_crossbucket/health`, and kills it with
 * SIGKILL, so crash tests exercise the real binary's start-up sweep and durability.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A crossbucket child process. */
export interface ChildServer {
  readonly endpoint: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the child wrote to stderr (its JSON log lines). */
  stderr(): string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitHealthy(endpoint: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`crossbucket exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${endpoint}/_crossbucket/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`crossbucket was not healthy within ${deadlineMs} ms`);
}

/** Starts crossbucket on `dataDir` and resolves once it answers its health check. */
export async function startChildServer(dataDir: string, options: { readyTimeoutMs?: number } = {}): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/server/main.ts"), "serve", "--host", "127.0.0.1", "--port", String(port), "--data", dataDir], {
    cwd: ROOT,
    env: { ...process.env, CROSSBUCKET_LOG: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errText = "";
  child.stderr?.on("data", (d: Buffer) => {
    errText += d.toString("utf8");
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(endpoint, child, options.readyTimeoutMs ?? 15_000);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n${errText}`);
  }
  return {
    endpoint,
    port,
    child,
    stderr: () => errText,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGKILL");
      await gone;
    },
  };
}
