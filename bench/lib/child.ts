/**
 * @module bench/lib/child
 * Starts a server script in its own node process (so it never shares the load generator's event
 * loop or CPU time slice), waits for the port it reports over IPC, and stops it.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** @public A server running in a child process. */
export interface ChildServer {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** @public Forks `bench/lib/<script>` with tsx and `args`; resolves once it reports its port. */
export function startChild(script: string, args: readonly string[], extraNodeArgs: readonly string[] = []): Promise<ChildServer> {
  const file = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child: ChildProcess = fork(file, [...args], {
    execArgv: ["--import", "tsx", ...extraNodeArgs],
    env: { ...process.env, CROSSBUCKET_LOG: process.env["CROSSBUCKET_LOG"] ?? "warn" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${String(code)} before reporting its port`)));
    child.once("message", (msg) => {
      const port = (msg as { port?: unknown }).port;
      if (typeof port !== "number") return reject(new Error(`${script} sent ${JSON.stringify(msg)}`));
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        pid: child.pid ?? 0,
        stop: () => new Promise<void>((done) => {
          child.removeAllListeners("exit");
          child.once("exit", () => done());
          child.disconnect();
          setTimeout(() => child.kill("SIGTERM"), 3000).unref();
        }),
      });
    });
  });
}
