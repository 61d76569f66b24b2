/**
 * @module protocol/s3/ops/copyObject
 * CopyObject: metadata and tagging directives, the copy-onto-itself rule, and a new version in the
 * target bucket. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 */
import type { HttpResponse } from "../../http.ts";
import type { ObjectVersionRecord, StoredChecksum } from "../../../storage/ports.ts";
import { S3Error } from "../errors.ts";
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from "../payload.ts";
import { parseTaggingHeader } from "../tags.ts";
import { document, leaf, xmlDate } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, keyOf, objectHeadersFrom, quoteEtag, versionSlot, xmlResponse } from "./common.ts";
import { copySourceBytes, copySourceHeaders, resolveCopySource } from "./copySource.ts";
import { commitVersion, partsOfBlob, storageClassOf } from "./putObject.ts";
import { ownershipForWrite } from "./writeOwnership.ts";

const MAX_COPY_SOURCE = 5 * 1024 ** 3;

function directive(req: S3Request, header: string): "COPY" | "REPLACE" {
  const v = req.headers.get(header);
  if (v === undefined) return "COPY";
  if (v === "COPY" || v === "REPLACE") return v;
  throw new S3Error("InvalidArgument", { message: header === "x-amz-metadata-directive" ? "Unknown metadata directive." : "Unknown tagging directive.", fields: [["ArgumentName", header], ["ArgumentValue", v]] });
}

function requestedChecksum(req: S3Request): ChecksumAlgorithm | undefined {
  const v = req.headers.get("x-amz-checksum-algorithm")?.toUpperCase();
  if (v === undefined) return undefined;
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(v)) throw new S3Error("InvalidRequest", { message: "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]" });
  return v as ChecksumAlgorithm;
}

/** @public CopyObject. */
export async function copyObject(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const metadataDirective = directive(req, "x-amz-metadata-directive");
  const taggingDirective = directive(req, "x-amz-tagging-directive");
  const storageClass = storageClassOf(req);
  const algorithm = requestedChecksum(req);
  const ownership = ownershipForWrite(req, svc, bucket);
  const src = resolveCopySource(req, svc);
  const s = src.record;

  const sameObject = src.bucket.name === bucket.name && s.key === key && (!src.versionNamed || s.versionId === svc.meta.getObject(bucket.name, key)?.versionId);
  const changesSomething =
    metadataDirective === "REPLACE" ||
    req.headers.has("x-amz-storage-class") ||
    req.headers.has("x-amz-website-redirect-location") ||
    req.headers.has("x-amz-server-side-encryption") ||
    req.headers.has("x-amz-checksum-algorithm");
  if (sameObject && !changesSomething) {
    throw new S3Error("InvalidRequest", {
      message: "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    });
  }
  if (s.size > MAX_COPY_SOURCE) {
    throw new S3Error("InvalidRequest", { message: `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_SOURCE}` });
  }

  const meta = metadataDirective === "REPLACE" ? objectHeadersFrom(req) : { headers: s.headers, userMetadata: s.userMetadata };
  const tags = taggingDirective === "REPLACE" ? parseTaggingHeader(req.headers.get("x-amz-tagging")) : s.tags;
  const checksumAlgorithm = algorithm ?? s.checksum?.algorithm;
  const copied = await copySourceBytes(svc.blobs, src, undefined, checksumAlgorithm);
  const checksum: StoredChecksum | undefined = checksumAlgorithm && copied.checksum !== undefined ? { algorithm: checksumAlgorithm, value: copied.checksum, type: "FULL_OBJECT" } : undefined;
  const { slot, versionId } = versionSlot(bucket, svc);
  const now = svc.clock.now();
  const record: ObjectVersionRecord = {
    bucket: bucket.name,
    key,
    versionId,
    isDeleteMarker: false,
    lastModified: now,
    ownerAccountId: ownership.ownerAccountId,
    acl: ownership.acl,
    size: copied.size,
    etag: copied.md5Hex,
    headers: meta.headers,
    userMetadata: meta.userMetadata,
    parts: partsOfBlob(svc, copied, copied.md5Hex, checksum),
    multipart: false,
    tags,
    storageClass,
    ...(checksum ? { checksum } : {}),
  };
  const headers = commitVersion(svc, bucket, record, slot);
  delete headers["etag"];
  const body = document("CopyObjectResult", [
    leaf("ETag", quoteEtag(record.etag)),
    leaf("LastModified", xmlDate(now)),
    checksum ? leaf(`Checksum${checksum.algorithm}`, checksum.value) : undefined,
    checksum ? leaf("ChecksumType", checksum.type) : undefined,
  ]);
  return xmlResponse(body, 200, { ...headers, ...copySourceHeaders(src) });
}
