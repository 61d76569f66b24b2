/**
 * @module authz/ownerPowers
 * Actions the bucket owner may perform on objects it does not own (spec §1.5, §12.7): delete, delete a
 * version, restore, abort a multipart upload, list its parts. Derived from the catalogue's
 * `bucketOwnerPower` rows, so there is one list.
 */
import { S3_OPERATIONS } from "./catalogue.ts";

/** @public Lower-case actions covered by the bucket owner's powers over foreign objects. */
export const OWNER_POWER_ACTIONS: ReadonlySet<string> = new Set(
  Object.values(S3_OPERATIONS)
    .filter((spec) => spec.bucketOwnerPower === true)
    .flatMap((spec) => [...spec.actions, ...(spec.versionActions ?? [])])
    .map((a) => a.toLowerCase()),
);
