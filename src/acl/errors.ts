/**
 * @module acl/errors
 * The S3 errors the ACL model can produce, as plain values: the pure core does not import the protocol's
 * error catalogue, so the protocol layer turns an {@link AclError} into its `S3Error` (same code, message,
 * status and extra fields). Every error carries the URL of the rule it implements, for traces.
 */

/** @public The S3 error codes the ACL model can answer with. */
export type AclErrorCode =
  | "AccessControlListNotSupported"
  | "AccessDenied"
  | "InvalidArgument"
  | "InvalidBucketAclWithBlockPublicAccessError"
  | "InvalidBucketAclWithObjectOwnership"
  | "InvalidRequest"
  | "MalformedACLError"
  | "MethodNotAllowed";

/** @internal code → HTTP status. */
const STATUS: Readonly<Record<AclErrorCode, number>> = {
  AccessControlListNotSupported: 400,
  AccessDenied: 403,
  InvalidArgument: 400,
  InvalidBucketAclWithBlockPublicAccessError: 400,
  InvalidBucketAclWithObjectOwnership: 400,
  InvalidRequest: 400,
  MalformedACLError: 400,
  MethodNotAllowed: 405,
};

/** @public An S3 error decided by the ACL model. `fields` become extra XML elements after `<Message>`. */
export interface AclError {
  readonly code: AclErrorCode;
  readonly status: number;
  readonly message: string;
  readonly fields: readonly (readonly [string, string])[];
  /** Where the rule comes from (AWS documentation, or the observation it was taken from). */
  readonly source: string;
}

/** @public The result of an ACL operation that S3 may refuse. */
export type AclResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AclError };

/** @public A successful result. */
export function ok<T>(value: T): AclResult<T> {
  return { ok: true, value };
}

/** @public A refused result. */
export function fail<T>(error: AclError): AclResult<T> {
  return { ok: false, error };
}

/** @public Builds an error value. */
export function aclError(code: AclErrorCode, message: string, source: string, fields: readonly (readonly [string, string])[] = []): AclError {
  return { code, status: STATUS[code], message, fields, source };
}

/** @public `InvalidArgument` with S3's `ArgumentName` / `ArgumentValue` fields. */
export function invalidArgument(message: string, name: string, value: string, source: string): AclError {
  return aclError("InvalidArgument", message, source, [
    ["ArgumentName", name],
    ["ArgumentValue", value],
  ]);
}

/** @internal Source URLs shared by several files. */
export const SRC = {
  acl: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",
  cannedAcl: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",
  objectOwnership: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
  ownershipErrors: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html",
  putObjectAcl: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html",
  createBucket: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html",
  bpa: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
} as const;

/** @public The message of `MalformedACLError` (S3 API reference "Error responses"). */
export const MALFORMED_ACL_MESSAGE = "The XML you provided was not well-formed or did not validate against our published schema";

/**
 * @public The error for an email-address grantee. Since 2025-10-01 S3 answers requests that use one with
 * HTTP 405 (Method Not Allowed) in the eight Regions that used to support them; Regions that never did
 * answered `400 UnsupportedArgument` "The request contained an unsupported argument." (observed,
 * https://github.com/aws/aws-cli/issues/1061). We follow the current documented behaviour.
 */
export function emailGranteeNotSupported(): AclError {
  return aclError("MethodNotAllowed", "The specified method is not allowed against this resource.", SRC.putObjectAcl);
}

/**
 * @public The error for a request ACL while Object Ownership is BucketOwnerEnforced.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
 */
export function aclNotSupported(): AclError {
  return aclError("AccessControlListNotSupported", "The bucket does not allow ACLs", SRC.ownershipErrors);
}
