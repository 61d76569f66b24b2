/**
 * @module test/support/server
 * Starts a real crossbucket server on a random loopback port with a fresh data folder, and builds
 * AWS SDK clients for the default world's accounts, with the SDK's default settings.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { DEFAULT_WORLD, type WorldAccount } from "../../src/identity/world.ts";
import type { Logger } from "../../src/protocol/s3/context.ts";
import type { Clock } from "../../src/kernel/clock.ts";
import type { ServeOptions } from "../../src/server/config.ts";

/** A logger that records errors so tests can assert that nothing failed inside. */
export function recordingLogger(): Logger & { errors: unknown[] } {
  const errors: unknown[] = [];
  const quiet = process.env["CROSSBUCKET_LOG"] === "silent" || process.env["CROSSBUCKET_LOG"] === undefined;
  return {
    errors,
    info: () => {},
    warn: (m, f) => {
      if (!quiet) console.error("warn", m, f);
    },
    error: (m, f) => {
      errors.push({ m, f });
      if (!quiet) console.error("error", m, f);
    },
  };
}

export interface TestServer extends RunningServer {
  readonly dataDir: string;
  readonly logger: ReturnType<typeof recordingLogger>;
  client(account?: WorldAccount, config?: Partial<S3ClientConfig>): S3Client;
  stop(): Promise<void>;
}

/** The default world's accounts: alpha (bucket owner in most tests), bravo, charlie. */
export const [ALPHA, BRAVO, CHARLIE] = DEFAULT_WORLD.accounts as [WorldAccount, WorldAccount, WorldAccount];

/** Starts a server for one test file. */
export async function startTestServer(options: { world?: string; dataDir?: string; legacyBucketDefaults?: boolean; clock?: Clock; serve?: Partial<ServeOptions> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "crossbucket-test-"));
  const logger = recordingLogger();
  const running = await startServer({ host: "127.0.0.1", port: 0, data: dataDir, world: options.world, region: "us-east-1", baseDomains: [], legacyBucketDefaults: options.legacyBucketDefaults ?? false, ...options.serve }, logger, options.clock !== undefined ? { clock: options.clock } : {});
  return {
    ...running,
    dataDir,
    logger,
    client(account = ALPHA, config = {}) {
      return new S3Client({
        endpoint: running.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey },
        ...config,
      });
    },
    async stop() {
      await running.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A bucket name unique within the test run. */
export function uniqueBucket(prefix = "b"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
