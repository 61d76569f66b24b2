/**
 * @module authz/userContext
 * The user context of spec §1.2: the requester's own account. The root user needs nothing from its account;
 * an IAM user, role session or federated session needs an identity-policy allow, within its permissions
 * boundary and session policies (spec §2.2 steps 5–7, §10.4). Anonymous and service requesters have no user
 * context: it does not stand in their way when a resource grants, and grants nothing when none does.
 */
import type { StatementRef } from "../policy/index.ts";
import { evaluateLayer } from "./policyLayers.ts";
import type { LayerQuery } from "./policyLayers.ts";
import type { AuthzRequest } from "./request.ts";
import type { LayerTrace } from "./result.ts";

/** @internal The identity-side layers, in the order they are blamed. */
export type UserLayer = "identity-policy" | "permissions-boundary" | "session-policy";

/** @internal The user context's answer for one action. */
export interface UserOutcome {
  readonly deny?: { readonly layer: UserLayer; readonly deciding: readonly StatementRef[] };
  /** U of spec §1.7. */
  readonly allows: boolean;
  /** The layer to blame when `allows` is false. */
  readonly silentLayer: UserLayer;
  /** Whether the boundary and session policies allow (they limit same-account grants to the role ARN, §2.3). */
  readonly boundaryOk: boolean;
  readonly sessionOk: boolean;
  readonly allowing: readonly StatementRef[];
}

const ROOT: UserOutcome = Object.freeze({ allows: true, silentLayer: "identity-policy", boundaryOk: true, sessionOk: true, allowing: Object.freeze([]) });
const NOBODY: UserOutcome = Object.freeze({ allows: false, silentLayer: "identity-policy", boundaryOk: true, sessionOk: true, allowing: Object.freeze([]) });

/** @internal Evaluates the user context on the given resources; `hasResource` is false for ListBuckets-like checks. */
export function userContext(req: AuthzRequest, q: LayerQuery, resources: readonly (string | undefined)[], hasResource: boolean, trace: LayerTrace[] | undefined, check: number): UserOutcome {
  const kind = req.principal.kind;
  if (kind === "root") return ROOT;
  if (kind === "anonymous" || kind === "service") return hasResource ? ROOT : NOBODY;
  const identity = req.identity;
  const id = evaluateLayer(identity?.policies ?? [], q, resources);
  const boundary = identity?.permissionsBoundary === undefined ? undefined : evaluateLayer([identity.permissionsBoundary], q, resources);
  const session = identity?.sessionPolicies === undefined ? undefined : evaluateLayer(identity.sessionPolicies, q, resources);
  if (trace !== undefined) {
    trace.push({ check, action: q.action, layer: "identity-policy", outcome: id.effect, statements: id.trace ?? [] });
    if (boundary !== undefined) trace.push({ check, action: q.action, layer: "permissions-boundary", outcome: boundary.effect, statements: boundary.trace ?? [] });
    if (session !== undefined) trace.push({ check, action: q.action, layer: "session-policy", outcome: session.effect, statements: session.trace ?? [] });
  }
  const boundaryOk = boundary === undefined || boundary.effect === "Allow";
  // Without a session policy a role session is unlimited, a federated-user session allowed nothing (§2.2 step 7).
  const sessionOk = session === undefined ? kind !== "federated-user" : session.effect === "Allow";
  const idOk = id.effect === "Allow";
  const silentLayer: UserLayer = !idOk ? "identity-policy" : !boundaryOk ? "permissions-boundary" : "session-policy";
  const base = { allows: idOk && boundaryOk && sessionOk, silentLayer, boundaryOk, sessionOk, allowing: idOk ? id.deciding : [] };
  if (id.effect === "Deny") return { ...base, deny: { layer: "identity-policy", deciding: id.deciding } };
  if (boundary?.effect === "Deny") return { ...base, deny: { layer: "permissions-boundary", deciding: boundary.deciding } };
  if (session?.effect === "Deny") return { ...base, deny: { layer: "session-policy", deciding: session.deciding } };
  return base;
}
