/**
 * @module server/auditCommand
 * The `crossbucket audit` command. With `--endpoint` (or nothing) it is the client of a running server
 * (`cli/audit`); with `--data <folder>` it opens that data folder's stores itself, read-only (nothing is
 * migrated, created or written; the folder may be in use by a server), and runs the same audit
 * (`server/audit`) in-process, rendered by the same renderers. `--world FILE` names the world file the
 * folder was served with (its accounts and their keys); the default world otherwise. Without `--data`,
 * `--world <folder>` names a folder collected from AWS (docs/import.md), imported in memory as for
 * `simulate --world`. Each source is one opener returning {@link OpenedWorld}.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AuditRenderer, ProgressBar, auditCommand, parseAuditArgs, renderAudit, type AuditArgs, type Sink, type Terminal } from "../cli/audit.ts";
import { CliUsageError, type Environment } from "../cli/why.ts";
import { IdentityDirectory } from "../identity/credentials.ts";
import { countWrites } from "../identity/writeGeneration.ts";
import { reportLines } from "../import/importWorld.ts";
import type { Logger } from "../protocol/s3/context.ts";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { openSqliteMetadataStore } from "../storage/meta-sqlite/sqliteMetadataStore.ts";
import { buildServices, loadWorld } from "./app.ts";
import { AuditError, runAudit, type AuditSources } from "./audit.ts";
import { NO_CONTENT, openOfflineWorld } from "./offline.ts";
import { canonicalUserId, systemClock } from "./system.ts";

/** @public A world opened for auditing, and how to close it. */
export interface OpenedWorld {
  readonly sources: AuditSources;
  close(): void;
}

/** @public Opens a data folder written by `crossbucket serve`, read-only, with the world file it was served with. */
export function openDataFolder(data: string, worldFile: string | undefined, log: Logger): OpenedWorld {
  const path = join(data, "metadata.sqlite");
  if (!existsSync(path)) throw new CliUsageError(`${data} is not a crossbucket data folder (no metadata.sqlite)`);
  const world = loadWorld(worldFile);
  const meta = openSqliteMetadataStore(path, { readonly: true });
  let identityStore;
  try {
    identityStore = openSqliteIdentityStore(path, { readonly: true });
  } catch (e) {
    meta.close();
    throw e;
  }
  // Nothing writes a read-only store, so the write count (which invalidates derived identity data) stays 0.
  const store = countWrites(identityStore);
  const identity = new IdentityDirectory(world, canonicalUserId, store);
  const svc = buildServices({ meta, blobs: NO_CONTENT, identity, identityStore: store, decisions: { record: () => undefined }, clock: systemClock, log, opts: { region: "us-east-1", baseDomains: [], legacyBucketDefaults: false }, world });
  return {
    sources: { svc, identity },
    close: () => {
      store.close();
      meta.close();
    },
  };
}

/** @public Audits an opened world and renders it; the exit code. */
export async function auditOpened(opened: OpenedWorld, args: AuditArgs, io: { stdout: Sink; stderr: Terminal & Sink }): Promise<number> {
  try {
    const records = runAudit(opened.sources, args.bucket !== undefined ? { bucket: args.bucket } : {});
    return await renderAudit(records, new AuditRenderer(args.format, io.stdout), new ProgressBar(io.stderr), io.stderr);
  } catch (e) {
    if (e instanceof AuditError) {
      io.stderr.write(`crossbucket: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    opened.close();
  }
}

/** @public Opens a folder collected from AWS (docs/import.md) in memory, as `simulate --world` does. */
export function openImportedFolder(folder: string, log: Logger): OpenedWorld {
  const world = openOfflineWorld(folder, { log });
  for (const line of reportLines(world.imported.report)) log.warn(line);
  return { sources: { svc: world.services, identity: world.identity }, close: () => world.close() };
}

/** @public `crossbucket audit …`: against a server, a data folder (`--data`), or a folder collected from AWS (`--world <folder>`). */
export async function auditMain(argv: readonly string[], env: Environment, io: { stdout: Sink; stderr: Terminal & Sink }, log: Logger): Promise<number> {
  const args = parseAuditArgs(argv);
  if (args.data !== undefined) return auditOpened(openDataFolder(args.data, args.world, log), args, io);
  if (args.world !== undefined) return auditOpened(openImportedFolder(args.world, log), args, io);
  return auditCommand(args, env, io);
}
