/**
 * @module protocol/s3/errorResponse
 * Renders an {@link S3Error} the way S3 does: `<Error><Code/><Message/>…fields…<Resource/><RequestId/><HostId/></Error>`
 * with the error's status and headers. HEAD responses carry no body.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */
import type { HttpResponse } from "../http.ts";
import type { S3Error } from "./errors.ts";
import { escapeXml } from "./xml/write.ts";

/** @public The response for an error. */
export function errorResponse(
  err: S3Error,
  ctx: { requestId: string; hostId: string; path: string; head: boolean; common: Record<string, string> },
): HttpResponse {
  const headers: Record<string, string> = { ...err.headers, ...ctx.common };
  if (ctx.head) return { status: err.status, headers, body: "" };
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${err.code}</Code><Message>${escapeXml(err.message)}</Message>`;
  for (const [name, value] of err.fields) xml += `<${name}>${escapeXml(value)}</${name}>`;
  xml += `<Resource>${escapeXml(err.resource ?? ctx.path)}</Resource><RequestId>${ctx.requestId}</RequestId><HostId>${escapeXml(ctx.hostId)}</HostId></Error>`;
  headers["content-type"] = "application/xml";
  return { status: err.status, headers, body: xml };
}
