/**
 * @module protocol/s3/accessPointAddress
 * Requests made through an access point (spec §7.1): by its ARN, which clients send to
 * `<name>-<account-id>.<endpoint host>` (or an `s3-accesspoint` domain), or by its alias
 * (`<name>-<random>-s3alias`), used wherever a bucket name goes. Either way the request acts on the bucket
 * behind the access point, and the access point takes part in authorization.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-access-points.html
 */
import type { AccessPointRecord } from "../../storage/ports.ts";
import type { ResolvedAddress } from "./addressing.ts";
import type { Services } from "./context.ts";
import { S3Error } from "./errors.ts";

/** `<name>-<account-id>`: the first label of an access point ARN's host. */
const ARN_HOST_LABEL = /^([a-z0-9][a-z0-9-]*)-(\d{12})$/;
const ALIAS_SUFFIX = "-s3alias";

/** @public The bucket and key a request acts on, and the access point it came through, if any. */
export interface RequestTarget {
  readonly bucket?: string;
  readonly key?: string;
  readonly accessPoint?: AccessPointRecord;
}

/**
 * @public Resolves access point addressing. A virtual-hosted label of the form `<name>-<account-id>` names a
 * bucket when one has that name; otherwise, when the account is one of the world's, an access point (so an
 * unknown one is NoSuchAccessPoint, as the ARN request the client meant gets on AWS).
 */
export function requestTarget(address: Exclude<ResolvedAddress, { style: "control" }>, svc: Services): RequestTarget {
  const key = address.key !== undefined ? { key: address.key } : {};
  if (address.style === "accesspoint") {
    const ap = svc.meta.getAccessPoint(address.accountId, address.name);
    if (ap === undefined) throw new S3Error("NoSuchAccessPoint", { fields: [["AccessPointName", address.name]] });
    return { bucket: ap.bucket, ...key, accessPoint: ap };
  }
  const bucket = address.bucket;
  if (bucket === undefined) return key;
  if (bucket.endsWith(ALIAS_SUFFIX)) {
    const ap = svc.meta.getAccessPointByAlias(bucket);
    if (ap !== undefined) return { bucket: ap.bucket, ...key, accessPoint: ap };
  }
  const label = address.style === "virtual" ? ARN_HOST_LABEL.exec(bucket) : null;
  if (label?.[1] !== undefined && label[2] !== undefined && svc.meta.getBucket(bucket) === undefined) {
    const ap = svc.meta.getAccessPoint(label[2], label[1]);
    if (ap !== undefined) return { bucket: ap.bucket, ...key, accessPoint: ap };
    if (svc.accounts.get(label[2]) !== undefined) throw new S3Error("NoSuchAccessPoint", { fields: [["AccessPointName", label[1]]] });
  }
  return { bucket, ...key };
}
