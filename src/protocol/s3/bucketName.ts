/**
 * @module protocol/s3/bucketName
 * The naming rules for general purpose buckets, each with a name so that a rejection can say which
 * rule it broke. Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */

/** @public The rules of the S3 bucket naming page, in the order that page lists them. */
export type BucketNameRule =
  | "length" // 3 to 63 characters
  | "characters" // lowercase letters, digits, dots and hyphens only
  | "edges" // begins and ends with a letter or digit
  | "adjacent-dots" // no `..`
  | "ip-address" // not formatted as an IPv4 address
  | "reserved-prefix" // not `xn--`, `sthree-` (incl. `sthree-configurator`), `amzn-s3-demo-`
  | "reserved-suffix"; // not `-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;
const ALLOWED = /^[a-z0-9.-]+$/;
const ALNUM_EDGES = /^[a-z0-9](?:.*[a-z0-9])?$/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** @public The first naming rule a bucket name breaks, or undefined when it is valid. */
export function bucketNameViolation(name: string): BucketNameRule | undefined {
  if (name.length < 3 || name.length > 63) return "length";
  if (!ALLOWED.test(name)) return "characters";
  if (!ALNUM_EDGES.test(name)) return "edges";
  if (name.includes("..")) return "adjacent-dots";
  if (IPV4.test(name)) return "ip-address";
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) return "reserved-prefix";
  if (RESERVED_SUFFIXES.some((s) => name.endsWith(s))) return "reserved-suffix";
  return undefined;
}

/** @public Whether `name` is a valid general purpose bucket name. */
export function isValidBucketName(name: string): boolean {
  return bucketNameViolation(name) === undefined;
}
