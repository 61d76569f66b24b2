/**
 * @module protocol/s3/ops/bucketPolicy
 * PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus. The policy is validated with
 * S3's MalformedPolicy messages (spec §3.12) and kept as the text the owner put, which GetBucketPolicy
 * returns. With BlockPublicPolicy in force (account or bucket) a public policy is refused (spec §6.4).
 * Who may call these (same account only, the owner's root always) is decided by the authorize stage.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
 */
import { bucketArn } from "../../../kernel/arn.ts";
import { validateBucketPolicy, MAX_POLICY_BYTES } from "../../../policy/index.ts";
import { isPolicyPublic } from "../../../authz/index.ts";
import type { HttpResponse } from "../../http.ts";
import type { S3Request, Services } from "../context.ts";
import { S3Error } from "../errors.ts";
import { POLICY_CONFIG } from "../bucketState.ts";
import { bucketPolicyOf, effectivePublicAccessBlock, rejectPublic } from "../resourceContext.ts";
import { document, leaf } from "../xml/write.ts";
import { bucketOf, emptyResponse, xmlResponse } from "./common.ts";

/** @public PutBucketPolicy. */
export async function putBucketPolicy(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  // Read well beyond the 20 KB limit so that an oversized policy gets S3's own MalformedPolicy message.
  const text = (await req.payload.readAll(MAX_POLICY_BYTES * 50)).toString("utf8");
  const checked = validateBucketPolicy(text, { bucket: bucket.name, principalExists: (value) => svc.identities.principalExists(value) });
  if (!checked.ok) throw new S3Error("MalformedPolicy", { message: checked.message });
  if (isPolicyPublic(checked.policy, "bucket") && effectivePublicAccessBlock(svc, bucket).BlockPublicPolicy) {
    rejectPublic(req, bucket, "BlockPublicPolicy", "s3:PutBucketPolicy", bucketArn(bucket.name));
  }
  svc.meta.putBucketConfig(bucket.name, POLICY_CONFIG, text);
  return emptyResponse(204);
}

/** @public GetBucketPolicy: the policy exactly as it was put. */
export async function getBucketPolicy(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const text = svc.meta.getBucketConfig(bucket.name, POLICY_CONFIG);
  if (text === undefined) throw new S3Error("NoSuchBucketPolicy", { fields: [["BucketName", bucket.name]] });
  return { status: 200, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) }, body: text };
}

/** @public DeleteBucketPolicy: 204 whether or not a policy was set. */
export async function deleteBucketPolicy(req: S3Request, svc: Services): Promise<HttpResponse> {
  svc.meta.putBucketConfig(bucketOf(req).name, POLICY_CONFIG, undefined);
  return emptyResponse(204);
}

/** @public GetBucketPolicyStatus: whether the bucket policy is public (spec §6.3). */
export async function getBucketPolicyStatus(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const policy = bucketPolicyOf(svc, bucket.name);
  if (policy === undefined) throw new S3Error("NoSuchBucketPolicy", { fields: [["BucketName", bucket.name]] });
  return xmlResponse(document("PolicyStatus", [leaf("IsPublic", policy.isPublic)]));
}
