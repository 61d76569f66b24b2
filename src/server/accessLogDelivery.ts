/**
 * @module server/accessLogDelivery
 * Delivery of server access logs: records are buffered per source bucket and, at each flush (a timer, a full
 * buffer, `flushAccessLogs()` or shutdown), written as one object per source bucket into the target bucket
 * its logging setting names, under the key format it chose (server/accessLogFormat.ts).
 *
 * The log-delivery permission model: S3's log delivery writes as the service principal
 * `logging.s3.amazonaws.com`, so a delivery is a PutObject of the log object's key by that principal,
 * decided by the real authorization engine with `aws:SourceArn` (the source bucket's ARN) and
 * `aws:SourceAccount` (its owner) set. A target with ACLs enabled lets it in through a bucket ACL grant to
 * the LogDelivery group (WRITE); a BucketOwnerEnforced target only through a bucket policy naming the
 * service principal. When the decision is a denial, or the target is gone, the records are dropped as S3
 * drops them (nothing tells the client) and the server logs a warning.
 *
 * Log objects belong to the target bucket's owner, who gets FULL_CONTROL, plus the setting's target grants
 * (API PutBucketLogging: "The bucket owner is automatically granted FULL_CONTROL to all logs"). They are
 * written through the same storage ports as PutObject: blob first (durable), then the version in metadata.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
import { createHash } from "node:crypto";
import { aclToJson } from "../acl/acl-json.ts";
import { defaultObjectAcl } from "../acl/defaults.ts";
import { LOG_DELIVERY_SERVICE } from "../acl/acl-allows.ts";
import type { Grant, GroupUri } from "../acl/types.ts";
import { authorize } from "../authz/index.ts";
import { bucketArn } from "../kernel/arn.ts";
import type { Principal } from "../kernel/principal.ts";
import { ContextKeys } from "../policy/index.ts";
import { Headers } from "../protocol/http.ts";
import { resolveRequest } from "../protocol/s3/authorize.ts";
import { canonicalIdOf, ownershipOf } from "../protocol/s3/bucketState.ts";
import type { S3Request, Services } from "../protocol/s3/context.ts";
import { bucketLoggingOf, type BucketLoggingConfig } from "../protocol/s3/ops/bucketLogging.ts";
import { versionSlot } from "../protocol/s3/ops/common.ts";
import { commitVersion, partsOfBlob } from "../protocol/s3/ops/putObject.ts";
import { Payload } from "../protocol/s3/payload.ts";
import type { BucketRecord, ObjectVersionRecord } from "../storage/ports.ts";
import { logObjectKey } from "./accessLogFormat.ts";

/** @public The log delivery service as a requester. */
export const LOG_DELIVERY_PRINCIPAL: Principal = Object.freeze({ kind: "service", service: LOG_DELIVERY_SERVICE });

/** @public Defaults: seconds between flushes, and the number of buffered records of one bucket that triggers one. */
export const ACCESS_LOG_DEFAULTS = { flushSeconds: 60, maxBufferedRecords: 10_000 } as const;

interface Pending {
  lines: string[];
  firstEventAt: Date;
}

/** @public What one flush did. */
export interface FlushOutcome {
  /** Keys of the log objects written, as `target/key`. */
  readonly delivered: readonly string[];
  /** Records dropped because delivery was not permitted or the target is gone. */
  readonly dropped: number;
}

/** @public Buffers access log records and delivers them. */
export class AccessLogDelivery {
  readonly #svc: Services;
  readonly #random: (n: number) => Uint8Array;
  readonly #maxBuffered: number;
  readonly #pending = new Map<string, Pending>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #flushing: Promise<FlushOutcome> = Promise.resolve({ delivered: [], dropped: 0 });

  constructor(opts: { readonly svc: Services; readonly random: (n: number) => Uint8Array; readonly flushSeconds?: number; readonly maxBufferedRecords?: number }) {
    this.#svc = opts.svc;
    this.#random = opts.random;
    this.#maxBuffered = opts.maxBufferedRecords ?? ACCESS_LOG_DEFAULTS.maxBufferedRecords;
    const seconds = opts.flushSeconds ?? ACCESS_LOG_DEFAULTS.flushSeconds;
    if (seconds > 0) {
      this.#timer = setInterval(() => void this.flush(), seconds * 1000);
      this.#timer.unref();
    }
  }

  /** Buffers one record line of a request to `sourceBucket`, received at `eventTime`. */
  add(sourceBucket: string, line: string, eventTime: Date): void {
    let p = this.#pending.get(sourceBucket);
    if (p === undefined) {
      p = { lines: [], firstEventAt: eventTime };
      this.#pending.set(sourceBucket, p);
    }
    p.lines.push(line);
    if (p.lines.length >= this.#maxBuffered) void this.flush();
  }

  /** Delivers everything buffered so far; flushes run one after another. */
  flush(): Promise<FlushOutcome> {
    const batch = new Map(this.#pending);
    this.#pending.clear();
    const run = this.#flushing.then(() => this.#deliverAll(batch));
    this.#flushing = run.catch(() => ({ delivered: [], dropped: 0 }));
    return run;
  }

  /** Stops the timer and delivers what is left. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  async #deliverAll(batch: ReadonlyMap<string, Pending>): Promise<FlushOutcome> {
    const delivered: string[] = [];
    let dropped = 0;
    for (const [source, pending] of batch) {
      try {
        const key = await this.#deliver(source, pending);
        if (key === undefined) dropped += pending.lines.length;
        else delivered.push(key);
      } catch (err) {
        dropped += pending.lines.length;
        this.#svc.log.error("server access log delivery failed", { sourceBucket: source, err });
      }
    }
    return { delivered, dropped };
  }

  /** Writes one log object; undefined (records dropped, warning logged) when delivery is not possible. */
  async #deliver(sourceName: string, pending: Pending): Promise<string | undefined> {
    const svc = this.#svc;
    const source = svc.meta.getBucket(sourceName);
    const config = source === undefined ? undefined : bucketLoggingOf(svc, sourceName);
    if (source === undefined || config === undefined) return undefined;
    const target = svc.meta.getBucket(config.targetBucket);
    if (target === undefined) {
      svc.log.warn("server access logs not delivered: the target bucket does not exist", { sourceBucket: sourceName, targetBucket: config.targetBucket, records: pending.lines.length });
      return undefined;
    }
    // PutBucketLogging required one owner; a target deleted and re-created by another account since must not
    // receive this bucket's records, whatever its policy allows.
    if (target.ownerAccountId !== source.ownerAccountId) {
      svc.log.warn("server access logs not delivered: the target bucket now belongs to another account", { sourceBucket: sourceName, targetBucket: config.targetBucket, records: pending.lines.length });
      return undefined;
    }
    const now = svc.clock.now();
    const key = logObjectKey({
      prefix: config.targetPrefix,
      format: config.keyFormat,
      sourceAccountId: source.ownerAccountId,
      sourceRegion: source.region,
      sourceBucket: source.name,
      deliveredAt: now,
      partitionAt: config.keyFormat?.kind === "PartitionedPrefix" && config.keyFormat.dateSource === "EventTime" ? pending.firstEventAt : now,
      unique: Buffer.from(this.#random(8)).toString("hex").toUpperCase(),
    });
    const permitted = deliveryPermitted(svc, source, target, key, now);
    if (!permitted.allowed) {
      svc.log.warn("server access logs not delivered: the target bucket does not let the log delivery service write", { sourceBucket: sourceName, targetBucket: target.name, key, blockedBy: permitted.blockedBy, records: pending.lines.length });
      return undefined;
    }
    await writeLogObject(svc, target, key, `${pending.lines.join("\n")}\n`, config, now);
    return `${target.name}/${key}`;
  }
}

/**
 * @public Whether the log delivery service may put `key` into `target` for logs of `source`: a PutObject by
 * `logging.s3.amazonaws.com` decided by the authorization engine, with `aws:SourceArn` and `aws:SourceAccount`.
 */
export function deliveryPermitted(svc: Services, source: BucketRecord, target: BucketRecord, key: string, now: Date): { readonly allowed: boolean; readonly blockedBy?: string } {
  const empty = async function* (): AsyncGenerator<Uint8Array> {};
  const req: S3Request = {
    requestId: "log-delivery",
    operation: "PutObject",
    method: "PUT",
    path: `/${target.name}/${key}`,
    bucketName: target.name,
    key,
    query: new Map(),
    headers: new Headers(["host", `${target.name}.s3.${target.region}.amazonaws.com`]),
    principal: LOG_DELIVERY_PRINCIPAL,
    account: undefined,
    now,
    payload: new Payload(empty(), { maxSize: 0 }),
    auth: {},
    client: { ip: "127.0.0.1", secure: true },
    bucket: target,
  };
  const { request } = resolveRequest(req, svc);
  const base = request.context;
  const context = ContextKeys.of({ "aws:SourceArn": bucketArn(source.name), "aws:SourceAccount": source.ownerAccountId }).withResolver((k) => base.lookup(k));
  const result = authorize({ ...request, context });
  return result.verdict === "Allow" ? { allowed: true } : { allowed: false, ...(result.blockedBy !== undefined ? { blockedBy: result.blockedBy.layer } : {}) };
}

/** Stores a log object: durable blob, then the version, owned by the target's owner. */
async function writeLogObject(svc: Services, target: BucketRecord, key: string, text: string, config: BucketLoggingConfig, now: Date): Promise<void> {
  const bytes = Buffer.from(text, "utf8");
  const ownerId = canonicalIdOf(svc, target.ownerAccountId);
  const base = defaultObjectAcl(ownerId);
  const enforced = ownershipOf(svc, target.name) === "BucketOwnerEnforced";
  const extra: Grant[] = enforced
    ? []
    : config.targetGrants.map((g) => ({ grantee: g.grantee.type === "CanonicalUser" ? { type: "CanonicalUser", id: g.grantee.id } : { type: "Group", uri: g.grantee.uri as GroupUri }, permission: g.permission }));
  const acl = { owner: base.owner, grants: [...base.grants, ...extra] };
  const blob = await svc.blobs.write((async function* () {
    yield bytes;
  })());
  const etag = createHash("md5").update(bytes).digest("hex");
  // The write awaited: the bucket authorized may have been deleted (and re-created by someone else) meanwhile.
  const current = svc.meta.getBucket(target.name);
  if (current === undefined || current.ownerAccountId !== target.ownerAccountId || current.createdAt.getTime() !== target.createdAt.getTime()) {
    svc.blobs.release([blob.blobId]);
    throw new Error("the target bucket was deleted or re-created while its log object was written");
  }
  const { slot, versionId } = versionSlot(current, svc);
  const record: ObjectVersionRecord = {
    bucket: current.name,
    key,
    versionId,
    isDeleteMarker: false,
    lastModified: now,
    ownerAccountId: current.ownerAccountId,
    acl: aclToJson(acl),
    size: blob.size,
    etag,
    headers: { "content-type": "text/plain" },
    userMetadata: {},
    parts: partsOfBlob(svc, blob, etag, undefined),
    multipart: false,
    tags: [],
    storageClass: "STANDARD",
  };
  try {
    commitVersion(svc, current, record, slot);
  } catch (err) {
    svc.blobs.release([blob.blobId]);
    throw err;
  }
}
