/**
 * @module acl/put-acl-rules
 * Whether PutBucketAcl / PutObjectAcl may change an ACL under the bucket's Object Ownership setting
 * (spec §5.6, §12.4).
 *
 * With BucketOwnerEnforced, "requests to set ACLs or update ACLs fail and return the
 * AccessControlListNotSupported error code" — observed even for `private` on PutBucketAcl
 * (https://github.com/hashicorp/terraform-provider-aws/issues/34079). One exception is kept for objects:
 * the user guide tells users to keep Put*Acl requests that carry `bucket-owner-full-control` when disabling
 * ACLs, so PutObjectAcl with that canned ACL is accepted and changes nothing (UNCONFIRMED, spec A12).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
 */

import { type AclResult, aclNotSupported, fail, ok } from "./errors.ts";
import type { ObjectOwnership } from "./ownership.ts";
import type { RequestedAcl } from "./requested-acl.ts";
import type { AclResource } from "./types.ts";

/** @public What to do with a Put*Acl request that S3 accepts: store the ACL, or answer 200 and store nothing. */
export type PutAclOutcome = "apply" | "no-op";

/**
 * @public Checks a Put*Acl request against the Object Ownership setting. `requested` is the header ACL, or
 * for a body ACL `{ kind: "grants", grants }` after `validateAclDocument`.
 */
export function checkPutAcl(setting: ObjectOwnership, resource: AclResource, requested: RequestedAcl): AclResult<PutAclOutcome> {
  if (setting !== "BucketOwnerEnforced") return ok("apply");
  if (resource === "object" && requested.kind === "canned" && requested.name === "bucket-owner-full-control") return ok("no-op");
  return fail(aclNotSupported());
}
