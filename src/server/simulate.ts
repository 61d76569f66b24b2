/**
 * @module server/simulate
 * `simulate`: evaluates a hypothetical S3 request against the live world without performing it. The request
 * is synthesised as an {@link S3Request} (principal from an ARN or access key, operation from its name or
 * from an IAM action, bucket and key from the resource, headers, condition-key overrides) and passed to the
 * same authorize stage live requests go through, with a decision log that only collects: the answer is
 * exactly what S3 would answer (403, 405 for another account's bucket-policy call, 403 instead of 404 for a
 * missing key without ListBucket), and every decision is explained like a live one. No handler runs.
 *
 * A resource may name an access point, by ARN (`arn:aws:s3:<region>:<account>:accesspoint/<name>/object/<key>`)
 * or by alias (`<alias>/<key>`): the request is then evaluated as it would arrive through that access point,
 * like a live one (protocol/s3/accessPointAddress.ts): its policy, the bucket policy's delegation and its Block
 * Public Access take part.
 *
 * Condition-key overrides (`context`) that a request can carry are put on the synthesised request
 * (`aws:SourceIp`, `aws:SecureTransport`, `aws:CurrentTime`, `s3:authType`, `s3:x-amz-*` header keys); every
 * override is also laid over the recorded decisions' keys, which are then decided again, so that keys a
 * request cannot carry (e.g. `aws:SourceVpce`) count too.
 */
import { S3_OPERATIONS, type S3OperationName } from "../authz/catalogue.ts";
import { accessDeniedMessage, authorize } from "../authz/index.ts";
import type { Principal } from "../kernel/principal.ts";
import { ANONYMOUS } from "../kernel/principal.ts";
import { ContextKeys, type ContextValue } from "../policy/index.ts";
import { rootPrincipal } from "../identity/accounts.ts";
import type { IdentityDirectory } from "../identity/credentials.ts";
import { entityArn } from "../identity/iamNames.ts";
import { tagRecord } from "../identity/iamTags.ts";
import { assumedRoleArn, userPrincipal } from "../identity/principals.ts";
import { Headers } from "../protocol/http.ts";
import { authorizeKey, authorizeRequest } from "../protocol/s3/authorize.ts";
import type { DecisionRecord, S3Request, Services } from "../protocol/s3/context.ts";
import { S3Error } from "../protocol/s3/errors.ts";
import { Payload } from "../protocol/s3/payload.ts";
import type { AccessPointRecord } from "../storage/ports.ts";

/** @public What a simulation asks (the JSON body of `POST /_crossbucket/simulate`). */
export interface SimulateInput {
  /** Principal ARN (`arn:aws:iam::A:root|user/…|role/…`, `arn:aws:sts::A:assumed-role/R/S`), account ID, access key ID, or `anonymous`. */
  readonly as: string;
  /** An S3 operation name (`GetObject`) … */
  readonly operation?: string;
  /** … or an IAM action (`s3:GetObject`), mapped to the operation that needs only it. */
  readonly action?: string;
  /** `arn:aws:s3:::bucket/key`, `s3://bucket/key`, `bucket/key`, `bucket`, or empty for ListBuckets. */
  readonly resource?: string;
  readonly versionId?: string;
  /** Condition keys to set, e.g. `{"aws:SourceIp": "10.0.0.1"}`. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** Request headers, e.g. `{"x-amz-acl": "bucket-owner-full-control"}`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** @public The simulated requester. */
export interface SimulatedCaller {
  readonly principal: Principal;
  readonly accessKeyId?: string;
}

/** @public A simulation that cannot be run as asked (bad input); the message is meant for the user. */
export class SimulateError extends Error {
  constructor(
    readonly code: "InvalidRequest" | "NoSuchBucket" | "UnknownPrincipal",
    message: string,
  ) {
    super(message);
  }
}

/** @public What a simulation found: the answer S3 would give and the decisions it made. */
export interface Simulation {
  readonly operation: S3OperationName;
  readonly caller: SimulatedCaller;
  /** The bucket the request addresses (for the admin API's authorization), if any. */
  readonly bucketOwnerAccountId?: string;
  readonly answer: { readonly allowed: boolean; readonly status?: number; readonly code?: string; readonly message?: string };
  readonly decisions: readonly DecisionRecord[];
}

const SIMULATED_SESSION = "crossbucket-simulate";

/** @public Resolves `as` to a principal of the live world. */
export function resolveCaller(as: string, identity: IdentityDirectory, now: Date): SimulatedCaller {
  const text = as.trim();
  if (text === "anonymous" || text === "*") return { principal: ANONYMOUS };
  const accountOnly = /^\d{12}$/.test(text) ? text : /^arn:aws:iam::(\d{12}):root$/.exec(text)?.[1];
  if (accountOnly !== undefined) {
    const account = identity.get(accountOnly);
    if (account === undefined) throw new SimulateError("UnknownPrincipal", `no account ${accountOnly} in this world`);
    return { principal: rootPrincipal(account) };
  }
  const iam = /^arn:aws:iam::(\d{12}):(user|role)(\/(?:[^/]*\/)*)?([^/]+)$/.exec(text);
  if (iam !== null) {
    const [, accountId, kind, path, name] = iam as unknown as [string, string, "user" | "role", string | undefined, string];
    const account = identity.get(accountId);
    if (account === undefined) throw new SimulateError("UnknownPrincipal", `no account ${accountId} in this world`);
    if (kind === "user") {
      const user = identity.store.get("user", accountId, name);
      if (user === undefined || user.path !== (path ?? "/")) throw new SimulateError("UnknownPrincipal", `no IAM user ${text}`);
      return { principal: userPrincipal(account, user) };
    }
    const role = identity.store.get("role", accountId, name);
    if (role === undefined || role.path !== (path ?? "/")) throw new SimulateError("UnknownPrincipal", `no IAM role ${text}`);
    return { principal: roleSession(account.id, account.canonicalUserId, identity, name, SIMULATED_SESSION) };
  }
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/([^/]+)$/.exec(text);
  if (session !== null) {
    const [, accountId, role, name] = session as unknown as [string, string, string, string];
    const account = identity.get(accountId);
    if (account === undefined) throw new SimulateError("UnknownPrincipal", `no account ${accountId} in this world`);
    return { principal: roleSession(account.id, account.canonicalUserId, identity, role, name) };
  }
  if (text.startsWith("arn:")) throw new SimulateError("UnknownPrincipal", `cannot simulate as ${text}: give a root, user, role or assumed-role ARN, an account ID, an access key ID, or "anonymous"`);
  const found = identity.resolve(text, now);
  if (found.kind === "found") return { principal: found.principal, accessKeyId: text };
  throw new SimulateError("UnknownPrincipal", found.kind === "expired" ? `the credentials ${text} have expired` : `no principal or access key ${text}`);
}

function roleSession(accountId: string, canonicalUserId: string, identity: IdentityDirectory, roleName: string, sessionName: string): Principal {
  const role = identity.store.get("role", accountId, roleName);
  if (role === undefined) throw new SimulateError("UnknownPrincipal", `no IAM role ${roleName} in account ${accountId}`);
  return {
    kind: "assumed-role",
    accountId,
    arn: assumedRoleArn(accountId, role.name, sessionName),
    principalArn: entityArn(accountId, "role", role.path, role.name),
    userId: `${role.id}:${sessionName}`,
    uniqueId: role.id,
    canonicalUserId,
    tags: tagRecord(role.tags),
  };
}

/** @public The operation a simulation names, by operation name or by the IAM action it alone requires. */
export function operationOf(input: Pick<SimulateInput, "operation" | "action">): S3OperationName {
  if (input.operation !== undefined && input.action !== undefined) throw new SimulateError("InvalidRequest", "give either an operation or an action, not both");
  if (input.operation !== undefined) {
    const name = Object.keys(S3_OPERATIONS).find((k) => k.toLowerCase() === input.operation?.toLowerCase()) as S3OperationName | undefined;
    if (name === undefined) throw new SimulateError("InvalidRequest", `unknown S3 operation ${input.operation}`);
    if (!S3_OPERATIONS[name].served) throw new SimulateError("InvalidRequest", `crossbucket does not serve ${name}`);
    return name;
  }
  const action = input.action?.toLowerCase();
  if (action === undefined || action === "") throw new SimulateError("InvalidRequest", "name an operation (e.g. GetObject) or an action (e.g. s3:GetObject)");
  let best: S3OperationName | undefined;
  for (const [name, spec] of Object.entries(S3_OPERATIONS) as [S3OperationName, (typeof S3_OPERATIONS)[S3OperationName]][]) {
    if (!spec.served || spec.actions.length !== 1 || spec.actions[0]?.toLowerCase() !== action || "sourceActions" in spec) continue;
    if (best === undefined || spec.conditionKeys.length > S3_OPERATIONS[best].conditionKeys.length) best = name;
  }
  if (best !== undefined) return best;
  const versioned = (Object.entries(S3_OPERATIONS) as [S3OperationName, (typeof S3_OPERATIONS)[S3OperationName]][]).find(([, spec]) => spec.served && "versionActions" in spec && spec.versionActions.some((a) => a.toLowerCase() === action));
  if (versioned !== undefined) throw new SimulateError("InvalidRequest", `${input.action} is the versioned form of ${versioned[0]}: simulate operation ${versioned[0]} with a versionId`);
  throw new SimulateError("InvalidRequest", `no S3 operation crossbucket serves requires only ${input.action}; name the operation instead`);
}

/** @public An access point a simulated request goes through, as its ARN names it. */
export interface AccessPointName {
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

/** `arn:aws:s3:<region>:<account>:accesspoint/<name>[/object/<key>]` (spec §7.1). */
const ACCESS_POINT_ARN = /^arn:aws:s3:([a-z0-9-]+):(\d{12}):accesspoint\/([a-z0-9][a-z0-9-]{1,48}[a-z0-9])(?:\/object\/(.*))?$/s;

/**
 * @public Splits a resource into bucket and key, or, for an access point ARN, into the access point and key.
 * (An access point alias is a bucket name here; {@link resolveTarget} maps it to its access point.)
 */
export function parseResource(resource: string | undefined): { bucket?: string; key?: string; accessPoint?: AccessPointName } {
  let r = (resource ?? "").trim();
  if (r === "" || r === "*") return {};
  if (r.startsWith("arn:aws:s3:") && !r.startsWith("arn:aws:s3:::") && r.includes(":accesspoint/")) {
    const m = ACCESS_POINT_ARN.exec(r);
    if (m === null) throw new SimulateError("InvalidRequest", `not an access point ARN: ${r} (arn:aws:s3:<region>:<account-id>:accesspoint/<name>, or …/object/<key> for an object)`);
    const [, region, accountId, name, key] = m as unknown as [string, string, string, string, string | undefined];
    if (key === "") throw new SimulateError("InvalidRequest", `no key after /object/ in ${r}`);
    const accessPoint = { region, accountId, name };
    return key === undefined ? { accessPoint } : { key, accessPoint };
  }
  if (r.startsWith("arn:aws:s3:::")) r = r.slice("arn:aws:s3:::".length);
  else if (r.startsWith("s3://")) r = r.slice("s3://".length);
  else if (r.startsWith("arn:")) throw new SimulateError("InvalidRequest", `not an S3 bucket, object or access point ARN: ${resource ?? ""}`);
  const slash = r.indexOf("/");
  if (slash < 0) return { bucket: r };
  const bucket = r.slice(0, slash);
  const key = r.slice(slash + 1);
  if (bucket === "") throw new SimulateError("InvalidRequest", `no bucket in ${resource ?? ""}`);
  return key === "" ? { bucket } : { bucket, key };
}

/** @public The bucket, key and access point a simulated request acts on. */
export interface SimulatedTarget {
  readonly bucket?: string;
  readonly key?: string;
  readonly accessPoint?: AccessPointRecord;
}

const ALIAS_SUFFIX = "-s3alias";

/**
 * @public Resolves a resource the way live addressing does (protocol/s3/accessPointAddress.ts): an access point
 * ARN to its access point and the bucket behind it (404 NoSuchAccessPoint when there is none), an access point
 * alias used as a bucket name likewise; anything else is a bucket and key.
 */
export function resolveTarget(resource: string | undefined, svc: Pick<Services, "meta">): SimulatedTarget {
  const parsed = parseResource(resource);
  const key = parsed.key !== undefined ? { key: parsed.key } : {};
  if (parsed.accessPoint !== undefined) {
    const ap = svc.meta.getAccessPoint(parsed.accessPoint.accountId, parsed.accessPoint.name);
    if (ap === undefined) throw new S3Error("NoSuchAccessPoint", { fields: [["AccessPointName", parsed.accessPoint.name]] });
    return { bucket: ap.bucket, ...key, accessPoint: ap };
  }
  if (parsed.bucket?.endsWith(ALIAS_SUFFIX) === true) {
    const ap = svc.meta.getAccessPointByAlias(parsed.bucket);
    if (ap !== undefined) return { bucket: ap.bucket, ...key, accessPoint: ap };
  }
  return parsed.bucket === undefined ? key : { bucket: parsed.bucket, ...key };
}

/** The HTTP method of an operation (the synthesised request carries one; authorization does not read it). */
function methodOf(operation: S3OperationName): string {
  if (operation.startsWith("Head")) return "HEAD";
  if (operation.startsWith("Get") || operation.startsWith("List")) return "GET";
  if (["DeleteObjects", "CreateMultipartUpload", "CompleteMultipartUpload", "RestoreObject", "SelectObjectContent", "PostObject"].includes(operation)) return "POST";
  if (operation.startsWith("Delete") || operation === "AbortMultipartUpload") return "DELETE";
  return "PUT";
}

const empty = async function* (): AsyncGenerator<Uint8Array> {};

function single(v: ContextValue | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/**
 * @public Runs a simulation: the request as the authorize stage would see it, decided by that stage, with the
 * decisions collected instead of logged. Throws {@link SimulateError} for input it cannot simulate.
 */
export function simulate(input: SimulateInput, svc: Services, identity: IdentityDirectory, requestId: string, callerIp: string): Simulation {
  if (typeof input.as !== "string" || input.as === "") throw new SimulateError("InvalidRequest", `"as" must name the principal to simulate`);
  const now = svc.clock.now();
  const caller = resolveCaller(input.as, identity, now);
  const operation = operationOf(input);
  const spec = S3_OPERATIONS[operation];
  const { bucket: bucketName, key, accessPoint } = resolveTarget(input.resource, svc);
  if (accessPoint !== undefined && spec.resource === "none") throw new SimulateError("InvalidRequest", `${operation} cannot be made through an access point`);
  if (spec.resource === "none" && bucketName !== undefined) throw new SimulateError("InvalidRequest", `${operation} takes no bucket or object resource`);
  if (spec.resource !== "none" && bucketName === undefined) throw new SimulateError("InvalidRequest", `${operation} needs a ${spec.resource} resource`);
  if (spec.resource === "object" && key === undefined) throw new SimulateError("InvalidRequest", `${operation} needs an object: bucket/key`);
  if (spec.resource === "bucket" && key !== undefined) throw new SimulateError("InvalidRequest", `${operation} acts on a bucket: give the bucket without a key`);
  const bucket = bucketName !== undefined && operation !== "CreateBucket" ? svc.meta.getBucket(bucketName) : undefined;
  if (bucketName !== undefined && operation !== "CreateBucket" && bucket === undefined) throw new SimulateError("NoSuchBucket", `bucket ${bucketName} does not exist`);

  const overrides = input.context ?? {};
  const lower = new Map(Object.entries(overrides).map(([k, v]) => [k.toLowerCase(), v] as const));
  const rawHeaders: string[] = [];
  const given = new Set<string>();
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (typeof value !== "string") throw new SimulateError("InvalidRequest", `header ${name} must be a string`);
    rawHeaders.push(name, value);
    given.add(name.toLowerCase());
  }
  for (const [k, v] of lower) {
    const header = k.startsWith("s3:x-amz-") ? k.slice(3) : k === "aws:useragent" ? "user-agent" : k === "aws:referer" ? "referer" : undefined;
    const value = single(v);
    if (header !== undefined && value !== undefined && !given.has(header)) rawHeaders.push(header, value);
  }
  if (!given.has("host")) rawHeaders.push("host", "crossbucket-simulate");
  const currentTime = single(lower.get("aws:currenttime"));
  const at = currentTime !== undefined && !Number.isNaN(Date.parse(currentTime)) ? new Date(Date.parse(currentTime)) : now;
  const authType = single(lower.get("s3:authtype"));
  const query = new Map<string, string>();
  if (input.versionId !== undefined) query.set("versionId", input.versionId);
  const principal = caller.principal;
  const req: S3Request = {
    requestId,
    operation,
    method: methodOf(operation),
    path: `/${bucketName ?? ""}${key !== undefined ? `/${key}` : ""}`,
    bucketName,
    key,
    ...(accessPoint !== undefined ? { accessPoint } : {}),
    query,
    headers: new Headers(rawHeaders),
    principal,
    account: principal.accountId !== undefined ? identity.get(principal.accountId) : undefined,
    now: at,
    payload: new Payload(empty(), { maxSize: 0 }),
    auth: principal.kind === "anonymous" ? {} : { ...(caller.accessKeyId !== undefined ? { accessKeyId: caller.accessKeyId } : {}), authType: authType === "REST-QUERY-STRING" ? "REST-QUERY-STRING" : "REST-HEADER", signatureAgeMs: 0 },
    client: { ip: single(lower.get("aws:sourceip")) ?? callerIp, secure: single(lower.get("aws:securetransport")) === "true" },
    bucket,
    // No body: keys such as s3:RequestObjectTag/* come from the context overrides, laid over below.
    bodyKeys: {},
  };

  const collected: DecisionRecord[] = [];
  const collecting: Services = { ...svc, decisions: { record: (d) => collected.push(d) } };
  let error: S3Error | undefined;
  try {
    if (operation === "DeleteObjects" && bucket !== undefined && key !== undefined) authorizeKey(req, collecting, bucket, key, input.versionId);
    else authorizeRequest(req, collecting);
  } catch (e) {
    if (!(e instanceof S3Error)) throw e;
    error = e;
  }
  const decisions = lower.size === 0 ? collected : collected.map((d) => overlay(d, overrides));
  const last = decisions[decisions.length - 1];
  const reanswered = lower.size > 0 && last !== undefined && last.answeredWith !== collected[collected.length - 1]?.answeredWith;
  const answer =
    reanswered && last !== undefined
      ? last.answeredWith === undefined
        ? { allowed: true }
        : { allowed: false, status: 403, code: last.answeredWith, ...(last.message !== undefined ? { message: last.message } : {}) }
      : error !== undefined
        ? { allowed: false, status: error.status, code: error.code, message: error.message }
        : { allowed: true };
  return { operation, caller, ...(bucket !== undefined ? { bucketOwnerAccountId: bucket.ownerAccountId } : {}), answer, decisions };
}

/** Lays the overrides over a recorded decision's condition keys and decides again. */
function overlay(d: DecisionRecord, overrides: Readonly<Record<string, ContextValue>>): DecisionRecord {
  const base = d.request.context;
  const context = ContextKeys.of(overrides).withResolver((k) => base.lookup(k));
  const request = { ...d.request, context };
  const result = authorize(request);
  if (result.verdict === d.result.verdict && result.blockedBy?.layer === d.result.blockedBy?.layer) return { ...d, request, result };
  const { answeredWith: _a, message: _m, ...rest } = d;
  if (result.verdict === "Allow") return { ...rest, request, result };
  const owner = request.target === undefined ? undefined : { accountId: request.target.ownerAccountId, ...(request.target.ownerOrgId !== undefined ? { orgId: request.target.ownerOrgId } : {}) };
  return { ...rest, request, result, answeredWith: "AccessDenied", message: accessDeniedMessage(result, request.principal, owner) };
}
