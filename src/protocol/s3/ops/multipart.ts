/**
 * @module protocol/s3/ops/multipart
 * Multipart uploads: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts, ListMultipartUploads. Completing does not copy bytes: the object
 * is the sequence of its parts' blobs, committed in one metadata transaction.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
 */
import { createHash } from "node:crypto";
import type { HttpResponse } from "../../http.ts";
import type { MultipartUploadRecord, ObjectPart, ObjectVersionRecord, StoredChecksum, UploadedPartRecord } from "../../../storage/ports.ts";
import { S3Error } from "../errors.ts";
import { CHECKSUM_ALGORITHMS, checksumHeader, createDigest, type ChecksumAlgorithm } from "../payload.ts";
import { parseTaggingHeader } from "../tags.ts";
import { childText, childrenNamed, parseXml } from "../xml/parse.ts";
import { document, el, leaf, xmlDate } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, emptyResponse, intParam, keyOf, objectHeadersFrom, quoteEtag, versionSlot, xmlResponse } from "./common.ts";
import { copySourceBytes, copySourceHeaders, resolveCopySource } from "./copySource.ts";
import { keyEncoder, ownerXml, prefixesXml } from "./listObjects.ts";
import { storageClassOf } from "./putObject.ts";
import { combineFullObjectChecksum } from "./fullObjectChecksum.ts";
import { ownershipForWrite } from "./writeOwnership.ts";

const MAX_PARTS = 10000;

function uploadOf(req: S3Request, svc: Services): MultipartUploadRecord {
  const uploadId = req.query.get("uploadId") ?? "";
  const upload = svc.meta.getUpload(bucketOf(req).name, keyOf(req), uploadId);
  if (!upload) throw new S3Error("NoSuchUpload", { fields: [["UploadId", uploadId]] });
  return upload;
}

function partNumberOf(req: S3Request): number {
  const raw = req.query.get("partNumber") ?? "";
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PARTS) {
    throw new S3Error("InvalidArgument", { message: "Part number must be an integer between 1 and 10000, inclusive", fields: [["ArgumentName", "partNumber"], ["ArgumentValue", raw]] });
  }
  return Number(raw);
}

function checksumAlgorithmHeader(req: S3Request): ChecksumAlgorithm | undefined {
  const v = req.headers.get("x-amz-checksum-algorithm")?.toUpperCase();
  if (v === undefined) return undefined;
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(v)) {
    throw new S3Error("InvalidRequest", { message: "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]" });
  }
  return v as ChecksumAlgorithm;
}

/** @public CreateMultipartUpload. */
export async function createMultipartUpload(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const { headers, userMetadata } = objectHeadersFrom(req);
  const tags = parseTaggingHeader(req.headers.get("x-amz-tagging"));
  const algorithm = checksumAlgorithmHeader(req);
  const typeHeader = req.headers.get("x-amz-checksum-type")?.toUpperCase();
  if (typeHeader !== undefined && typeHeader !== "COMPOSITE" && typeHeader !== "FULL_OBJECT") throw new S3Error("InvalidRequest", { message: "Value for x-amz-checksum-type header is invalid." });
  if (typeHeader !== undefined && algorithm === undefined) throw new S3Error("InvalidRequest", { message: "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header." });
  let checksumType: StoredChecksum["type"] | undefined;
  if (algorithm !== undefined) {
    checksumType = (typeHeader as StoredChecksum["type"] | undefined) ?? (algorithm === "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE");
    if (checksumType === "COMPOSITE" && algorithm === "CRC64NVME") throw new S3Error("InvalidRequest", { message: "The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm." });
    if (checksumType === "FULL_OBJECT" && (algorithm === "SHA1" || algorithm === "SHA256")) throw new S3Error("InvalidRequest", { message: `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.` });
  }
  const ownership = ownershipForWrite(req, svc, bucket);
  const uploadId = svc.ids.uploadId();
  svc.meta.createUpload({
    uploadId,
    bucket: bucket.name,
    key,
    initiatedAt: svc.clock.now(),
    initiatorAccountId: req.account?.id ?? "",
    initiatorArn: req.principal.arn ?? "",
    ownerAccountId: ownership.ownerAccountId,
    acl: ownership.acl,
    headers,
    userMetadata,
    tags,
    storageClass: storageClassOf(req),
    ...(algorithm !== undefined ? { checksumAlgorithm: algorithm } : {}),
    ...(checksumType !== undefined ? { checksumType } : {}),
  });
  const extra: Record<string, string> = algorithm !== undefined && checksumType !== undefined ? { "x-amz-checksum-algorithm": algorithm, "x-amz-checksum-type": checksumType } : {};
  return xmlResponse(document("InitiateMultipartUploadResult", [leaf("Bucket", bucket.name), leaf("Key", key), leaf("UploadId", uploadId)]), 200, extra);
}

function storePart(svc: Services, upload: MultipartUploadRecord, part: UploadedPartRecord): void {
  try {
    svc.blobs.release(svc.meta.putPart(part));
  } catch (e) {
    svc.blobs.release([part.blobId]);
    if (!svc.meta.getUpload(upload.bucket, upload.key, upload.uploadId)) throw new S3Error("NoSuchUpload", { fields: [["UploadId", part.uploadId]] });
    throw e;
  }
}

/** @public UploadPart. */
export async function uploadPart(req: S3Request, svc: Services): Promise<HttpResponse> {
  const partNumber = partNumberOf(req);
  const upload = uploadOf(req, svc);
  if (req.payload.declaredLength !== undefined && req.payload.declaredLength > svc.config.maxObjectSize) {
    throw new S3Error("EntityTooLarge", { fields: [["ProposedSize", String(req.payload.declaredLength)], ["MaxSizeAllowed", String(svc.config.maxObjectSize)]] });
  }
  if (upload.checksumAlgorithm !== undefined && req.payload.checksumAlgorithm !== undefined && req.payload.checksumAlgorithm !== upload.checksumAlgorithm) {
    throw new S3Error("InvalidRequest", { message: `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${req.payload.checksumAlgorithm.toLowerCase()}` });
  }
  const blob = await svc.blobs.write(req.payload);
  const d = req.payload.digests;
  const checksum: StoredChecksum | undefined = d.checksum ? { algorithm: d.checksum.algorithm, value: d.checksum.value, type: "FULL_OBJECT" } : undefined;
  storePart(svc, upload, { uploadId: upload.uploadId, partNumber, blobId: blob.blobId, size: blob.size, etag: d.md5Hex, lastModified: svc.clock.now(), ...(checksum ? { checksum } : {}) });
  const headers: Record<string, string> = { etag: quoteEtag(d.md5Hex) };
  if (checksum) headers[checksumHeader(checksum.algorithm)] = checksum.value;
  return emptyResponse(200, headers);
}

/** @public UploadPartCopy, with `x-amz-copy-source-range`. */
export async function uploadPartCopy(req: S3Request, svc: Services): Promise<HttpResponse> {
  const partNumber = partNumberOf(req);
  const upload = uploadOf(req, svc);
  const src = resolveCopySource(req, svc);
  const rangeHeader = req.headers.get("x-amz-copy-source-range");
  let range: { start: number; end: number } | undefined;
  if (rangeHeader !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(rangeHeader.trim());
    if (!m) throw new S3Error("InvalidArgument", { message: "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy", fields: [["ArgumentName", "x-amz-copy-source-range"], ["ArgumentValue", rangeHeader]] });
    range = { start: Number(m[1]), end: Number(m[2]) };
    if (range.end < range.start || range.end >= src.record.size) {
      throw new S3Error("InvalidRange", { message: `Range specified is not valid for source object of size: ${src.record.size}`, fields: [["RangeRequested", rangeHeader], ["ActualObjectSize", String(src.record.size)]] });
    }
  }
  const copied = await copySourceBytes(svc.blobs, src, range, upload.checksumAlgorithm);
  const now = svc.clock.now();
  const checksum: StoredChecksum | undefined = upload.checksumAlgorithm && copied.checksum !== undefined ? { algorithm: upload.checksumAlgorithm, value: copied.checksum, type: "FULL_OBJECT" } : undefined;
  storePart(svc, upload, { uploadId: upload.uploadId, partNumber, blobId: copied.blobId, size: copied.size, etag: copied.md5Hex, lastModified: now, ...(checksum ? { checksum } : {}) });
  const body = document("CopyPartResult", [leaf("ETag", quoteEtag(copied.md5Hex)), leaf("LastModified", xmlDate(now)), checksum ? leaf(`Checksum${checksum.algorithm}`, checksum.value) : undefined]);
  return xmlResponse(body, 200, copySourceHeaders(src));
}

function unquote(etag: string): string {
  return etag.trim().replace(/^&quot;|&quot;$/g, "").replace(/^"|"$/g, "");
}

/** @public CompleteMultipartUpload. */
export async function completeMultipartUpload(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const upload = uploadOf(req, svc);
  const body = (await req.payload.readAll(4 * 1024 * 1024)).toString("utf8");
  const root = parseXml(body, "CompleteMultipartUpload");
  const requested = childrenNamed(root, "Part");
  if (requested.length === 0) throw new S3Error("MalformedXML");
  const stored = new Map(svc.meta.listParts(upload.uploadId, 0, MAX_PARTS).parts.map((p) => [p.partNumber, p]));
  const chosen: UploadedPartRecord[] = [];
  let previous = 0;
  for (const p of requested) {
    const numText = childText(p, "PartNumber");
    const etagText = childText(p, "ETag");
    if (numText === undefined || etagText === undefined || !/^\d+$/.test(numText.trim())) throw new S3Error("MalformedXML");
    const n = Number(numText.trim());
    if (n <= previous) throw new S3Error("InvalidPartOrder", { fields: [["UploadId", upload.uploadId]] });
    previous = n;
    const part = stored.get(n);
    if (!part || part.etag !== unquote(etagText)) {
      throw new S3Error("InvalidPart", { fields: [["UploadId", upload.uploadId], ["PartNumber", String(n)], ["ETag", unquote(etagText)]] });
    }
    if (upload.checksumAlgorithm && part.checksum) {
      const claimed = childText(p, `Checksum${upload.checksumAlgorithm}`);
      if (claimed !== undefined && claimed.trim() !== part.checksum.value) {
        throw new S3Error("InvalidPart", { fields: [["UploadId", upload.uploadId], ["PartNumber", String(n)], ["ETag", part.etag]] });
      }
    }
    chosen.push(part);
  }
  chosen.forEach((part, i) => {
    if (i < chosen.length - 1 && part.size < svc.config.minPartSize) {
      throw new S3Error("EntityTooSmall", { fields: [["ProposedSize", String(part.size)], ["MinSizeAllowed", String(svc.config.minPartSize)], ["PartNumber", String(part.partNumber)], ["ETag", part.etag]] });
    }
  });
  const md5 = createHash("md5");
  for (const p of chosen) md5.update(Buffer.from(p.etag, "hex"));
  const etag = `${md5.digest("hex")}-${chosen.length}`;
  const checksum = multipartChecksum(upload, chosen, root);
  const size = chosen.reduce((n, p) => n + p.size, 0);
  const parts: ObjectPart[] = chosen.map((p) => ({ partNumber: p.partNumber, blobId: p.blobId, size: p.size, etag: p.etag, ...(p.checksum ? { checksum: p.checksum } : {}) }));
  const { slot, versionId } = versionSlot(bucket, svc);
  const record: ObjectVersionRecord = {
    bucket: bucket.name,
    key,
    versionId,
    isDeleteMarker: false,
    lastModified: svc.clock.now(),
    ownerAccountId: upload.ownerAccountId,
    size,
    etag,
    headers: upload.headers,
    userMetadata: upload.userMetadata,
    parts,
    multipart: true,
    tags: upload.tags,
    storageClass: upload.storageClass,
    ...(upload.acl !== undefined ? { acl: upload.acl } : {}),
    ...(checksum ? { checksum } : {}),
  };
  const done = svc.meta.completeUpload(upload.uploadId, record, slot);
  if (done.outcome === "missing") throw new S3Error("NoSuchUpload", { fields: [["UploadId", upload.uploadId]] });
  svc.blobs.release(done.released);
  const headers: Record<string, string> = bucket.versioning === "Unversioned" ? {} : { "x-amz-version-id": versionId };
  const location = `/${bucket.name}/${key.split("/").map(encodeURIComponent).join("/")}`;
  const result = document("CompleteMultipartUploadResult", [
    leaf("Location", location),
    leaf("Bucket", bucket.name),
    leaf("Key", key),
    leaf("ETag", quoteEtag(etag)),
    checksum ? leaf(`Checksum${checksum.algorithm}`, checksum.value) : undefined,
    checksum ? leaf("ChecksumType", checksum.type) : undefined,
  ]);
  return xmlResponse(result, 200, headers);
}

function multipartChecksum(upload: MultipartUploadRecord, parts: readonly UploadedPartRecord[], root: ReturnType<typeof parseXml>): StoredChecksum | undefined {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === undefined) return undefined;
  if (parts.some((p) => p.checksum?.algorithm !== algorithm)) {
    throw new S3Error("InvalidRequest", { message: `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${parts.find((p) => p.checksum?.algorithm !== algorithm)?.partNumber ?? 0} in the request.` });
  }
  if (upload.checksumType === "FULL_OBJECT") {
    const value = combineFullObjectChecksum(algorithm, parts.map((p) => ({ value: p.checksum?.value ?? "", size: p.size })));
    const claimed = childText(root, `Checksum${algorithm}`);
    if (claimed !== undefined && claimed.trim() !== value) throw new S3Error("BadDigest", { message: `The ${algorithm} you specified did not match the calculated checksum.` });
    return { algorithm, value, type: "FULL_OBJECT" };
  }
  const d = createDigest(algorithm);
  for (const p of parts) d.update(Buffer.from(p.checksum?.value ?? "", "base64"));
  return { algorithm, value: `${d.base64()}-${parts.length}`, type: "COMPOSITE" };
}

/** @public AbortMultipartUpload. */
export async function abortMultipartUpload(req: S3Request, svc: Services): Promise<HttpResponse> {
  const upload = uploadOf(req, svc);
  const out = svc.meta.abortUpload(upload.uploadId);
  if (out.outcome === "missing") throw new S3Error("NoSuchUpload", { fields: [["UploadId", upload.uploadId]] });
  svc.blobs.release(out.released);
  return emptyResponse(204);
}

/** @public ListParts. */
export async function listParts(req: S3Request, svc: Services): Promise<HttpResponse> {
  const upload = uploadOf(req, svc);
  const marker = intParam(req, "part-number-marker", 0, { min: 0 });
  const maxParts = intParam(req, "max-parts", 1000, { min: 0, max: 1000, clamp: true });
  const page = svc.meta.listParts(upload.uploadId, marker, maxParts);
  const last = page.parts[page.parts.length - 1];
  const initiator = svc.accounts.get(upload.initiatorAccountId);
  const body = document("ListPartsResult", [
    leaf("Bucket", upload.bucket),
    leaf("Key", upload.key),
    leaf("UploadId", upload.uploadId),
    el("Initiator", [leaf("ID", upload.initiatorArn || initiator?.canonicalUserId)]),
    ownerXml(svc, upload.ownerAccountId),
    leaf("StorageClass", upload.storageClass),
    leaf("PartNumberMarker", marker),
    leaf("NextPartNumberMarker", last?.partNumber ?? 0),
    leaf("MaxParts", maxParts),
    leaf("IsTruncated", page.isTruncated),
    upload.checksumAlgorithm ? leaf("ChecksumAlgorithm", upload.checksumAlgorithm) : undefined,
    upload.checksumType ? leaf("ChecksumType", upload.checksumType) : undefined,
    ...page.parts.map((p) =>
      el("Part", [
        leaf("PartNumber", p.partNumber),
        leaf("LastModified", xmlDate(p.lastModified)),
        leaf("ETag", quoteEtag(p.etag)),
        leaf("Size", p.size),
        p.checksum ? leaf(`Checksum${p.checksum.algorithm}`, p.checksum.value) : undefined,
      ]),
    ),
  ]);
  return xmlResponse(body);
}

/** @public ListMultipartUploads. */
export async function listMultipartUploads(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const encode = keyEncoder(req);
  const prefix = req.query.get("prefix") ?? "";
  const delimiter = req.query.get("delimiter") ?? "";
  const keyMarker = req.query.get("key-marker") ?? "";
  const uploadIdMarker = keyMarker === "" ? "" : (req.query.get("upload-id-marker") ?? "");
  const maxUploads = intParam(req, "max-uploads", 1000, { min: 0, max: 1000, clamp: true });
  const page = svc.meta.listUploads(bucket.name, { prefix, delimiter, keyMarker, uploadIdMarker, maxUploads });
  const body = document("ListMultipartUploadsResult", [
    leaf("Bucket", bucket.name),
    leaf("KeyMarker", encode(keyMarker)),
    leaf("UploadIdMarker", uploadIdMarker),
    leaf("NextKeyMarker", encode(page.nextKeyMarker ?? "")),
    leaf("NextUploadIdMarker", page.nextUploadIdMarker ?? ""),
    leaf("Prefix", encode(prefix)),
    delimiter !== "" ? leaf("Delimiter", encode(delimiter)) : undefined,
    leaf("MaxUploads", maxUploads),
    leaf("IsTruncated", page.isTruncated),
    req.query.has("encoding-type") ? leaf("EncodingType", "url") : undefined,
    ...page.uploads.map((u) =>
      el("Upload", [
        leaf("Key", encode(u.key)),
        leaf("UploadId", u.uploadId),
        el("Initiator", [leaf("ID", u.initiatorArn || svc.accounts.get(u.initiatorAccountId)?.canonicalUserId)]),
        ownerXml(svc, u.ownerAccountId),
        leaf("StorageClass", u.storageClass),
        leaf("Initiated", xmlDate(u.initiatedAt)),
        u.checksumAlgorithm ? leaf("ChecksumAlgorithm", u.checksumAlgorithm) : undefined,
        u.checksumType ? leaf("ChecksumType", u.checksumType) : undefined,
      ]),
    ),
    ...prefixesXml(page.commonPrefixes, encode),
  ]);
  return xmlResponse(body);
}
