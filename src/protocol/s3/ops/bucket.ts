/**
 * @module protocol/s3/ops/bucket
 * ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation, and bucket versioning.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 */
import type { HttpResponse } from "../../http.ts";
import { isValidBucketName } from "../bucketName.ts";
import { S3Error } from "../errors.ts";
import { childText, parseXml } from "../xml/parse.ts";
import { document, el, leaf, xmlDate } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, emptyResponse, intParam, xmlResponse } from "./common.ts";
import { decideCreateBucketAcl } from "../../../acl/bucket-acl-rules.ts";
import { effectiveOwnership, type ObjectOwnership } from "../../../acl/ownership.ts";
import { ACL_CONFIG, aclS3Error, OWNERSHIP_CONFIG, PUBLIC_ACCESS_BLOCK_CONFIG } from "../bucketState.ts";
import { aclToJson } from "../../../acl/acl-json.ts";
import { BLOCK_ALL } from "../../../authz/index.ts";
import { accountPublicAccessBlock, publicAccessBlockJson } from "../resourceContext.ts";
import { requestedAclOf } from "./acl.ts";
import { parseOwnership } from "./ownership.ts";

/** @public ListBuckets: the caller's account's buckets only. */
export async function listBuckets(req: S3Request, svc: Services): Promise<HttpResponse> {
  const account = req.account;
  if (!account) throw new S3Error("AccessDenied");
  const prefix = req.query.get("prefix") ?? "";
  const maxBuckets = intParam(req, "max-buckets", 10000, { min: 1, max: 10000 });
  const token = req.query.get("continuation-token");
  const after = token !== undefined ? Buffer.from(token, "base64").toString("utf8") : "";
  const mine = svc.meta
    .listBuckets()
    .filter((b) => b.ownerAccountId === account.id && b.name.startsWith(prefix) && b.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = mine.slice(0, maxBuckets);
  const truncated = mine.length > page.length;
  const last = page[page.length - 1];
  const body = document("ListAllMyBucketsResult", [
    el("Owner", [leaf("ID", account.canonicalUserId)]),
    el(
      "Buckets",
      page.map((b) => el("Bucket", [leaf("Name", b.name), leaf("CreationDate", xmlDate(b.createdAt)), leaf("BucketRegion", b.region)])),
    ),
    truncated && last ? leaf("ContinuationToken", Buffer.from(last.name, "utf8").toString("base64")) : undefined,
    req.query.has("prefix") ? leaf("Prefix", prefix) : undefined,
  ]);
  return xmlResponse(body);
}

/** The region a CreateBucket body's location constraint asks for, checked against this endpoint's region. */
function requestedRegion(constraint: string | undefined, region: string): string {
  if (constraint === undefined) {
    if (region !== "us-east-1") throw new S3Error("IllegalLocationConstraintException");
    return region;
  }
  if (region === "us-east-1" && constraint === "us-east-1") throw new S3Error("InvalidLocationConstraint", { fields: [["LocationConstraint", constraint]] });
  if (!/^[a-z]{2}(-[a-z]+)+-\d$|^EU$/.test(constraint)) throw new S3Error("InvalidLocationConstraint", { fields: [["LocationConstraint", constraint]] });
  if (constraint !== region) throw new S3Error("IllegalLocationConstraintException", { message: `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.` });
  return constraint;
}

/**
 * @public CreateBucket. The pipeline has read the body and checked its XML before authorizing (its location
 * constraint is the source of `s3:locationconstraint`, see bodyKeys.ts); the name and the constraint's value are
 * checked here, once the request is authorized.
 */
export async function createBucket(req: S3Request, svc: Services): Promise<HttpResponse> {
  const name = req.bucketName ?? "";
  const constraint = req.bodyKeys?.locationConstraint;
  const account = req.account;
  if (!account) throw new S3Error("AccessDenied");
  if (!isValidBucketName(name)) throw new S3Error("InvalidBucketName", { fields: [["BucketName", name]] });
  const region = requestedRegion(constraint, svc.config.region);
  const current = svc.config.bucketDefaults === "current";
  const header = req.headers.get("x-amz-object-ownership");
  const ownership: ObjectOwnership | undefined = header !== undefined ? parseOwnership(header, "x-amz-object-ownership") : current ? "BucketOwnerEnforced" : undefined;
  const acl = decideCreateBucketAcl({ setting: effectiveOwnership(ownership), requested: requestedAclOf(req, svc, "bucket"), ownerId: account.canonicalUserId, blockPublicAcls: current || accountPublicAccessBlock(svc, account.id)?.BlockPublicAcls === true });
  if (!acl.ok) throw aclS3Error(acl.error);
  const existing = svc.meta.getBucket(name);
  if (existing) {
    if (existing.ownerAccountId !== account.id) throw new S3Error("BucketAlreadyExists", { fields: [["BucketName", name]] });
    // S3 answers 200 to the owner re-creating a bucket in us-east-1, 409 elsewhere.
    if (existing.region === "us-east-1" && region === "us-east-1") return emptyResponse(200, { location: `/${name}` });
    throw new S3Error("BucketAlreadyOwnedByYou", { fields: [["BucketName", name]] });
  }
  // The bucket and its initial settings are one transaction: a crash never leaves a bucket without its
  // Block Public Access or ownership defaults.
  const config: Record<string, string> = { [ACL_CONFIG]: aclToJson(acl.value) };
  if (ownership !== undefined) config[OWNERSHIP_CONFIG] = ownership;
  if (current) config[PUBLIC_ACCESS_BLOCK_CONFIG] = publicAccessBlockJson(BLOCK_ALL);
  const created = svc.meta.createBucket({ name, ownerAccountId: account.id, region, createdAt: svc.clock.now(), versioning: "Unversioned" }, config);
  if (created === "exists") throw new S3Error("BucketAlreadyExists", { fields: [["BucketName", name]] });
  return emptyResponse(200, { location: `/${name}` });
}

/** Whether any account's access point is attached to the bucket (access points may belong to another account). */
function hasAccessPoints(svc: Services, bucket: string): boolean {
  return svc.accounts.list().some((a) => svc.meta.listAccessPoints(a.id, { bucket, maxResults: 1 }).accessPoints.length > 0);
}

/**
 * @public DeleteBucket. A bucket with access points attached is refused with BucketHasAccessPointsAttached (400,
 * as recorded from AWS); which of that and BucketNotEmpty a non-empty bucket with access points gets is
 * UNCONFIRMED (the access points are checked first here), and so is the `BucketName` field (BucketNotEmpty has it). Nothing awaits between the check and the deletion.
 */
export async function deleteBucket(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  if (hasAccessPoints(svc, bucket.name)) throw new S3Error("BucketHasAccessPointsAttached", { fields: [["BucketName", bucket.name]] });
  const outcome = svc.meta.deleteBucket(bucket.name, (released) => svc.blobs.release(released));
  if (outcome === "not-empty") throw new S3Error("BucketNotEmpty", { fields: [["BucketName", bucket.name]] });
  if (outcome === "missing") throw new S3Error("NoSuchBucket", { fields: [["BucketName", bucket.name]] });
  return emptyResponse(204);
}

/** @public HeadBucket. */
export async function headBucket(req: S3Request): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  return emptyResponse(200, { "x-amz-bucket-region": bucket.region, "x-amz-access-point-alias": "false" });
}

/** @public GetBucketLocation: empty for us-east-1, as S3 answers. */
export async function getBucketLocation(req: S3Request): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const region = bucket.region === "us-east-1" ? "" : bucket.region;
  return xmlResponse(`<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region}</LocationConstraint>`);
}

/** @public PutBucketVersioning. */
export async function putBucketVersioning(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const body = (await req.payload.readAll(64 * 1024)).toString("utf8");
  const root = parseXml(body, "VersioningConfiguration");
  const status = childText(root, "Status");
  const mfa = childText(root, "MfaDelete");
  if (mfa !== undefined && mfa !== "Disabled" && mfa !== "Enabled") throw new S3Error("MalformedXML");
  if (mfa === "Enabled") throw new S3Error("InvalidArgument", { message: "MFA delete is not supported by crossbucket: no MFA devices exist here." });
  if (status === undefined) return emptyResponse(200);
  if (status !== "Enabled" && status !== "Suspended") throw new S3Error("MalformedXML");
  svc.meta.setBucketVersioning(bucket.name, status);
  return emptyResponse(200);
}

/** @public GetBucketVersioning: an empty configuration for a never-versioned bucket. */
export async function getBucketVersioning(req: S3Request): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const children = bucket.versioning === "Unversioned" ? [] : [leaf("Status", bucket.versioning)];
  return xmlResponse(document("VersioningConfiguration", children));
}
