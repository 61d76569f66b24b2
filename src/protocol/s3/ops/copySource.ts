/**
 * @module protocol/s3/ops/copySource
 * The source of CopyObject and UploadPartCopy: `x-amz-copy-source` parsing, the source version
 * lookup with its delete-marker rules, the `x-amz-copy-source-if-*` conditions, and re-reading the
 * source bytes into a new durable blob.
 */
import { createHash } from "node:crypto";
import type { BlobStore, BucketRecord, ByteRange, ObjectVersionRecord } from "../../../storage/ports.ts";
import { S3Error } from "../errors.ts";
import { evaluateConditions } from "../conditions.ts";
import { createDigest, type ChecksumAlgorithm } from "../payload.ts";
import type { S3Request, Services } from "../context.ts";
import { checkVersionId } from "./common.ts";
import { streamObject } from "./objectContent.ts";

/** @public A resolved copy source. */
export interface CopySource {
  readonly bucket: BucketRecord;
  readonly record: ObjectVersionRecord;
  /** Whether the request named a version explicitly. */
  readonly versionNamed: boolean;
}

/** @public Parses `x-amz-copy-source` (`[/]bucket/key[?versionId=…]`, key URL-encoded). */
export function parseCopySource(value: string): { bucket: string; key: string; versionId?: string } {
  const invalid = (): never => {
    throw new S3Error("InvalidArgument", { message: "Invalid copy source object key", fields: [["ArgumentName", "x-amz-copy-source"], ["ArgumentValue", value]] });
  };
  let v = value.startsWith("/") ? value.slice(1) : value;
  let versionId: string | undefined;
  const q = v.indexOf("?");
  if (q >= 0) {
    const params = new URLSearchParams(v.slice(q + 1));
    versionId = params.get("versionId") ?? undefined;
    v = v.slice(0, q);
  }
  const slash = v.indexOf("/");
  if (slash <= 0 || slash === v.length - 1) return invalid();
  let key: string;
  let bucket: string;
  try {
    bucket = decodeURIComponent(v.slice(0, slash));
    key = decodeURIComponent(v.slice(slash + 1));
  } catch {
    return invalid();
  }
  return { bucket, key, ...(versionId !== undefined ? { versionId } : {}) };
}

/** @public Resolves and checks the copy source of a request. */
export function resolveCopySource(req: S3Request, svc: Services): CopySource {
  const header = req.headers.get("x-amz-copy-source") ?? "";
  const src = parseCopySource(header);
  const bucket = svc.meta.getBucket(src.bucket);
  if (!bucket) throw new S3Error("NoSuchBucket", { fields: [["BucketName", src.bucket]] });
  checkVersionId(src.versionId);
  const record = svc.meta.getObject(bucket.name, src.key, src.versionId);
  if (!record) {
    if (src.versionId !== undefined) throw new S3Error("NoSuchVersion", { fields: [["Key", src.key], ["VersionId", src.versionId]] });
    throw new S3Error("NoSuchKey", { fields: [["Key", src.key]] });
  }
  if (record.isDeleteMarker) {
    if (src.versionId !== undefined) throw new S3Error("InvalidRequest", { message: "The source of a copy request may not specifically refer to a delete marker by version id." });
    throw new S3Error("NoSuchKey", { fields: [["Key", src.key]], headers: { "x-amz-delete-marker": "true" } });
  }
  const outcome = evaluateConditions(req.headers, "x-amz-copy-source-", record.etag, record.lastModified);
  if (outcome.kind !== "ok") {
    const condition = outcome.kind === "failed" ? outcome.condition : "If-None-Match";
    throw new S3Error("PreconditionFailed", { fields: [["Condition", `x-amz-copy-source-${condition}`]] });
  }
  return { bucket, record, versionNamed: src.versionId !== undefined };
}

/** @public Response headers naming the source version, as S3 sends them. */
export function copySourceHeaders(src: CopySource): Record<string, string> {
  return src.bucket.versioning === "Unversioned" ? {} : { "x-amz-copy-source-version-id": src.record.versionId };
}

/** @public The new blob holding `range` of the source, with its MD5 and, if asked, a checksum. */
export async function copySourceBytes(
  blobs: BlobStore,
  src: CopySource,
  range: ByteRange | undefined,
  checksum: ChecksumAlgorithm | undefined,
): Promise<{ blobId: string; size: number; md5Hex: string; checksum?: string }> {
  const start = range?.start ?? 0;
  const end = range?.end ?? src.record.size - 1;
  // INVARIANT: callers resolve the source and call this without an await in between, so the lease
  // protects exactly the version they looked up.
  const lease = blobs.lease();
  if (end < start) {
    lease.release();
    const empty = await blobs.write((async function* () {})());
    const d = checksum ? createDigest(checksum) : undefined;
    return { ...empty, md5Hex: createHash("md5").digest("hex"), ...(d ? { checksum: d.base64() } : {}) };
  }
  const md5 = createHash("md5");
  const digest = checksum ? createDigest(checksum) : undefined;
  const content = streamObject(blobs, src.record.parts, start, end, lease);
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const c of content) {
      const b = c as Uint8Array;
      md5.update(b);
      digest?.update(b);
      yield b;
    }
  }
  const written = await blobs.write(hashed());
  return { ...written, md5Hex: md5.digest("hex"), ...(digest ? { checksum: digest.base64() } : {}) };
}
