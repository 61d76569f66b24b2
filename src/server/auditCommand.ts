/**
 * @module server/auditCommand
 * The `crossbucket audit` command. With `--endpoint` (or nothing) it is the client of a running server
 * (`cli/audit`); with `--data <folder>` it opens that data folder's stores itself, read-only (nothing is
 * migrated, created or written; the folder may be in use by a server), and runs the same audit
 * (`server/audit`) in-process, rendered by the same renderers. `--world FILE` names the world file the
 * folder was served with (its accounts and their keys); the default world otherwise.
 *
 * Opening a world is one function returning {@link OpenedWorld}: an imported folder (`crossbucket import`)
 * plugs in as another opener beside {@link openDataFolder}.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AuditRenderer, ProgressBar, auditCommand, parseAuditArgs, renderAudit, type AuditArgs, type Sink, type Terminal } from "../cli/audit.ts";
import { CliUsageError, type Environment } from "../cli/why.ts";
import { IdentityDirectory } from "../identity/credentials.ts";
import { IdentityPolicies } from "../identity/identityPolicies.ts";
import { PolicyCache } from "../policy/index.ts";
import type { Logger, Services } from "../protocol/s3/context.ts";
import type { BlobStore } from "../storage/ports.ts";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { openSqliteMetadataStore } from "../storage/meta-sqlite/sqliteMetadataStore.ts";
import { loadWorld } from "./app.ts";
import { AuditError, runAudit, type AuditSources } from "./audit.ts";
import { canonicalUserId, randomIds, systemClock } from "./system.ts";

/** @public A world opened for auditing, and how to close it. */
export interface OpenedWorld {
  readonly sources: AuditSources;
  close(): void;
}

function refused(): never {
  throw new Error("the audit opened this data folder read-only: object content is neither read nor written");
}

/** A blob store for a read-only audit: the audit reads metadata only, so any content access is a fault. */
const READ_ONLY_BLOBS: BlobStore = {
  write: async () => refused(),
  copy: async () => refused(),
  lease: () => ({ release: () => undefined }),
  read: () => refused(),
  release: (ids) => {
    if (ids.length > 0) refused();
  },
  sweep: async () => refused(),
};

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
  const store = identityStore;
  const identity = new IdentityDirectory(world, canonicalUserId, store);
  const svc: Services = {
    meta,
    blobs: READ_ONLY_BLOBS,
    accounts: identity,
    decisions: { record: () => undefined },
    // Nothing writes a read-only store: derived identity data stays valid for the whole run.
    identities: new IdentityPolicies(store, () => identity.list().map((a) => a.id), new PolicyCache(), (id) => log.error("stored identity policy does not parse", { policy: id }), () => 0),
    clock: systemClock,
    ids: randomIds,
    log,
    config: { region: "us-east-1", baseDomains: ["localhost"], maxObjectSize: 5 * 1024 ** 3, minPartSize: 5 * 1024 ** 2, bucketDefaults: world.bucketDefaults ?? "current" },
  };
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

/** @public `crossbucket audit …`: against a server, or a data folder with `--data`. */
export async function auditMain(argv: readonly string[], env: Environment, io: { stdout: Sink; stderr: Terminal & Sink }, log: Logger): Promise<number> {
  const args = parseAuditArgs(argv);
  if (args.data === undefined) return auditCommand(args, env, io);
  return auditOpened(openDataFolder(args.data, args.world, log), args, io);
}
