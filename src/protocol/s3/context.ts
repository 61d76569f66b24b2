/**
 * @module protocol/s3/context
 * What a handler receives: the request decoded once, and the services it may use. Handlers never
 * re-read raw headers for authentication or re-check permissions; the pipeline did both.
 */
import type { Clock } from "../../kernel/clock.ts";
import type { Principal } from "../../kernel/principal.ts";
import type { S3OperationName } from "../../authz/catalogue.ts";
import type { Account, AccountDirectory } from "../../identity/accounts.ts";
import type { AuthzRequest, AuthzResult, IdentityContext, OrgPolicyLevels } from "../../authz/index.ts";
import type { AccessPointRecord, BlobStore, BucketRecord, MetadataStore, ObjectVersionRecord } from "../../storage/ports.ts";
import type { Headers, HttpRequest, HttpResponse } from "../http.ts";
import type { S3Error } from "./errors.ts";
import type { Payload } from "./payload.ts";
import type { BodyKeys } from "./requestContext.ts";

/** @public Generators of the identifiers S3 hands out; injected so tests can pin them. */
export interface IdGenerator {
  requestId(): string;
  hostId(): string;
  versionId(): string;
  uploadId(): string;
}

/** @public A structured logger. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** @public Server settings the protocol layer reads. */
export interface ProtocolConfig {
  /** The region this server answers as (GetBucketLocation, signing scope). */
  readonly region: string;
  /** Host names under which buckets are addressed virtual-hosted style. */
  readonly baseDomains: readonly string[];
  /** Largest single PUT (S3: 5 GiB). */
  readonly maxObjectSize: number;
  /** Smallest non-final multipart part (S3: 5 MiB). */
  readonly minPartSize: number;
  /**
   * Settings of new buckets: `current` is AWS's since April 2023 (Object Ownership
   * BucketOwnerEnforced, Block Public Access on); `legacy` is before (ObjectWriter, no BPA), the world
   * most of the seeds' stories happened in.
   */
  readonly bucketDefaults: "current" | "legacy";
}

/** @public Where the identity side of a requester comes from (IAM policies, boundary, session policies). */
export interface IdentitySources {
  /** Undefined for principals without an identity side (root, anonymous, service principals). */
  contextOf(principal: Principal, accessKeyId: string | undefined): IdentityContext | undefined;
  /** Whether an IAM user or role named in a resource policy (by ARN or unique ID) exists (spec §12.13). */
  principalExists(value: string): boolean;
  /** An account's organization: ID, path, and the SCP / RCP levels that govern it (undefined: none). */
  organizationOf(accountId: string): { readonly orgId: string; readonly paths: readonly string[]; readonly scps?: OrgPolicyLevels; readonly rcps?: OrgPolicyLevels } | undefined;
}

/**
 * @public One authorization decision as the authorize stage made it: the fully resolved engine request
 * (pure data, so the decision can be replayed with a trace for `why`), the engine's result and what the
 * client was answered.
 */
export interface DecisionRecord {
  readonly requestId: string;
  readonly time: Date;
  readonly request: AuthzRequest;
  readonly result: AuthzResult;
  /** The S3 error code the client got because of this decision, or undefined when it was allowed. */
  readonly answeredWith?: string;
  /** The message of that error. */
  readonly message?: string;
  /** The access key that signed the request (absent for anonymous requests). */
  readonly accessKeyId?: string;
  /** This is the `s3:ListBucket` check that turns a read of a missing key into a 403 instead of a 404 (spec §9.3). */
  readonly missingKeyCheck?: true;
}

/** @public Where decisions go (the `why` log); `record` must be cheap and must not throw. */
export interface DecisionLog {
  record(decision: DecisionRecord): void;
}

/**
 * @public What the pipeline learns about one request, for a {@link RequestObserver}: filled in stage by stage,
 * so a request that ends early (bad signature, missing bucket) carries what was known by then.
 */
export interface RequestTrace {
  requestId?: string | undefined;
  hostId?: string | undefined;
  /** Another service on this port answered (`iam`, `sts`, `organizations`, `s3-control`). */
  service?: string | undefined;
  operation?: S3OperationName | undefined;
  bucketName?: string | undefined;
  key?: string | undefined;
  /** The authenticated requester, once the signature verified. */
  auth?: { readonly principal: Principal; readonly accessKeyId?: string; readonly authType?: RequestAuth["authType"] };
  /** The decoded request, once the bucket was resolved. */
  request?: S3Request;
  /** The S3 error the client was answered with. */
  error?: S3Error;
}

/**
 * @public Watches every request once its response is ready (server access logs, the event log). The pipeline
 * calls it only while `active`; `complete` may wrap a streamed body to learn when the last byte was sent.
 */
export interface RequestObserver {
  readonly active: boolean;
  begin(http: HttpRequest): RequestTrace;
  complete(trace: RequestTrace, http: HttpRequest, response: HttpResponse): HttpResponse;
  /** A bucket's logging setting was put or removed (PutBucketLogging). */
  loggingChanged(bucket: string, enabled: boolean): void;
}

/** @public Everything a handler may use. */
export interface Services {
  readonly meta: MetadataStore;
  readonly blobs: BlobStore;
  readonly accounts: AccountDirectory;
  readonly identities: IdentitySources;
  readonly decisions: DecisionLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly log: Logger;
  readonly config: ProtocolConfig;
  /** Server access logs and the event log; undefined when neither can be produced. */
  readonly requestLog?: RequestObserver;
}

/** @public A decoded, authenticated request. */
export interface S3Request {
  readonly requestId: string;
  readonly operation: S3OperationName;
  readonly method: string;
  /** The path as received (for `<Resource>` in errors). */
  readonly path: string;
  readonly bucketName: string | undefined;
  readonly key: string | undefined;
  readonly query: ReadonlyMap<string, string>;
  readonly headers: Headers;
  readonly principal: Principal;
  /** The requester's account; undefined only for anonymous requests. */
  readonly account: Account | undefined;
  readonly now: Date;
  readonly payload: Payload;
  /** How the request was signed (`s3:authType`, `s3:signatureAge`), and with which key; empty for anonymous requests. */
  readonly auth: RequestAuth;
  /** The client's address and whether it connected with TLS (`aws:SourceIp`, `aws:SecureTransport`). */
  readonly client: { readonly ip: string; readonly secure: boolean };
  /** The bucket the request names, resolved by the pipeline when the operation needs one. */
  readonly bucket: BucketRecord | undefined;
  /** The access point the request came through (by ARN host or alias); `bucket` is then the bucket behind it. */
  readonly accessPoint?: AccessPointRecord;
  /**
   * The object version the request acts on, when the resolve stage looked it up for authorization
   * (`looked-up`; `record` undefined when there is none). Handlers reuse it instead of reading it again.
   */
  readonly object?: { readonly record: ObjectVersionRecord | undefined };
  /** For the operations with condition keys in their body (bodyKeys.ts): what the pipeline read before authorizing. */
  readonly bodyKeys?: BodyKeys;
}

/** @public The authentication facts the authorization stage reads. */
export interface RequestAuth {
  readonly accessKeyId?: string;
  readonly authType?: "REST-HEADER" | "REST-QUERY-STRING";
  readonly signatureAgeMs?: number;
}

/** @public A handler of one S3 operation. */
export type Handler = (req: S3Request, svc: Services) => Promise<HttpResponse>;
