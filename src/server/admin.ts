/**
 * @module server/admin
 * The admin API under `/_crossbucket/` (issue #6), JSON over HTTP, every request SigV4-signed (service `s3`)
 * by a known credential and verified by the S3 authenticate stage:
 *
 * - `GET /_crossbucket/decisions/<request-id>[?format=text]` → `{ "requestId", "decisions": [Explanation…] }`
 *   (several for a DeleteObjects request, one per key). An account sees the decisions made for its own
 *   principals and those on resources it owns (bucket, copy source bucket, access point, existing object);
 *   nothing else.
 * - `POST /_crossbucket/simulate[?format=text]` with `{ "as", "operation" | "action", "resource", "context",
 *   "headers", "versionId" }` → `{ "requestId", "simulated": true, "answer", "decisions": [Explanation…] }`.
 *   An account may simulate its own principals against any bucket, and, as a bucket owner, any principal
 *   (including `anonymous`) against its own buckets.
 *
 * - `GET /_crossbucket/audit[?bucket=B]` → NDJSON (`application/x-ndjson`), one audit record per line as
 *   `server/audit` streams them (findings, progress, a summary last), over the caller's own buckets only; the
 *   matrix shows every account's root, anonymous, and the caller's IAM users and roles. A bucket of another
 *   account is 403 `AccessDenied`, an unknown one 404 `NoSuchBucket` (JSON errors, before the stream starts).
 *
 * Errors are JSON `{ "error": { "code", "message", "requestId" } }`: the authentication errors of S3
 * (`InvalidAccessKeyId`, `SignatureDoesNotMatch`, … with S3's status), 403 `AccessDenied` (unsigned, or not
 * yours), 404 `NoSuchDecision`, 400 `InvalidRequest` / `MalformedJSON` / `UnknownPrincipal`, 404
 * `NoSuchBucket` (simulate), 405 `MethodNotAllowed`.
 */
import { renderText, type Explanation } from "../explain/index.ts";
import type { IdentityDirectory } from "../identity/credentials.ts";
import type { HttpRequest, HttpResponse } from "../protocol/http.ts";
import { Headers } from "../protocol/http.ts";
import { authenticate } from "../protocol/s3/authenticate.ts";
import type { Services } from "../protocol/s3/context.ts";
import { S3Error } from "../protocol/s3/errors.ts";
import { parseQuery } from "../protocol/s3/query.ts";
import type { DecisionRecord } from "../protocol/s3/context.ts";
import { explainRecord, resourceAccounts } from "./explainDecision.ts";
import { parseResource, resolveTarget, simulate, SimulateError, type SimulateInput } from "./simulate.ts";
import { Readable } from "node:stream";
import { AuditError, auditedBuckets, runAudit } from "./audit.ts";

/** @public Where the admin API finds recorded decisions. */
export interface DecisionLookup {
  find(requestId: string): DecisionRecord[];
}

/** @public What the admin API needs. */
export interface AdminDeps {
  readonly svc: Services;
  readonly identity: IdentityDirectory;
  readonly decisions: DecisionLookup;
}

const DECISIONS = "/_crossbucket/decisions/";
const SIMULATE = "/_crossbucket/simulate";
const AUDIT = "/_crossbucket/audit";
const MAX_BODY = 64 * 1024;

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** @public The admin routes other than `health`; undefined for a path they do not serve. */
export function createAdminApi(deps: AdminDeps): (path: string, req: HttpRequest) => Promise<HttpResponse | undefined> {
  return async (path, http) => {
    if (!path.startsWith(DECISIONS) && path !== SIMULATE && path !== AUDIT) return undefined;
    const requestId = deps.svc.ids.requestId();
    const q = http.url.indexOf("?");
    const rawQuery = q < 0 ? "" : http.url.slice(q + 1);
    try {
      const query = parseQuery(rawQuery);
      if (path === AUDIT) {
        if (http.method !== "GET") throw new AdminError(405, "MethodNotAllowed", "audit takes GET");
        return auditRoute(deps, http, path, rawQuery, requestId, query.get("bucket"));
      }
      const format = query.get("format") ?? "json";
      if (format !== "json" && format !== "text") throw new AdminError(400, "InvalidRequest", `format must be json or text, not ${format}`);
      if (path === SIMULATE) {
        if (http.method !== "POST") throw new AdminError(405, "MethodNotAllowed", "simulate takes POST");
        return await simulateRoute(deps, http, path, rawQuery, requestId, format);
      }
      if (http.method !== "GET") throw new AdminError(405, "MethodNotAllowed", "decisions take GET");
      return whyRoute(deps, http, path, rawQuery, requestId, format);
    } catch (e) {
      return errorResponse(e, requestId, deps);
    }
  };
}

/** Verifies the signature with the S3 authenticate stage; the caller's account. */
function caller(deps: AdminDeps, http: HttpRequest, path: string, rawQuery: string): { accountId: string; authentication: ReturnType<typeof authenticate> } {
  const headers = new Headers(http.rawHeaders);
  // The operation only selects body rules for object uploads; the admin API has none.
  const authentication = authenticate(http, headers, parseQuery(rawQuery), { rawPath: path, rawQuery }, deps.svc.clock.now(), deps.svc, "ListBuckets");
  const accountId = authentication.principal.accountId;
  if (authentication.principal.kind === "anonymous" || accountId === undefined) throw new AdminError(403, "AccessDenied", "admin requests must be signed (SigV4, service s3) with the credentials of an account of this world");
  return { accountId, authentication };
}

function whyRoute(deps: AdminDeps, http: HttpRequest, path: string, rawQuery: string, requestId: string, format: string): HttpResponse {
  const { accountId } = caller(deps, http, path, rawQuery);
  let id: string;
  try {
    id = decodeURIComponent(path.slice(DECISIONS.length));
  } catch {
    throw new AdminError(400, "InvalidRequest", "the request ID is not valid percent-encoding");
  }
  if (id === "" || id.includes("/")) throw new AdminError(400, "InvalidRequest", "name one request ID: /_crossbucket/decisions/<request-id>");
  const found = deps.decisions.find(id);
  if (found.length === 0) throw new AdminError(404, "NoSuchDecision", `no decision is recorded for request ${id} (unknown, older than the retention, or not an authorized S3 request)`);
  const visible = found.filter((d) => d.request.principal.accountId === accountId || resourceAccounts(d, deps.svc.accounts).includes(accountId));
  if (visible.length === 0) throw new AdminError(403, "AccessDenied", `the decisions of request ${id} concern neither a principal nor a resource of account ${accountId}`);
  const explanations: Explanation[] = visible.map((d) => explainRecord(d, deps.svc.accounts));
  if (format === "text") return text(explanations.map(renderText).join("\n"), requestId);
  return json(200, { requestId: id, decisions: explanations }, requestId);
}

function auditRoute(deps: AdminDeps, http: HttpRequest, path: string, rawQuery: string, requestId: string, bucket: string | undefined): HttpResponse {
  const { accountId, authentication } = caller(deps, http, path, rawQuery);
  // The audit lists every key with a grant, every bucket ACL and policy effect and every principal of the
  // account: what only the account's root user may see, whatever an IAM identity's policies say.
  if (authentication.principal.kind !== "root") throw new AdminError(403, "AccessDenied", `the audit is for the root user of account ${accountId}: it reports every bucket, ACL grant and principal of the account`);
  const options = { accountId, ...(bucket !== undefined ? { bucket } : {}) };
  auditedBuckets(deps.svc, options); // refuse an unknown or foreign bucket before the stream starts
  const svc = deps.svc;
  async function* lines(): AsyncGenerator<string> {
    try {
      for await (const record of runAudit({ svc, identity: deps.identity }, options)) yield `${JSON.stringify(record)}\n`;
    } catch (e) {
      svc.log.error("audit failed", { requestId, err: e });
      yield `${JSON.stringify({ kind: "error", code: "InternalError", message: "the audit failed; see the server log", requestId })}\n`;
    }
  }
  return { status: 200, headers: { "content-type": "application/x-ndjson", "x-amz-request-id": requestId }, body: Readable.from(lines()) };
}

async function simulateRoute(deps: AdminDeps, http: HttpRequest, path: string, rawQuery: string, requestId: string, format: string): Promise<HttpResponse> {
  const { accountId, authentication } = caller(deps, http, path, rawQuery);
  const body = await authentication.payload.readAll(MAX_BODY);
  let input: SimulateInput;
  try {
    input = JSON.parse(body.toString("utf8")) as SimulateInput;
  } catch {
    throw new AdminError(400, "MalformedJSON", "the body must be a JSON object");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new AdminError(400, "MalformedJSON", "the body must be a JSON object");
  checkShape(input);
  preauthorize(deps, accountId, input);
  const sim = simulate(input, deps.svc, deps.identity, requestId, http.remoteAddress);
  const own = sim.caller.principal.accountId === accountId;
  const bucketOwner = sim.bucketOwnerAccountId === accountId;
  if (!own && !bucketOwner) {
    throw new AdminError(403, "AccessDenied", `account ${accountId} may simulate its own principals, or any principal against its own buckets; ${input.as} is neither`);
  }
  const explanations = sim.decisions.map((d) => explainRecord(d, deps.svc.accounts, { simulated: true, ...(sim.caller.accessKeyId !== undefined ? { accessKeyId: sim.caller.accessKeyId } : {}) }));
  if (format === "text") {
    const head = explanations.length === 0 ? `Simulated ${sim.operation}: ${sim.answer.allowed ? "would be allowed" : `would get ${sim.answer.status ?? ""} ${sim.answer.code ?? ""} "${sim.answer.message ?? ""}"`} before any authorization decision\n` : "";
    return text(head + explanations.map(renderText).join("\n"), requestId);
  }
  return json(200, { requestId, simulated: true, operation: sim.operation, answer: sim.answer, decisions: explanations }, requestId);
}

/**
 * Refuses before looking anything up when the caller neither owns the bucket nor is the account `as` names
 * (so that simulate does not reveal which principals other accounts have). Access keys are resolved first.
 */
function preauthorize(deps: AdminDeps, accountId: string, input: SimulateInput): void {
  const bucket = parseResource(input.resource).bucket;
  if (bucket !== undefined && deps.svc.meta.getBucket(bucket)?.ownerAccountId === accountId) return;
  if (ownsAccessPointBucket(deps, accountId, input.resource)) return;
  const as = input.as.trim();
  const named = /^\d{12}$/.test(as) ? as : /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(as)?.[1];
  if (named === accountId) return;
  if (named !== undefined || as === "anonymous" || as === "*") {
    throw new AdminError(403, "AccessDenied", `account ${accountId} may simulate its own principals, or any principal against its own buckets; ${as} is neither`);
  }
}

/** The resource names an access point (ARN or alias) whose bucket the caller owns; unknown ones count as not. */
function ownsAccessPointBucket(deps: AdminDeps, accountId: string, resource: string | undefined): boolean {
  try {
    const target = resolveTarget(resource, deps.svc);
    return target.accessPoint !== undefined && target.accessPoint.bucketAccountId === accountId;
  } catch {
    return false;
  }
}

function checkShape(input: SimulateInput): void {
  if (typeof input.as !== "string" || input.as.trim() === "") throw new AdminError(400, "InvalidRequest", `"as" must name the principal to simulate (ARN, account ID, access key ID or "anonymous")`);
  const strings: (keyof SimulateInput)[] = ["operation", "action", "resource", "versionId"];
  for (const k of strings) if (input[k] !== undefined && typeof input[k] !== "string") throw new AdminError(400, "InvalidRequest", `"${k}" must be a string`);
  for (const k of ["context", "headers"] as const) {
    const v = input[k];
    if (v !== undefined && (typeof v !== "object" || v === null || Array.isArray(v))) throw new AdminError(400, "InvalidRequest", `"${k}" must be an object`);
  }
  for (const [k, v] of Object.entries(input.context ?? {})) {
    if (typeof v !== "string" && !(Array.isArray(v) && v.every((x) => typeof x === "string"))) throw new AdminError(400, "InvalidRequest", `context key ${k} must be a string or a list of strings`);
  }
}

function errorResponse(e: unknown, requestId: string, deps: AdminDeps): HttpResponse {
  if (e instanceof AdminError) return json(e.status, { error: { code: e.code, message: e.message, requestId } }, requestId);
  if (e instanceof AuditError) return json(e.code === "NoSuchBucket" ? 404 : 403, { error: { code: e.code, message: e.message, requestId } }, requestId);
  if (e instanceof SimulateError) return json(e.code === "NoSuchBucket" ? 404 : 400, { error: { code: e.code, message: e.message, requestId } }, requestId);
  if (e instanceof S3Error) return json(e.status, { error: { code: e.code, message: e.message, requestId } }, requestId);
  deps.svc.log.error("admin API internal error", { requestId, err: e });
  return json(500, { error: { code: "InternalError", message: "We encountered an internal error. Please try again.", requestId } }, requestId);
}

function json(status: number, body: unknown, requestId: string): HttpResponse {
  return { status, headers: { "content-type": "application/json", "x-amz-request-id": requestId }, body: `${JSON.stringify(body, null, 2)}\n` };
}

function text(body: string, requestId: string): HttpResponse {
  return { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "x-amz-request-id": requestId }, body };
}
