/**
 * @module protocol/s3/ops/ownership
 * PutBucketOwnershipControls, GetBucketOwnershipControls, DeleteBucketOwnershipControls.
 * Switching to BucketOwnerEnforced is refused while the bucket ACL grants anyone but the owner.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketOwnershipControls.html
 */
import type { HttpResponse } from "../../http.ts";
import { enforcementBlockedBy } from "../../../acl/bucket-acl-rules.ts";
import { OBJECT_OWNERSHIP_SETTINGS, type ObjectOwnership } from "../../../acl/ownership.ts";
import { S3Error } from "../errors.ts";
import { child, childText, childrenNamed, parseXml } from "../xml/parse.ts";
import { document, el, leaf } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { aclS3Error, canonicalIdOf, OWNERSHIP_CONFIG, storedBucketAcl, storedOwnership } from "../bucketState.ts";
import { bucketOf, emptyResponse, xmlResponse } from "./common.ts";

/** @public Parses an `x-amz-object-ownership` header or `<ObjectOwnership>` value. */
export function parseOwnership(value: string, argument: string): ObjectOwnership {
  if (!(OBJECT_OWNERSHIP_SETTINGS as readonly string[]).includes(value)) {
    throw new S3Error("InvalidArgument", { message: "Invalid value for the object ownership setting", fields: [["ArgumentName", argument], ["ArgumentValue", value]] });
  }
  return value as ObjectOwnership;
}

/** @public Sets a bucket's ownership, checking that its ACL allows BucketOwnerEnforced. */
export function setOwnership(req: S3Request, svc: Services, setting: ObjectOwnership): void {
  const bucket = bucketOf(req);
  if (setting === "BucketOwnerEnforced") {
    const blocked = enforcementBlockedBy(storedBucketAcl(svc, bucket), canonicalIdOf(svc, bucket.ownerAccountId));
    if (blocked) throw aclS3Error(blocked);
  }
  svc.meta.putBucketConfig(bucket.name, OWNERSHIP_CONFIG, setting);
}

/** @public PutBucketOwnershipControls. */
export async function putBucketOwnershipControls(req: S3Request, svc: Services): Promise<HttpResponse> {
  const body = (await req.payload.readAll(64 * 1024)).toString("utf8");
  const root = parseXml(body, "OwnershipControls");
  const rules = childrenNamed(root, "Rule");
  const rule = rules[0];
  if (rules.length !== 1 || !rule || !child(rule, "ObjectOwnership")) throw new S3Error("MalformedXML");
  setOwnership(req, svc, parseOwnership((childText(rule, "ObjectOwnership") ?? "").trim(), "ObjectOwnership"));
  return emptyResponse(200);
}

/** @public GetBucketOwnershipControls. */
export async function getBucketOwnershipControls(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const setting = storedOwnership(svc, bucket.name);
  if (setting === undefined) throw new S3Error("OwnershipControlsNotFoundError", { fields: [["BucketName", bucket.name]] });
  return xmlResponse(document("OwnershipControls", [el("Rule", [leaf("ObjectOwnership", setting)])]));
}

/** @public DeleteBucketOwnershipControls: the bucket behaves as ObjectWriter again. */
export async function deleteBucketOwnershipControls(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  svc.meta.putBucketConfig(bucket.name, OWNERSHIP_CONFIG, undefined);
  return emptyResponse(204);
}
