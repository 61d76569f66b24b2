/**
 * @module protocol/s3control/controlErrors
 * S3 Control's errors: the codes this endpoint answers with, their status and default message, and the
 * error document S3 Control writes — `<ErrorResponse><Error><Code/><Message/>…fields…</Error><RequestId/>
 * <HostId/></ErrorResponse>`, not S3's bare `<Error>` (the AWS SDKs read both; the wrapped form is what
 * S3 Control returns, e.g. for NoSuchPublicAccessBlockConfiguration with an `<AccountId>` field).
 * Sources: the AWS SDK for Java v2 S3 Control functional test "XMLErrorTypesTranslationFunctionalTest";
 * responses recorded against AWS in LocalStack's s3control snapshot tests (codes, messages, fields, statuses).
 */
import type { HttpResponse } from "../http.ts";
import { S3Error } from "../s3/errors.ts";
import { escapeXml } from "../s3/xml/write.ts";

/** code → [HTTP status, default message]. */
const CATALOGUE = {
  AccessDenied: [403, "Access Denied"],
  AccessPointAlreadyOwnedByYou: [409, "Your previous request to create the named accesspoint succeeded and you already own it."],
  InvalidRequest: [400, "Invalid Request"],
  InvalidURI: [400, "Couldn't parse the specified URI."],
  MalformedPolicy: [400, "Policies must be valid JSON and the first byte must be '{'"],
  MalformedXML: [400, "The XML you provided was not well-formed or did not validate against our published schema"],
  MethodNotAllowed: [405, "The specified method is not allowed against this resource."],
  NoSuchAccessPoint: [404, "The specified accesspoint does not exist"],
  // UNCONFIRMED: the message as every emulator writes it; not recorded against AWS in the sources consulted.
  NoSuchAccessPointPolicy: [404, "The specified accesspoint policy does not exist"],
  NoSuchPublicAccessBlockConfiguration: [404, "The public access block configuration was not found"],
  NotImplemented: [501, "A header you provided implies functionality that is not implemented"],
  InternalError: [500, "We encountered an internal error. Please try again."],
} as const satisfies Record<string, readonly [number, string]>;

/** @public The error codes of the S3 Control endpoint. */
export type ControlErrorCode = keyof typeof CATALOGUE;

/** @public An S3 Control error; `fields` become elements of `<Error>` after `<Message>`. */
export class ControlError extends Error {
  readonly code: ControlErrorCode;
  readonly status: number;
  readonly fields: readonly (readonly [string, string])[];

  constructor(code: ControlErrorCode, options: { message?: string; fields?: readonly (readonly [string, string])[] } = {}) {
    super(options.message ?? CATALOGUE[code][1]);
    this.name = "ControlError";
    this.code = code;
    this.status = CATALOGUE[code][0];
    this.fields = options.fields ?? [];
  }
}

/** @public What goes into an error document: a {@link ControlError}, or an {@link S3Error} from the shared S3 stages (authentication, XML parsing). */
export interface RenderableError {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly fields: readonly (readonly [string, string])[];
}

/** @public The error document and status. `hostId` goes into the body only (the pipeline sets the headers). */
export function controlErrorResponse(err: RenderableError, ctx: { readonly requestId: string; readonly hostId: string }): HttpResponse {
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>`;
  for (const [name, value] of err.fields) xml += `<${name}>${escapeXml(value)}</${name}>`;
  xml += `</Error><RequestId>${escapeXml(ctx.requestId)}</RequestId><HostId>${escapeXml(ctx.hostId)}</HostId></ErrorResponse>`;
  return { status: err.status, headers: { "content-type": "application/xml" }, body: xml };
}

/** @public Turns anything thrown into a renderable error; unexpected values become InternalError (reported through `onInternal`). */
export function toRenderable(e: unknown, onInternal: (e: unknown) => void): RenderableError {
  if (e instanceof ControlError || e instanceof S3Error) return e;
  onInternal(e);
  return new ControlError("InternalError");
}
