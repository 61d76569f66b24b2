/**
 * @module protocol/s3/errors
 * The one catalogue of S3 error codes: HTTP status and S3's default message for each. Every error a
 * client sees is an {@link S3Error} built from this table; anything else becomes `InternalError`,
 * with its details logged and never sent.
 */

/** @internal code → [HTTP status, default message], as listed in the S3 API reference "Error responses". */
const CATALOGUE = {
  AccessControlListNotSupported: [400, "The bucket does not allow ACLs"],
  AccessDenied: [403, "Access Denied"],
  AccessPointAlreadyOwnedByYou: [409, "Your previous request to create the named accesspoint succeeded and you already own it."],
  AuthorizationHeaderMalformed: [400, "The authorization header is malformed"],
  AuthorizationQueryParametersError: [400, "Error parsing the X-Amz-Credential parameter"],
  BadRequest: [400, "Bad Request"],
  BadDigest: [400, "The Content-MD5 you specified did not match what we received."],
  BucketAlreadyExists: [409, "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."],
  BucketAlreadyOwnedByYou: [409, "Your previous request to create the named bucket succeeded and you already own it."],
  // Recorded from AWS in client reports (aws-sdk-java-v2 PR #2596: status 400; rebuy-de/aws-nuke #660: code and text).
  BucketHasAccessPointsAttached: [400, "Bucket has access points attached and cannot be deleted."],
  BucketNotEmpty: [409, "The bucket you tried to delete is not empty"],
  CrossLocationLoggingProhibitted: [403, "Cross S3 location logging not allowed."],
  EntityTooLarge: [400, "Your proposed upload exceeds the maximum allowed size"],
  EntityTooSmall: [400, "Your proposed upload is smaller than the minimum allowed object size."],
  ExpiredToken: [400, "The provided token has expired."],
  IllegalLocationConstraintException: [400, "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."],
  IllegalVersioningConfigurationException: [400, "The versioning configuration specified in the request is invalid."],
  IncompleteBody: [400, "You did not provide the number of bytes specified by the Content-Length HTTP header."],
  InternalError: [500, "We encountered an internal error. Please try again."],
  InvalidAccessKeyId: [403, "The AWS Access Key Id you provided does not exist in our records."],
  InvalidArgument: [400, "Invalid Argument"],
  InvalidBucketAclWithBlockPublicAccessError: [400, "Bucket cannot have public ACLs set with BlockPublicAccess enabled"],
  InvalidBucketAclWithObjectOwnership: [400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"],
  InvalidBucketName: [400, "The specified bucket is not valid."],
  InvalidBucketState: [409, "The request is not valid with the current state of the bucket."],
  InvalidChunkSizeError: [403, "Only the last chunk is allowed to have a size less than 8192 bytes"],
  InvalidDigest: [400, "The Content-MD5 you specified is not valid."],
  InvalidEncryptionAlgorithmError: [400, "The encryption request you specified is not valid."],
  InvalidLocationConstraint: [400, "The specified location-constraint is not valid"],
  InvalidObjectState: [403, "The operation is not valid for the current state of the object."],
  InvalidPart: [400, "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."],
  InvalidPartOrder: [400, "The list of parts was not in ascending order. The parts list must be specified in order by part number."],
  InvalidPartNumber: [416, "The requested partnumber is not satisfiable"],
  InvalidRange: [416, "The requested range is not satisfiable"],
  InvalidRequest: [400, "Invalid Request"],
  InvalidStorageClass: [400, "The storage class you specified is not valid"],
  InvalidTag: [400, "The tag provided was not a valid tag."],
  InvalidTargetBucketForLogging: [400, "The target bucket for logging does not exist, is not owned by you, or does not have the appropriate grants for the log-delivery group."],
  InvalidToken: [400, "The provided token is malformed or otherwise invalid."],
  InvalidURI: [400, "Couldn't parse the specified URI."],
  KeyTooLongError: [400, "Your key is too long"],
  MalformedACLError: [400, "The XML you provided was not well-formed or did not validate against our published schema"],
  MalformedPolicy: [400, "Policies must be valid JSON and the first byte must be '{'"],
  MalformedTrailerError: [400, "The request contained trailing data that was not well-formed or did not conform to our published schema."],
  MalformedXML: [400, "The XML you provided was not well-formed or did not validate against our published schema"],
  MaxMessageLengthExceeded: [400, "Your request was too big."],
  MetadataTooLarge: [400, "Your metadata headers exceed the maximum allowed metadata size."],
  MethodNotAllowed: [405, "The specified method is not allowed against this resource."],
  MissingContentLength: [411, "You must provide the Content-Length HTTP header."],
  MissingRequestBodyError: [400, "Request Body is empty"],
  MissingSecurityHeader: [400, "Your request is missing a required header."],
  NoSuchAccessPoint: [404, "The specified accesspoint does not exist"],
  NoSuchAccessPointPolicy: [404, "The specified accesspoint does not have a policy"],
  NoSuchBucket: [404, "The specified bucket does not exist"],
  NoSuchBucketPolicy: [404, "The bucket policy does not exist"],
  NoSuchKey: [404, "The specified key does not exist."],
  NoSuchOwnershipControls: [404, "The bucket ownership controls were not found"],
  NoSuchPublicAccessBlockConfiguration: [404, "The public access block configuration was not found"],
  NoSuchTagSet: [404, "The TagSet does not exist"],
  NoSuchUpload: [404, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."],
  NoSuchVersion: [404, "The specified version does not exist."],
  NotImplemented: [501, "A header you provided implies functionality that is not implemented"],
  NotModified: [304, "Not Modified"],
  OwnershipControlsNotFoundError: [404, "The bucket ownership controls were not found"],
  PreconditionFailed: [412, "At least one of the pre-conditions you specified did not hold"],
  RequestHeaderSectionTooLarge: [400, "Your request header section exceeds the maximum allowed size."],
  RequestTimeTooSkewed: [403, "The difference between the request time and the server's time is too large."],
  SignatureDoesNotMatch: [403, "The request signature we calculated does not match the signature you provided. Check your key and signing method."],
  UnexpectedContent: [400, "This request does not support content"],
  XAmzContentSHA256Mismatch: [400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
} as const satisfies Record<string, readonly [number, string]>;

/** @public Every S3 error code crossbucket can answer with. */
export type S3ErrorCode = keyof typeof CATALOGUE;

/** @public The HTTP status of an error code. */
export function statusOf(code: S3ErrorCode): number {
  return CATALOGUE[code][0];
}

/** @public S3's default message for an error code. */
export function defaultMessage(code: S3ErrorCode): string {
  return CATALOGUE[code][1];
}

/**
 * @public An error to send to the client. `fields` become extra XML elements after `<Message>`
 * (S3 adds e.g. `<BucketName>`, `<Key>`, `<StringToSign>`, `<ArgumentName>`), in the given order.
 */
export class S3Error extends Error {
  readonly code: S3ErrorCode;
  readonly status: number;
  readonly fields: readonly (readonly [string, string])[];
  /** Extra response headers, e.g. `x-amz-delete-marker` on a 404 for a delete marker. */
  readonly headers: Readonly<Record<string, string>>;
  /** The `<Resource>` element; the request path when not given. */
  readonly resource: string | undefined;

  constructor(
    code: S3ErrorCode,
    options: {
      message?: string;
      fields?: readonly (readonly [string, string])[];
      headers?: Record<string, string>;
      resource?: string;
      status?: number;
    } = {},
  ) {
    super(options.message ?? defaultMessage(code));
    this.name = "S3Error";
    this.code = code;
    this.status = options.status ?? statusOf(code);
    this.fields = options.fields ?? [];
    this.headers = options.headers ?? {};
    this.resource = options.resource;
  }

  /** True for 5xx errors: the server's fault. */
  get serverFault(): boolean {
    return this.status >= 500;
  }
}

/** @public Shorthand for the common `InvalidArgument` with `ArgumentName`/`ArgumentValue` fields. */
export function invalidArgument(message: string, name?: string, value?: string): S3Error {
  const fields: [string, string][] = [];
  if (name !== undefined) fields.push(["ArgumentName", name]);
  if (value !== undefined) fields.push(["ArgumentValue", value]);
  return new S3Error("InvalidArgument", { message, fields });
}
