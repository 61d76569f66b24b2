/**
 * @module sigv4/failure
 * Authentication failures as values. Codes are S3 error codes; the protocol layer turns a failure into
 * its S3 error response, `fields` becoming the extra XML elements S3 adds (in order).
 */

/** @public The S3 error codes this layer can produce. */
export type SigV4ErrorCode =
  | "AccessDenied"
  | "AuthorizationHeaderMalformed"
  | "AuthorizationQueryParametersError"
  | "IncompleteBody"
  | "InvalidArgument"
  | "InvalidChunkSizeError"
  | "InvalidRequest"
  | "MalformedTrailerError"
  | "NotImplemented"
  | "RequestTimeTooSkewed"
  | "SignatureDoesNotMatch"
  | "XAmzContentSHA256Mismatch";

/** @public A failed check, with S3's wording and extra XML fields. */
export interface SigV4Failure {
  readonly ok: false;
  readonly code: SigV4ErrorCode;
  readonly message: string;
  readonly fields: readonly (readonly [string, string])[];
}

/** @public Either a success carrying `T`'s fields, or a failure. */
export type SigV4Result<T> = ({ readonly ok: true } & T) | SigV4Failure;

/** @public Builds a failure. */
export function fail(code: SigV4ErrorCode, message: string, fields: readonly (readonly [string, string])[] = []): SigV4Failure {
  return { ok: false, code, message, fields };
}
