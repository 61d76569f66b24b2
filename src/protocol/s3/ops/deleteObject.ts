/**
 * @module protocol/s3/ops/deleteObject
 * DeleteObject and DeleteObjects, with the versioning rules: unversioned buckets remove the object;
 * enabled buckets add a delete marker; suspended buckets put a delete marker in the null slot;
 * naming a version removes exactly that version.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
 */
import type { HttpResponse } from "../../http.ts";
import type { BucketRecord } from "../../../storage/ports.ts";
import { S3Error } from "../errors.ts";
import { child, childrenNamed, parseXml } from "../xml/parse.ts";
import { document, el, leaf } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, checkVersionId, emptyResponse, keyOf, versionSlot, xmlResponse } from "./common.ts";
import { authorizeKey } from "../authorize.ts";

/** @public What deleting one key or version did. */
export interface DeleteOutcome {
  readonly versionId?: string;
  readonly deleteMarker: boolean;
  readonly deleteMarkerVersionId?: string;
}

/** @public Deletes a key (or one version of it) following the bucket's versioning state. */
export function deleteKey(svc: Services, req: S3Request, bucket: BucketRecord, key: string, versionId: string | undefined): DeleteOutcome {
  checkVersionId(versionId);
  if (versionId !== undefined) {
    const { removed, released } = svc.meta.deleteObjectVersion(bucket.name, key, versionId);
    svc.blobs.release(released);
    return { versionId, deleteMarker: removed?.isDeleteMarker ?? false };
  }
  if (bucket.versioning === "Unversioned") {
    const { released } = svc.meta.deleteObjectVersion(bucket.name, key, "null");
    svc.blobs.release(released);
    return { deleteMarker: false };
  }
  const { slot, versionId: markerId } = versionSlot(bucket, svc);
  const released = svc.meta.putObject(
    {
      bucket: bucket.name,
      key,
      versionId: markerId,
      isDeleteMarker: true,
      lastModified: svc.clock.now(),
      ownerAccountId: req.account?.id ?? bucket.ownerAccountId,
      size: 0,
      etag: "",
      headers: {},
      userMetadata: {},
      parts: [],
      multipart: false,
      tags: [],
      storageClass: "STANDARD",
    },
    slot,
  );
  svc.blobs.release(released);
  return { deleteMarker: true, deleteMarkerVersionId: markerId };
}

/** @public DeleteObject. */
export async function deleteObject(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const out = deleteKey(svc, req, bucket, key, req.query.get("versionId"));
  const headers: Record<string, string> = {};
  if (out.deleteMarker) headers["x-amz-delete-marker"] = "true";
  const vid = out.versionId ?? out.deleteMarkerVersionId;
  if (vid !== undefined) headers["x-amz-version-id"] = vid;
  return emptyResponse(204, headers);
}

const MAX_DELETE_KEYS = 1000;

/** @public DeleteObjects (multi-object delete), with quiet mode. */
export async function deleteObjects(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const hasIntegrity = req.headers.has("content-md5") || [...req.headers.entries()].some(([n]) => n.startsWith("x-amz-checksum-")) || req.payload.checksumAlgorithm !== undefined;
  if (!hasIntegrity) throw new S3Error("InvalidRequest", { message: "Missing required header for this request: Content-MD5" });
  const body = (await req.payload.readAll(2 * 1024 * 1024)).toString("utf8");
  const root = parseXml(body, "Delete");
  const quiet = child(root, "Quiet")?.text.trim().toLowerCase() === "true";
  const objects = childrenNamed(root, "Object");
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw new S3Error("MalformedXML");
  const results: string[] = [];
  for (const o of objects) {
    const keyEl = child(o, "Key");
    if (!keyEl) throw new S3Error("MalformedXML");
    const key = keyEl.text;
    const versionId = child(o, "VersionId")?.text;
    try {
      if (key === "") throw new S3Error("InvalidArgument", { message: "Invalid key" });
      if (Buffer.byteLength(key) > 1024) throw new S3Error("KeyTooLongError");
      authorizeKey(req, svc, bucket, key, versionId);
      const out = deleteKey(svc, req, bucket, key, versionId);
      if (!quiet) {
        results.push(
          el("Deleted", [
            leaf("Key", key),
            leaf("VersionId", out.versionId),
            out.deleteMarker ? leaf("DeleteMarker", "true") : undefined,
            leaf("DeleteMarkerVersionId", out.deleteMarkerVersionId ?? (out.deleteMarker ? out.versionId : undefined)),
          ]),
        );
      }
    } catch (e) {
      if (!(e instanceof S3Error) || e.serverFault) throw e;
      results.push(el("Error", [leaf("Key", key), leaf("VersionId", versionId), leaf("Code", e.code), leaf("Message", e.message)]));
    }
  }
  return xmlResponse(document("DeleteResult", results));
}
