/**
 * @module protocol/s3control/controlXml
 * S3 Control's XML: responses in the `http://awss3control.amazonaws.com/doc/2018-08-20/` namespace, and
 * the request documents read with the shared S3 parser (element names matched without their prefix).
 * The Block Public Access document is shared by the account-level API and CreateAccessPoint.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PublicAccessBlockConfiguration.html
 */
import type { HttpResponse } from "../http.ts";
import type { PublicAccessBlockSettings } from "../../storage/ports.ts";
import { child, type XmlElement } from "../s3/xml/parse.ts";
import { document, leaf, type XmlNode } from "../s3/xml/write.ts";
import { ControlError } from "./controlErrors.ts";

/** @public The S3 Control XML namespace. */
export const S3_CONTROL_NS = "http://awss3control.amazonaws.com/doc/2018-08-20/";

/** @public A 200 response whose body is `<root xmlns=…>children</root>`. */
export function xmlResponse(root: string, children: readonly XmlNode[]): HttpResponse {
  return { status: 200, headers: { "content-type": "application/xml" }, body: document(root, children, { xmlns: S3_CONTROL_NS }) };
}

/** @public A response without a body (`204` for deletions, `200` for puts). */
export function emptyResponse(status: 200 | 204): HttpResponse {
  return { status, headers: {}, body: "" };
}

/** The four settings in the order AWS writes them. */
const SETTINGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

/** @public The settings as XML elements (inside `PublicAccessBlockConfiguration`). */
export function flagsXml(f: PublicAccessBlockSettings): XmlNode[] {
  return SETTINGS.map((name) => leaf(name, f[name]));
}

/**
 * @public Reads a `PublicAccessBlockConfiguration` element: settings left out are false (as AWS stores a
 * partial configuration). Returns how many settings were present, since an empty one is refused where a
 * configuration is the whole request. A value other than true/false is MalformedXML.
 */
export function readFlags(el: XmlElement): { flags: PublicAccessBlockSettings; present: number } {
  let present = 0;
  const value = (name: string): boolean => {
    const c = child(el, name);
    if (c === undefined) return false;
    present += 1;
    const t = c.text.trim();
    if (t !== "true" && t !== "false") throw new ControlError("MalformedXML");
    return t === "true";
  };
  const [BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets] = SETTINGS.map(value) as [boolean, boolean, boolean, boolean];
  const flags = { BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets };
  return { flags, present };
}

/** @public The stored JSON text of a Block Public Access configuration (bucket and account config entries): the four settings, named as in the API. */
export function flagsToStoredJson(f: PublicAccessBlockSettings): string {
  return JSON.stringify({ BlockPublicAcls: f.BlockPublicAcls, IgnorePublicAcls: f.IgnorePublicAcls, BlockPublicPolicy: f.BlockPublicPolicy, RestrictPublicBuckets: f.RestrictPublicBuckets });
}

/** @public Parses a stored configuration; missing settings read as false. Unreadable text throws (an internal error, never "all off"). */
export function flagsFromStoredJson(text: string): PublicAccessBlockSettings {
  const o: unknown = JSON.parse(text);
  if (typeof o !== "object" || o === null) throw new Error("stored Block Public Access configuration is not an object");
  const r = o as Record<string, unknown>;
  return { BlockPublicAcls: r["BlockPublicAcls"] === true, IgnorePublicAcls: r["IgnorePublicAcls"] === true, BlockPublicPolicy: r["BlockPublicPolicy"] === true, RestrictPublicBuckets: r["RestrictPublicBuckets"] === true };
}
