/**
 * @module protocol/s3/router
 * HTTP → S3 operation: decides which AWS operation a request is from its method, whether it names a
 * bucket and a key, its subresource query parameters and the `x-amz-copy-source` header. Runs on every
 * request, so every table is built once at load time. Operation names come from the catalogue.
 * Sources: the "HTTP Host header / Request Syntax" of each page of https://docs.aws.amazon.com/AmazonS3/latest/API/.
 */

import type { S3OperationName } from "../../authz/catalogue.ts";

/** @public What the router needs from a request. */
export interface RouteInput {
  readonly method: string;
  readonly bucket?: string;
  readonly key?: string;
  /** Decoded query names → values; a name present without a value maps to "". */
  readonly query: ReadonlyMap<string, string>;
  readonly headers: { get(name: string): string | undefined };
}

/** @public The S3 error codes the router can answer with. */
export type RouteErrorCode = "MethodNotAllowed" | "NotImplemented" | "InvalidRequest";

/** @public A request the router cannot map to an operation. */
export interface RouteError {
  readonly error: RouteErrorCode;
  readonly message: string;
}

/** @public The router's answer. */
export type RouteResult = { readonly operation: S3OperationName } | RouteError;

type Target = "bucket" | "object";
type Method = "GET" | "PUT" | "POST" | "DELETE";
/** A function choosing an operation (or an error) from the request. */
type Chooser = (input: RouteInput) => RouteResult;
/** An operation, or a function choosing one. */
type Choice = S3OperationName | Chooser;
/** Subresource query parameter → operation, most specific first. */
type Rules = readonly (readonly [string, Choice])[];

const op = (operation: S3OperationName): RouteResult => ({ operation });

/** `?analytics&id=…` reads one configuration, `?analytics` alone lists them. */
function byId(one: S3OperationName, list: S3OperationName): Chooser {
  return (input) => op(input.query.has("id") ? one : list);
}

/** `x-amz-copy-source` turns a write into a copy. */
function copyOr(plain: S3OperationName, copy: S3OperationName): Chooser {
  return (input) => op(input.headers.get("x-amz-copy-source") === undefined ? plain : copy);
}

/** UploadPart needs both `partNumber` and `uploadId`. */
const uploadPart: Chooser = (input) =>
  input.query.has("partNumber") ? copyOr("UploadPart", "UploadPartCopy")(input) : { error: "InvalidRequest", message: "an upload part needs both `partNumber` and `uploadId`" };

/** Subresources per target and method (each API reference page's Request Syntax). */
const SUBRESOURCES: Readonly<Record<Target, Readonly<Record<Method, Rules>>>> = {
  bucket: {
    GET: [
      ["uploads", "ListMultipartUploads"],
      ["versions", "ListObjectVersions"],
      ["acl", "GetBucketAcl"],
      ["policy", "GetBucketPolicy"],
      ["policyStatus", "GetBucketPolicyStatus"],
      ["versioning", "GetBucketVersioning"],
      ["location", "GetBucketLocation"],
      ["tagging", "GetBucketTagging"],
      ["ownershipControls", "GetBucketOwnershipControls"],
      ["publicAccessBlock", "GetPublicAccessBlock"],
      ["logging", "GetBucketLogging"],
      ["cors", "GetBucketCors"],
      ["lifecycle", "GetBucketLifecycleConfiguration"],
      ["encryption", "GetBucketEncryption"],
      ["website", "GetBucketWebsite"],
      ["notification", "GetBucketNotificationConfiguration"],
      ["requestPayment", "GetBucketRequestPayment"],
      ["object-lock", "GetObjectLockConfiguration"],
      ["accelerate", "GetBucketAccelerateConfiguration"],
      ["replication", "GetBucketReplication"],
      ["analytics", byId("GetBucketAnalyticsConfiguration", "ListBucketAnalyticsConfigurations")],
      ["inventory", byId("GetBucketInventoryConfiguration", "ListBucketInventoryConfigurations")],
      ["metrics", byId("GetBucketMetricsConfiguration", "ListBucketMetricsConfigurations")],
      ["intelligent-tiering", byId("GetBucketIntelligentTieringConfiguration", "ListBucketIntelligentTieringConfigurations")],
    ],
    PUT: [
      ["acl", "PutBucketAcl"],
      ["policy", "PutBucketPolicy"],
      ["versioning", "PutBucketVersioning"],
      ["tagging", "PutBucketTagging"],
      ["ownershipControls", "PutBucketOwnershipControls"],
      ["publicAccessBlock", "PutPublicAccessBlock"],
      ["logging", "PutBucketLogging"],
      ["cors", "PutBucketCors"],
      ["lifecycle", "PutBucketLifecycleConfiguration"],
      ["encryption", "PutBucketEncryption"],
      ["website", "PutBucketWebsite"],
      ["notification", "PutBucketNotificationConfiguration"],
      ["requestPayment", "PutBucketRequestPayment"],
      ["object-lock", "PutObjectLockConfiguration"],
      ["accelerate", "PutBucketAccelerateConfiguration"],
      ["replication", "PutBucketReplication"],
      ["analytics", "PutBucketAnalyticsConfiguration"],
      ["inventory", "PutBucketInventoryConfiguration"],
      ["metrics", "PutBucketMetricsConfiguration"],
      ["intelligent-tiering", "PutBucketIntelligentTieringConfiguration"],
    ],
    POST: [["delete", "DeleteObjects"]],
    DELETE: [
      ["policy", "DeleteBucketPolicy"],
      ["tagging", "DeleteBucketTagging"],
      ["ownershipControls", "DeleteBucketOwnershipControls"],
      ["publicAccessBlock", "DeletePublicAccessBlock"],
      ["cors", "DeleteBucketCors"],
      ["lifecycle", "DeleteBucketLifecycle"],
      ["encryption", "DeleteBucketEncryption"],
      ["website", "DeleteBucketWebsite"],
      ["replication", "DeleteBucketReplication"],
      ["analytics", "DeleteBucketAnalyticsConfiguration"],
      ["inventory", "DeleteBucketInventoryConfiguration"],
      ["metrics", "DeleteBucketMetricsConfiguration"],
      ["intelligent-tiering", "DeleteBucketIntelligentTieringConfiguration"],
    ],
  },
  object: {
    GET: [
      ["uploadId", "ListParts"],
      ["acl", "GetObjectAcl"],
      ["tagging", "GetObjectTagging"],
      ["attributes", "GetObjectAttributes"],
      ["retention", "GetObjectRetention"],
      ["legal-hold", "GetObjectLegalHold"],
      ["torrent", "GetObjectTorrent"],
    ],
    PUT: [
      ["uploadId", uploadPart],
      ["acl", "PutObjectAcl"],
      ["tagging", "PutObjectTagging"],
      ["retention", "PutObjectRetention"],
      ["legal-hold", "PutObjectLegalHold"],
    ],
    POST: [
      ["uploads", "CreateMultipartUpload"],
      ["uploadId", "CompleteMultipartUpload"],
      ["restore", "RestoreObject"],
      ["select", "SelectObjectContent"],
    ],
    DELETE: [
      ["uploadId", "AbortMultipartUpload"],
      ["tagging", "DeleteObjectTagging"],
    ],
  },
};

/** What a method does on a target when no subresource is named; absent means 405. */
const DEFAULTS: Readonly<Record<Target, Partial<Record<Method, Choice>>>> = {
  bucket: {
    GET: (input) => op(input.query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects"),
    PUT: "CreateBucket",
    DELETE: "DeleteBucket",
    // POST Object (browser form upload) is `POST /bucket`; its handler checks the multipart/form-data body.
    POST: "PostObject",
  },
  object: {
    GET: "GetObject",
    PUT: copyOr("PutObject", "CopyObject"),
    DELETE: "DeleteObject",
    // No POST default: S3 answers a bare POST on an object with 405 MethodNotAllowed, ResourceType OBJECT.
  },
};

/**
 * Subresources S3 has but the catalogue does not list (directory buckets, S3 Metadata, annotations,
 * ABAC, rename, object encryption updates). They must never fall through to a default operation: a
 * `PUT /bucket/key?annotation` is not a PutObject. `router.sdk.test.ts` checks this list against
 * every command of @aws-sdk/client-s3.
 */
const UNCATALOGUED: Readonly<Record<Target, ReadonlySet<string>>> = {
  bucket: new Set(["session", "metadataTable", "metadataConfiguration", "metadataInventoryTable", "metadataJournalTable", "metadataAnnotationTable", "abac"]),
  object: new Set(["annotation", "renameObject", "encryption"]),
};

const METHODS: ReadonlySet<string> = new Set<Method>(["GET", "PUT", "POST", "DELETE"]);

/** Per target and method: the rules as a map, and every subresource name known under any method. */
interface Compiled {
  readonly rules: Rules;
  readonly ownNames: ReadonlySet<string>;
}
function names(rules: Rules): Set<string> {
  return new Set(rules.map(([name]) => name));
}
const ANY_METHOD: Readonly<Record<Target, ReadonlySet<string>>> = {
  bucket: new Set(Object.values(SUBRESOURCES.bucket).flatMap((r) => [...names(r)])),
  object: new Set(Object.values(SUBRESOURCES.object).flatMap((r) => [...names(r)])),
};
const COMPILED: Readonly<Record<Target, Readonly<Record<Method, Compiled>>>> = {
  bucket: compileTarget("bucket"),
  object: compileTarget("object"),
};
function compileTarget(target: Target): Record<Method, Compiled> {
  const t = SUBRESOURCES[target];
  const c = (m: Method): Compiled => ({ rules: t[m], ownNames: names(t[m]) });
  return { GET: c("GET"), PUT: c("PUT"), POST: c("POST"), DELETE: c("DELETE") };
}

function choose(choice: Choice, input: RouteInput): RouteResult {
  return typeof choice === "string" ? op(choice) : choice(input);
}

function notAllowed(method: string, what: string): RouteError {
  return { error: "MethodNotAllowed", message: `the ${method} method is not allowed against ${what}` };
}

/** No rule matched: explain the first subresource that belongs elsewhere, or take the default. */
function fallback(method: Method, target: Target, input: RouteInput): RouteResult {
  const other: Target = target === "bucket" ? "object" : "bucket";
  for (const name of input.query.keys()) {
    if (UNCATALOGUED[target].has(name)) return { error: "NotImplemented", message: `the \`${name}\` subresource is not implemented` };
    if (COMPILED[other][method].ownNames.has(name)) {
      const message = target === "bucket" ? `a key must be specified for the ${method} method \`?${name}\` subresource` : `a key is not expected for the ${method} method \`?${name}\` subresource`;
      return { error: "InvalidRequest", message };
    }
    if (ANY_METHOD[target].has(name)) return notAllowed(method, `the \`?${name}\` subresource`);
    if (ANY_METHOD[other].has(name)) {
      return { error: "InvalidRequest", message: `the \`?${name}\` subresource applies to ${other === "bucket" ? "a bucket, not an object" : "an object, not a bucket"}` };
    }
  }
  const def = DEFAULTS[target][method];
  return def === undefined ? notAllowed(method, target === "bucket" ? "a bucket" : "an object") : choose(def, input);
}

/**
 * @public Maps a decoded request to the S3 operation it invokes. Recognised operations that crossbucket
 * does not serve are still returned (see `S3_OPERATIONS[op].served`); CORS preflight (`OPTIONS`) must be
 * handled before routing.
 */
export function routeS3(input: RouteInput): RouteResult {
  const { method } = input;
  if (input.bucket === undefined) {
    return method === "GET" ? op("ListBuckets") : notAllowed(method, "the service");
  }
  const target: Target = input.key === undefined ? "bucket" : "object";
  if (method === "HEAD") return op(target === "bucket" ? "HeadBucket" : "HeadObject");
  if (!METHODS.has(method)) return notAllowed(method, target === "bucket" ? "a bucket" : "an object");
  const m = method as Method;
  const { rules } = COMPILED[target][m];
  for (const [name, choice] of rules) {
    if (input.query.has(name)) return choose(choice, input);
  }
  return fallback(m, target, input);
}
