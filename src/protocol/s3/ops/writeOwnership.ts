/**
 * @module protocol/s3/ops/writeOwnership
 * Who owns a new object and which ACL it gets, from the bucket's Object Ownership setting and the
 * request's ACL headers (spec §5.3): ObjectWriter keeps the writer as owner; BucketOwnerPreferred
 * hands the object to the bucket owner only with `bucket-owner-full-control`; BucketOwnerEnforced
 * makes the bucket owner the owner and refuses any other ACL.
 */
import { aclToJson } from "../../../acl/acl-json.ts";
import { decideObjectOwnership } from "../../../acl/ownership.ts";
import type { BucketRecord } from "../../../storage/ports.ts";
import type { S3Request, Services } from "../context.ts";
import { aclS3Error, canonicalIdOf, ownerAccountOf, ownershipOf, writerCanonicalId } from "../bucketState.ts";
import { requestedAclOf } from "./acl.ts";
import { rejectPublicAcl } from "../resourceContext.ts";
import { objectArn } from "../../../kernel/arn.ts";

/** @public The owner (as stored) and ACL (as stored JSON) of an object this request writes. */
export function ownershipForWrite(req: S3Request, svc: Services, bucket: BucketRecord): { ownerAccountId: string; acl: string } {
  const requested = requestedAclOf(req, svc, "object");
  const decision = decideObjectOwnership(ownershipOf(svc, bucket.name), writerCanonicalId(svc, req.principal), canonicalIdOf(svc, bucket.ownerAccountId), requested);
  if (!decision.ok) throw aclS3Error(decision.error);
  rejectPublicAcl(req, svc, bucket, decision.value.acl, "s3:PutObject", objectArn(bucket.name, req.key ?? ""));
  return { ownerAccountId: ownerAccountOf(svc, decision.value.ownerId), acl: aclToJson(decision.value.acl) };
}
