/**
 * @module kernel/principal
 * Who made a request, as every layer of the authorization core sees it (spec §1.6, §8.3).
 * Identity services build these; the policy language and the authorization engine only read them.
 */

/** @public The kinds of requester S3 distinguishes. */
export type PrincipalKind =
  | "root" // an account's root user
  | "user" // an IAM user
  | "assumed-role" // an STS role session
  | "federated-user" // an STS GetFederationToken session
  | "anonymous" // an unsigned request
  | "service"; // an AWS service principal, e.g. logging.s3.amazonaws.com

/** @public A fully resolved requester. */
export interface Principal {
  readonly kind: PrincipalKind;
  /** 12-digit account ID; absent only for anonymous and service principals. */
  readonly accountId?: string;
  /** The principal's own ARN: `arn:aws:iam::A:root`, `arn:aws:iam::A:user/path/N`, `arn:aws:sts::A:assumed-role/R/S`. */
  readonly arn?: string;
  /** `aws:PrincipalArn`: for a role session the role's ARN (`arn:aws:iam::A:role/path/R`), otherwise `arn`. */
  readonly principalArn?: string;
  /** `aws:userid`: account ID for root, `AIDA…` for users, `AROA…:session` for role sessions, `anonymous`. */
  readonly userId?: string;
  /** `aws:username`: IAM users only. */
  readonly username?: string;
  /** The unique ID of the IAM user or role (`AIDA…`/`AROA…`), used where a policy stored it. */
  readonly uniqueId?: string;
  /** The 64-hex canonical user ID of the principal's account (what ACLs and object owners name). */
  readonly canonicalUserId?: string;
  /** Principal tags (`aws:PrincipalTag/*`), keys compared case-insensitively. */
  readonly tags?: Readonly<Record<string, string>>;
  /** For `service` principals: the service name, e.g. `logging.s3.amazonaws.com`. */
  readonly service?: string;
  /** Organization the principal's account belongs to, for `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths`. */
  readonly orgId?: string;
  readonly orgPaths?: readonly string[];
}

/** @public The anonymous requester. */
export const ANONYMOUS: Principal = Object.freeze({ kind: "anonymous", userId: "anonymous" });
