/**
 * @module server/app
 * The composition root: builds the concrete stores, the identity directory and the protocol
 * handler, sweeps orphaned blobs left by a crash, and listens. Nothing else constructs adapters.
 */
import { mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { IdentityDirectory } from "../identity/credentials.ts";
import { IdentityPolicies } from "../identity/identityPolicies.ts";
import { countWrites } from "../identity/writeGeneration.ts";
import { PolicyCache } from "../policy/index.ts";
import type { Clock } from "../kernel/clock.ts";
import { createIamEndpoint } from "../protocol/iam/iamEndpoint.ts";
import { createStsEndpoint } from "../protocol/sts/stsEndpoint.ts";
import { createS3ControlEndpoint } from "../protocol/s3control/controlEndpoint.ts";
import { createOrganizationsEndpoint } from "../protocol/organizations/organizationsEndpoint.ts";
import { applyWorldOrganization } from "../identity/worldOrganization.ts";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { DEFAULT_WORLD, parseWorld, type World } from "../identity/world.ts";
import { createS3Handler } from "../protocol/pipeline.ts";
import type { HttpRequest, HttpResponse } from "../protocol/http.ts";
import type { DecisionLog, Logger, RequestObserver, Services } from "../protocol/s3/context.ts";
import type { BlobStore, MetadataStore } from "../storage/ports.ts";
import { openFsBlobStore } from "../storage/blob-fs/fsBlobStore.ts";
import { openSqliteMetadataStore } from "../storage/meta-sqlite/sqliteMetadataStore.ts";
import type { ServeOptions } from "./config.ts";
import { createHttpServer } from "./httpAdapter.ts";
import { seedWorld } from "./seedWorld.ts";
import { createAdminApi } from "./admin.ts";
import { DECISION_DEFAULTS, RingDecisionLog } from "./decisionLog.ts";
import { canonicalUserId, createLogger, randomIds, systemClock } from "./system.ts";
import { AccessLogDelivery, type FlushOutcome } from "./accessLogDelivery.ts";
import { EventLogSink } from "./eventLog.ts";
import { RequestLog } from "./requestLog.ts";

/** @public A running server. */
export interface RunningServer {
  readonly endpoint: string;
  readonly port: number;
  readonly world: World;
  readonly services: Services;
  /** The decision log (`crossbucket why`), for tests that look at why a request was decided as it was. */
  readonly decisions: RingDecisionLog;
  /** The handler, for in-process tests. */
  readonly handle: (req: HttpRequest) => Promise<HttpResponse>;
  /** Delivers the buffered server access logs now (tests need not wait for the flush interval). */
  flushAccessLogs(): Promise<FlushOutcome>;
  close(): Promise<void>;
}

/** @public Reads and validates the world file, or the default world. */
export function loadWorld(path: string | undefined): World {
  return path === undefined ? DEFAULT_WORLD : parseWorld(readFileSync(path, "utf8"));
}

function adminRoutes(api: (path: string, req: HttpRequest) => Promise<HttpResponse | undefined>): (path: string, req: HttpRequest) => Promise<HttpResponse | undefined> {
  return async (path, req) => {
    if (path === "/_crossbucket/health") return { status: 200, headers: { "content-type": "application/json" }, body: '{"status":"ok"}\n' };
    return api(path, req);
  };
}

/** @public The stores and parts {@link buildServices} wires together. */
export interface ServiceParts {
  readonly meta: MetadataStore;
  readonly blobs: BlobStore;
  readonly identity: IdentityDirectory;
  /** The identity store, counting writes (its generation invalidates cached identity data). */
  readonly identityStore: ReturnType<typeof countWrites>;
  readonly decisions: DecisionLog;
  /** Observes every request (access logs, event log); none offline. */
  readonly requestLog?: RequestObserver;
  readonly clock: Clock;
  readonly log: Logger;
  readonly opts: Pick<ServeOptions, "region" | "baseDomains" | "legacyBucketDefaults">;
  readonly world: Pick<World, "bucketDefaults">;
}

/** @public The `Services` of the S3 protocol over given stores: shared by the server and the offline simulation. */
export function buildServices(p: ServiceParts): Services {
  const { identity, identityStore, log, opts } = p;
  return {
    meta: p.meta,
    blobs: p.blobs,
    accounts: identity,
    decisions: p.decisions,
    ...(p.requestLog !== undefined ? { requestLog: p.requestLog } : {}),
    identities: new IdentityPolicies(identityStore, () => identity.list().map((a) => a.id), new PolicyCache(), (id) => log.error("stored identity policy does not parse", { policy: id }), () => identityStore.generation),
    clock: p.clock,
    ids: randomIds,
    log,
    config: {
      region: opts.region,
      baseDomains: opts.baseDomains.length > 0 ? opts.baseDomains : ["localhost", "s3.localhost"],
      maxObjectSize: 5 * 1024 ** 3,
      minPartSize: 5 * 1024 ** 2,
      bucketDefaults: opts.legacyBucketDefaults ? "legacy" : (p.world.bucketDefaults ?? "current"),
    },
  };
}

/** @public Starts crossbucket; `overrides.clock` lets tests move time (session expiry). */
export async function startServer(opts: ServeOptions, log: Logger = createLogger(), overrides: { readonly clock?: Clock } = {}): Promise<RunningServer> {
  const world = loadWorld(opts.world);
  mkdirSync(opts.data, { recursive: true });
  const meta = openSqliteMetadataStore(join(opts.data, "metadata.sqlite"));
  const blobs = await openFsBlobStore(join(opts.data, "blobs"), { log: (msg, err) => log.warn(msg, { err }) });
  // Every write is counted, so that identity data derived per request can be cached until the next write.
  const identityStore = countWrites(openSqliteIdentityStore(join(opts.data, "metadata.sqlite")));
  const identity = new IdentityDirectory(world, canonicalUserId, identityStore, () => identityStore.generation);
  const swept = await blobs.sweep(meta.referencedBlobs());
  if (swept.removed > 0) log.info("removed orphaned blobs left by an interrupted write", { removed: swept.removed });
  const decisions = new RingDecisionLog({
    size: opts.decisionBuffer ?? DECISION_DEFAULTS.size,
    retentionDays: opts.decisionRetentionDays ?? DECISION_DEFAULTS.retentionDays,
    store: meta,
    clock: overrides.clock ?? systemClock,
    log,
  });
  const events = opts.eventLog === undefined ? undefined : new EventLogSink(opts.eventLog, (err) => log.error("event log write failed", { err }));
  const requestLog = new RequestLog(events !== undefined ? { events } : {});
  const services = buildServices({ meta, blobs, identity, identityStore, decisions: requestLog.teeDecisions(decisions), requestLog, clock: overrides.clock ?? systemClock, log, opts, world });
  const accessLogs = new AccessLogDelivery({ svc: services, random: (n) => new Uint8Array(randomBytes(n)), ...(opts.accessLogFlushSeconds !== undefined ? { flushSeconds: opts.accessLogFlushSeconds } : {}) });
  const queryDeps = { identity, clock: services.clock, random: (n: number) => new Uint8Array(randomBytes(n)), onInternalError: (err: unknown) => log.error("internal error", { err }) };
  try {
    if (world.organization !== undefined) applyWorldOrganization({ store: identityStore, accounts: identity, now: services.clock.now(), random: queryDeps.random }, world.organization);
    const seeded = seedWorld(world, { meta, identity, region: opts.region, bucketDefaults: services.config.bucketDefaults, now: services.clock.now(), random: queryDeps.random, principalExists: (v) => services.identities.principalExists(v) });
    if (seeded.createdBuckets.length > 0) log.info("created the world's buckets", { buckets: seeded.createdBuckets });
  } catch (e) {
    await accessLogs.close();
    await events?.close();
    decisions.close();
    identityStore.close();
    meta.close();
    throw e;
  }
  requestLog.attach(services, accessLogs);
  const handle = createS3Handler(services, adminRoutes(createAdminApi({ svc: services, identity, decisions })), {
    iam: createIamEndpoint(queryDeps),
    sts: createStsEndpoint(queryDeps),
    organizations: createOrganizationsEndpoint(queryDeps),
    "s3-control": createS3ControlEndpoint({ svc: services, identity, random: queryDeps.random }),
  });
  const server = createHttpServer(handle, log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    world,
    services,
    decisions,
    handle,
    flushAccessLogs: () => accessLogs.flush(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await accessLogs.close();
      await events?.close();
      decisions.close();
      identityStore.close();
      meta.close();
    },
  };
}
