/**
 * @module acl/acl-document
 * Validation of an `AccessControlPolicy` received in the body of PutBucketAcl / PutObjectAcl, once the
 * protocol layer has decoded the XML into an {@link AclDocument} (spec §4.6).
 *
 * Checks, in order, and S3's answers:
 * 1. shape: an Owner with an ID, every grant with a Grantee of a known type carrying its ID / URI, and a
 *    valid Permission; at most 100 grants → otherwise `MalformedACLError` (missing Owner: observed,
 *    https://github.com/aws/aws-sdk-java-v2/issues/1488; limit: https://github.com/ceph/ceph/pull/16291);
 * 2. the Owner ID must be the current owner of the resource → otherwise `403 AccessDenied`: an ACL cannot give
 *    a resource away (observed, ceph/s3-tests `test_object_giveaway`, https://github.com/scality/cloudserver/issues/367);
 * 3. grantees: unknown canonical ID → `InvalidArgument` "Invalid id" with ArgumentName `CanonicalUser/ID`
 *    (observed, ceph/s3-tests comment on `test_bucket_acl_grant_userid_writeacp`); unknown group →
 *    "Invalid group uri" with `Group/URI` (UNCONFIRMED argument name); email grantee → 405.
 * DisplayName elements are ignored, as S3 ignores them in requests.
 */

import { type AclResult, MALFORMED_ACL_MESSAGE, SRC, aclError, emailGranteeNotSupported, fail, invalidArgument, ok } from "./errors.ts";
import type { KnownCanonicalIds } from "./grant-header.ts";
import { tooManyGrants } from "./limits.ts";
import { type AccessControlList, type Grant, type Permission, groupGrant, isGroupUri, isPermission, userGrant } from "./types.ts";

/** @public A grantee as written in a request body, not yet validated. */
export interface AclDocumentGrantee {
  /** The `xsi:type` attribute: `CanonicalUser`, `Group` or `AmazonCustomerByEmail`. */
  readonly type?: string;
  readonly id?: string;
  readonly uri?: string;
  readonly emailAddress?: string;
  readonly displayName?: string;
}

/** @public A grant as written in a request body. */
export interface AclDocumentGrant {
  readonly grantee?: AclDocumentGrantee;
  readonly permission?: string;
}

/** @public An `AccessControlPolicy` as decoded from XML, not yet validated. */
export interface AclDocument {
  readonly owner?: { readonly id?: string; readonly displayName?: string };
  readonly grants: readonly AclDocumentGrant[];
}

/** @public What the validation needs to know about the resource. */
export interface AclDocumentContext {
  /** Canonical ID of the current owner of the bucket or object version. */
  readonly resourceOwnerId: string;
  readonly knownCanonicalIds: KnownCanonicalIds;
}

/** @public Validates a request body ACL and returns the ACL to store. */
export function validateAclDocument(doc: AclDocument, ctx: AclDocumentContext): AclResult<AccessControlList> {
  const malformed = fail<AccessControlList>(aclError("MalformedACLError", MALFORMED_ACL_MESSAGE, SRC.putObjectAcl));
  const ownerId = doc.owner?.id;
  if (ownerId === undefined || ownerId === "") return malformed;
  const tooMany = tooManyGrants(doc.grants.length);
  if (tooMany) return fail(tooMany);
  const shaped: ShapedGrant[] = [];
  for (const g of doc.grants) {
    const s = shape(g);
    if (s === undefined) return malformed;
    shaped.push(s);
  }
  if (ownerId !== ctx.resourceOwnerId) return fail(aclError("AccessDenied", "Access Denied", SRC.putObjectAcl));
  const grants: Grant[] = [];
  for (const s of shaped) {
    const grant = toGrant(s, ctx.knownCanonicalIds);
    if (!grant.ok) return grant;
    grants.push(grant.value);
  }
  return ok({ owner: { id: ownerId }, grants });
}

/** @internal A grant whose shape is valid: a known grantee type with its identifying value, a known permission. */
interface ShapedGrant {
  readonly type: "CanonicalUser" | "Group" | "AmazonCustomerByEmail";
  readonly value: string;
  readonly permission: Permission;
}

/** @internal The schema part of the check; undefined when the grant is malformed. */
function shape(g: AclDocumentGrant): ShapedGrant | undefined {
  const e = g.grantee;
  if (e === undefined || g.permission === undefined || !isPermission(g.permission)) return undefined;
  const value = e.type === "CanonicalUser" ? e.id : e.type === "Group" ? e.uri : e.type === "AmazonCustomerByEmail" ? e.emailAddress : undefined;
  if (value === undefined || value === "") return undefined;
  return { type: e.type as ShapedGrant["type"], value, permission: g.permission };
}

/** @internal One well-shaped grant to a stored grant, or S3's refusal of its grantee. */
function toGrant(s: ShapedGrant, known: KnownCanonicalIds): AclResult<Grant> {
  switch (s.type) {
    case "AmazonCustomerByEmail":
      return fail(emailGranteeNotSupported());
    case "Group":
      return isGroupUri(s.value) ? ok(groupGrant(s.value, s.permission)) : fail(invalidArgument("Invalid group uri", "Group/URI", s.value, SRC.putObjectAcl));
    case "CanonicalUser":
      return known(s.value) ? ok(userGrant(s.value, s.permission)) : fail(invalidArgument("Invalid id", "CanonicalUser/ID", s.value, SRC.putObjectAcl));
  }
}
