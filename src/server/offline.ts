/**
 * @module server/offline
 * Offline simulation of a real AWS account (issue #6): `crossbucket import <folder> --out <data-dir>` and
 * `crossbucket simulate --world <folder> …`. The folder is what `scripts/collect-aws-world.sh` collected
 * (docs/import.md); src/import turns it into writes on the same stores the server uses — SQLite files in
 * a data folder, or `:memory:` databases for `simulate`, which then builds the server's `Services`
 * (`buildServices`) and runs the live simulation path (`simulate.ts`) without any server or socket, printing
 * with the same renderer as `crossbucket simulate` against a live server. What the importer did not
 * understand or had to assume is printed on stderr, and is in the `--json` output as `importReport`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CliUsageError, parseSimulateArgs, renderSimulation, type CommandOutput } from "../cli/why.ts";
import { IdentityDirectory } from "../identity/credentials.ts";
import { countWrites } from "../identity/writeGeneration.ts";
import { importWorld, reportLines, type ImportResult } from "../import/importWorld.ts";
import type { WorldFolder } from "../import/report.ts";
import type { Logger, Services } from "../protocol/s3/context.ts";
import type { BlobStore } from "../storage/ports.ts";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { openSqliteMetadataStore } from "../storage/meta-sqlite/sqliteMetadataStore.ts";
import { buildServices, loadWorld } from "./app.ts";
import { explainRecord } from "./explainDecision.ts";
import { simulate, SimulateError } from "./simulate.ts";
import { canonicalUserId, systemClock } from "./system.ts";

/** @public The usage of `crossbucket import`. */
export const IMPORT_USAGE = "usage: crossbucket import <collected folder> --out <data folder> [--world FILE] [--region us-east-1] [--json]";

/** @public A collected folder on disk. */
export function fsWorldFolder(root: string): WorldFolder {
  return {
    list: (dir) => {
      try {
        return readdirSync(join(root, dir)).filter((n) => !n.startsWith(".")).sort();
      } catch {
        return [];
      }
    },
    read: (path) => {
      try {
        const full = join(root, path);
        return statSync(full).isFile() ? readFileSync(full, "utf8") : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

const NO_CONTENT_MESSAGE = "a world opened for simulation or audit holds no object content";
const noContent = (): Promise<never> => Promise.reject(new Error(NO_CONTENT_MESSAGE));

/**
 * @public The blob store of a world opened for simulation or audit, not for serving: there is no object content,
 * so any write, read or deletion is a fault (simulation and audit read metadata only).
 */
export const NO_CONTENT: BlobStore = {
  write: noContent,
  copy: noContent,
  readBytes: noContent,
  lease: () => ({ release: () => {} }),
  read: () => {
    throw new Error(NO_CONTENT_MESSAGE);
  },
  release: (ids) => {
    if (ids.length > 0) throw new Error(NO_CONTENT_MESSAGE);
  },
  sweep: () => Promise.resolve({ removed: 0 }),
};

const QUIET: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** @public An imported world in memory, ready to simulate against. */
export interface OfflineWorld {
  readonly services: Services;
  readonly identity: IdentityDirectory;
  readonly imported: ImportResult;
  close(): void;
}

/** @public Imports `folder` into in-memory stores and builds the server's services over them. */
export function openOfflineWorld(folder: string, options: { readonly region?: string; readonly log?: Logger } = {}): OfflineWorld {
  if (!existsFolder(folder)) throw new CliUsageError(`--world ${folder}: no such folder (collect one with scripts/collect-aws-world.sh, see docs/import.md)`);
  const region = options.region ?? "us-east-1";
  const meta = openSqliteMetadataStore(":memory:");
  const identityStore = countWrites(openSqliteIdentityStore(":memory:"));
  const identity = new IdentityDirectory({ accounts: [] }, canonicalUserId, identityStore);
  const imported = importWorld(fsWorldFolder(folder), { identity: identityStore, meta, accountExists: () => false, fallbackCanonicalId: canonicalUserId, defaultRegion: region, now: systemClock.now() });
  const services = buildServices({ meta, blobs: NO_CONTENT, identity, identityStore, decisions: { record: () => {} }, clock: systemClock, log: options.log ?? QUIET, opts: { region, baseDomains: [], legacyBucketDefaults: false }, world: {} });
  return {
    services,
    identity,
    imported,
    close: () => {
      identityStore.close();
      meta.close();
    },
  };
}

function existsFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** @public Whether a `simulate` command line asks for an offline world. */
export function isOfflineSimulate(argv: readonly string[]): boolean {
  return argv.some((a) => a === "--world" || a.startsWith("--world="));
}

/** @public `crossbucket simulate --world <folder> …`: the simulation without a server. */
export function offlineSimulateCommand(argv: readonly string[]): CommandOutput {
  const { request, json, options } = parseSimulateArgs(argv, ["--world"]);
  if (options.has("--endpoint")) throw new CliUsageError("give either --world (offline) or --endpoint (a running server), not both");
  const folder = options.get("--world")?.at(-1) as string;
  const world = openOfflineWorld(folder, { ...(options.get("--region") !== undefined ? { region: options.get("--region")?.at(-1) as string } : {}) });
  try {
    const requestId = world.services.ids.requestId();
    const report = world.imported.report;
    const stderr = reportLines(report).map((l) => `crossbucket import: ${l}\n`).join("");
    let sim;
    try {
      sim = simulate(request, world.services, world.identity, requestId, "127.0.0.1");
    } catch (e) {
      if (e instanceof SimulateError) return { stdout: "", stderr: `${stderr}crossbucket: ${e.code}: ${e.message}\n`, code: 1 };
      throw e;
    }
    const decisions = sim.decisions.map((d) => explainRecord(d, world.services.accounts, { simulated: true, ...(sim.caller.accessKeyId !== undefined ? { accessKeyId: sim.caller.accessKeyId } : {}) }));
    const body = { requestId, simulated: true, offline: true, operation: sim.operation, answer: sim.answer, decisions, importReport: report };
    const out = renderSimulation(body, json);
    return { ...out, stderr: stderr + out.stderr };
  } finally {
    world.close();
  }
}

/** @public `crossbucket import <folder> --out <data-dir>`: the collected world into a data folder `serve` can use. */
export function importCommand(argv: readonly string[]): CommandOutput {
  const positional: string[] = [];
  const options = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--json") json = true;
    else if (arg === "--out" || arg === "--world" || arg === "--region") {
      const v = argv[++i];
      if (v === undefined) throw new CliUsageError(`${arg} needs a value\n${IMPORT_USAGE}`);
      options.set(arg, v);
    } else if (arg.startsWith("--")) throw new CliUsageError(`unknown option ${arg}\n${IMPORT_USAGE}`);
    else positional.push(arg);
  }
  const out = options.get("--out");
  const folder = positional[0];
  if (folder === undefined || positional.length !== 1 || out === undefined) throw new CliUsageError(IMPORT_USAGE);
  if (!existsFolder(folder)) throw new CliUsageError(`${folder}: no such folder\n${IMPORT_USAGE}`);
  const world = loadWorld(options.get("--world"));
  const file = join(out, "metadata.sqlite");
  // A server caches what it reads from its data folder and assumes it is the only writer: importing into a
  // folder in use (or merging into an existing one) would go unseen or mix two worlds.
  if (existsSync(file)) throw new CliUsageError(`${out} already holds a crossbucket data folder; import into a new folder\n${IMPORT_USAGE}`);
  mkdirSync(out, { recursive: true });
  const meta = openSqliteMetadataStore(file);
  const identityStore = openSqliteIdentityStore(file);
  try {
    const known = new Set(world.accounts.map((a) => a.id));
    const result = importWorld(fsWorldFolder(folder), {
      identity: identityStore,
      meta,
      accountExists: (id) => known.has(id) || identityStore.getStoredAccount(id) !== undefined,
      fallbackCanonicalId: canonicalUserId,
      defaultRegion: options.get("--region") ?? "us-east-1",
      now: systemClock.now(),
    });
    const stderr = reportLines(result.report).map((l) => `crossbucket import: ${l}\n`).join("");
    if (json) return { stdout: `${JSON.stringify({ accounts: result.accounts, importReport: result.report }, null, 2)}\n`, stderr, code: 0 };
    const lines = [`imported ${result.accounts.length} account(s) into ${out}:`, ...result.accounts.map((a) => `  ${a.id} ${a.name}${a.collected ? "" : " (referenced only, no credentials)"}`)];
    return { stdout: `${lines.join("\n")}\n`, stderr, code: 0 };
  } finally {
    identityStore.close();
    meta.close();
  }
}

