/**
 * @module protocol/s3/xml/write
 * Response bodies in XML. A tiny builder: values are escaped, `undefined` children are skipped, and the
 * S3 namespace goes on the root as S3 writes it.
 */

/** @public The S3 XML namespace. */
export const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

/** @public A node: an element, or nothing (skipped). */
export type XmlNode = string | undefined | false;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;" };

/** @public Escapes text for element content or attribute values. Carriage returns and newlines are kept as references, as S3 does. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r\n\t]/g, (c) => ESCAPES[c] ?? c);
}

/** @public `<name>escaped text</name>`, or nothing for `undefined`. */
export function leaf(name: string, value: string | number | boolean | undefined): XmlNode {
  if (value === undefined) return undefined;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** @public `<name attrs>children</name>`. */
export function el(name: string, children: readonly XmlNode[], attrs?: Readonly<Record<string, string>>): string {
  let open = name;
  if (attrs) for (const [k, v] of Object.entries(attrs)) open += ` ${k}="${escapeXml(v)}"`;
  let inner = "";
  for (const c of children) if (c) inner += c;
  return `<${open}>${inner}</${name}>`;
}

/** @public A whole document: declaration plus a root element in the S3 namespace. */
export function document(root: string, children: readonly XmlNode[], attrs: Readonly<Record<string, string>> = { xmlns: S3_NS }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el(root, children, attrs)}`;
}

/** @public S3's timestamp format in XML: ISO 8601 with milliseconds, UTC. */
export function xmlDate(d: Date): string {
  return d.toISOString();
}
