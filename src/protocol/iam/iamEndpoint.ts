/**
 * @module protocol/iam/iamEndpoint
 * The IAM Query endpoint (credential scope service `iam`): authenticate, authorize the caller
 * (root of the account allowed; users and role sessions by their identity policies, with AWS's
 * "User: … is not authorized to perform: iam:X on resource: …" message), run the action.
 */
import type { Clock } from "../../kernel/clock.ts";
import type { Caller, IdentityDirectory } from "../../identity/credentials.ts";
import type { HttpResponse } from "../http.ts";
import { IamError } from "../../identity/iamError.ts";
import type { RandomBytes } from "../../identity/iamIds.ts";
import { accessDeniedMessage, decideIdentity } from "../../identity/identityDecision.ts";
import type { ServiceEndpoint } from "../pipeline.ts";
import { IAM_ACTIONS } from "./iamActions.ts";
import { authenticateQuery, readQueryRequest, type QueryRequest } from "./queryRequest.ts";
import { queryError, queryResponse } from "./queryXml.ts";

/** @public The IAM XML namespace. */
export const IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

/** @public What the Query endpoints need. */
export interface QueryEndpointDeps {
  readonly identity: IdentityDirectory;
  readonly clock: Clock;
  readonly random: RandomBytes;
  /** Logs unexpected failures (they answer InternalFailure). */
  readonly onInternalError?: (e: unknown) => void;
}

/** @public Turns a thrown value into the Query error response. */
export function errorFor(namespace: string, requestId: string, e: unknown, deps: QueryEndpointDeps): HttpResponse {
  if (e instanceof IamError) return queryError(namespace, requestId, { status: e.status, type: e.type, code: e.code, message: e.message });
  deps.onInternalError?.(e);
  return queryError(namespace, requestId, { status: 500, type: "Receiver", code: "InternalFailure", message: "We encountered an internal error. Please try again." });
}

/** @public What a Query service does with an authenticated request. */
export type QueryHandler = (req: QueryRequest, caller: Caller, now: Date, requestId: string) => HttpResponse;

/** @public A Query endpoint: read the request, authenticate it for `service`, run `handle`, answer errors in `namespace`. */
export function queryEndpoint(service: string, namespace: string, deps: QueryEndpointDeps, handle: QueryHandler): ServiceEndpoint {
  return async (http, ctx) => {
    try {
      const req = await readQueryRequest(http, ctx);
      const now = deps.clock.now();
      return handle(req, authenticateQuery(req, service, deps.identity, now), now, ctx.requestId);
    } catch (e) {
      return errorFor(namespace, ctx.requestId, e, deps);
    }
  };
}

/** @public Builds the IAM endpoint. */
export function createIamEndpoint(deps: QueryEndpointDeps): ServiceEndpoint {
  return queryEndpoint("iam", IAM_NAMESPACE, deps, (req, caller, now, requestId) => {
    const actionName = req.params.get("Action") ?? "";
    const action = IAM_ACTIONS[actionName];
    if (action === undefined) throw new IamError("InvalidAction", `Could not find operation ${actionName} for version ${req.params.get("Version") ?? "NO_VERSION_SPECIFIED"}`);
    const accountId = caller.principal.accountId ?? "";
    const call = { scope: { store: deps.identity.store, accountId, now, random: deps.random }, params: req.params, caller };
    const resource = action.resource(call);
    const decision = decideIdentity(deps.identity.store, caller.principal, caller.session, `iam:${actionName}`, resource);
    if (!decision.allowed) throw new IamError("AccessDenied", accessDeniedMessage(caller.principal, `iam:${actionName}`, resource, decision.reason));
    return queryResponse(actionName, IAM_NAMESPACE, requestId, action.run(call));
  });
}
