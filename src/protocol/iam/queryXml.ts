/**
 * @module protocol/iam/queryXml
 * The AWS Query protocol's XML: `<ActionResponse xmlns=…><ActionResult>…</ActionResult>
 * <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></ActionResponse>`, lists as
 * `<member>` elements, and the `<ErrorResponse>` document, for IAM and STS alike.
 */
import type { HttpResponse } from "../http.ts";

/** @public An XML value: text, a nested element list, or a list of `<member>` items. */
export type XmlValue = string | number | boolean | undefined | XmlFields | { readonly members: readonly XmlValue[] };

/** @public Element name → value, in document order; undefined values are omitted. */
export type XmlFields = readonly (readonly [string, XmlValue])[];

/** @public Escapes XML text. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function value(v: XmlValue): string {
  if (v === undefined) return "";
  if (typeof v === "string") return escapeXml(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if ("members" in v) return v.members.map((m) => `<member>${value(m)}</member>`).join("");
  return fields(v);
}

/** @public Serializes fields as elements. */
export function fields(f: XmlFields): string {
  return f.map(([name, v]) => (v === undefined ? "" : `<${name}>${value(v)}</${name}>`)).join("");
}

/** @public A successful Query-protocol response. */
export function queryResponse(action: string, namespace: string, requestId: string, result: XmlFields | undefined): HttpResponse {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${namespace}">` +
    (result !== undefined ? `<${action}Result>${fields(result)}</${action}Result>` : "") +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { "content-type": "text/xml" }, body };
}

/** @public A Query-protocol error response. */
export function queryError(namespace: string, requestId: string, e: { status: number; type: string; code: string; message: string }): HttpResponse {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${namespace}"><Error><Type>${e.type}</Type><Code>${escapeXml(e.code)}</Code>` +
    `<Message>${escapeXml(e.message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return { status: e.status, headers: { "content-type": "text/xml" }, body };
}
