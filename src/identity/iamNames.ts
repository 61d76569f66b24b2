/**
 * @module identity/iamNames
 * IAM's name and path rules, and the ARNs of IAM entities
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
 */
import { IamError, validationError } from "./iamError.ts";

const NAME = /^[\w+=,.@-]+$/;
const PATH = /^\/([\u0021-\u007E]*\/)?$/;

/** @public Checks an entity name (`userName`, `roleName`, …): 1..max characters of `[\w+=,.@-]`. */
export function checkName(param: string, value: string | undefined, max = 64): string {
  if (value === undefined || value === "") throw validationError(param, "", "Member must have length greater than or equal to 1");
  if (value.length > max) throw validationError(param, value, `Member must have length less than or equal to ${max}`);
  if (!NAME.test(value)) throw validationError(param, value, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
  return value;
}

/** @public Checks a path: `/` or `/segments/`, at most 512 characters; default `/`. */
export function checkPath(value: string | undefined): string {
  if (value === undefined) return "/";
  if (value.length > 512) throw validationError("path", value, "Member must have length less than or equal to 512");
  if (!PATH.test(value)) {
    throw new IamError("ValidationError", "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
  }
  return value;
}

/** @public `arn:aws:iam::A:user/path/name` and its siblings. */
export function entityArn(accountId: string, type: "user" | "group" | "role" | "policy", path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}

/** @public The parts of a managed policy ARN: account (`aws` for AWS managed), path and name. */
export function parsePolicyArn(arn: string): { account: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  if (!m) return undefined;
  return { account: m[1] as string, path: m[2] as string, name: m[3] as string };
}

/** @public The name of a role from its ARN, if the ARN is a role ARN. */
export function parseRoleArn(arn: string): { account: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  if (!m) return undefined;
  return { account: m[1] as string, path: m[2] as string, name: m[3] as string };
}
