/**
 * @module protocol/s3control/controlEndpoint
 * The S3 Control endpoint (REST-XML, signed as service `s3`): requests to `<account-id>.<endpoint host>`
 * with paths under `/v20180820/`, which the pipeline hands over (see `s3/addressing.ts`). Stages:
 * authenticate with S3's SigV4 code → check that the account addressed (host label and `x-amz-account-id`)
 * is the caller's → route → the handler, which authorizes its action on the identity side and runs.
 * Every failure is answered in S3 Control's error document.
 */
import type { ContextValue } from "../../policy/index.ts";
import type { S3OperationName } from "../../authz/catalogue.ts";
import type { HttpRequest, HttpResponse } from "../http.ts";
import { Headers } from "../http.ts";
import type { ServiceEndpoint } from "../pipeline.ts";
import { resolveAddress } from "../s3/addressing.ts";
import { authenticate, type Authentication } from "../s3/authenticate.ts";
import { parseQuery } from "../s3/query.ts";
import { ACCESS_POINT_HANDLERS } from "./accessPoints.ts";
import { ACCESS_POINT_POLICY_HANDLERS } from "./accessPointPolicy.ts";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK_HANDLERS } from "./accountPublicAccessBlock.ts";
import { ControlError, controlErrorResponse, toRenderable } from "./controlErrors.ts";
import type { ControlDeps, ControlHandler, ControlRequest } from "./controlRequest.ts";
import { routeControl, type ControlOperation } from "./controlRouter.ts";

/** One handler per served operation. */
const HANDLERS: Readonly<Record<ControlOperation, ControlHandler>> = { ...ACCESS_POINT_HANDLERS, ...ACCESS_POINT_POLICY_HANDLERS, ...ACCOUNT_PUBLIC_ACCESS_BLOCK_HANDLERS };

/**
 * The S3 operation whose body handling S3 Control requests share: a small signed document, no object
 * content (authentication uses the operation only to decide how the body is read).
 */
const BODY_LIKE: S3OperationName = "PutBucketPolicy";

/** The access key of a signed request (Authorization header or presigned query), to find its STS session. */
function accessKeyOf(headers: Headers, query: ReadonlyMap<string, string>): string | undefined {
  const credential = /Credential=([^,\s]+)/.exec(headers.get("authorization") ?? "")?.[1] ?? query.get("X-Amz-Credential");
  return credential?.split("/")[0];
}

/** The request's condition keys that do not depend on the operation (spec §8). */
function requestContext(http: HttpRequest, headers: Headers, auth: Authentication, now: Date): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {
    "aws:SourceIp": http.remoteAddress.replace(/^::ffff:/, ""),
    "aws:SecureTransport": String(http.secure),
    "aws:CurrentTime": now.toISOString(),
    "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
    "s3:signatureversion": "AWS4-HMAC-SHA256",
  };
  const userAgent = headers.get("user-agent");
  if (userAgent !== undefined) keys["aws:UserAgent"] = userAgent;
  if (auth.authType !== undefined) keys["s3:authType"] = auth.authType;
  if (auth.signatureAgeMs !== undefined) keys["s3:signatureAge"] = String(auth.signatureAgeMs);
  const sha = headers.get("x-amz-content-sha256");
  if (sha !== undefined) keys["s3:x-amz-content-sha256"] = sha;
  return keys;
}

async function serve(http: HttpRequest, raw: { readonly rawPath: string; readonly rawQuery: string }, deps: ControlDeps): Promise<HttpResponse> {
  const { svc } = deps;
  const headers = new Headers(http.rawHeaders);
  const query = parseQuery(raw.rawQuery);
  const now = svc.clock.now();
  const auth = authenticate(http, headers, query, raw, now, svc, BODY_LIKE);
  const principal = auth.principal;
  // The account is named twice: by the host (`<account-id>.<endpoint>`) and by x-amz-account-id. A caller
  // may address only its own account; AWS answers AccessDenied for any other, and to anonymous callers.
  const address = resolveAddress(headers.get("host"), raw.rawPath, { baseDomains: svc.config.baseDomains });
  const hostAccount = "style" in address && address.style === "control" ? address.accountId : undefined;
  const accountId = headers.get("x-amz-account-id")?.trim();
  if (accountId === undefined) throw new ControlError("InvalidRequest", { message: "Missing required header for this request: x-amz-account-id" });
  if (principal.accountId === undefined || principal.accountId !== accountId || (hostAccount !== undefined && hostAccount !== accountId)) {
    throw new ControlError("AccessDenied");
  }
  const route = routeControl(http.method, raw.rawPath);
  const accessKey = principal.kind === "assumed-role" || principal.kind === "federated-user" ? accessKeyOf(headers, query) : undefined;
  const req: ControlRequest = {
    accountId,
    principal,
    session: accessKey !== undefined ? deps.identity.session(accessKey) : undefined,
    name: route.name,
    query,
    headers,
    payload: auth.payload,
    now,
    context: requestContext(http, headers, auth, now),
  };
  return HANDLERS[route.operation](req, deps);
}

/** @public Builds the S3 Control endpoint that `createS3Handler` serves under the `s3-control` key. */
export function createS3ControlEndpoint(deps: ControlDeps): ServiceEndpoint {
  return async (http, ctx) => {
    try {
      return await serve(http, ctx, deps);
    } catch (e) {
      const err = toRenderable(e, (x) => deps.svc.log.error("internal error", { requestId: ctx.requestId, err: x }));
      return controlErrorResponse(err, { requestId: ctx.requestId, hostId: deps.svc.ids.hostId() });
    }
  };
}
