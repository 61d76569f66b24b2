/**
 * @module protocol/s3/ops/common
 * Small pieces every handler family shares: responses, dates, ETags, headers stored with objects.
 */
import type { HttpResponse } from "../../http.ts";
import type { BucketRecord, ObjectVersionRecord, VersionSlot } from "../../../storage/ports.ts";
import { S3Error } from "../errors.ts";
import type { S3Request, Services } from "../context.ts";

/** @public An XML 200 response (or another status). */
export function xmlResponse(body: string, status = 200, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { "content-type": "application/xml", ...headers }, body };
}

/** @public A response with no body. */
export function emptyResponse(status = 200, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: "" };
}

/** @public HTTP-date (RFC 7231), as in Last-Modified. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

const RESPONSE_HEADERS = new WeakMap<ObjectVersionRecord, { readonly bucket: BucketRecord; readonly headers: Readonly<Record<string, string>> }>();

/** @public The ETag as sent on the wire: quoted. */
export function quoteEtag(etag: string): string {
  return `"${etag}"`;
}

/** @public The bucket the pipeline resolved; the pipeline guarantees it for bucket operations. */
export function bucketOf(req: S3Request): BucketRecord {
  if (!req.bucket) throw new S3Error("NoSuchBucket", { fields: [["BucketName", req.bucketName ?? ""]] });
  return req.bucket;
}

/** @public The object key; the router guarantees it for object operations. */
export function keyOf(req: S3Request): string {
  if (req.key === undefined || req.key === "") throw new S3Error("InvalidRequest", { message: "A key must be specified" });
  return req.key;
}

/** @public Where a new version of an object goes in this bucket, and the version ID it gets. */
export function versionSlot(bucket: BucketRecord, svc: Services): { slot: VersionSlot; versionId: string } {
  return bucket.versioning === "Enabled" ? { slot: "versioned", versionId: svc.ids.versionId() } : { slot: "null", versionId: "null" };
}

/** @public The `x-amz-version-id` header for a version, when the bucket has ever been versioned. */
export function versionHeader(bucket: BucketRecord, versionId: string): Record<string, string> {
  return bucket.versioning === "Unversioned" ? {} : { "x-amz-version-id": versionId };
}

/** Headers stored with an object and returned on GET/HEAD, in the order S3 sends them. */
export const STORED_HEADERS = ["cache-control", "content-disposition", "content-encoding", "content-language", "content-type", "expires", "x-amz-website-redirect-location"] as const;

/** @public Reads the stored headers and user metadata of a write request; enforces S3's 2 KB metadata limit. */
export function objectHeadersFrom(req: S3Request): { headers: Record<string, string>; userMetadata: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let v = req.headers.get(name);
    if (v === undefined) continue;
    if (name === "content-encoding") {
      // aws-chunked is transfer framing, not a property of the object: S3 drops it.
      v = v.split(",").map((s) => s.trim()).filter((s) => s !== "" && s.toLowerCase() !== "aws-chunked").join(",");
      if (v === "") continue;
    }
    headers[name] = v;
  }
  headers["content-type"] ??= "binary/octet-stream";
  const userMetadata: Record<string, string> = {};
  let metaSize = 0;
  for (const [name, value] of req.headers.entries()) {
    if (!name.startsWith("x-amz-meta-")) continue;
    const short = name.slice("x-amz-meta-".length);
    userMetadata[short] = value;
    metaSize += Buffer.byteLength(short) + Buffer.byteLength(value);
  }
  if (metaSize > 2048) throw new S3Error("MetadataTooLarge", { fields: [["Size", String(metaSize)], ["MaxSizeAllowed", "2048"]] });
  return { headers, userMetadata };
}

/** @public Headers describing an object on GET/HEAD. */
export function objectResponseHeaders(bucket: BucketRecord, rec: ObjectVersionRecord): Record<string, string> {
  // Records (and bucket records) are immutable and cached by the store, so the headers are derived once per
  // pair; each caller gets its own copy to add to.
  const known = RESPONSE_HEADERS.get(rec);
  if (known !== undefined && known.bucket === bucket) return { ...known.headers };
  const h: Record<string, string> = {};
  h["last-modified"] = httpDate(rec.lastModified);
  h["etag"] = quoteEtag(rec.etag);
  for (const name of STORED_HEADERS) {
    const v = rec.headers[name];
    if (v !== undefined) h[name] = v;
  }
  for (const [k, v] of Object.entries(rec.userMetadata)) h[`x-amz-meta-${k}`] = v;
  Object.assign(h, versionHeader(bucket, rec.versionId));
  if (rec.storageClass !== "STANDARD") h["x-amz-storage-class"] = rec.storageClass;
  if (rec.tags.length > 0) h["x-amz-tagging-count"] = String(rec.tags.length);
  h["accept-ranges"] = "bytes";
  RESPONSE_HEADERS.set(rec, { bucket, headers: h });
  return { ...h };
}

const INT32_MAX = 2 ** 31 - 1;

/** @public Parses a positive integer query parameter within bounds, with S3's InvalidArgument otherwise. */
export function intParam(req: S3Request, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER, clamp = false } = {}): number {
  const raw = req.query.get(name);
  if (raw === undefined || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) throw invalidInt(name, raw);
  const n = Number(raw);
  // S3 parses these as 32-bit integers: a larger value is "not within integer range", never clamped.
  if (n < min || n > INT32_MAX) throw invalidInt(name, raw);
  if (n > max) {
    if (clamp) return max;
    throw invalidInt(name, raw);
  }
  return n;
}

function invalidInt(name: string, value: string): S3Error {
  return new S3Error("InvalidArgument", {
    message: `Provided ${name} not an integer or within integer range`,
    fields: [["ArgumentName", name], ["ArgumentValue", value]],
  });
}

/**
 * @public Version IDs crossbucket issues are 32 URL-safe characters, as S3's are; anything of
 * another shape is "Invalid version id specified" (400), as S3 answers, not NoSuchVersion.
 */
export function checkVersionId(versionId: string | undefined): void {
  if (versionId === undefined || versionId === "null") return;
  if (!/^[A-Za-z0-9._-]{32}$/.test(versionId)) {
    throw new S3Error("InvalidArgument", { message: "Invalid version id specified", fields: [["ArgumentName", "versionId"], ["ArgumentValue", versionId]] });
  }
}
