/**
 * @module protocol/s3/ops/objectTagging
 * PutObjectTagging, GetObjectTagging, DeleteObjectTagging: the tag set of one version, changed in
 * place (no new version). https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
 */
import type { HttpResponse } from "../../http.ts";
import { S3Error } from "../errors.ts";
import { tagSetXml, validateTags, type TagSet } from "../tags.ts";
import { document } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, emptyResponse, keyOf, versionHeader, xmlResponse } from "./common.ts";
import { findReadableVersion } from "./getObject.ts";

function setTags(req: S3Request, svc: Services, tags: TagSet, status: number, object = req.object): HttpResponse {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const rec = findReadableVersion(svc, bucket, key, req.query.get("versionId"), object);
  if (!svc.meta.updateObject(bucket.name, key, rec.versionId, { tags })) throw new S3Error("NoSuchKey", { fields: [["Key", key]] });
  return emptyResponse(status, versionHeader(bucket, rec.versionId));
}

/**
 * @public PutObjectTagging. The body is read and its XML checked first: the tag set is the source of
 * `s3:RequestObjectTag/<key>` and `s3:RequestObjectTagKeys`, so authorization waits for it; S3's tag limits are
 * checked once the request is authorized.
 */
export async function putObjectTagging(req: S3Request, svc: Services): Promise<HttpResponse> {
  // The pipeline read the tag set before authorizing: it is the source of s3:RequestObjectTag/* (bodyKeys.ts).
  const tags = req.bodyKeys?.tags;
  if (tags === undefined) throw new Error("PutObjectTagging reached its handler without the tag set the pipeline reads");
  return setTags(req, svc, validateTags(tags), 200, req.object);
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
