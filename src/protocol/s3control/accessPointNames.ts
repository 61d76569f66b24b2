/**
 * @module protocol/s3control/accessPointNames
 * Access point identifiers: the naming rules and the error each broken rule gets, the ARN, the alias
 * S3 generates, and the listing's continuation token.
 *
 * Naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-restrictions-limitations-naming-rules.html
 * (3–50 characters; lower-case letters, digits and hyphens; no leading or trailing hyphen; not ending in
 * `-s3alias`). Which error each violation gets was recorded against AWS in LocalStack's s3control
 * snapshot tests: a name S3 cannot parse as a URI segment (wrong length, upper case, underscore, the
 * `xn--` prefix) is `InvalidURI` with a `<URI>accesspoint/<name></URI>` field; a parseable name that breaks
 * a rule (hyphen at an end, a period, the `-s3alias` suffix) is `InvalidRequest` "Your Amazon S3
 * AccessPoint name is invalid".
 */
import { ControlError } from "./controlErrors.ts";

/** InvalidURI with the `<URI>` field AWS adds for an access point name. */
function invalidUri(name: string): ControlError {
  return new ControlError("InvalidURI", { fields: [["URI", `accesspoint/${name}`]] });
}

/** @public Throws the error AWS answers for a name that breaks the naming rules. */
export function checkAccessPointName(name: string): void {
  if (name.length < 3 || name.length > 50 || !/^[a-z0-9.-]+$/.test(name) || name.startsWith("xn--")) throw invalidUri(name);
  if (name.startsWith("-") || name.endsWith("-") || name.includes(".") || name.endsWith("-s3alias")) {
    throw new ControlError("InvalidRequest", { message: "Your Amazon S3 AccessPoint name is invalid" });
  }
}

/** @public `arn:aws:s3:<region>:<account>:accesspoint/<name>`. */
export function accessPointArn(region: string, accountId: string, name: string): string {
  return `arn:aws:s3:${region}:${accountId}:accesspoint/${name}`;
}

const ALIAS_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
/** Length of the random part AWS puts in an alias (recorded: 34 lower-case letters and digits). */
export const ALIAS_RANDOM_LENGTH = 34;
/**
 * How much of the name an alias keeps. An alias is a bucket name (at most 63 characters): 20 + 1 + 34 +
 * `-s3alias` is 63. UNCONFIRMED: AWS's examples show names up to 20 characters kept whole and an Object
 * Lambda alias cut to 20; the cut for standard access points is inferred from the 63-character limit.
 */
const ALIAS_NAME_PREFIX = 20;

/** @public The alias of a new access point: `<name prefix>-<34 random characters>-s3alias`, from `random` bytes. */
export function accessPointAlias(name: string, random: (n: number) => Uint8Array): string {
  const bytes = random(ALIAS_RANDOM_LENGTH);
  let part = "";
  for (const b of bytes) part += ALIAS_ALPHABET[b % ALIAS_ALPHABET.length];
  return `${name.slice(0, ALIAS_NAME_PREFIX)}-${part}-s3alias`;
}

/** @public The continuation token of ListAccessPoints: the last name of the page, base64url. */
export function encodeNextToken(lastName: string): string {
  return Buffer.from(lastName, "utf8").toString("base64url");
}

/** @public The name a token resumes after; a token this server did not write is InvalidRequest. */
export function decodeNextToken(token: string): string {
  const name = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, "base64url").toString("utf8") : "";
  if (!/^[a-z0-9.-]{1,50}$/.test(name) || encodeNextToken(name) !== token) {
    // UNCONFIRMED message: the reason AWS's error table lists for InvalidRequest.
    throw new ControlError("InvalidRequest", { message: "The next token is not valid." });
  }
  return name;
}
