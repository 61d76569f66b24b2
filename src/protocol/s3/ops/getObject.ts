/**
 * @module protocol/s3/ops/getObject
 * GetObject and HeadObject: version and delete-marker rules, conditional requests, Range and
 * partNumber, response-* overrides, and stored checksums with x-amz-checksum-mode.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 */
import type { HttpResponse } from "../../http.ts";
import type { BucketRecord, ObjectVersionRecord } from "../../../storage/ports.ts";
import { S3Error } from "../errors.ts";
import { evaluateConditions } from "../conditions.ts";
import { parseRange } from "../range.ts";
import { checksumHeader } from "../payload.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, checkVersionId, httpDate, keyOf, objectResponseHeaders, quoteEtag } from "./common.ts";
import { IN_MEMORY_BODY_MAX, readObjectBytes, streamObject } from "./objectContent.ts";

const OVERRIDES = ["content-type", "content-language", "expires", "cache-control", "content-disposition", "content-encoding"] as const;

/**
 * @public Looks up the version a read names, applying S3's delete-marker rules: the latest being a
 * delete marker is a 404 NoSuchKey with `x-amz-delete-marker`, naming a delete marker's version is 405.
 */
export function findReadableVersion(svc: Services, bucket: BucketRecord, key: string, versionId: string | undefined, prefetched?: { readonly record: ObjectVersionRecord | undefined }): ObjectVersionRecord {
  checkVersionId(versionId);
  const rec = prefetched !== undefined ? prefetched.record : svc.meta.getObject(bucket.name, key, versionId);
  if (!rec) {
    if (versionId !== undefined) throw new S3Error("NoSuchVersion", { fields: [["Key", key], ["VersionId", versionId]] });
    throw new S3Error("NoSuchKey", { fields: [["Key", key]] });
  }
  if (rec.isDeleteMarker) {
    const headers = { "x-amz-delete-marker": "true", "x-amz-version-id": rec.versionId };
    if (versionId !== undefined) {
      throw new S3Error("MethodNotAllowed", { headers: { ...headers, "last-modified": httpDate(rec.lastModified), allow: "DELETE" }, fields: [["Method", "GET"], ["ResourceType", "DeleteMarker"]] });
    }
    throw new S3Error("NoSuchKey", { headers, fields: [["Key", key]] });
  }
  return rec;
}

/** @public The byte range of part `n` of an object (1-based), for `?partNumber=`. */
function partRange(rec: ObjectVersionRecord, n: number): { start: number; end: number } {
  const count = rec.multipart ? rec.parts.length : 1;
  if (n < 1 || n > count) throw new S3Error("InvalidPartNumber", { fields: [["PartNumberRequested", String(n)], ["ActualPartCount", String(count)]] });
  if (!rec.multipart) return { start: 0, end: rec.size - 1 };
  let start = 0;
  for (let i = 0; i < n - 1; i++) start += rec.parts[i]?.size ?? 0;
  return { start, end: start + (rec.parts[n - 1]?.size ?? 0) - 1 };
}

async function readObject(req: S3Request, svc: Services, withBody: boolean): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const rec = findReadableVersion(svc, bucket, key, req.query.get("versionId"), req.object);
  // INVARIANT: the lease is taken in the same synchronous step as the lookup, before any await.
  const lease = withBody ? svc.blobs.lease() : undefined;
  try {
    const outcome = evaluateConditions(req.headers, "", rec.etag, rec.lastModified);
    if (outcome.kind === "not-modified") {
      lease?.release();
      const h = objectResponseHeaders(bucket, rec);
      return { status: 304, headers: { "last-modified": h["last-modified"] as string, etag: quoteEtag(rec.etag), ...(h["x-amz-version-id"] ? { "x-amz-version-id": h["x-amz-version-id"] } : {}) } };
    }
    if (outcome.kind === "failed") throw new S3Error("PreconditionFailed", { fields: [["Condition", outcome.condition]] });

    const headers = objectResponseHeaders(bucket, rec);
    for (const name of OVERRIDES) {
      const v = req.query.get(`response-${name}`);
      if (v === undefined) continue;
      if (req.principal.kind === "anonymous") throw new S3Error("InvalidRequest", { message: "Request specific response headers cannot be used for anonymous GET requests." });
      headers[name] = v;
    }

    let start = 0;
    let end = rec.size - 1;
    let status = 200;
    let whole = true;
    const partNumberRaw = req.query.get("partNumber");
    if (partNumberRaw !== undefined) {
      if (!/^\d+$/.test(partNumberRaw) || Number(partNumberRaw) < 1 || Number(partNumberRaw) > 10000) {
        throw new S3Error("InvalidArgument", { message: "Part number must be an integer between 1 and 10000, inclusive", fields: [["ArgumentName", "partNumber"], ["ArgumentValue", partNumberRaw]] });
      }
      if (req.headers.has("range")) throw new S3Error("InvalidRequest", { message: "Cannot specify both Range header and partNumber query parameter" });
      ({ start, end } = partRange(rec, Number(partNumberRaw)));
      headers["x-amz-mp-parts-count"] = String(rec.multipart ? rec.parts.length : 1);
      if (rec.multipart) {
        status = 206;
        whole = false;
      }
    } else {
      const range = parseRange(req.headers.get("range"), rec.size);
      if (range.kind === "unsatisfiable") {
        throw new S3Error("InvalidRange", { fields: [["RangeRequested", req.headers.get("range") ?? ""], ["ActualObjectSize", String(rec.size)]], headers: { "content-range": `bytes */${rec.size}` } });
      }
      if (range.kind === "range") {
        ({ start, end } = range);
        status = 206;
        whole = false;
      }
    }
    if (status === 206) headers["content-range"] = `bytes ${start}-${end}/${rec.size}`;
    if (rec.checksum && req.headers.get("x-amz-checksum-mode")?.toUpperCase() === "ENABLED" && whole) {
      headers[checksumHeader(rec.checksum.algorithm)] = rec.checksum.value;
      headers["x-amz-checksum-type"] = rec.checksum.type;
    }
    const length = Math.max(0, end - start + 1);
    headers["content-length"] = String(length);
    if (!withBody || length === 0) {
      lease?.release();
      return { status, headers, body: "" };
    }
    const held = lease as NonNullable<typeof lease>;
    if (length <= IN_MEMORY_BODY_MAX) return { status, headers, body: await readObjectBytes(svc.blobs, rec.parts, start, end, held) };
    return { status, headers, body: streamObject(svc.blobs, rec.parts, start, end, held) };
  } catch (e) {
    lease?.release();
    throw e;
  }
}

/** @public GetObject. */
export function getObject(req: S3Request, svc: Services): Promise<HttpResponse> {
  return readObject(req, svc, true);
}

/** @public HeadObject: GetObject's headers, no body. */
export function headObject(req: S3Request, svc: Services): Promise<HttpResponse> {
  return readObject(req, svc, false);
}
