/**
 * @module identity/iamError
 * The errors IAM and STS answer with: an AWS error code, its HTTP status, the message, and whether
 * the sender or the service is at fault (the `<Type>` of the Query protocol's error document).
 */

/** @public IAM/STS error codes crossbucket produces, with their HTTP status. */
export const IAM_ERROR_STATUS = {
  AccessDenied: 403,
  DeleteConflict: 409,
  EntityAlreadyExists: 409,
  ExpiredToken: 400,
  IncompleteSignature: 400,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  InvalidInput: 400,
  LimitExceeded: 409,
  MalformedPolicyDocument: 400,
  MissingAuthenticationToken: 403,
  NoSuchEntity: 404,
  PackedPolicyTooLarge: 400,
  RegionDisabledException: 403,
  SignatureDoesNotMatch: 403,
  ValidationError: 400,
  InternalFailure: 500,
} as const;

/** @public An IAM/STS error code. */
export type IamErrorCode = keyof typeof IAM_ERROR_STATUS;

/** @public An error an IAM or STS call answers with. */
export class IamError extends Error {
  readonly status: number;
  constructor(
    readonly code: IamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "IamError";
    this.status = IAM_ERROR_STATUS[code];
  }

  /** `Sender` for client errors, `Receiver` for service faults. */
  get type(): "Sender" | "Receiver" {
    return this.status >= 500 ? "Receiver" : "Sender";
  }
}

/** @public The `ValidationError` AWS answers when a parameter breaks its constraint. */
export function validationError(param: string, value: string, constraint: string): IamError {
  return new IamError("ValidationError", `1 validation error detected: Value '${value}' at '${param}' failed to satisfy constraint: ${constraint}`);
}
