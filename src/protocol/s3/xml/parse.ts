/**
 * @module protocol/s3/xml/parse
 * Request bodies in XML, read into a small ordered element tree. Anything that is not well-formed,
 * declares a DTD, or nests absurdly deep is rejected with the error code the caller names
 * (`MalformedXML` for most operations, `MalformedACLError` for ACLs).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { S3Error, type S3ErrorCode } from "../errors.ts";

/** @public An XML element: its local name (namespace prefix removed), attributes, text and children in order. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Concatenated text content of this element (not of its children), untrimmed. */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
});

type Ordered = Record<string, unknown>;

function toElement(node: Ordered): XmlElement | undefined {
  let name: string | undefined;
  for (const k of Object.keys(node)) if (k !== ":@") name = k;
  if (name === undefined || name === "#text") return undefined;
  const rawChildren = (node[name] as Ordered[] | undefined) ?? [];
  const attrs = (node[":@"] as Record<string, string> | undefined) ?? {};
  let text = "";
  const children: XmlElement[] = [];
  for (const c of rawChildren) {
    if ("#text" in c) text += String(c["#text"]);
    else {
      const el = toElement(c);
      if (el) children.push(el);
    }
  }
  return { name, attributes: attrs, text, children };
}

/**
 * @public Parses an XML request body. The document must be well-formed and have exactly one root;
 * when `expectedRoot` is given the root must have that name.
 */
export function parseXml(body: string, expectedRoot?: string, code: S3ErrorCode = "MalformedXML"): XmlElement {
  const fail = (): never => {
    throw new S3Error(code);
  };
  if (body.trim() === "" || /<!DOCTYPE|<!ENTITY/i.test(body)) fail();
  if (XMLValidator.validate(body) !== true) fail();
  let doc: Ordered[];
  try {
    doc = parser.parse(body) as Ordered[];
  } catch {
    return fail();
  }
  const roots = doc.map(toElement).filter((e): e is XmlElement => e !== undefined);
  const root = roots[0];
  if (roots.length !== 1 || root === undefined) return fail();
  if (expectedRoot !== undefined && root.name !== expectedRoot) fail();
  return root;
}

/** @public The first child with this name, if any. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** @public All children with this name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** @public The text of the first child with this name, if present. */
export function childText(el: XmlElement, name: string): string | undefined {
  return child(el, name)?.text;
}
