/**
 * @module protocol/s3/ops/bucketLogging
 * PutBucketLogging and GetBucketLogging: the bucket's server access logging setting, a `BucketLoggingStatus`
 * document with one optional `LoggingEnabled` (TargetBucket, TargetGrants, TargetPrefix, TargetObjectKeyFormat).
 * An empty `BucketLoggingStatus` turns logging off. The target must exist, be in the source bucket's region
 * and be owned by the same account; target grants are refused when the target has ACLs disabled
 * (BucketOwnerEnforced). Whether log delivery may write into the target is not checked here: S3 decides
 * that at delivery time and silently does not deliver (server/accessLogDelivery.ts).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLogging.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
 */
import { isGroupUri, type Permission } from "../../../acl/types.ts";
import type { HttpResponse } from "../../http.ts";
import type { S3Request, Services } from "../context.ts";
import { S3Error } from "../errors.ts";
import { LOGGING_CONFIG, ownershipOf } from "../bucketState.ts";
import { child, childText, childrenNamed, parseXml, type XmlElement } from "../xml/parse.ts";
import { document, el, leaf, type XmlNode } from "../xml/write.ts";
import { bucketOf, emptyResponse, xmlResponse } from "./common.ts";

const XSI = "http://www.w3.org/2001/XMLSchema-instance";

/** Permissions a target grant may give on the log objects (API TargetGrant). */
const TARGET_PERMISSIONS: ReadonlySet<string> = new Set<Permission>(["FULL_CONTROL", "READ", "WRITE"]);

/** @public A grantee of a target grant, as stored. */
export type TargetGrantee = { readonly type: "CanonicalUser"; readonly id: string } | { readonly type: "Group"; readonly uri: string };

/** @public One target grant: extra ACL grant put on every delivered log object. */
export interface TargetGrant {
  readonly grantee: TargetGrantee;
  readonly permission: "FULL_CONTROL" | "READ" | "WRITE";
}

/** @public How log object keys are formed: `SimplePrefix` or `PartitionedPrefix` (with its date source). */
export type TargetKeyFormat = { readonly kind: "SimplePrefix" } | { readonly kind: "PartitionedPrefix"; readonly dateSource?: "EventTime" | "DeliveryTime" };

/** @public The stored logging setting of a bucket (logging is off when there is none). */
export interface BucketLoggingConfig {
  readonly targetBucket: string;
  readonly targetPrefix: string;
  readonly targetGrants: readonly TargetGrant[];
  /** Absent when the request did not name a key format (keys are then SimplePrefix). */
  readonly keyFormat?: TargetKeyFormat;
}

/** @public Parses a `BucketLoggingStatus` body: the setting, or `undefined` to turn logging off. */
export function parseBucketLoggingXml(body: string): BucketLoggingConfig | undefined {
  const root = parseXml(body, "BucketLoggingStatus");
  const enabled = child(root, "LoggingEnabled");
  if (enabled === undefined) {
    if (root.children.length > 0) throw new S3Error("MalformedXML");
    return undefined;
  }
  const targetBucket = childText(enabled, "TargetBucket")?.trim();
  const targetPrefix = childText(enabled, "TargetPrefix");
  if (targetBucket === undefined || targetBucket === "" || targetPrefix === undefined) throw new S3Error("MalformedXML");
  const grants = child(enabled, "TargetGrants");
  const format = child(enabled, "TargetObjectKeyFormat");
  const keyFormat = format === undefined ? undefined : parseKeyFormat(format);
  return { targetBucket, targetPrefix, targetGrants: grants === undefined ? [] : childrenNamed(grants, "Grant").map(parseGrant), ...(keyFormat !== undefined ? { keyFormat } : {}) };
}

function parseGrant(g: XmlElement): TargetGrant {
  const grantee = child(g, "Grantee");
  const permission = childText(g, "Permission")?.trim();
  if (grantee === undefined || permission === undefined || !TARGET_PERMISSIONS.has(permission)) throw new S3Error("MalformedXML");
  const type = Object.entries(grantee.attributes).find(([k]) => k === "type" || k.endsWith(":type"))?.[1];
  const id = childText(grantee, "ID")?.trim();
  const uri = childText(grantee, "URI")?.trim();
  const perm = permission as TargetGrant["permission"];
  if (type === "CanonicalUser" && id !== undefined && id !== "") return { grantee: { type, id }, permission: perm };
  if (type === "Group" && uri !== undefined && isGroupUri(uri)) return { grantee: { type, uri }, permission: perm };
  throw new S3Error("MalformedXML");
}

function parseKeyFormat(format: XmlElement): TargetKeyFormat {
  const simple = child(format, "SimplePrefix");
  const partitioned = child(format, "PartitionedPrefix");
  if (format.children.length !== 1) throw new S3Error("MalformedXML");
  if (simple !== undefined) return { kind: "SimplePrefix" };
  if (partitioned === undefined) throw new S3Error("MalformedXML");
  const source = childText(partitioned, "PartitionDateSource")?.trim();
  if (source === undefined) return { kind: "PartitionedPrefix" };
  if (source !== "EventTime" && source !== "DeliveryTime") throw new S3Error("MalformedXML");
  return { kind: "PartitionedPrefix", dateSource: source };
}

/** @public The `BucketLoggingStatus` document of a setting (empty when logging is off). */
export function bucketLoggingXml(config: BucketLoggingConfig | undefined): string {
  if (config === undefined) return document("BucketLoggingStatus", []);
  const grants: XmlNode =
    config.targetGrants.length > 0 &&
    el(
      "TargetGrants",
      config.targetGrants.map((g) => {
        const grantee = g.grantee.type === "CanonicalUser" ? el("Grantee", [leaf("ID", g.grantee.id)], { "xmlns:xsi": XSI, "xsi:type": "CanonicalUser" }) : el("Grantee", [leaf("URI", g.grantee.uri)], { "xmlns:xsi": XSI, "xsi:type": "Group" });
        return el("Grant", [grantee, leaf("Permission", g.permission)]);
      }),
    );
  const format: XmlNode =
    config.keyFormat !== undefined &&
    el("TargetObjectKeyFormat", [config.keyFormat.kind === "SimplePrefix" ? "<SimplePrefix></SimplePrefix>" : el("PartitionedPrefix", [leaf("PartitionDateSource", config.keyFormat.dateSource)])]);
  return document("BucketLoggingStatus", [el("LoggingEnabled", [leaf("TargetBucket", config.targetBucket), grants, leaf("TargetPrefix", config.targetPrefix), format])]);
}

/** @public The logging setting stored for a bucket; undefined when logging is off (or the stored text is unreadable). */
export function bucketLoggingOf(svc: Pick<Services, "meta" | "log">, bucket: string): BucketLoggingConfig | undefined {
  const text = svc.meta.getBucketConfig(bucket, LOGGING_CONFIG);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as BucketLoggingConfig;
  } catch (e) {
    svc.log.error("corrupt stored logging setting", { bucket, err: e });
    return undefined;
  }
}

/** @public PutBucketLogging. */
export async function putBucketLogging(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const config = parseBucketLoggingXml((await req.payload.readAll(64 * 1024)).toString("utf8"));
  if (config !== undefined) {
    const target = svc.meta.getBucket(config.targetBucket);
    const field: [string, string] = ["TargetBucket", config.targetBucket];
    if (target === undefined) throw new S3Error("InvalidTargetBucketForLogging", { message: "The target bucket for logging does not exist", fields: [field] });
    if (target.region !== bucket.region) throw new S3Error("CrossLocationLoggingProhibitted", { fields: [["TargetBucketLocation", target.region], ["SourceBucketLocation", bucket.region]] });
    if (target.ownerAccountId !== bucket.ownerAccountId) throw new S3Error("InvalidTargetBucketForLogging", { message: "The owner for the bucket to be logged and the target bucket must be the same.", fields: [field] });
    if (config.targetGrants.length > 0 && ownershipOf(svc, target.name) === "BucketOwnerEnforced") {
      throw new S3Error("AccessControlListNotSupported", { message: "Target grants not allowed for bucket owner enforced buckets" });
    }
  }
  svc.meta.putBucketConfig(bucket.name, LOGGING_CONFIG, config === undefined ? undefined : JSON.stringify(config));
  svc.requestLog?.loggingChanged(bucket.name, config !== undefined);
  return emptyResponse(200);
}

/** @public GetBucketLogging: the setting, or an empty `BucketLoggingStatus` when logging is off. */
export async function getBucketLogging(req: S3Request, svc: Services): Promise<HttpResponse> {
  return xmlResponse(bucketLoggingXml(bucketLoggingOf(svc, bucketOf(req).name)));
}
