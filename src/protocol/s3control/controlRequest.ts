/**
 * @module protocol/s3control/controlRequest
 * What an S3 Control handler receives, and how it is authorized. AWS authorizes S3 Control calls on the
 * caller's identity side only (there is no resource policy on these APIs): the account's root is
 * allowed; an IAM user or role session needs an identity-policy Allow of the action (and its permissions
 * boundary and session policy must allow it too). The account addressed must be the caller's own;
 * another account's caller gets AccessDenied whatever its policies say.
 */
import type { Principal } from "../../kernel/principal.ts";
import type { ContextValue } from "../../policy/index.ts";
import type { IdentityDirectory } from "../../identity/credentials.ts";
import { decideIdentity } from "../../identity/identityDecision.ts";
import type { SessionRecord } from "../../storage/identityPort.ts";
import type { Headers, HttpResponse } from "../http.ts";
import type { Services } from "../s3/context.ts";
import type { Payload } from "../s3/payload.ts";
import { ControlError } from "./controlErrors.ts";

/** @public Everything the S3 Control endpoint uses. */
export interface ControlDeps {
  /** The S3 services: metadata, accounts (the same directory as `identity`), clock, ids, log, region. */
  readonly svc: Services;
  /** IAM entities and STS sessions, for the identity side of authorization and for principal checks in policies. */
  readonly identity: IdentityDirectory;
  /** Random bytes (access point aliases). */
  readonly random: (n: number) => Uint8Array;
}

/** @public An authenticated S3 Control request addressed to the caller's own account. */
export interface ControlRequest {
  /** The account the request addresses (`x-amz-account-id`), equal to the caller's. */
  readonly accountId: string;
  readonly principal: Principal;
  readonly session: SessionRecord | undefined;
  /** The access point name from the path, for access point operations. */
  readonly name: string | undefined;
  readonly query: ReadonlyMap<string, string>;
  readonly headers: Headers;
  readonly payload: Payload;
  readonly now: Date;
  /** The request's global and S3 condition keys (aws:SourceIp, s3:authType, …). */
  readonly context: Readonly<Record<string, ContextValue>>;
}

/** @public A handler of one S3 Control operation. */
export type ControlHandler = (req: ControlRequest, deps: ControlDeps) => Promise<HttpResponse>;

/**
 * @public Throws AccessDenied unless the caller's identity side allows `action` on `resource` with the
 * request's condition keys plus `extra`. The message is S3's enhanced one (the caller and the account are
 * always the same here): `User: <arn> is not authorized to perform: <action> on resource: "<resource>" because …`.
 * UNCONFIRMED: S3 Control's wording, taken to be the S3 data plane's (spec §11.3).
 */
export function authorizeControl(req: ControlRequest, deps: ControlDeps, action: string, resource: string, extra: Readonly<Record<string, ContextValue>> = {}): void {
  const decision = decideIdentity(deps.identity.store, req.principal, req.session, action, resource, { ...req.context, ...extra });
  if (decision.allowed) return;
  const arn = req.principal.arn;
  throw new ControlError("AccessDenied", arn === undefined ? {} : { message: `User: ${arn} is not authorized to perform: ${action} on resource: "${resource}" ${decision.reason}` });
}
