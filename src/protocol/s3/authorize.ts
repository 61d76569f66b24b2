/**
 * @module protocol/s3/authorize
 * The authorize stage. Until the authorization engine (src/authz) decides S3 requests, every
 * authenticated request is allowed and anonymous requests are denied, as the foundation issue
 * specifies. This is the one place the engine will be called from.
 */
import { S3Error } from "./errors.ts";
import type { S3Request, Services } from "./context.ts";

/** @public Throws AccessDenied when the request may not proceed. */
export function authorize(req: S3Request, _svc: Services): void {
  if (req.principal.kind === "anonymous") throw new S3Error("AccessDenied");
}
