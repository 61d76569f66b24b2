/**
 * @module protocol/pipeline
 * The staged S3 pipeline: parse → authenticate → resolve → authorize → execute → serialize.
 * Each stage is a small function; each can end the request with an S3 error from the catalogue
 * (see docs/lifecycle.md). A request whose signature does not verify never reaches a handler.
 */
import { S3_OPERATIONS, type S3OperationName } from "../authz/catalogue.ts";
import type { HttpRequest, HttpResponse } from "./http.ts";
import { Headers } from "./http.ts";
import { DEFAULT_ADDRESSING, resolveAddress, type AddressingConfig } from "./s3/addressing.ts";
import { routeS3 } from "./s3/router.ts";
import { S3Error } from "./s3/errors.ts";
import { errorResponse } from "./s3/errorResponse.ts";
import type { RequestTrace, S3Request, Services } from "./s3/context.ts";
import { HANDLERS } from "./s3/ops/index.ts";
import { authenticate } from "./s3/authenticate.ts";
import { authorizeRequest } from "./s3/authorize.ts";
import { hasBodyKeys, readBodyKeys } from "./s3/bodyKeys.ts";
import { parseQuery } from "./s3/query.ts";
import { requestTarget } from "./s3/accessPointAddress.ts";

/** S3 rejects request header sections larger than this. */
const MAX_HEADER_BYTES = 8 * 1024;

/** @public Admin routes live under this prefix; bucket names cannot start with `_`. */
export const ADMIN_PREFIX = "/_crossbucket/";

/**
 * @public Another AWS service served on the same port (IAM, STS, Organizations), chosen by the
 * service name of the request's SigV4 credential scope. It authenticates and answers on its own.
 */
export type ServiceEndpoint = (req: HttpRequest, ctx: { readonly requestId: string; readonly rawPath: string; readonly rawQuery: string }) => Promise<HttpResponse>;

/** @public The service named by a request's credential scope (`Credential=AKID/date/region/SERVICE/aws4_request`), if any. */
export function scopeService(http: HttpRequest, rawQuery: string): string | undefined {
  let credential: string | undefined;
  for (let i = 0; i + 1 < http.rawHeaders.length; i += 2) {
    if ((http.rawHeaders[i] as string).toLowerCase() === "authorization") {
      const m = /Credential=([^,\s]+)/.exec(http.rawHeaders[i + 1] as string);
      credential = m?.[1];
      break;
    }
  }
  if (credential === undefined) {
    const m = /(?:^|&)X-Amz-Credential=([^&]+)/.exec(rawQuery);
    if (m?.[1] !== undefined) credential = safeDecode(m[1]);
  }
  return credential?.split("/")[3];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * @public Builds the server function. `endpoints` maps credential-scope service names other than `s3` to their
 * handlers; the entry `s3-control` (signed as `s3`, recognised by its `<account-id>.` host) serves S3 Control.
 */
export function createS3Handler(
  svc: Services,
  admin: (path: string, req: HttpRequest) => Promise<HttpResponse | undefined>,
  endpoints: Readonly<Record<string, ServiceEndpoint>> = {},
): (req: HttpRequest) => Promise<HttpResponse> {
  const addressing: AddressingConfig = { baseDomains: svc.config.baseDomains, ...(DEFAULT_ADDRESSING.accessPointDomains !== undefined ? { accessPointDomains: DEFAULT_ADDRESSING.accessPointDomains } : {}) };
  const serve = async (http: HttpRequest, trace: RequestTrace | undefined): Promise<HttpResponse> => {
    const requestId = svc.ids.requestId();
    const hostId = svc.ids.hostId();
    if (trace !== undefined) Object.assign(trace, { requestId, hostId });
    const common = { "x-amz-request-id": requestId, "x-amz-id-2": hostId, server: "AmazonS3" };
    const q = http.url.indexOf("?");
    const rawPath = q < 0 ? http.url : http.url.slice(0, q);
    const rawQuery = q < 0 ? "" : http.url.slice(q + 1);
    try {
      if (rawPath.startsWith(ADMIN_PREFIX)) {
        const out = await admin(rawPath, http);
        if (out) return out;
      }
      const service = scopeService(http, rawQuery);
      const endpoint = service !== undefined && service !== "s3" ? endpoints[service] : undefined;
      if (endpoint) {
        if (trace !== undefined) trace.service = service;
        const out = await endpoint(http, { requestId, rawPath, rawQuery });
        return { ...out, headers: { ...out.headers, "x-amzn-requestid": requestId } };
      }
      const out = await handleS3(http, svc, addressing, { requestId, rawPath, rawQuery }, endpoints["s3-control"], trace);
      return { ...out, headers: { ...out.headers, ...common } };
    } catch (e) {
      const err = e instanceof S3Error ? e : internal(e, svc, requestId);
      if (trace !== undefined) trace.error = err;
      if (err.serverFault && e instanceof S3Error) svc.log.error("server fault", { requestId, code: err.code, err: e });
      return errorResponse(err, { requestId, hostId, path: decodePathSafe(rawPath), head: http.method === "HEAD", common });
    }
  };
  // The request observer (access logs, event log) costs one property read per request while it is idle.
  const observer = svc.requestLog;
  if (observer === undefined) return (http) => serve(http, undefined);
  return async (http) => {
    if (!observer.active) return serve(http, undefined);
    const trace = observer.begin(http);
    return observer.complete(trace, http, await serve(http, trace));
  };
}

function internal(e: unknown, svc: Services, requestId: string): S3Error {
  svc.log.error("internal error", { requestId, err: e });
  return new S3Error("InternalError");
}

function decodePathSafe(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

interface Raw {
  readonly requestId: string;
  readonly rawPath: string;
  readonly rawQuery: string;
}

async function handleS3(http: HttpRequest, svc: Services, addressing: AddressingConfig, raw: Raw, control: ServiceEndpoint | undefined, trace: RequestTrace | undefined): Promise<HttpResponse> {
  // Parse: headers, address, query, operation.
  let headerBytes = 0;
  for (const h of http.rawHeaders) headerBytes += h.length + 2;
  if (headerBytes > MAX_HEADER_BYTES) throw new S3Error("RequestHeaderSectionTooLarge", { fields: [["MaxSizeAllowed", String(MAX_HEADER_BYTES)]] });
  const headers = new Headers(http.rawHeaders);
  const address = resolveAddress(headers.get("host"), raw.rawPath, addressing);
  if ("error" in address) throw new S3Error(address.error, { message: address.message });
  if (address.style === "control" && control !== undefined) return control(http, raw);
  if (address.style === "control") throw new S3Error("NotImplemented", { message: "S3 Control requests are not served by this endpoint." });
  const target = requestTarget(address, svc);
  const query = parseQuery(raw.rawQuery);
  const route = routeS3({ method: http.method, ...(target.bucket !== undefined ? { bucket: target.bucket } : {}), ...(target.key !== undefined ? { key: target.key } : {}), query, headers });
  if ("error" in route) throw new S3Error(route.error, { message: route.message });
  const operation: S3OperationName = route.operation;
  const handler = HANDLERS[operation];
  if (trace !== undefined) Object.assign(trace, { operation, bucketName: target.bucket, key: target.key });

  // Authenticate: every signature is verified before anything else looks at the request.
  const now = svc.clock.now();
  const auth = authenticate(http, headers, query, raw, now, svc, operation);
  if (trace !== undefined) trace.auth = auth;

  if (!handler) throw new S3Error("NotImplemented", { message: `${operation} is not implemented by crossbucket yet.` });

  // Resolve: the bucket the operation names.
  const spec = S3_OPERATIONS[operation];
  const bucket = target.bucket !== undefined && operation !== "CreateBucket" && spec.resource !== "none" ? svc.meta.getBucket(target.bucket) : undefined;
  if (target.bucket !== undefined && operation !== "CreateBucket" && spec.resource !== "none" && !bucket) {
    throw new S3Error("NoSuchBucket", { fields: [["BucketName", target.bucket]] });
  }

  const req: S3Request = {
    requestId: raw.requestId,
    operation,
    method: http.method,
    path: raw.rawPath,
    bucketName: target.bucket,
    key: target.key,
    ...(target.accessPoint !== undefined ? { accessPoint: target.accessPoint } : {}),
    query,
    headers,
    principal: auth.principal,
    account: auth.account,
    now,
    payload: auth.payload,
    auth: {
      ...(auth.accessKeyId !== undefined ? { accessKeyId: auth.accessKeyId } : {}),
      ...(auth.authType !== undefined ? { authType: auth.authType } : {}),
      ...(auth.signatureAgeMs !== undefined ? { signatureAgeMs: auth.signatureAgeMs } : {}),
    },
    client: { ip: http.remoteAddress, secure: http.secure },
    bucket,
  };

  if (trace !== undefined) trace.request = req;

  // Authorize, with the condition keys of the body for the operations that have some (bodyKeys.ts).
  const bodyKeys = hasBodyKeys(operation) ? await readBodyKeys(req) : undefined;
  const withBody = bodyKeys === undefined ? req : { ...req, bodyKeys };
  const authorized = authorizeRequest(withBody, svc);

  // Execute and serialize. INVARIANT: nothing awaits between the object lookup of the authorize stage and
  // the handler's synchronous start, where a reader takes its blob lease (see BlobStore.lease).
  return handler(authorized.object === undefined ? withBody : { ...withBody, object: authorized.object }, svc);
}
