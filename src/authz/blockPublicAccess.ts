/**
 * @module authz/blockPublicAccess
 * The four Block Public Access settings and their combination: each flag is the OR of the account, bucket
 * and (for access point requests) access point levels (spec §6.1, §6.2).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */

/** @public The four settings, as in `PublicAccessBlockConfiguration`. */
export interface PublicAccessBlockFlags {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/** @public The name of one setting. */
export type BpaSetting = keyof PublicAccessBlockFlags;

/** @public No setting on (no configuration at any level). */
export const NO_BLOCK: PublicAccessBlockFlags = Object.freeze({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });

/** @public All four on (the default of buckets created since April 2023, spec §5.2). */
export const BLOCK_ALL: PublicAccessBlockFlags = Object.freeze({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });

/** @public The most restrictive combination of several levels; a missing level or flag counts as off. */
export function combinePublicAccessBlock(...levels: readonly (Partial<PublicAccessBlockFlags> | undefined)[]): PublicAccessBlockFlags {
  const on = (k: BpaSetting): boolean => levels.some((l) => l?.[k] === true);
  return { BlockPublicAcls: on("BlockPublicAcls"), IgnorePublicAcls: on("IgnorePublicAcls"), BlockPublicPolicy: on("BlockPublicPolicy"), RestrictPublicBuckets: on("RestrictPublicBuckets") };
}
