/**
 * @module identity/orgError
 * The errors AWS Organizations answers with: the exception name (`__type` of the JSON 1.1 protocol),
 * the message, and for some exceptions a `Reason`. Organizations answers every client error with HTTP
 * 400, whatever the Smithy model's `httpError` trait says (observed: `AWSOrganizationsNotInUseException
 * … status code: 400`, `ConstraintViolationException … StatusCode: 400`); service faults with 500.
 *
 * The messages observed from AWS are used verbatim; the others follow the wording of the API
 * reference's error descriptions (https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html
 * and each operation's "Errors" section).
 */

/** @public The exception names crossbucket's Organizations endpoint produces. */
export type OrgErrorCode =
  | "AccessDeniedException"
  | "AccountAlreadyRegisteredException"
  | "AccountNotRegisteredException"
  | "AccountNotFoundException"
  | "AlreadyInOrganizationException"
  | "AWSOrganizationsNotInUseException"
  | "ChildNotFoundException"
  | "ConstraintViolationException"
  | "CreateAccountStatusNotFoundException"
  | "DestinationParentNotFoundException"
  | "DuplicateAccountException"
  | "DuplicateHandshakeException"
  | "DuplicateOrganizationalUnitException"
  | "DuplicatePolicyAttachmentException"
  | "DuplicatePolicyException"
  | "HandshakeAlreadyInStateException"
  | "HandshakeConstraintViolationException"
  | "HandshakeNotFoundException"
  | "InvalidHandshakeTransitionException"
  | "InvalidInputException"
  | "MalformedPolicyDocumentException"
  | "MasterCannotLeaveOrganizationException"
  | "OrganizationalUnitNotEmptyException"
  | "OrganizationalUnitNotFoundException"
  | "OrganizationNotEmptyException"
  | "ParentNotFoundException"
  | "PolicyInUseException"
  | "PolicyNotAttachedException"
  | "PolicyNotFoundException"
  | "PolicyTypeAlreadyEnabledException"
  | "PolicyTypeNotAvailableForOrganizationException"
  | "PolicyTypeNotEnabledException"
  | "RootNotFoundException"
  | "SourceParentNotFoundException"
  | "TargetNotFoundException"
  | "ServiceException";

/** @public An error an Organizations call answers with. */
export class OrgError extends Error {
  readonly status: number;
  constructor(
    readonly code: OrgErrorCode,
    message: string,
    /** The `Reason` member of InvalidInputException, ConstraintViolationException and handshake violations. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = "OrgError";
    this.status = code === "ServiceException" ? 500 : 400;
  }
}

/** @public The messages of the errors, in one place (observed ones marked). */
export const ORG_MESSAGES = {
  /** Observed. Also what AWS answers when identity policies or SCPs deny an Organizations call. */
  accessDenied: "You don't have permissions to access this resource.",
  /** Observed. */
  notInUse: "Your account is not a member of an organization.",
  /** Observed (github.com/hashicorp/terraform-provider-aws/pull/30687). */
  alreadyInOrganization: "The AWS account is already a member of an organization.",
  /** Observed. */
  accountNotFound: "You specified an account that doesn't exist.",
  childNotFound: "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
  createAccountStatusNotFound: "We can't find a create account request with the CreateAccountRequestId that you specified.",
  destinationParentNotFound: "We can't find the destination container (a root or OU) with the ParentId that you specified.",
  sourceParentNotFound: "We can't find a source root or OU with the ParentId that you specified.",
  duplicateAccount: "That account is already present in the specified destination.",
  duplicateOu: "An OU with the same name already exists.",
  /** Observed (github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2245). */
  duplicatePolicy: "A policy with the specified name and type already exists.",
  duplicateAttachment: "The selected policy is already attached to the specified target.",
  ouNotFound: "You specified an organizational unit that doesn't exist.",
  ouNotEmpty: "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.",
  orgNotEmpty: "To delete an organization you must first remove all member accounts (except the management account).",
  parentNotFound: "We can't find a root or OU with the ParentId that you specified.",
  policyInUse: "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.",
  policyNotAttached: "The policy isn't attached to the specified target in the specified root.",
  policyNotFound: "We can't find a policy with the PolicyId that you specified.",
  policyTypeAlreadyEnabled: "The specified policy type is already enabled.",
  policyTypeNotEnabled: "This operation can be performed only for enabled policy types.",
  policyTypeNotAvailable: "You can't use the specified policy type with the feature set currently enabled for this organization.",
  rootNotFound: "You specified a root that doesn't exist.",
  targetNotFound: "You specified a target that doesn't exist.",
  /** Observed. */
  malformedPolicy: "The provided policy document does not meet the requirements of the specified policy type.",
  /** Observed. */
  policyTooLarge: "You have exceeded the maximum policy size.",
  /** Observed. */
  lastPolicy: "You cannot remove the last policy attached to the specified target. You must have at least one attached at all times.",
  /** Observed (github.com/hashicorp/terraform-provider-aws/issues/41493). */
  tooManyPolicies: "You have attached the maximum number of policies to the specified target.",
  ouTooDeep: "You attempted to create an OU tree that is too many levels deep.",
  managementCannotLeave: "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
  immutablePolicy: "You specified a policy that is managed by AWS and can't be modified.",
  nonDetachablePolicy: "You can't detach this AWS managed policy.",
  /** Observed. */
  invalidPattern: "You provided a value that does not match the required pattern.",
  invalidValue: "You specified an invalid value.",
  invalidNextToken: "You specified an invalid value for nextToken.",
  handshakeNotFound: "We can't find a handshake with the HandshakeId that you specified.",
  handshakeAlreadyInState: "The specified handshake is already in the requested state.",
  handshakeTransition: "You can't perform the operation on the handshake in its current state.",
  duplicateHandshake: "A handshake with the same action and target already exists.",
  alreadyInOrganizationTarget: "The account is already a member of an organization.",
  tagLimit: "You have exceeded the number of tags allowed on this resource.",
  systemTag: "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for AWS use. System tags don't count against your tags per resource limit.",
  duplicateTagKey: "Tag keys must be unique among the tags attached to the same entity.",
  targetNotSupported: "You can't perform the specified operation on that target entity.",
  tooLong: "You provided a string parameter that is longer than allowed.",
  tooShort: "You provided a string parameter that is shorter than allowed.",
  unrecognizedServicePrincipal: "You specified a service principal that isn't recognized.",
  /** Observed (github.com/pepperize/cdk-organizations/issues/716). */
  accountAlreadyRegistered: "The provided account is already a delegated administrator for your organization.",
  accountNotRegistered: "The provided account is not a registered delegated administrator for your organization.",
  /** Observed (github.com/aws-solutions/quota-monitor-for-aws/issues/102). */
  cannotRegisterManagement: "You cannot register master account/yourself as delegated administrator for your organization.",
  serviceAccessNotEnabled: "You attempted to register a delegated administrator before you enabled service access. Call the EnableAWSServiceAccess API first.",
  cannotRemoveDelegatedAdministrator: "You attempted to remove an account that is registered as a delegated administrator for a service integrated with your organization. To complete this operation, you must first deregister this account as a delegated administrator.",
} as const;

/** @public InvalidInputException with its reason. */
export function invalidInput(reason: string, message: string = ORG_MESSAGES.invalidPattern): OrgError {
  return new OrgError("InvalidInputException", message, reason);
}
