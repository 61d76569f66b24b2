/**
 * @module protocol/s3/ops/acl
 * GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl. Under BucketOwnerEnforced the ACLs shown
 * are the enforced ones (bucket owner, FULL_CONTROL) and changing them is refused; the stored ACLs
 * are kept untouched and come back when ownership is switched back.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 */
import type { HttpResponse } from "../../http.ts";
import type { AccessControlList } from "../../../acl/types.ts";
import { validateAclDocument } from "../../../acl/acl-document.ts";
import { effectiveBucketAcl, effectiveObjectAcl } from "../../../acl/effective-acl.ts";
import { checkPutAcl } from "../../../acl/put-acl-rules.ts";
import { requestedAclFromHeaders, resolveRequestedAcl, type RequestedAcl } from "../../../acl/requested-acl.ts";
import { aclToJson } from "../../../acl/acl-json.ts";
import { S3Error } from "../errors.ts";
import { aclXml, parseAclXml } from "../xml/acl.ts";
import type { S3Request, Services } from "../context.ts";
import { aclS3Error, canonicalIdOf, knownCanonicalIds, ownershipOf, saveBucketAcl, storedBucketAcl, storedObjectAcl } from "../bucketState.ts";
import { bucketOf, emptyResponse, keyOf, versionHeader, xmlResponse } from "./common.ts";
import { findReadableVersion } from "./getObject.ts";
import { rejectPublicAcl } from "../resourceContext.ts";
import { bucketArn, objectArn } from "../../../kernel/arn.ts";

const BUCKET_GRANT_HEADERS = ["x-amz-acl", "x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control"];
const OBJECT_GRANT_HEADERS = ["x-amz-acl", "x-amz-grant-read", "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control"];

/** @public The ACL a write request asks for through its headers (only the headers the operation accepts). */
export function requestedAclOf(req: S3Request, svc: Services, resource: "bucket" | "object"): RequestedAcl {
  const accepted = resource === "bucket" ? BUCKET_GRANT_HEADERS : OBJECT_GRANT_HEADERS;
  const r = requestedAclFromHeaders((name) => (accepted.includes(name) ? req.headers.get(name) : undefined), knownCanonicalIds(svc));
  if (!r.ok) throw aclS3Error(r.error);
  return r.value;
}

/** The ACL a Put*Acl request asks for: headers, or an AccessControlPolicy body, not both. */
async function requestedAclForPut(req: S3Request, svc: Services, resource: "bucket" | "object", ownerId: string): Promise<RequestedAcl> {
  const fromHeaders = requestedAclOf(req, svc, resource);
  const body = (await req.payload.readAll(64 * 1024, "MalformedACLError")).toString("utf8");
  if (body.trim() === "") {
    if (fromHeaders.kind === "none") throw new S3Error("MissingSecurityHeader", { message: "Your request was missing a required header", fields: [["MissingHeaderName", "x-amz-acl"]] });
    return fromHeaders;
  }
  if (fromHeaders.kind !== "none") throw new S3Error("UnexpectedContent");
  const doc = validateAclDocument(parseAclXml(body), { resourceOwnerId: ownerId, knownCanonicalIds: knownCanonicalIds(svc) });
  if (!doc.ok) throw aclS3Error(doc.error);
  return { kind: "grants", grants: doc.value.grants };
}

/** @public GetBucketAcl. */
export async function getBucketAcl(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const ownerId = canonicalIdOf(svc, bucket.ownerAccountId);
  const shown = effectiveBucketAcl(storedBucketAcl(svc, bucket), ownershipOf(svc, bucket.name), ownerId);
  return xmlResponse(aclXml(shown.acl));
}

/** @public PutBucketAcl. */
export async function putBucketAcl(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const ownerId = canonicalIdOf(svc, bucket.ownerAccountId);
  const requested = await requestedAclForPut(req, svc, "bucket", ownerId);
  const rule = checkPutAcl(ownershipOf(svc, bucket.name), "bucket", requested);
  if (!rule.ok) throw aclS3Error(rule.error);
  if (rule.value === "no-op") return emptyResponse(200);
  const acl = resolveAcl(requested, "bucket", ownerId, ownerId);
  rejectPublicAcl(req, svc, bucket, acl, "s3:PutBucketAcl", bucketArn(bucket.name));
  saveBucketAcl(svc, bucket.name, acl);
  return emptyResponse(200);
}

function resolveAcl(requested: RequestedAcl, resource: "bucket" | "object", ownerId: string, bucketOwnerId: string): AccessControlList {
  const r = resolveRequestedAcl(requested, { resource, ownerId, bucketOwnerId });
  if (!r.ok) throw aclS3Error(r.error);
  if (!r.value) throw new S3Error("MalformedACLError");
  return r.value;
}

/** @public GetObjectAcl. */
export async function getObjectAcl(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const rec = findReadableVersion(svc, bucket, keyOf(req), req.query.get("versionId"), req.object);
  const shown = effectiveObjectAcl(storedObjectAcl(svc, rec), ownershipOf(svc, bucket.name), canonicalIdOf(svc, bucket.ownerAccountId));
  return xmlResponse(aclXml(shown.acl), 200, versionHeader(bucket, rec.versionId));
}

/** @public PutObjectAcl: replaces the ACL of one version in place. */
export async function putObjectAcl(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const rec = findReadableVersion(svc, bucket, key, req.query.get("versionId"), req.object);
  const stored = storedObjectAcl(svc, rec);
  const requested = await requestedAclForPut(req, svc, "object", stored.ownerId);
  const rule = checkPutAcl(ownershipOf(svc, bucket.name), "object", requested);
  if (!rule.ok) throw aclS3Error(rule.error);
  if (rule.value === "apply") {
    const acl = resolveAcl(requested, "object", stored.ownerId, canonicalIdOf(svc, bucket.ownerAccountId));
    rejectPublicAcl(req, svc, bucket, acl, req.query.has("versionId") ? "s3:PutObjectVersionAcl" : "s3:PutObjectAcl", objectArn(bucket.name, key));
    if (!svc.meta.updateObject(bucket.name, key, rec.versionId, { acl: aclToJson(acl) })) throw new S3Error("NoSuchKey", { fields: [["Key", key]] });
  }
  return emptyResponse(200, versionHeader(bucket, rec.versionId));
}
