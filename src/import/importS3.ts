/**
 * @module import/importS3
 * One account's S3 side → the metadata store: account-level Block Public Access, access points with their
 * policies and BPA, buckets (region, versioning, policy, ACL, Object Ownership, BPA) and, for the listed
 * keys, objects with their owner and ACL. Objects are metadata only: no content is collected, so an
 * imported object is stored empty, with its collected size and ETag kept as user metadata
 * (`crossbucket-imported-size`, `crossbucket-imported-etag`) — a GET of it answers consistently with
 * zero bytes, and simulation never reads content.
 */
import { aclToJson } from "../acl/acl-json.ts";
import { OBJECT_OWNERSHIP_SETTINGS } from "../acl/ownership.ts";
import { isGroupUri, isPermission, privateAcl, type AccessControlList, type Grant } from "../acl/types.ts";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, ACL_CONFIG, OWNERSHIP_CONFIG, POLICY_CONFIG, PUBLIC_ACCESS_BLOCK_CONFIG } from "../protocol/s3/bucketState.ts";
import { publicAccessBlockJson } from "../protocol/s3/resourceContext.ts";
import type { MetadataStore, PublicAccessBlockSettings, VersioningState } from "../storage/ports.ts";
import { accountsNamedIn } from "./importIam.ts";
import { asRecord, readCollected, records, str, type ImportReport, type WorldFolder } from "./report.ts";

const EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";
const BPA_FIELDS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];

/** @public What the S3 import needs to know about accounts. */
export interface S3ImportContext {
  readonly meta: MetadataStore;
  readonly report: ImportReport;
  /** The account owning a canonical user ID, if known. */
  readonly accountOfCanonical: (canonicalId: string) => string | undefined;
  /** The canonical user ID of an account. */
  readonly canonicalOf: (accountId: string) => string;
  readonly defaultRegion: string;
  readonly now: Date;
}

/** @public The file name the collection script gives a key: RFC 3986 percent-encoding of every byte but unreserved characters. */
export function keyFileName(key: string): string {
  return encodeURIComponent(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function flags(v: unknown, report: ImportReport, file: string, path: string): PublicAccessBlockSettings | undefined {
  const r = asRecord(v);
  if (r === undefined) {
    report.add("invalid", file, path, "no PublicAccessBlockConfiguration; not imported");
    return undefined;
  }
  report.fields(r, file, path, BPA_FIELDS);
  return { BlockPublicAcls: r["BlockPublicAcls"] === true, IgnorePublicAcls: r["IgnorePublicAcls"] === true, BlockPublicPolicy: r["BlockPublicPolicy"] === true, RestrictPublicBuckets: r["RestrictPublicBuckets"] === true };
}

/** @public An S3 ACL as `get-bucket-acl` / `get-object-acl` print it. */
export function aclFrom(doc: Record<string, unknown>, report: ImportReport, file: string): AccessControlList | undefined {
  report.fields(doc, file, "", ["Owner", "Grants"], ["RequestCharged"]);
  const owner = asRecord(doc["Owner"]);
  const ownerId = owner !== undefined ? str(owner, "ID", report, file, "/Owner") : undefined;
  if (owner === undefined || ownerId === undefined) {
    report.add("invalid", file, "/Owner", "an ACL without an owner ID; not imported");
    return undefined;
  }
  report.fields(owner, file, "/Owner", ["ID", "DisplayName"]);
  const ownerName = str(owner, "DisplayName", report, file, "/Owner");
  const grants: Grant[] = records(doc["Grants"], report, file, "/Grants").flatMap((g, i): Grant[] => {
    const path = `/Grants/${i}`;
    report.fields(g, file, path, ["Grantee", "Permission"]);
    const permission = str(g, "Permission", report, file, path);
    const grantee = asRecord(g["Grantee"]);
    if (permission === undefined || !isPermission(permission) || grantee === undefined) {
      report.add("invalid", file, path, "a grant without a valid Grantee and Permission; not imported");
      return [];
    }
    report.fields(grantee, file, `${path}/Grantee`, ["Type", "ID", "URI", "DisplayName"], []);
    const type = grantee["Type"];
    if (type === "Group") {
      const uri = str(grantee, "URI", report, file, `${path}/Grantee`);
      if (uri !== undefined && isGroupUri(uri)) return [{ grantee: { type: "Group", uri }, permission }];
      report.add("unsupported", file, `${path}/Grantee/URI`, `group ${uri ?? "(none)"} is not a group S3 grants to; not imported`);
      return [];
    }
    if (type === "CanonicalUser") {
      const id = str(grantee, "ID", report, file, `${path}/Grantee`);
      if (id === undefined) return [];
      const name = str(grantee, "DisplayName", report, file, `${path}/Grantee`);
      return [{ grantee: name !== undefined ? { type: "CanonicalUser", id, displayName: name } : { type: "CanonicalUser", id }, permission }];
    }
    report.add("unsupported", file, `${path}/Grantee/Type`, `grantee type ${String(type)} is not simulated; the grant is not imported`);
    return [];
  });
  return { owner: ownerName !== undefined ? { id: ownerId, displayName: ownerName } : { id: ownerId }, grants };
}

/** @public Imports `accounts/<id>/` S3 files; returns account IDs that policies and grants name. */
export function importS3(folder: WorldFolder, accountId: string, ctx: S3ImportContext): Set<string> {
  const { meta, report } = ctx;
  const base = `accounts/${accountId}`;
  const referenced = new Set<string>();

  const bpa = readCollected(folder, `${base}/s3control/get-public-access-block`, report);
  if (bpa.kind === "json") {
    report.fields(bpa.value, bpa.file, "", ["PublicAccessBlockConfiguration"]);
    const f = flags(bpa.value["PublicAccessBlockConfiguration"], report, bpa.file, "/PublicAccessBlockConfiguration");
    if (f !== undefined) meta.putAccountConfig(accountId, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, publicAccessBlockJson(f));
  }

  const listed = readCollected(folder, `${base}/s3/list-buckets`, report);
  const created = new Map<string, Date>();
  if (listed.kind === "json") {
    report.fields(listed.value, listed.file, "", ["Buckets", "Owner"], ["Prefix", "ContinuationToken"]);
    records(listed.value["Buckets"], report, listed.file, "/Buckets").forEach((b, i) => {
      report.fields(b, listed.file, `/Buckets/${i}`, ["Name", "CreationDate"], ["BucketRegion"]);
      const name = str(b, "Name", report, listed.file, `/Buckets/${i}`);
      const at = str(b, "CreationDate", report, listed.file, `/Buckets/${i}`);
      if (name !== undefined) created.set(name, at !== undefined && !Number.isNaN(Date.parse(at)) ? new Date(at) : ctx.now);
    });
  }
  for (const name of folder.list(`${base}/buckets`)) {
    importBucket(folder, accountId, name, created.get(name) ?? ctx.now, ctx, referenced);
  }

  const aps = readCollected(folder, `${base}/s3control/list-access-points`, report);
  if (aps.kind === "json") {
    report.fields(aps.value, aps.file, "", ["AccessPointList"], ["NextToken"]);
    records(aps.value["AccessPointList"], report, aps.file, "/AccessPointList").forEach((ap, i) => {
      const path = `/AccessPointList/${i}`;
      report.fields(ap, aps.file, path, ["Name", "NetworkOrigin", "VpcConfiguration", "Bucket", "Alias", "BucketAccountId"], ["AccessPointArn"]);
      const name = str(ap, "Name", report, aps.file, path);
      const bucket = str(ap, "Bucket", report, aps.file, path);
      if (name === undefined || bucket === undefined) return report.add("invalid", aps.file, path, "an access point without Name or Bucket; not imported");
      const detail = readCollected(folder, `${base}/s3control/access-points/${name}/get-access-point`, report);
      let publicAccessBlock: PublicAccessBlockSettings = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
      let createdAt = ctx.now;
      if (detail.kind === "json") {
        report.fields(detail.value, detail.file, "", ["PublicAccessBlockConfiguration", "CreationDate"], ["Name", "Bucket", "NetworkOrigin", "VpcConfiguration", "Alias", "AccessPointArn", "Endpoints", "BucketAccountId"]);
        publicAccessBlock = flags(detail.value["PublicAccessBlockConfiguration"], report, detail.file, "/PublicAccessBlockConfiguration") ?? publicAccessBlock;
        const at = detail.value["CreationDate"];
        if (typeof at === "string" && !Number.isNaN(Date.parse(at))) createdAt = new Date(at);
      } else {
        report.add("assumed", `${base}/s3control/access-points/${name}/get-access-point.json`, "", `access point ${name}: its Block Public Access settings were not collected; all four are assumed on (the default)`);
      }
      const policyFile = readCollected(folder, `${base}/s3control/access-points/${name}/get-access-point-policy`, report);
      let policy: string | undefined;
      if (policyFile.kind === "json") {
        report.fields(policyFile.value, policyFile.file, "", ["Policy"]);
        policy = str(policyFile.value, "Policy", report, policyFile.file, "");
        for (const id of accountsNamedIn(policy ?? "")) referenced.add(id);
      }
      const vpc = asRecord(ap["VpcConfiguration"]);
      const vpcId = vpc !== undefined ? str(vpc, "VpcId", report, aps.file, `${path}/VpcConfiguration`) : undefined;
      const origin = ap["NetworkOrigin"] === "VPC" || vpcId !== undefined ? "VPC" : "Internet";
      const bucketAccountId = str(ap, "BucketAccountId", report, aps.file, path) ?? accountId;
      referenced.add(bucketAccountId);
      const outcome = meta.createAccessPoint({
        name,
        accountId,
        bucket,
        bucketAccountId,
        alias: str(ap, "Alias", report, aps.file, path) ?? `${name}-${accountId}-s3alias`,
        networkOrigin: origin,
        ...(origin === "VPC" ? { vpcId: vpcId ?? "vpc-unknown" } : {}),
        createdAt,
        ...(policy !== undefined ? { policy } : {}),
        publicAccessBlock,
      });
      if (outcome === "exists") report.add("invalid", aps.file, path, `access point ${name} of account ${accountId} exists already; not imported again`);
    });
  }
  referenced.delete(accountId);
  return referenced;
}

function importBucket(folder: WorldFolder, accountId: string, name: string, createdAt: Date, ctx: S3ImportContext, referenced: Set<string>): void {
  const { meta, report } = ctx;
  const base = `accounts/${accountId}/buckets/${name}`;
  const config: Record<string, string> = {};

  let region = ctx.defaultRegion;
  const location = readCollected(folder, `${base}/get-bucket-location`, report);
  if (location.kind === "json") {
    report.fields(location.value, location.file, "", ["LocationConstraint"]);
    const c = location.value["LocationConstraint"];
    region = typeof c === "string" && c !== "" ? (c === "EU" ? "eu-west-1" : c) : "us-east-1";
  } else report.add("assumed", `${base}/get-bucket-location.json`, "", `bucket ${name}: region not collected; ${ctx.defaultRegion} assumed`);

  const policy = readCollected(folder, `${base}/get-bucket-policy`, report);
  if (policy.kind === "json") {
    report.fields(policy.value, policy.file, "", ["Policy"]);
    const text = str(policy.value, "Policy", report, policy.file, "");
    if (text !== undefined) {
      config[POLICY_CONFIG] = text;
      for (const id of accountsNamedIn(text)) referenced.add(id);
    }
  }
  const acl = readCollected(folder, `${base}/get-bucket-acl`, report);
  if (acl.kind === "json") {
    const parsed = aclFrom(acl.value, report, acl.file);
    if (parsed !== undefined) {
      if (ctx.accountOfCanonical(parsed.owner.id) !== accountId) report.add("invalid", acl.file, "/Owner/ID", `the bucket ACL's owner ${parsed.owner.id} is not account ${accountId}'s canonical ID`);
      config[ACL_CONFIG] = aclToJson(parsed);
    }
  } else report.add("assumed", `${base}/get-bucket-acl.json`, "", `bucket ${name}: ACL not collected; the private ACL is assumed`);
  const ownership = readCollected(folder, `${base}/get-bucket-ownership-controls`, report);
  if (ownership.kind === "json") {
    report.fields(ownership.value, ownership.file, "", ["OwnershipControls"]);
    const rules = records(asRecord(ownership.value["OwnershipControls"])?.["Rules"], report, ownership.file, "/OwnershipControls/Rules");
    const setting = rules[0]?.["ObjectOwnership"];
    if (typeof setting === "string" && (OBJECT_OWNERSHIP_SETTINGS as readonly string[]).includes(setting)) config[OWNERSHIP_CONFIG] = setting;
    else report.add("unsupported", ownership.file, "/OwnershipControls/Rules/0/ObjectOwnership", `Object Ownership ${String(setting)} is not simulated; not imported`);
  }
  const bpa = readCollected(folder, `${base}/get-public-access-block`, report);
  if (bpa.kind === "json") {
    report.fields(bpa.value, bpa.file, "", ["PublicAccessBlockConfiguration"]);
    const f = flags(bpa.value["PublicAccessBlockConfiguration"], report, bpa.file, "/PublicAccessBlockConfiguration");
    if (f !== undefined) config[PUBLIC_ACCESS_BLOCK_CONFIG] = publicAccessBlockJson(f);
  }
  let versioning: VersioningState = "Unversioned";
  const v = readCollected(folder, `${base}/get-bucket-versioning`, report);
  if (v.kind === "json") {
    report.fields(v.value, v.file, "", ["Status"], ["MFADelete"]);
    if (v.value["Status"] === "Enabled" || v.value["Status"] === "Suspended") versioning = v.value["Status"];
  }
  if (meta.createBucket({ name, ownerAccountId: accountId, region, createdAt, versioning: "Unversioned" }, config) === "exists") {
    report.add("invalid", base, "", `bucket ${name} was imported already (from another account's folder?); this copy is not imported`);
    return;
  }
  if (versioning !== "Unversioned") meta.setBucketVersioning(name, versioning);

  const listing = readCollected(folder, `${base}/list-objects-v2`, report);
  if (listing.kind !== "json") return;
  report.fields(listing.value, listing.file, "", ["Contents"], ["Name", "Prefix", "KeyCount", "MaxKeys", "IsTruncated", "EncodingType", "RequestCharged", "Delimiter", "CommonPrefixes"]);
  if (listing.value["NextToken"] !== undefined) report.add("assumed", listing.file, "/NextToken", `bucket ${name}: the listing was cut short at collection; keys after it are not in the simulated world`);
  if (versioning !== "Unversioned") report.add("assumed", listing.file, "", `bucket ${name} is versioned; only the current version of each listed key is imported, as the null version`);
  records(listing.value["Contents"], report, listing.file, "/Contents").forEach((o, i) => {
    const path = `/Contents/${i}`;
    report.fields(o, listing.file, path, ["Key", "LastModified", "ETag", "Size", "StorageClass", "Owner"], ["ChecksumAlgorithm", "ChecksumType", "RestoreStatus"]);
    const key = str(o, "Key", report, listing.file, path);
    if (key === undefined) return;
    const ownerDoc = asRecord(o["Owner"]);
    let ownerCanonical = ownerDoc !== undefined ? str(ownerDoc, "ID", report, listing.file, `${path}/Owner`) : undefined;
    const aclFile = readCollected(folder, `${base}/objects/${keyFileName(key)}.get-object-acl`, report);
    let objectAcl: AccessControlList | undefined;
    if (aclFile.kind === "json") {
      objectAcl = aclFrom(aclFile.value, report, aclFile.file);
      ownerCanonical = objectAcl?.owner.id ?? ownerCanonical;
    }
    if (ownerCanonical === undefined) {
      ownerCanonical = ctx.canonicalOf(accountId);
      report.add("assumed", listing.file, `${path}/Owner`, `object ${key}: owner not collected (list with --fetch-owner); the bucket owner is assumed`);
    }
    if (objectAcl === undefined) {
      objectAcl = privateAcl(ownerCanonical);
      report.add("assumed", `${base}/objects/${keyFileName(key)}.get-object-acl.json`, "", `object ${key}: ACL not collected; the private ACL of its owner is assumed`);
    }
    const ownerAccount = ctx.accountOfCanonical(ownerCanonical);
    if (ownerAccount === undefined) report.add("assumed", listing.file, `${path}/Owner/ID`, `object ${key}: owner ${ownerCanonical} is not the canonical ID of any collected account`);
    else referenced.add(ownerAccount);
    const modified = str(o, "LastModified", report, listing.file, path);
    meta.putObject(
      {
        bucket: name,
        key,
        versionId: "null",
        isDeleteMarker: false,
        lastModified: modified !== undefined && !Number.isNaN(Date.parse(modified)) ? new Date(modified) : ctx.now,
        ownerAccountId: ownerAccount ?? ownerCanonical,
        size: 0,
        etag: EMPTY_MD5,
        headers: {},
        userMetadata: { "crossbucket-imported-size": String(o["Size"] ?? ""), "crossbucket-imported-etag": String(o["ETag"] ?? "").replace(/"/g, "") },
        parts: [],
        multipart: false,
        tags: [],
        acl: aclToJson(objectAcl),
        storageClass: typeof o["StorageClass"] === "string" ? o["StorageClass"] : "STANDARD",
      },
      "null",
    );
  });
}
