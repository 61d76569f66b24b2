/**
 * @module server/accessLogFormat
 * The S3 server access log format: one line per request, space-separated fields, `-` for a field that is
 * unknown or does not apply, the request line, referer and user agent in double quotes, the time as
 * `[06/Feb/2019:00:00:38 +0000]`. Also the operation names (`REST.GET.OBJECT`) and the keys of delivered
 * log objects (SimplePrefix and PartitionedPrefix). Pure functions of their inputs.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html (log object key format)
 */
import type { S3OperationName } from "../authz/catalogue.ts";
import type { TargetKeyFormat } from "../protocol/s3/ops/bucketLogging.ts";

/** @public One request as a server access log record. Optional fields print as `-`. */
export interface AccessLogRecord {
  /** Canonical user ID of the source bucket's owner. */
  readonly bucketOwner: string;
  readonly bucket: string;
  /** When the request was received. */
  readonly time: Date;
  readonly remoteIp: string;
  /** Canonical user ID (root users) or ARN (IAM users, role sessions); absent for anonymous requests. */
  readonly requester?: string;
  readonly requestId: string;
  /** E.g. `REST.GET.OBJECT`. */
  readonly operation: string;
  readonly key?: string;
  /** The request line: method, request target as received, protocol. */
  readonly method: string;
  readonly requestUri: string;
  readonly httpVersion: string;
  readonly status: number;
  readonly errorCode?: string;
  /** Response body bytes sent (printed as `-` when zero). */
  readonly bytesSent: number;
  readonly objectSize?: number;
  /** Milliseconds from receipt of the request to the last byte of the response. */
  readonly totalTimeMs: number;
  /** Milliseconds from the last byte of the request to the first byte of the response. */
  readonly turnAroundTimeMs?: number;
  readonly referer?: string;
  readonly userAgent?: string;
  readonly versionId?: string;
  readonly hostId: string;
  /** `SigV4` for signed requests. */
  readonly signatureVersion?: string;
  readonly cipherSuite?: string;
  /** `AuthHeader` or `QueryString`. */
  readonly authType?: "AuthHeader" | "QueryString";
  readonly hostHeader?: string;
  readonly tlsVersion?: string;
  readonly accessPointArn?: string;
  /** True when an ACL was needed to authorize the request (printed `Yes`). */
  readonly aclRequired?: boolean;
  /** The region the request came from; `-` when not known. */
  readonly sourceRegion?: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** @public `[06/Feb/2019:00:00:38 +0000]` (strftime `[%d/%b/%Y:%H:%M:%S %z]`, UTC). */
export function accessLogTime(d: Date): string {
  return `[${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] ?? "Jan"}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000]`;
}

/** A bare field: `-` when absent or empty; whitespace (which would split the field) percent-encoded. */
function bare(v: string | number | undefined): string {
  if (v === undefined || v === "") return "-";
  return String(v).replace(/[\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** A quoted field: `"-"` when absent; quotes and backslashes escaped, control characters dropped. */
function quoted(v: string | undefined): string {
  if (v === undefined || v === "") return '"-"';
  // eslint-disable-next-line no-control-regex
  return `"${v.replace(/[\u0000-\u001f\u007f]/g, "").replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** @public The key as the log shows it: URL-encoded, with `/` kept. */
export function accessLogKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, "/");
}

/** @public One record line (without the newline). */
export function formatAccessLogRecord(r: AccessLogRecord): string {
  return [
    bare(r.bucketOwner),
    bare(r.bucket),
    accessLogTime(r.time),
    bare(r.remoteIp),
    bare(r.requester),
    bare(r.requestId),
    bare(r.operation),
    r.key === undefined ? "-" : bare(accessLogKey(r.key)),
    quoted(`${r.method} ${r.requestUri} ${r.httpVersion}`),
    String(r.status),
    bare(r.errorCode),
    r.bytesSent > 0 ? String(r.bytesSent) : "-",
    bare(r.objectSize),
    String(Math.max(0, Math.round(r.totalTimeMs))),
    r.turnAroundTimeMs === undefined ? "-" : String(Math.max(0, Math.round(r.turnAroundTimeMs))),
    quoted(r.referer),
    quoted(r.userAgent),
    bare(r.versionId),
    bare(r.hostId),
    bare(r.signatureVersion),
    bare(r.cipherSuite),
    bare(r.authType),
    bare(r.hostHeader),
    bare(r.tlsVersion),
    bare(r.accessPointArn),
    r.aclRequired === true ? "Yes" : "-",
    bare(r.sourceRegion),
  ].join(" ");
}

/** The resource part of `REST.<METHOD>.<RESOURCE>` for each operation, as S3 names it in its logs. */
const RESOURCE_TYPES: Readonly<Partial<Record<S3OperationName, string>>> = {
  ListBuckets: "SERVICE",
  CreateBucket: "BUCKET",
  DeleteBucket: "BUCKET",
  HeadBucket: "BUCKET",
  ListObjects: "BUCKET",
  ListObjectsV2: "BUCKET",
  GetBucketLocation: "LOCATION",
  ListObjectVersions: "BUCKETVERSIONS",
  ListMultipartUploads: "UPLOADS",
  GetObject: "OBJECT",
  HeadObject: "OBJECT",
  PutObject: "OBJECT",
  DeleteObject: "OBJECT",
  GetObjectAttributes: "OBJECT_ATTRIBUTES",
  CopyObject: "OBJECT",
  DeleteObjects: "MULTI_OBJECT_DELETE",
  CreateMultipartUpload: "UPLOADS",
  UploadPart: "PART",
  UploadPartCopy: "PART",
  CompleteMultipartUpload: "UPLOAD",
  AbortMultipartUpload: "UPLOAD",
  ListParts: "UPLOAD",
  GetBucketVersioning: "VERSIONING",
  PutBucketVersioning: "VERSIONING",
  GetObjectTagging: "OBJECT_TAGGING",
  PutObjectTagging: "OBJECT_TAGGING",
  DeleteObjectTagging: "OBJECT_TAGGING",
  GetBucketTagging: "TAGGING",
  PutBucketTagging: "TAGGING",
  DeleteBucketTagging: "TAGGING",
  GetBucketAcl: "ACL",
  PutBucketAcl: "ACL",
  GetObjectAcl: "ACL",
  PutObjectAcl: "ACL",
  GetBucketOwnershipControls: "OWNERSHIP_CONTROLS",
  PutBucketOwnershipControls: "OWNERSHIP_CONTROLS",
  DeleteBucketOwnershipControls: "OWNERSHIP_CONTROLS",
  GetBucketPolicy: "BUCKETPOLICY",
  PutBucketPolicy: "BUCKETPOLICY",
  DeleteBucketPolicy: "BUCKETPOLICY",
  GetBucketPolicyStatus: "POLICY_STATUS",
  GetPublicAccessBlock: "PUBLIC_ACCESS_BLOCK",
  PutPublicAccessBlock: "PUBLIC_ACCESS_BLOCK",
  DeletePublicAccessBlock: "PUBLIC_ACCESS_BLOCK",
  GetBucketLogging: "LOGGING_STATUS",
  PutBucketLogging: "LOGGING_STATUS",
};

/**
 * @public The operation field: `REST.<HTTP method>.<resource type>`; copies are `REST.COPY.OBJECT` and
 * `REST.COPY.PART`. An operation not in the table gets its name without the verb, in upper snake case.
 */
export function accessLogOperation(operation: S3OperationName, method: string): string {
  if (operation === "CopyObject") return "REST.COPY.OBJECT";
  if (operation === "UploadPartCopy") return "REST.COPY.PART";
  const resource =
    RESOURCE_TYPES[operation] ??
    operation
      .replace(/^(Get|Put|Delete|Head|List|Create|Post)/, "")
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .toUpperCase();
  return `REST.${method.toUpperCase()}.${resource}`;
}

/** @public Where a log object goes and when it was made: what its key is built from. */
export interface LogObjectKeyInput {
  readonly prefix: string;
  readonly format: TargetKeyFormat | undefined;
  readonly sourceAccountId: string;
  readonly sourceRegion: string;
  readonly sourceBucket: string;
  /** The delivery time (the key's timestamp). */
  readonly deliveredAt: Date;
  /** The partition date: the delivery time, or for `EventTime` the time of the records' first event. */
  readonly partitionAt: Date;
  /** A random string that keeps keys of the same second apart (16 upper-case hex characters at S3). */
  readonly unique: string;
}

/**
 * @public The key of a log object. SimplePrefix: `[prefix]YYYY-mm-DD-HH-MM-SS-UniqueString`; PartitionedPrefix:
 * `[prefix][SourceAccountId]/[SourceRegion]/[SourceBucket]/[YYYY]/[MM]/[DD]/YYYY-mm-DD-HH-MM-SS-UniqueString`.
 */
export function logObjectKey(k: LogObjectKeyInput): string {
  const d = k.deliveredAt;
  const name = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}-${k.unique}`;
  if (k.format?.kind !== "PartitionedPrefix") return `${k.prefix}${name}`;
  const p = k.partitionAt;
  return `${k.prefix}${k.sourceAccountId}/${k.sourceRegion}/${k.sourceBucket}/${p.getUTCFullYear()}/${pad(p.getUTCMonth() + 1)}/${pad(p.getUTCDate())}/${name}`;
}

/**
 * @public Splits a record line back into its fields (quoted fields without their quotes): for tests and for
 * tools that read the logs.
 */
export function parseAccessLogRecord(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === " ") {
      i++;
      continue;
    }
    if (line[i] === '"' || line[i] === "[") {
      const close = line[i] === '"' ? '"' : "]";
      let j = i + 1;
      let text = "";
      while (j < line.length && line[j] !== close) {
        if (line[j] === "\\" && close === '"' && j + 1 < line.length) j++;
        text += line[j];
        j++;
      }
      fields.push(close === "]" ? `[${text}]` : text);
      i = j + 1;
      continue;
    }
    const end = line.indexOf(" ", i);
    fields.push(end < 0 ? line.slice(i) : line.slice(i, end));
    i = end < 0 ? line.length : end;
  }
  return fields;
}

/** @public The field names, in record order (what {@link parseAccessLogRecord} returns, by index). */
export const ACCESS_LOG_FIELDS = [
  "bucketOwner",
  "bucket",
  "time",
  "remoteIp",
  "requester",
  "requestId",
  "operation",
  "key",
  "requestLine",
  "status",
  "errorCode",
  "bytesSent",
  "objectSize",
  "totalTime",
  "turnAroundTime",
  "referer",
  "userAgent",
  "versionId",
  "hostId",
  "signatureVersion",
  "cipherSuite",
  "authType",
  "hostHeader",
  "tlsVersion",
  "accessPointArn",
  "aclRequired",
  "sourceRegion",
] as const;
