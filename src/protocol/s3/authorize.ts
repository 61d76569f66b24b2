/**
 * @module protocol/s3/authorize
 * The authorize stage: resolves everything the engine (src/authz) needs for a request — the requester's
 * identity side, the bucket and object (owner, Object Ownership, ACLs, bucket policy, Block Public Access),
 * the copy source, the condition keys — decides, and turns a denial into the error S3 answers:
 * - `x-amz-expected-bucket-owner` (and `x-amz-source-expected-bucket-owner`) mismatch → 403 before anything else;
 * - a denial → 403 AccessDenied with AWS's enhanced message where AWS gives one (spec §11.3);
 * - a bucket-policy API called by another account, even with a grant → 405 MethodNotAllowed (spec §12.9);
 * - reading a key that does not exist without `s3:ListBucket` → 403 instead of 404 (spec §9.3).
 * This is the only place S3 requests are authorized; DeleteObjects asks per key through {@link authorizeKey}. The
 * operations whose condition keys come from the body (bodyKeys.ts) arrive with those keys read (`req.bodyKeys`).
 */
import { S3_OPERATIONS, extraTriggers, type S3OperationName } from "../../authz/catalogue.ts";
import { accessDeniedMessage, authorize as decide, checksFor, type AuthzRequest, type AuthzResult, type ResourceContext, type StoredObject } from "../../authz/index.ts";
import { bucketArn } from "../../kernel/arn.ts";
import type { BucketRecord, ObjectVersionRecord } from "../../storage/ports.ts";
import type { S3Request, Services } from "./context.ts";
import { S3Error } from "./errors.ts";
import { requestContext } from "./requestContext.ts";
import { hasBodyKeys } from "./bodyKeys.ts";
import { accessPointContextOf, resourceContextOf, storedObjectOf } from "./resourceContext.ts";
import { parseCopySource } from "./ops/copySource.ts";
import { checkVersionId } from "./ops/common.ts";
import { canonicalIdOf } from "./bucketState.ts";
import { defaultObjectAcl } from "../../acl/defaults.ts";

/** Operations that act on an existing object version: the engine needs its owner and ACL (spec §1.4). */
const ACTS_ON_EXISTING: ReadonlySet<S3OperationName> = new Set<S3OperationName>([
  "GetObject",
  "HeadObject",
  "GetObjectAttributes",
  "GetObjectAcl",
  "PutObjectAcl",
  "GetObjectTagging",
  "PutObjectTagging",
  "DeleteObjectTagging",
  "DeleteObject",
]);

/** Reads that answer 404 for a missing key only to callers allowed `s3:ListBucket` (spec §9.3, §12.10). */
const MISSING_KEY_NEEDS_LIST: ReadonlySet<S3OperationName> = new Set<S3OperationName>([
  "GetObject",
  "HeadObject",
  "GetObjectAttributes",
  "GetObjectAcl",
  "GetObjectTagging",
]);

/** Multipart operations on an upload: its initiator has them by default (spec §9.2 S3-MPU). */
const UPLOAD_OPERATIONS: ReadonlySet<S3OperationName> = new Set<S3OperationName>(["AbortMultipartUpload", "ListParts"]);

/** @public The decision of the authorize stage, kept for explanations. */
export interface Decision {
  readonly request: AuthzRequest;
  readonly result: AuthzResult;
}

/** @public A request resolved for the engine, with the object version looked up for it. */
export interface ResolvedRequest {
  readonly request: AuthzRequest;
  /** The object lookup the handler may reuse (for operations on an existing version). */
  readonly looked?: { readonly record: ObjectVersionRecord | undefined };
  /** The version the request acts on, if it exists (a delete marker counts only when named by version ID). */
  readonly existing?: ObjectVersionRecord;
}

/**
 * @public Resolves everything the engine needs for a request: identity side, bucket and object contexts, copy
 * source, condition keys. Shared by the authorize stage and `simulate`. Throws the 400s of malformed input.
 */
export function resolveRequest(req: S3Request, svc: Services): ResolvedRequest {
  const spec = S3_OPERATIONS[req.operation];
  const body = req.bodyKeys;
  // Fail closed: deciding such an operation without its body's keys would ignore conditions on them.
  if (body === undefined && hasBodyKeys(req.operation)) throw new Error(`${req.operation} must be authorized with the condition keys of its body (readBodyKeys)`);
  const bucket = req.bucket;
  if (ACTS_ON_EXISTING.has(req.operation)) checkVersionId(req.query.get("versionId"));
  const looked = ACTS_ON_EXISTING.has(req.operation) && bucket !== undefined && req.key !== undefined ? { record: svc.meta.getObject(bucket.name, req.key, req.query.get("versionId")) } : undefined;
  const existing = looked?.record !== undefined && (!looked.record.isDeleteMarker || req.query.has("versionId")) ? looked.record : undefined;
  const stored = existing !== undefined ? storedObjectOf(svc, existing) : uploadInitiator(req, svc, bucket);
  const target = bucket === undefined ? undefined : resourceContextOf(svc, bucket, req.key, stored);
  const source = copySourceContext(req, svc);
  const accessPoint = req.accessPoint !== undefined ? accessPointContextOf(svc, req.accessPoint) : undefined;
  const scps = governedBySCPs(req, svc);
  const request: AuthzRequest = {
    principal: req.principal,
    ...identityOf(req, svc),
    ...(scps !== undefined ? { scps } : {}),
    operation: req.operation,
    checks: checksFor(
      spec,
      { versioned: req.query.has("versionId"), sourceVersioned: source?.versioned === true, triggers: extraTriggers(req.headers) },
      req.bucketName === undefined ? undefined : { bucket: req.bucketName, ...(req.key !== undefined ? { key: req.key } : {}) },
      source?.addressed,
    ),
    ...(target !== undefined ? { target } : {}),
    ...(source?.context !== undefined ? { source: source.context } : {}),
    ...(accessPoint !== undefined ? { accessPoint } : {}),
    context: requestContext({ req, svc, ...(target !== undefined ? { resource: target } : {}), ...(existing !== undefined ? { object: existing } : {}), ...(accessPoint !== undefined ? { accessPoint } : {}), ...(body !== undefined ? { body } : {}) }),
    ...(spec.ownerRootAlwaysAllowed === true ? { ownerRootAlwaysAllowed: true } : {}),
  };
  return { request, ...(looked !== undefined ? { looked } : {}), ...(existing !== undefined ? { existing } : {}) };
}

/**
 * @public Authorizes a request, throwing the S3 error a denial gets, and records the decision. Returns the
 * object version it looked up (if the operation acts on one) for the handler to reuse.
 */
export function authorizeRequest(req: S3Request, svc: Services): { readonly decision?: Decision; readonly object?: { readonly record: ObjectVersionRecord | undefined } } {
  const spec = S3_OPERATIONS[req.operation];
  const bucket = req.bucket;
  checkExpectedOwner(req.headers.get("x-amz-expected-bucket-owner"), bucket);
  // DeleteObjects has no request-level check: each key is authorized as a DeleteObject (spec §9.2).
  if (req.operation === "DeleteObjects") return {};
  const { request, looked, existing } = resolveRequest(req, svc);
  const result = decide(request);
  if (result.verdict !== "Allow") throw logged(req, svc, request, result, denied(req, svc, result, bucket));
  if (spec.sameAccountOnly === true && bucket !== undefined && req.principal.accountId !== bucket.ownerAccountId) {
    // Allowed, but only the bucket owner's account may call it (spec §2.7, §12.9).
    throw logged(req, svc, request, result, new S3Error("MethodNotAllowed", { fields: [["Method", req.method], ["ResourceType", "BUCKETPOLICY"]] }));
  }
  if (MISSING_KEY_NEEDS_LIST.has(req.operation) && existing === undefined && request.target !== undefined) {
    const list = listRequest(request, request.target);
    const listed = decide(list);
    if (listed.verdict !== "Allow") throw logged(req, svc, list, listed, new S3Error("AccessDenied"), true);
  }
  logged(req, svc, request, result, undefined);
  return { decision: { request, result }, ...(looked !== undefined ? { object: looked } : {}) };
}

/** @public Authorizes one key of a DeleteObjects request as a DeleteObject of that key (and version). */
export function authorizeKey(req: S3Request, svc: Services, bucket: BucketRecord, key: string, versionId: string | undefined): void {
  const record = svc.meta.getObject(bucket.name, key, versionId);
  const existing = record !== undefined && (!record.isDeleteMarker || versionId !== undefined) ? record : undefined;
  const target = resourceContextOf(svc, bucket, key, existing !== undefined ? storedObjectOf(svc, existing) : undefined);
  const scps = governedBySCPs(req, svc);
  const request: AuthzRequest = {
    principal: req.principal,
    ...identityOf(req, svc),
    ...(scps !== undefined ? { scps } : {}),
    operation: "DeleteObjects",
    checks: checksFor(S3_OPERATIONS.DeleteObject, { versioned: versionId !== undefined, triggers: extraTriggers(req.headers) }, { bucket: bucket.name, key }),
    target,
    context: requestContext({ req, svc, resource: target, ...(existing !== undefined ? { object: existing } : {}) }),
  };
  const result = decide(request);
  if (result.verdict !== "Allow") throw logged(req, svc, request, result, denied(req, svc, result, bucket));
  logged(req, svc, request, result, undefined);
}

/** Records a decision in the decision log; returns the error the client gets for it. */
function logged<E extends S3Error | undefined>(req: S3Request, svc: Services, request: AuthzRequest, result: AuthzResult, error: E, missingKeyCheck = false): E {
  svc.decisions.record({
    requestId: req.requestId,
    time: req.now,
    request,
    result,
    ...(error !== undefined ? { answeredWith: error.code, message: error.message } : {}),
    ...(req.auth.accessKeyId !== undefined ? { accessKeyId: req.auth.accessKeyId } : {}),
    ...(missingKeyCheck ? { missingKeyCheck: true } : {}),
  });
  return error;
}

/** The SCP levels of the requester's account (they bind its root user too); undefined when none govern it. */
function governedBySCPs(req: S3Request, svc: Services): AuthzRequest["scps"] {
  const account = req.principal.accountId;
  return account === undefined ? undefined : svc.identities.organizationOf(account)?.scps;
}

function identityOf(req: S3Request, svc: Services): Pick<AuthzRequest, "identity"> {
  const identity = svc.identities.contextOf(req.principal, req.auth.accessKeyId);
  return identity === undefined ? {} : { identity };
}

function denied(req: S3Request, svc: Services, result: AuthzResult, bucket: BucketRecord | undefined): S3Error {
  const org = bucket === undefined ? undefined : svc.identities.organizationOf(bucket.ownerAccountId);
  return new S3Error("AccessDenied", { message: accessDeniedMessage(result, req.principal, bucket === undefined ? undefined : { accountId: bucket.ownerAccountId, ...(org !== undefined ? { orgId: org.orgId } : {}) }) });
}

/** A request that names an expected bucket owner other than the real one is refused, whatever else holds. */
function checkExpectedOwner(expected: string | undefined, bucket: BucketRecord | undefined): void {
  if (expected !== undefined && bucket !== undefined && expected !== bucket.ownerAccountId) throw new S3Error("AccessDenied");
}

/** The requester's ListBucket on the bucket, evaluated as a ListObjects call by it would be (spec §9.3). */
function listRequest(request: AuthzRequest, target: ResourceContext): AuthzRequest {
  const { key: _key, object: _object, ...bucketOnly } = target;
  return { ...request, operation: "ListObjects", checks: [{ action: "s3:ListBucket", on: "target", level: "bucket", resource: bucketArn(target.bucket) }], target: bucketOnly };
}

/** For AbortMultipartUpload and ListParts: the upload stands for the object, owned by its initiator's account. */
function uploadInitiator(req: S3Request, svc: Services, bucket: BucketRecord | undefined): StoredObject | undefined {
  if (!UPLOAD_OPERATIONS.has(req.operation) || bucket === undefined || req.key === undefined) return undefined;
  const uploadId = req.query.get("uploadId");
  const upload = uploadId === undefined ? undefined : svc.meta.getUpload(bucket.name, req.key, uploadId);
  if (upload === undefined) return undefined;
  const ownerCanonicalId = canonicalIdOf(svc, upload.initiatorAccountId);
  return { ownerCanonicalId, acl: defaultObjectAcl(ownerCanonicalId) };
}

interface SourceSide {
  readonly addressed: { readonly bucket: string; readonly key: string };
  readonly versioned: boolean;
  readonly context?: ResourceContext;
}

/** The copy source of CopyObject / UploadPartCopy; a missing source bucket is left to the handler (404). */
function copySourceContext(req: S3Request, svc: Services): SourceSide | undefined {
  if (req.operation !== "CopyObject" && req.operation !== "UploadPartCopy") return undefined;
  const header = req.headers.get("x-amz-copy-source");
  if (header === undefined) return undefined;
  const src = parseCopySource(header);
  const bucket = svc.meta.getBucket(src.bucket);
  checkExpectedOwner(req.headers.get("x-amz-source-expected-bucket-owner"), bucket);
  const addressed = { bucket: src.bucket, key: src.key };
  const versioned = src.versionId !== undefined;
  if (bucket === undefined) return { addressed, versioned };
  const record = svc.meta.getObject(bucket.name, src.key, src.versionId);
  const existing = record !== undefined && (!record.isDeleteMarker || versioned) ? record : undefined;
  return { addressed, versioned, context: resourceContextOf(svc, bucket, src.key, existing !== undefined ? storedObjectOf(svc, existing) : undefined) };
}
