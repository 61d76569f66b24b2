/**
 * @module protocol/s3/ops/objectTagging
 * PutObjectTagging, GetObjectTagging, DeleteObjectTagging: the tag set of one version, changed in
 * place (no new version). https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
 */
import type { HttpResponse } from "../../http.ts";
import { S3Error } from "../errors.ts";
import { parseTaggingXml, tagSetXml, type TagSet } from "../tags.ts";
import { document } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, emptyResponse, keyOf, versionHeader, xmlResponse } from "./common.ts";
import { findReadableVersion } from "./getObject.ts";

function setTags(req: S3Request, svc: Services, tags: TagSet, status: number): HttpResponse {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const rec = findReadableVersion(svc, bucket, key, req.query.get("versionId"), req.object);
  if (!svc.meta.updateObject(bucket.name, key, rec.versionId, { tags })) throw new S3Error("NoSuchKey", { fields: [["Key", key]] });
  return emptyResponse(status, versionHeader(bucket, rec.versionId));
}

/** @public PutObjectTagging. */
export async function putObjectTagging(req: S3Request, svc: Services): Promise<HttpResponse> {
  const body = (await req.payload.readAll(64 * 1024)).toString("utf8");
  return setTags(req, svc, parseTaggingXml(body), 200);
}

/** @public DeleteObjectTagging. */
export async function deleteObjectTagging(req: S3Request, svc: Services): Promise<HttpResponse> {
  return setTags(req, svc, [], 204);
}

/** @public GetObjectTagging. */
export async function getObjectTagging(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const rec = findReadableVersion(svc, bucket, keyOf(req), req.query.get("versionId"), req.object);
  return xmlResponse(document("Tagging", [tagSetXml(rec.tags)]), 200, versionHeader(bucket, rec.versionId));
}
