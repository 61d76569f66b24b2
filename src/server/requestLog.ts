/**
 * @module server/requestLog
 * The request observer (`Services.requestLog`): once a response is ready it turns the pipeline's
 * {@link RequestTrace}, the response and the request's authorization decision into a server access log
 * record (buffered for delivery when the bucket has logging on, server/accessLogDelivery.ts) and an event
 * log line (when `--event-log` is set, server/eventLog.ts). A streamed body is counted as it is sent, and
 * the record is made when its last byte went out (S3's "total time").
 *
 * It is active only while there is something to produce: an event log, or a bucket with logging on (all
 * buckets are looked at once at start; PutBucketLogging reports changes). While idle the pipeline does not
 * call it and the decision tee keeps nothing.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Readable, Transform, pipeline } from "node:stream";
import type { Principal } from "../kernel/principal.ts";
import type { HttpRequest, HttpResponse } from "../protocol/http.ts";
import { Headers } from "../protocol/http.ts";
import { ADMIN_PREFIX } from "../protocol/pipeline.ts";
import { canonicalIdOf } from "../protocol/s3/bucketState.ts";
import type { DecisionLog, DecisionRecord, RequestObserver, RequestTrace, Services } from "../protocol/s3/context.ts";
import { bucketLoggingOf } from "../protocol/s3/ops/bucketLogging.ts";
import type { AccessLogDelivery } from "./accessLogDelivery.ts";
import { accessLogOperation, formatAccessLogRecord, type AccessLogRecord } from "./accessLogFormat.ts";
import { cloudTrailEvent, type EventLogSink } from "./eventLog.ts";

interface ObservedTrace extends RequestTrace {
  startedMs?: number;
  receivedAt?: Date;
}

/** Layers whose grant means no ACL was needed. */
const NON_ACL_GRANTS = new Set(["bucket-policy", "identity-policy", "bucket-owner", "user-context", "access-point-policy"]);

/** @public The observer behind server access logs and the event log. */
export class RequestLog implements RequestObserver {
  readonly #events: EventLogSink | undefined;
  readonly #logged = new Set<string>();
  readonly #decisions = new Map<string, DecisionRecord>();
  #svc: Services | undefined;
  #delivery: AccessLogDelivery | undefined;

  constructor(opts: { readonly events?: EventLogSink }) {
    this.#events = opts.events;
  }

  /** Connects the services and the delivery, and finds the buckets that have logging on. */
  attach(svc: Services, delivery: AccessLogDelivery): void {
    this.#svc = svc;
    this.#delivery = delivery;
    for (const b of svc.meta.listBuckets()) if (bucketLoggingOf(svc, b.name) !== undefined) this.#logged.add(b.name);
  }

  get active(): boolean {
    return this.#events !== undefined || this.#logged.size > 0;
  }

  loggingChanged(bucket: string, enabled: boolean): void {
    if (enabled) this.#logged.add(bucket);
    else this.#logged.delete(bucket);
  }

  /** A decision log that also hands each decision to this observer (kept until its request completes). */
  teeDecisions(inner: DecisionLog): DecisionLog {
    return {
      record: (d) => {
        inner.record(d);
        if (!this.active) return;
        if (this.#decisions.size > 10_000) this.#decisions.clear();
        this.#decisions.set(d.requestId, d);
      },
    };
  }

  begin(_http: HttpRequest): RequestTrace {
    const trace: ObservedTrace = { startedMs: performance.now() };
    if (this.#svc !== undefined) trace.receivedAt = this.#svc.clock.now();
    return trace;
  }

  complete(trace: RequestTrace, http: HttpRequest, response: HttpResponse): HttpResponse {
    const t = trace as ObservedTrace;
    const decision = t.requestId === undefined ? undefined : this.#decisions.get(t.requestId);
    if (t.requestId !== undefined) this.#decisions.delete(t.requestId);
    if (this.#svc === undefined || (t.operation === undefined && t.service === undefined && http.url.startsWith(ADMIN_PREFIX))) return response;
    const turnAround = performance.now() - (t.startedMs ?? performance.now());
    const body = response.body;
    const head = http.method === "HEAD";
    if (body instanceof Readable && !head) {
      let sent = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          sent += chunk.length;
          cb(null, chunk);
        },
      });
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        this.#record(t, http, response, decision, sent, turnAround);
      };
      counter.once("end", finish);
      counter.once("close", finish);
      pipeline(body, counter, () => finish());
      return { ...response, body: counter };
    }
    const bytes = head || body === undefined || body instanceof Readable ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.length;
    this.#record(t, http, response, decision, bytes, turnAround);
    return response;
  }

  #record(t: ObservedTrace, http: HttpRequest, response: HttpResponse, decision: DecisionRecord | undefined, bytesSent: number, turnAround: number): void {
    const svc = this.#svc;
    if (svc === undefined) return;
    try {
      const totalMs = performance.now() - (t.startedMs ?? performance.now());
      const headers = new Headers(http.rawHeaders);
      const time = t.receivedAt ?? svc.clock.now();
      const bucket = t.request?.bucket ?? (t.bucketName !== undefined && t.operation !== "CreateBucket" ? svc.meta.getBucket(t.bucketName) : undefined);
      if (bucket !== undefined && t.service === undefined && t.operation !== undefined && t.requestId !== undefined && this.#logged.has(bucket.name) && this.#delivery !== undefined) {
        const principal = t.auth?.principal;
        const query = t.request?.query;
        const versionId = response.headers["x-amz-version-id"] ?? query?.get("versionId");
        const objectSize = objectSizeOf(t, headers, response);
        const record: AccessLogRecord = {
          bucketOwner: canonicalIdOf(svc, bucket.ownerAccountId),
          bucket: bucket.name,
          time,
          remoteIp: http.remoteAddress,
          ...(requesterOf(principal) !== undefined ? { requester: requesterOf(principal) as string } : {}),
          requestId: t.requestId,
          operation: accessLogOperation(t.operation, http.method),
          ...(t.key !== undefined ? { key: t.key } : {}),
          method: http.method,
          requestUri: http.url,
          httpVersion: "HTTP/1.1",
          status: response.status,
          ...(t.error !== undefined ? { errorCode: t.error.code } : {}),
          bytesSent,
          ...(objectSize !== undefined ? { objectSize } : {}),
          totalTimeMs: totalMs,
          turnAroundTimeMs: turnAround,
          ...(headers.get("referer") !== undefined ? { referer: headers.get("referer") as string } : {}),
          ...(headers.get("user-agent") !== undefined ? { userAgent: headers.get("user-agent") as string } : {}),
          ...(versionId !== undefined ? { versionId } : {}),
          hostId: t.hostId ?? "-",
          ...(t.auth?.authType !== undefined ? { signatureVersion: "SigV4", authType: t.auth.authType === "REST-HEADER" ? "AuthHeader" : "QueryString" } : {}),
          ...(headers.get("host") !== undefined ? { hostHeader: headers.get("host") as string } : {}),
          ...(t.request?.accessPoint !== undefined ? { accessPointArn: `arn:aws:s3:${bucket.region}:${t.request.accessPoint.accountId}:accesspoint/${t.request.accessPoint.name}` } : {}),
          ...(aclRequired(decision) ? { aclRequired: true } : {}),
        };
        if (bucketLoggingOf(svc, bucket.name) !== undefined) this.#delivery.add(bucket.name, formatAccessLogRecord(record), time);
      }
      if (this.#events !== undefined) this.#event(svc, t, http, headers, response, decision, bytesSent, time, bucket?.ownerAccountId);
    } catch (err) {
      svc.log.error("request log record failed", { requestId: t.requestId, err });
    }
  }

  #event(svc: Services, t: ObservedTrace, http: HttpRequest, headers: Headers, response: HttpResponse, decision: DecisionRecord | undefined, bytesOut: number, time: Date, bucketOwner: string | undefined): void {
    const other = t.service !== undefined ? otherServiceCall(t.service, headers, response) : undefined;
    // Another service's call names its caller only once its signature verified: never on an authentication error.
    const verified = other?.errorCode === undefined || !AUTHENTICATION_ERRORS.has(other.errorCode);
    const principal = t.auth?.principal ?? (t.service !== undefined && verified ? callerOf(svc, http, time) : undefined);
    const accessKeyId = t.auth?.accessKeyId ?? (t.service !== undefined ? accessKeyOf(http) : undefined);
    const errorCode = t.error?.code ?? other?.errorCode;
    const bytesIn = Number(headers.get("x-amz-decoded-content-length") ?? headers.get("content-length") ?? 0);
    this.#events?.append(
      cloudTrailEvent({
        time,
        service: t.service ?? "s3",
        eventName: t.operation ?? other?.eventName ?? (http.url.startsWith(ADMIN_PREFIX) ? "AdminRequest" : "Unknown"),
        region: svc.config.region,
        sourceIp: http.remoteAddress,
        ...(headers.get("user-agent") !== undefined ? { userAgent: headers.get("user-agent") as string } : {}),
        ...(principal !== undefined ? { principal } : {}),
        ...(accessKeyId !== undefined ? { accessKeyId } : {}),
        ...(t.auth?.authType !== undefined ? { authType: t.auth.authType } : {}),
        ...(t.bucketName !== undefined ? { bucketName: t.bucketName } : {}),
        ...(t.key !== undefined ? { key: t.key } : {}),
        ...(bucketOwner !== undefined ? { bucketOwnerAccountId: bucketOwner } : {}),
        ...(headers.get("host") !== undefined ? { host: headers.get("host") as string } : {}),
        requestId: t.requestId ?? "-",
        ...(t.hostId !== undefined ? { hostId: t.hostId } : {}),
        eventId: randomUUID(),
        ...(errorCode !== undefined ? { errorCode, errorMessage: t.error?.message ?? other?.errorMessage ?? "" } : {}),
        bytesIn: Number.isFinite(bytesIn) ? bytesIn : 0,
        bytesOut,
        ...(decision !== undefined ? { decision: decision.result } : {}),
      }),
    );
  }
}

/** The requester field: the canonical ID for root users, the ARN for IAM users and sessions, `-` for anonymous. */
function requesterOf(p: Principal | undefined): string | undefined {
  if (p === undefined || p.kind === "anonymous" || p.kind === "service") return undefined;
  if (p.kind === "root") return p.canonicalUserId ?? p.arn;
  return p.arn;
}

/** The object size: of the version read (whole object, also for a range), or of the body written. */
function objectSizeOf(t: RequestTrace, headers: Headers, response: HttpResponse): number | undefined {
  const op = t.operation;
  if (op === "GetObject" || op === "HeadObject") {
    if (response.status !== 200 && response.status !== 206) return undefined;
    const total = /\/(\d+)$/.exec(response.headers["content-range"] ?? "")?.[1] ?? response.headers["content-length"];
    return total === undefined ? undefined : Number(total);
  }
  if (op === "PutObject" || op === "UploadPart") {
    const declared = t.request?.payload.declaredLength;
    if (declared !== undefined) return declared;
    const n = Number(headers.get("x-amz-decoded-content-length") ?? headers.get("content-length"));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** An ACL was required when an ACL grant allowed the request and nothing else would have. */
function aclRequired(d: DecisionRecord | undefined): boolean {
  if (d === undefined || d.result.verdict !== "Allow") return false;
  const layers = d.result.reasons.map((r) => r.layer);
  return layers.some((l) => l === "bucket-acl" || l === "object-acl") && !layers.some((l) => NON_ACL_GRANTS.has(l));
}

/** The access key of a request signed with an authorization header or a presigned query. */
function accessKeyOf(http: HttpRequest): string | undefined {
  for (let i = 0; i + 1 < http.rawHeaders.length; i += 2) {
    if ((http.rawHeaders[i] as string).toLowerCase() === "authorization") return /Credential=([^/,\s]+)/.exec(http.rawHeaders[i + 1] as string)?.[1];
  }
  const m = /[?&]X-Amz-Credential=([^&%]+)/.exec(http.url);
  return m?.[1];
}

/** Errors of IAM, STS and Organizations that mean the request's credentials or signature did not verify. */
const AUTHENTICATION_ERRORS: ReadonlySet<string> = new Set([
  "SignatureDoesNotMatch",
  "InvalidClientTokenId",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "ExpiredToken",
  "RequestExpired",
  "UnrecognizedClientException",
  "InvalidSignatureException",
]);

/** The principal behind the access key of a request to another service (IAM, STS, …), when known. */
function callerOf(svc: Services, http: HttpRequest, now: Date): Principal | undefined {
  const key = accessKeyOf(http);
  if (key === undefined) return undefined;
  const found = svc.accounts.resolve(key, now);
  return found.kind === "found" ? found.principal : undefined;
}

/** The action and outcome of an IAM/STS (Query XML) or Organizations (JSON) call, read from its response. */
function otherServiceCall(service: string, headers: Headers, response: HttpResponse): { eventName?: string; errorCode?: string; errorMessage?: string } {
  const text = typeof response.body === "string" ? response.body : response.body instanceof Uint8Array ? Buffer.from(response.body).toString("utf8") : "";
  const target = headers.get("x-amz-target");
  if (service === "organizations" || target !== undefined) {
    const eventName = target?.split(".").pop();
    if (response.status < 300) return eventName !== undefined ? { eventName } : {};
    try {
      const err = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
      const code = err.__type?.split("#").pop();
      return { ...(eventName !== undefined ? { eventName } : {}), ...(code !== undefined ? { errorCode: code } : {}), errorMessage: err.message ?? err.Message ?? "" };
    } catch {
      return eventName !== undefined ? { eventName } : {};
    }
  }
  const root = /<([A-Za-z]+)Response[\s>]/.exec(text)?.[1];
  if (response.status < 300) return root !== undefined ? { eventName: root } : {};
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  return { ...(code !== undefined ? { errorCode: code } : {}), ...(message !== undefined ? { errorMessage: message } : {}) };
}
