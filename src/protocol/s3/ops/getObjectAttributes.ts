/**
 * @module protocol/s3/ops/getObjectAttributes
 * GetObjectAttributes: ETag, Checksum, ObjectParts, StorageClass and ObjectSize, as selected by
 * `x-amz-object-attributes`. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
 */
import type { HttpResponse } from "../../http.ts";
import { S3Error } from "../errors.ts";
import { document, el, leaf } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, httpDate, intParam, keyOf, versionHeader, xmlResponse } from "./common.ts";
import { findReadableVersion } from "./getObject.ts";

const ATTRIBUTES = new Set(["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]);

/** @public GetObjectAttributes. */
export async function getObjectAttributes(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const raw = req.headers.get("x-amz-object-attributes");
  const wanted = new Set((raw ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""));
  if (wanted.size === 0) throw new S3Error("InvalidArgument", { message: "Empty attribute specified", fields: [["ArgumentName", "x-amz-object-attributes"], ["ArgumentValue", raw ?? ""]] });
  for (const a of wanted) {
    if (!ATTRIBUTES.has(a)) throw new S3Error("InvalidArgument", { message: "Invalid attribute name specified", fields: [["ArgumentName", "x-amz-object-attributes"], ["ArgumentValue", a]] });
  }
  const rec = findReadableVersion(svc, bucket, keyOf(req), req.query.get("versionId"), req.object);
  const maxParts = intParam(req, "max-parts", 1000, { min: 0, max: 1000, clamp: true });
  const marker = intParam(req, "part-number-marker", 0, { min: 0 });
  const c = rec.checksum;
  let partsXml: string | undefined;
  if (wanted.has("ObjectParts") && rec.multipart) {
    const after = rec.parts.filter((p) => p.partNumber > marker);
    const page = after.slice(0, maxParts);
    const last = page[page.length - 1];
    partsXml = el("ObjectParts", [
      leaf("PartsCount", rec.parts.length),
      leaf("PartNumberMarker", marker),
      leaf("NextPartNumberMarker", last?.partNumber ?? marker),
      leaf("MaxParts", maxParts),
      leaf("IsTruncated", after.length > page.length),
      ...page.map((p) => el("Part", [p.checksum ? leaf(`Checksum${p.checksum.algorithm}`, p.checksum.value) : undefined, leaf("PartNumber", p.partNumber), leaf("Size", p.size)])),
    ]);
  }
  const body = document("GetObjectAttributesResponse", [
    wanted.has("ETag") ? leaf("ETag", rec.etag) : undefined,
    wanted.has("Checksum") && c ? el("Checksum", [leaf(`Checksum${c.algorithm}`, c.value), leaf("ChecksumType", c.type)]) : undefined,
    partsXml,
    wanted.has("StorageClass") ? leaf("StorageClass", rec.storageClass) : undefined,
    wanted.has("ObjectSize") ? leaf("ObjectSize", rec.size) : undefined,
  ]);
  return xmlResponse(body, 200, { "last-modified": httpDate(rec.lastModified), ...versionHeader(bucket, rec.versionId) });
}
