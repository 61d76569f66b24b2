/**
 * @module protocol/s3/ops/putObject
 * PutObject: the body is streamed into a durable blob through the verifying payload, and only then is
 * the version committed to metadata. A body that fails any check leaves nothing behind.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 */
import type { HttpResponse } from "../../http.ts";
import type { BucketRecord, ObjectPart, ObjectVersionRecord, StoredChecksum } from "../../../storage/ports.ts";
import { S3Error } from "../errors.ts";
import { checksumHeader } from "../payload.ts";
import { parseTaggingHeader } from "../tags.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, keyOf, objectHeadersFrom, quoteEtag, versionHeader, versionSlot } from "./common.ts";
import { ownershipForWrite } from "./writeOwnership.ts";

/** @public Storage classes S3 accepts on writes. */
const STORAGE_CLASSES = new Set(["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE"]);

/** @public The storage class a write asks for. */
export function storageClassOf(req: S3Request): string {
  const sc = req.headers.get("x-amz-storage-class") ?? "STANDARD";
  if (!STORAGE_CLASSES.has(sc)) throw new S3Error("InvalidStorageClass", { fields: [["StorageClassRequested", sc]] });
  return sc;
}

/**
 * @public Commits a new version and releases the blobs it replaced. Returns the response headers
 * common to every write (ETag, version ID).
 */
export function commitVersion(svc: Services, bucket: BucketRecord, record: ObjectVersionRecord, slot: "versioned" | "null"): Record<string, string> {
  const released = svc.meta.putObject(record, slot);
  svc.blobs.release(released);
  return { etag: quoteEtag(record.etag), ...versionHeader(bucket, record.versionId) };
}

/**
 * @public The content pieces of an object held in one new blob. An empty object has none: its blob is
 * released at once.
 */
export function partsOfBlob(svc: Services, blob: { blobId: string; size: number }, etag: string, checksum: StoredChecksum | undefined): ObjectPart[] {
  if (blob.size === 0) {
    svc.blobs.release([blob.blobId]);
    return [];
  }
  return [{ partNumber: 1, blobId: blob.blobId, size: blob.size, etag, ...(checksum ? { checksum } : {}) }];
}

/** @public PutObject. */
export async function putObject(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const { headers, userMetadata } = objectHeadersFrom(req);
  const tags = parseTaggingHeader(req.headers.get("x-amz-tagging"));
  const storageClass = storageClassOf(req);
  const ownership = ownershipForWrite(req, svc, bucket);
  if (req.payload.declaredLength !== undefined && req.payload.declaredLength > svc.config.maxObjectSize) {
    throw new S3Error("EntityTooLarge", { fields: [["ProposedSize", String(req.payload.declaredLength)], ["MaxSizeAllowed", String(svc.config.maxObjectSize)]] });
  }
  const blob = await svc.blobs.write(req.payload);
  const d = req.payload.digests;
  const checksum: StoredChecksum | undefined = d.checksum ? { algorithm: d.checksum.algorithm, value: d.checksum.value, type: "FULL_OBJECT" } : undefined;
  const { slot, versionId } = versionSlot(bucket, svc);
  const record: ObjectVersionRecord = {
    bucket: bucket.name,
    key,
    versionId,
    isDeleteMarker: false,
    lastModified: svc.clock.now(),
    ownerAccountId: ownership.ownerAccountId,
    acl: ownership.acl,
    size: blob.size,
    etag: d.md5Hex,
    headers,
    userMetadata,
    parts: partsOfBlob(svc, blob, d.md5Hex, checksum),
    multipart: false,
    tags,
    storageClass,
    ...(checksum ? { checksum } : {}),
  };
  const out = commitVersion(svc, bucket, record, slot);
  if (checksum) {
    out[checksumHeader(checksum.algorithm)] = checksum.value;
    out["x-amz-checksum-type"] = "FULL_OBJECT";
  }
  return { status: 200, headers: out, body: "" };
}
