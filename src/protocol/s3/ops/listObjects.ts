/**
 * @module protocol/s3/ops/listObjects
 * ListObjects (v1), ListObjectsV2 and ListObjectVersions: prefix, delimiter and CommonPrefixes,
 * marker / continuation-token / start-after, max-keys, `encoding-type=url`, fetch-owner.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
import type { HttpResponse } from "../../http.ts";
import type { ObjectVersionRecord } from "../../../storage/ports.ts";
import { S3Error } from "../errors.ts";
import { document, el, leaf, xmlDate, type XmlNode } from "../xml/write.ts";
import type { S3Request, Services } from "../context.ts";
import { bucketOf, intParam, quoteEtag, xmlResponse } from "./common.ts";
import { canonicalIdOf, effectiveOwnerAccount, ownershipOf } from "../bucketState.ts";
import type { ObjectOwnership } from "../../../acl/ownership.ts";
import type { BucketRecord } from "../../../storage/ports.ts";

const UNRESERVED = /[A-Za-z0-9\-._~/]/;

/** @public S3's `encoding-type=url` encoding of keys and prefixes. */
export function urlEncodeKey(s: string): string {
  let out = "";
  for (const ch of s) {
    if (UNRESERVED.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** @public The encoder a listing request asks for. */
export function keyEncoder(req: S3Request): (s: string) => string {
  const enc = req.query.get("encoding-type");
  if (enc === undefined) return (s) => s;
  if (enc.toLowerCase() !== "url") throw new S3Error("InvalidArgument", { message: "Invalid Encoding Method specified in Request", fields: [["ArgumentName", "encoding-type"], ["ArgumentValue", enc]] });
  return urlEncodeKey;
}

/** @public `<Owner>` for an owner as stored (account ID). */
export function ownerXml(svc: Services, accountId: string): string {
  return el("Owner", [leaf("ID", canonicalIdOf(svc, accountId))]);
}

/** The owner shown for an object in a listing: the effective one under the bucket's ownership setting. */
interface OwnerView {
  readonly setting: ObjectOwnership;
  readonly bucket: BucketRecord;
}

function ownerViewOf(svc: Services, bucket: BucketRecord): OwnerView {
  return { setting: ownershipOf(svc, bucket.name), bucket };
}

function maxKeysOf(req: S3Request, name = "max-keys"): number {
  return intParam(req, name, 1000, { min: 0, max: 1000, clamp: true });
}

function checksumXml(rec: ObjectVersionRecord): XmlNode[] {
  return rec.checksum ? [leaf("ChecksumAlgorithm", rec.checksum.algorithm), leaf("ChecksumType", rec.checksum.type)] : [];
}

function contentsXml(svc: Services, rec: ObjectVersionRecord, encode: (s: string) => string, owners: OwnerView | undefined): string {
  return el("Contents", [
    leaf("Key", encode(rec.key)),
    leaf("LastModified", xmlDate(rec.lastModified)),
    leaf("ETag", quoteEtag(rec.etag)),
    ...checksumXml(rec),
    leaf("Size", rec.size),
    owners ? ownerXml(svc, effectiveOwnerAccount(owners.setting, owners.bucket, rec)) : undefined,
    leaf("StorageClass", rec.storageClass),
  ]);
}

/** @public The `<CommonPrefixes>` elements of a listing page. */
export function prefixesXml(prefixes: readonly string[], encode: (s: string) => string): string[] {
  return prefixes.map((p) => el("CommonPrefixes", [leaf("Prefix", encode(p))]));
}

const TOKEN_TAG = "cb1:";

function encodeToken(after: string): string {
  return Buffer.from(TOKEN_TAG + after, "utf8").toString("base64");
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, "base64").toString("utf8");
  if (token === "" || !text.startsWith(TOKEN_TAG)) {
    throw new S3Error("InvalidArgument", { message: "The continuation token provided is incorrect", fields: [["ArgumentName", "continuation-token"], ["ArgumentValue", token]] });
  }
  return text.slice(TOKEN_TAG.length);
}

/** @public ListObjects (v1). */
export async function listObjects(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const encode = keyEncoder(req);
  const prefix = req.query.get("prefix") ?? "";
  const delimiter = req.query.get("delimiter") ?? "";
  const marker = req.query.get("marker") ?? "";
  const maxKeys = maxKeysOf(req);
  const page = svc.meta.listObjects(bucket.name, { prefix, delimiter, after: marker, maxKeys });
  const owners = ownerViewOf(svc, bucket);
  const body = document("ListBucketResult", [
    leaf("Name", bucket.name),
    leaf("Prefix", encode(prefix)),
    leaf("Marker", encode(marker)),
    page.isTruncated && delimiter !== "" ? leaf("NextMarker", encode(page.nextAfter ?? "")) : undefined,
    leaf("MaxKeys", maxKeys),
    delimiter !== "" ? leaf("Delimiter", encode(delimiter)) : undefined,
    leaf("IsTruncated", page.isTruncated),
    req.query.has("encoding-type") ? leaf("EncodingType", "url") : undefined,
    ...page.objects.map((o) => contentsXml(svc, o, encode, owners)),
    ...prefixesXml(page.commonPrefixes, encode),
  ]);
  return xmlResponse(body);
}

/** @public ListObjectsV2. */
export async function listObjectsV2(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const encode = keyEncoder(req);
  const prefix = req.query.get("prefix") ?? "";
  const delimiter = req.query.get("delimiter") ?? "";
  const token = req.query.get("continuation-token");
  const startAfter = req.query.get("start-after");
  const maxKeys = maxKeysOf(req);
  const fetchOwner = req.query.get("fetch-owner") === "true";
  let after = startAfter ?? "";
  if (token !== undefined) {
    const fromToken = decodeToken(token);
    if (Buffer.compare(Buffer.from(fromToken), Buffer.from(after)) > 0) after = fromToken;
  }
  const page = svc.meta.listObjects(bucket.name, { prefix, delimiter, after, maxKeys });
  const owners = fetchOwner ? ownerViewOf(svc, bucket) : undefined;
  const body = document("ListBucketResult", [
    leaf("Name", bucket.name),
    leaf("Prefix", encode(prefix)),
    delimiter !== "" ? leaf("Delimiter", encode(delimiter)) : undefined,
    leaf("MaxKeys", maxKeys),
    req.query.has("encoding-type") ? leaf("EncodingType", "url") : undefined,
    leaf("KeyCount", page.objects.length + page.commonPrefixes.length),
    leaf("IsTruncated", page.isTruncated),
    token !== undefined ? leaf("ContinuationToken", token) : undefined,
    page.isTruncated && page.nextAfter !== undefined ? leaf("NextContinuationToken", encodeToken(page.nextAfter)) : undefined,
    startAfter !== undefined ? leaf("StartAfter", encode(startAfter)) : undefined,
    ...page.objects.map((o) => contentsXml(svc, o, encode, owners)),
    ...prefixesXml(page.commonPrefixes, encode),
  ]);
  return xmlResponse(body);
}

/** @public ListObjectVersions. */
export async function listObjectVersions(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const encode = keyEncoder(req);
  const prefix = req.query.get("prefix") ?? "";
  const delimiter = req.query.get("delimiter") ?? "";
  const keyMarker = req.query.get("key-marker") ?? "";
  const versionIdMarker = req.query.get("version-id-marker") ?? "";
  if (versionIdMarker !== "" && keyMarker === "") {
    throw new S3Error("InvalidArgument", { message: "A version-id marker cannot be specified without a key marker.", fields: [["ArgumentName", "version-id-marker"], ["ArgumentValue", versionIdMarker]] });
  }
  const maxKeys = maxKeysOf(req);
  const page = svc.meta.listObjectVersions(bucket.name, { prefix, delimiter, after: keyMarker, afterVersionId: versionIdMarker, maxKeys });
  const owners = ownerViewOf(svc, bucket);
  const entries = page.versions.map(({ record: r, isLatest }) =>
    r.isDeleteMarker
      ? el("DeleteMarker", [leaf("Key", encode(r.key)), leaf("VersionId", r.versionId), leaf("IsLatest", isLatest), leaf("LastModified", xmlDate(r.lastModified)), ownerXml(svc, effectiveOwnerAccount(owners.setting, bucket, r))])
      : el("Version", [
          leaf("Key", encode(r.key)),
          leaf("VersionId", r.versionId),
          leaf("IsLatest", isLatest),
          leaf("LastModified", xmlDate(r.lastModified)),
          leaf("ETag", quoteEtag(r.etag)),
          ...checksumXml(r),
          leaf("Size", r.size),
          ownerXml(svc, effectiveOwnerAccount(owners.setting, bucket, r)),
          leaf("StorageClass", r.storageClass),
        ]),
  );
  const body = document("ListVersionsResult", [
    leaf("Name", bucket.name),
    leaf("Prefix", encode(prefix)),
    leaf("KeyMarker", encode(keyMarker)),
    leaf("VersionIdMarker", versionIdMarker),
    page.isTruncated ? leaf("NextKeyMarker", encode(page.nextKeyMarker ?? "")) : undefined,
    page.isTruncated && page.nextVersionIdMarker !== undefined ? leaf("NextVersionIdMarker", page.nextVersionIdMarker) : undefined,
    leaf("MaxKeys", maxKeys),
    delimiter !== "" ? leaf("Delimiter", encode(delimiter)) : undefined,
    leaf("IsTruncated", page.isTruncated),
    req.query.has("encoding-type") ? leaf("EncodingType", "url") : undefined,
    ...entries,
    ...prefixesXml(page.commonPrefixes, encode),
  ]);
  return xmlResponse(body);
}
