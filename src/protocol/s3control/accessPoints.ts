/**
 * @module protocol/s3control/accessPoints
 * CreateAccessPoint, GetAccessPoint, DeleteAccessPoint and ListAccessPoints.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_CreateAccessPoint.html (and siblings)
 *
 * Recorded against AWS (LocalStack s3control snapshots): CreateAccessPoint answers 200 with the ARN and
 * the alias; without `PublicAccessBlockConfiguration` the access point gets all four settings on, with
 * one every setting it leaves out is off; a missing bucket is InvalidRequest "Amazon S3 AccessPoint can
 * only be created for existing bucket"; a taken name is AccessPointAlreadyOwnedByYou (409);
 * GetAccessPoint lists the endpoints; DeleteAccessPoint answers 204; a missing access point is
 * NoSuchAccessPoint with an `<AccessPointName>` field; listings are in name order.
 */
import type { ContextValue } from "../../policy/index.ts";
import type { AccessPointRecord, PublicAccessBlockSettings } from "../../storage/ports.ts";
import { child, childText, parseXml } from "../s3/xml/parse.ts";
import { el, leaf, xmlDate, type XmlNode } from "../s3/xml/write.ts";
import { accessPointAlias, accessPointArn, checkAccessPointName, decodeNextToken, encodeNextToken } from "./accessPointNames.ts";
import { ControlError } from "./controlErrors.ts";
import { authorizeControl, type ControlDeps, type ControlHandler, type ControlRequest } from "./controlRequest.ts";
import { emptyResponse, flagsXml, readFlags, xmlResponse } from "./controlXml.ts";

const ALL_ON: PublicAccessBlockSettings = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const MAX_BODY = 64 * 1024;

/** @public The access point name of an access point operation (checked against the naming rules). */
export function accessPointNameOf(req: ControlRequest): string {
  const name = req.name ?? "";
  checkAccessPointName(name);
  return name;
}

/** @public NoSuchAccessPoint as AWS writes it. */
export function noSuchAccessPoint(name: string): ControlError {
  return new ControlError("NoSuchAccessPoint", { fields: [["AccessPointName", name]] });
}

/** @public The access point condition keys (spec §7.3) of an existing or requested access point. */
export function accessPointKeys(arn: string, accountId: string, networkOrigin: AccessPointRecord["networkOrigin"]): Record<string, ContextValue> {
  return { "s3:DataAccessPointArn": arn, "s3:DataAccessPointAccount": accountId, "s3:AccessPointNetworkOrigin": networkOrigin };
}

/**
 * @public Looks the access point up, authorizes `action` on its ARN (with its condition keys when it
 * exists), then fails with NoSuchAccessPoint if it does not: a caller without the permission learns
 * nothing about which names exist.
 */
export function authorizedAccessPoint(req: ControlRequest, deps: ControlDeps, action: string): AccessPointRecord {
  const name = accessPointNameOf(req);
  const arn = accessPointArn(deps.svc.config.region, req.accountId, name);
  const found = deps.svc.meta.getAccessPoint(req.accountId, name);
  authorizeControl(req, deps, action, arn, found === undefined ? { "s3:ResourceAccount": req.accountId } : { ...accessPointKeys(arn, found.accountId, found.networkOrigin), "s3:ResourceAccount": req.accountId });
  if (found === undefined) throw noSuchAccessPoint(name);
  return found;
}

function readCreateRequest(body: string): { bucket: string; bucketAccountId?: string; vpcId?: string; flags?: PublicAccessBlockSettings } {
  const root = parseXml(body, "CreateAccessPointRequest");
  const bucket = childText(root, "Bucket")?.trim();
  if (bucket === undefined || bucket === "") throw new ControlError("MalformedXML");
  const out: { bucket: string; bucketAccountId?: string; vpcId?: string; flags?: PublicAccessBlockSettings } = { bucket };
  const bucketAccountId = childText(root, "BucketAccountId")?.trim();
  if (bucketAccountId !== undefined) {
    if (!/^\d{12}$/.test(bucketAccountId)) throw new ControlError("InvalidRequest", { message: "BucketAccountId must be a 12-digit AWS account ID" });
    out.bucketAccountId = bucketAccountId;
  }
  const vpc = child(root, "VpcConfiguration");
  if (vpc !== undefined) {
    const vpcId = childText(vpc, "VpcId")?.trim();
    if (vpcId === undefined || vpcId === "") throw new ControlError("MalformedXML");
    out.vpcId = vpcId;
  }
  const pab = child(root, "PublicAccessBlockConfiguration");
  if (pab !== undefined) out.flags = readFlags(pab).flags;
  // Scopes are a feature of access points for directory buckets (which crossbucket does not have).
  if (child(root, "Scope") !== undefined) throw new ControlError("InvalidRequest", { message: "Scope is only supported for access points attached to directory buckets." });
  if (child(root, "Tags") !== undefined) throw new ControlError("NotImplemented", { message: "crossbucket does not store access point tags yet; create the access point without Tags." });
  return out;
}

/** Draws aliases until one is free (a collision of 34 random characters is not expected, but is not fatal either). */
function freshAlias(deps: ControlDeps, name: string): string {
  for (;;) {
    const alias = accessPointAlias(name, deps.random);
    if (deps.svc.meta.getAccessPointByAlias(alias) === undefined) return alias;
  }
}

const createAccessPoint: ControlHandler = async (req, deps) => {
  const name = accessPointNameOf(req);
  const input = readCreateRequest((await req.payload.readAll(MAX_BODY, "MaxMessageLengthExceeded")).toString("utf8"));
  const arn = accessPointArn(deps.svc.config.region, req.accountId, name);
  const networkOrigin = input.vpcId !== undefined ? "VPC" : "Internet";
  authorizeControl(req, deps, "s3:CreateAccessPoint", arn, { ...accessPointKeys(arn, req.accountId, networkOrigin), "s3:ResourceAccount": req.accountId, "s3:locationconstraint": deps.svc.config.region });
  const bucket = deps.svc.meta.getBucket(input.bucket);
  if (bucket === undefined) throw new ControlError("InvalidRequest", { message: "Amazon S3 AccessPoint can only be created for existing bucket" });
  // A cross-account access point names the bucket owner in BucketAccountId; without it the bucket must be the caller's.
  // UNCONFIRMED: the message of a mismatch (emulators write this text; not recorded against AWS).
  if (bucket.ownerAccountId !== (input.bucketAccountId ?? req.accountId)) {
    throw new ControlError("InvalidRequest", { message: "BucketAccountId parameter should be same as the AWS Account Id of bucket owner" });
  }
  if (deps.svc.meta.getAccessPoint(req.accountId, name) !== undefined) throw new ControlError("AccessPointAlreadyOwnedByYou");
  const record: AccessPointRecord = {
    name,
    accountId: req.accountId,
    bucket: bucket.name,
    bucketAccountId: bucket.ownerAccountId,
    alias: freshAlias(deps, name),
    networkOrigin,
    ...(input.vpcId !== undefined ? { vpcId: input.vpcId } : {}),
    createdAt: req.now,
    publicAccessBlock: input.flags ?? ALL_ON,
  };
  if (deps.svc.meta.createAccessPoint(record) === "exists") throw new ControlError("AccessPointAlreadyOwnedByYou");
  return xmlResponse("CreateAccessPointResult", [leaf("AccessPointArn", arn), leaf("Alias", record.alias)]);
};

function vpcXml(ap: AccessPointRecord): XmlNode {
  return ap.vpcId !== undefined ? el("VpcConfiguration", [leaf("VpcId", ap.vpcId)]) : undefined;
}

/** The endpoints AWS lists for an access point of the region (GetAccessPoint). */
function endpointsXml(region: string): string {
  const entries: readonly (readonly [string, string])[] = [
    ["ipv4", `s3-accesspoint.${region}.amazonaws.com`],
    ["fips", `s3-accesspoint-fips.${region}.amazonaws.com`],
    ["fips_dualstack", `s3-accesspoint-fips.dualstack.${region}.amazonaws.com`],
    ["dualstack", `s3-accesspoint.dualstack.${region}.amazonaws.com`],
  ];
  return el("Endpoints", entries.map(([k, v]) => el("entry", [leaf("key", k), leaf("value", v)])));
}

const getAccessPoint: ControlHandler = async (req, deps) => {
  // GetAccessPoint is authorized on "*": the action has no resource type in the Service Authorization Reference.
  const name = accessPointNameOf(req);
  authorizeControl(req, deps, "s3:GetAccessPoint", "*", { "s3:ResourceAccount": req.accountId });
  const ap = deps.svc.meta.getAccessPoint(req.accountId, name);
  if (ap === undefined) throw noSuchAccessPoint(name);
  const region = deps.svc.config.region;
  return xmlResponse("GetAccessPointResult", [
    leaf("Name", ap.name),
    leaf("Bucket", ap.bucket),
    leaf("NetworkOrigin", ap.networkOrigin),
    vpcXml(ap),
    el("PublicAccessBlockConfiguration", flagsXml(ap.publicAccessBlock)),
    leaf("CreationDate", xmlDate(ap.createdAt)),
    leaf("Alias", ap.alias),
    leaf("AccessPointArn", accessPointArn(region, ap.accountId, ap.name)),
    endpointsXml(region),
    leaf("BucketAccountId", ap.bucketAccountId),
  ]);
};

const deleteAccessPoint: ControlHandler = async (req, deps) => {
  const ap = authorizedAccessPoint(req, deps, "s3:DeleteAccessPoint");
  if (deps.svc.meta.deleteAccessPoint(ap.accountId, ap.name) === "missing") throw noSuchAccessPoint(ap.name);
  return emptyResponse(204);
};

/** ListAccessPoints' page size: 1 to 1000, 1000 when absent. UNCONFIRMED: 0 (allowed by the API model) taken as absent. */
function maxResultsOf(raw: string | undefined): number {
  if (raw === undefined || raw === "" || raw === "0") return 1000;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  // UNCONFIRMED message: the reason AWS's error table lists for InvalidRequest.
  if (!(n >= 1 && n <= 1000)) throw new ControlError("InvalidRequest", { message: "The range for the MaxResults parameter is not valid." });
  return n;
}

const listAccessPoints: ControlHandler = async (req, deps) => {
  authorizeControl(req, deps, "s3:ListAccessPoints", "*", { "s3:ResourceAccount": req.accountId });
  const bucket = req.query.get("bucket");
  const maxResults = maxResultsOf(req.query.get("maxResults"));
  const token = req.query.get("nextToken");
  const after = token !== undefined && token !== "" ? decodeNextToken(token) : undefined;
  if (bucket !== undefined && deps.svc.meta.getBucket(bucket) === undefined) {
    // UNCONFIRMED message: the reason AWS's error table lists for InvalidRequest.
    throw new ControlError("InvalidRequest", { message: "An access point can be listed only for an existing bucket." });
  }
  const page = deps.svc.meta.listAccessPoints(req.accountId, { maxResults, ...(bucket !== undefined ? { bucket } : {}), ...(after !== undefined ? { after } : {}) });
  const region = deps.svc.config.region;
  const items = page.accessPoints.map((ap) =>
    el("AccessPoint", [
      leaf("Name", ap.name),
      leaf("NetworkOrigin", ap.networkOrigin),
      vpcXml(ap),
      leaf("Bucket", ap.bucket),
      leaf("AccessPointArn", accessPointArn(region, ap.accountId, ap.name)),
      leaf("Alias", ap.alias),
      leaf("BucketAccountId", ap.bucketAccountId),
    ]),
  );
  const last = page.accessPoints[page.accessPoints.length - 1];
  return xmlResponse("ListAccessPointsResult", [el("AccessPointList", items), page.isTruncated && last !== undefined ? leaf("NextToken", encodeNextToken(last.name)) : undefined]);
};

/** @public The access point handlers by operation. */
export const ACCESS_POINT_HANDLERS = { CreateAccessPoint: createAccessPoint, GetAccessPoint: getAccessPoint, DeleteAccessPoint: deleteAccessPoint, ListAccessPoints: listAccessPoints } as const;
