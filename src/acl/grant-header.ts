/**
 * @module acl/grant-header
 * Parsing one `x-amz-grant-*` header: a comma-separated list of `type="value"` pairs where type is `id`,
 * `uri` or `emailAddress` (spec §4.5). https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html
 *
 * Error answers, as observed from S3 (https://github.com/versity/versitygw/issues/1384):
 * - a value that is not a `type=value` list: `InvalidArgument` "Argument format not recognized", with the
 *   header name and its value as argument;
 * - an id that names no account: `InvalidArgument` "Invalid id", argument `id`;
 * - a URI that is not one of the three groups: `InvalidArgument` "Invalid group uri", argument `uri`
 *   (argument name as in LocalStack's AWS-validated parser; https://github.com/aws/aws-sdk-ruby/issues/826);
 * - an email grantee: see {@link emailGranteeNotSupported}.
 * Quotes around the value are optional and the type keyword is case-insensitive (the AWS CLI sends
 * `id=…` and `emailaddress=…` unquoted: https://github.com/aws/aws-cli/issues/2651).
 */

import { type AclResult, SRC, emailGranteeNotSupported, fail, invalidArgument, ok } from "./errors.ts";
import { type Grant, type Permission, groupGrant, isGroupUri, userGrant } from "./types.ts";

/** @public The grant headers and the permission each one grants, in the order S3's API lists them. */
export const GRANT_HEADERS = [
  ["x-amz-grant-read", "READ"],
  ["x-amz-grant-write", "WRITE"],
  ["x-amz-grant-read-acp", "READ_ACP"],
  ["x-amz-grant-write-acp", "WRITE_ACP"],
  ["x-amz-grant-full-control", "FULL_CONTROL"],
] as const satisfies readonly (readonly [string, Permission])[];

/** @public A grant header name. */
export type GrantHeaderName = (typeof GRANT_HEADERS)[number][0];

/** @public Tells whether a canonical user ID names an existing account. */
export type KnownCanonicalIds = (id: string) => boolean;

/** @internal One `type=value` item; the value may be double-quoted. */
const ITEM = /^([A-Za-z]+)\s*=\s*(?:"([^"]*)"|([^"]*))$/;

/**
 * @public Parses the value of one grant header into grants of `permission`, in the order written.
 * Duplicates are kept, as S3 keeps them.
 */
export function parseGrantHeader(
  header: GrantHeaderName,
  value: string,
  permission: Permission,
  knownCanonicalIds: KnownCanonicalIds,
): AclResult<Grant[]> {
  const formatError = () => fail<Grant[]>(invalidArgument("Argument format not recognized", header, value, SRC.putObjectAcl));
  const items = splitOutsideQuotes(value);
  if (items === undefined) return formatError();
  const grants: Grant[] = [];
  for (const item of items) {
    const match = ITEM.exec(item.trim());
    if (match === null) return formatError();
    const kind = (match[1] ?? "").toLowerCase();
    const target = (match[2] ?? match[3] ?? "").trim();
    if (kind === "id") {
      if (!knownCanonicalIds(target)) return fail(invalidArgument("Invalid id", "id", target, SRC.putObjectAcl));
      grants.push(userGrant(target, permission));
    } else if (kind === "uri") {
      if (!isGroupUri(target)) return fail(invalidArgument("Invalid group uri", "uri", target, SRC.putObjectAcl));
      grants.push(groupGrant(target, permission));
    } else if (kind === "emailaddress") {
      return fail(emailGranteeNotSupported());
    } else {
      return formatError();
    }
  }
  return ok(grants);
}

/** @internal Splits on commas that are not inside double quotes; undefined when a quote is left open. */
function splitOutsideQuotes(text: string): string[] | undefined {
  const items: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      items.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (quoted) return undefined;
  items.push(current);
  return items;
}
