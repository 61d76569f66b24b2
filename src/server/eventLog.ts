/**
 * @module server/eventLog
 * The event log (`crossbucket serve --event-log FILE|-`): one JSON object per request, one per line, shaped
 * like a CloudTrail record (eventVersion, userIdentity, eventTime, eventSource, eventName, awsRegion,
 * sourceIPAddress, userAgent, requestParameters, responseElements, additionalEventData, requestID, eventID,
 * readOnly, resources, eventType, managementEvent, recipientAccountId, eventCategory, errorCode/errorMessage
 * when the request failed), plus crossbucket's own fields: `decision` (the authorization verdict,
 * `Allow` | `ExplicitDeny` | `ImplicitDeny`, or null when the request never reached authorization) and
 * `blockedBy` (the layer that stopped a denied request, the action and resource refused).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html
 */
import { createWriteStream, type WriteStream } from "node:fs";
import type { AuthzResult } from "../authz/index.ts";
import { bucketArn, objectArn } from "../kernel/arn.ts";
import type { Principal } from "../kernel/principal.ts";

/** @public What one event is made of. */
export interface EventInput {
  readonly time: Date;
  /** `s3`, `iam`, `sts`, `organizations`, `s3-control`. */
  readonly service: string;
  readonly eventName: string;
  readonly region: string;
  readonly sourceIp: string;
  readonly userAgent?: string;
  /** Undefined when the requester is unknown (no or a bad signature on an unsigned-looking request). */
  readonly principal?: Principal;
  readonly accessKeyId?: string;
  readonly authType?: "REST-HEADER" | "REST-QUERY-STRING";
  readonly bucketName?: string;
  readonly key?: string;
  readonly bucketOwnerAccountId?: string;
  readonly host?: string;
  readonly requestId: string;
  readonly hostId?: string;
  readonly eventId: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly bytesIn?: number;
  readonly bytesOut?: number;
  /** The authorization result of the request, when it was authorized. */
  readonly decision?: AuthzResult;
}

/** @public A CloudTrail `userIdentity`. */
export function userIdentityOf(p: Principal | undefined, accessKeyId: string | undefined): Record<string, unknown> | null {
  if (p === undefined) return null;
  const key = accessKeyId !== undefined ? { accessKeyId } : {};
  switch (p.kind) {
    case "root":
      return { type: "Root", principalId: p.accountId, arn: p.arn, accountId: p.accountId, ...key };
    case "user":
      return { type: "IAMUser", principalId: p.uniqueId ?? p.userId, arn: p.arn, accountId: p.accountId, ...key, ...(p.username !== undefined ? { userName: p.username } : {}) };
    case "assumed-role":
      return { type: "AssumedRole", principalId: p.userId, arn: p.arn, accountId: p.accountId, ...key, sessionContext: { sessionIssuer: { type: "Role", principalId: p.uniqueId, arn: p.principalArn, accountId: p.accountId } } };
    case "federated-user":
      return { type: "FederatedUser", principalId: p.userId, arn: p.arn, accountId: p.accountId, ...key };
    case "anonymous":
      return { type: "AWSAccount", principalId: "", accountId: "anonymous" };
    case "service":
      return { type: "AWSService", invokedBy: p.service };
  }
}

const READ_ONLY = /^(Get|Head|List|Describe)/;
/** S3 operations on objects are data events; everything else is a management event. */
const S3_DATA_EVENTS = /^(GetObject|HeadObject|PutObject|CopyObject|DeleteObject|DeleteObjects|CreateMultipartUpload|UploadPart|UploadPartCopy|CompleteMultipartUpload|AbortMultipartUpload|ListParts|RestoreObject|SelectObjectContent)/;

/** @public The event record of one request. */
export function cloudTrailEvent(e: EventInput): Record<string, unknown> {
  const s3 = e.service === "s3" || e.service === "s3-control";
  const data = s3 && S3_DATA_EVENTS.test(e.eventName);
  const resources: Record<string, unknown>[] = [];
  if (s3 && e.bucketName !== undefined) {
    if (e.key !== undefined) resources.push({ type: "AWS::S3::Object", ARN: objectArn(e.bucketName, e.key) });
    resources.push({ ...(e.bucketOwnerAccountId !== undefined ? { accountId: e.bucketOwnerAccountId } : {}), type: "AWS::S3::Bucket", ARN: bucketArn(e.bucketName) });
  }
  const requestParameters = s3 ? { ...(e.bucketName !== undefined ? { bucketName: e.bucketName } : {}), ...(e.host !== undefined ? { Host: e.host } : {}), ...(e.key !== undefined ? { key: e.key } : {}) } : null;
  const blocked = e.decision?.blockedBy;
  return {
    eventVersion: "1.09",
    userIdentity: userIdentityOf(e.principal, e.accessKeyId),
    eventTime: `${e.time.toISOString().slice(0, 19)}Z`,
    eventSource: `${e.service === "s3-control" ? "s3" : e.service}.amazonaws.com`,
    eventName: e.eventName,
    awsRegion: e.region,
    sourceIPAddress: e.sourceIp,
    userAgent: e.userAgent ?? null,
    ...(e.errorCode !== undefined ? { errorCode: e.errorCode, errorMessage: e.errorMessage ?? "" } : {}),
    requestParameters,
    responseElements: null,
    ...(s3
      ? {
          additionalEventData: {
            ...(e.authType !== undefined ? { SignatureVersion: "SigV4", AuthenticationMethod: e.authType === "REST-HEADER" ? "AuthHeader" : "QueryString" } : {}),
            bytesTransferredIn: e.bytesIn ?? 0,
            bytesTransferredOut: e.bytesOut ?? 0,
            ...(e.hostId !== undefined ? { "x-amz-id-2": e.hostId } : {}),
          },
        }
      : {}),
    requestID: e.requestId,
    eventID: e.eventId,
    readOnly: READ_ONLY.test(e.eventName),
    resources,
    eventType: "AwsApiCall",
    managementEvent: !data,
    recipientAccountId: (s3 ? e.bucketOwnerAccountId : undefined) ?? e.principal?.accountId ?? null,
    eventCategory: data ? "Data" : "Management",
    decision: e.decision?.verdict ?? null,
    blockedBy: blocked === undefined ? null : { layer: blocked.layer, ...(blocked.setting !== undefined ? { setting: blocked.setting } : {}), action: blocked.check.action, resource: blocked.check.resource ?? null },
  };
}

/** @public Where event lines go: a file (appended, one write per line) or stdout (`-`). */
export class EventLogSink {
  readonly #stream: WriteStream | undefined;
  readonly #write: (line: string) => void;

  constructor(target: string, onError: (err: unknown) => void) {
    if (target === "-") {
      this.#stream = undefined;
      this.#write = (line) => void process.stdout.write(line);
    } else {
      const stream = createWriteStream(target, { flags: "a" });
      stream.on("error", onError);
      this.#stream = stream;
      this.#write = (line) => void stream.write(line);
    }
  }

  /** Appends one event as one line. */
  append(event: Record<string, unknown>): void {
    this.#write(`${JSON.stringify(event)}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    const stream = this.#stream;
    if (stream === undefined) return Promise.resolve();
    return new Promise((resolve) => stream.end(() => resolve()));
  }
}
