/**
 * @module kernel/arn
 * Amazon Resource Names: parsing and formatting. An ARN is
 * `arn:partition:service:region:account-id:resource`; the resource part may itself contain colons.
 */

/** @public A parsed ARN. `resource` keeps everything after the fifth colon, colons included. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** @public Parses an ARN, or returns undefined when the text does not have the six ARN fields. */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith("arn:")) return undefined;
  const parts = text.split(":");
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (partition === "" || service === "") return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** @public Formats an ARN from its fields. */
export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** @public The ARN of an S3 bucket. */
export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

/** @public The ARN of an S3 object (the key is not encoded, as in policies). */
export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}
