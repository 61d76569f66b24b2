/**
 * @module protocol/s3/requestContext
 * The request's condition keys (spec §8): the global keys every request has, the S3 keys of every action
 * (`s3:authType`, `s3:signatureversion`, `s3:signatureAge`, `s3:x-amz-content-sha256`, `s3:ResourceAccount`)
 * and the operation-specific keys the catalogue lists for the operation, present only when the request
 * carries the header or parameter they mirror (absent keys make positive operators fail, spec §3.9).
 * Values are computed lazily: only keys a condition reads are ever built. Requester keys
 * (`aws:PrincipalArn`, `aws:userid`, …) come from the principal, in the policy language. Keys that come from
 * the request body (PutObjectTagging's tag set, CreateBucket's location constraint) are given as
 * {@link BodyKeys}, read by the pipeline before it authorizes (see bodyKeys.ts).
 */
import { S3_OPERATIONS, type S3OperationName } from "../../authz/catalogue.ts";
import { ACL_KEYS } from "../../authz/catalogue/keys.ts";
import { ContextKeys, type ContextValue } from "../../policy/index.ts";
import type { AccessPointContext, ResourceContext } from "../../authz/index.ts";
import type { ObjectVersionRecord } from "../../storage/ports.ts";
import type { S3Request, Services } from "./context.ts";
import { parseTaggingHeader, type TagSet } from "./tags.ts";

/** Lower-case operation-specific keys per operation; a trailing `/` stands for a key family (`…/<tag-key>`). */
const OPERATION_KEYS = new Map<S3OperationName, { readonly exact: ReadonlySet<string>; readonly families: readonly string[] }>();

function keysOf(operation: S3OperationName): { readonly exact: ReadonlySet<string>; readonly families: readonly string[] } {
  let keys = OPERATION_KEYS.get(operation);
  if (keys === undefined) {
    const exact = new Set<string>();
    const families: string[] = [];
    for (const k of S3_OPERATIONS[operation].conditionKeys) {
      const lower = k.toLowerCase();
      if (lower.endsWith("/*")) families.push(lower.slice(0, -1));
      else exact.add(lower);
    }
    keys = { exact, families };
    OPERATION_KEYS.set(operation, keys);
  }
  return keys;
}

/** Keys that mirror a request header of the same name after `s3:` (spec §8.1). */
const HEADER_KEYS: ReadonlySet<string> = new Set([
  ...ACL_KEYS,
  "s3:x-amz-server-side-encryption",
  "s3:x-amz-server-side-encryption-aws-kms-key-id",
  "s3:x-amz-server-side-encryption-customer-algorithm",
  "s3:x-amz-storage-class",
  "s3:x-amz-website-redirect-location",
  "s3:x-amz-metadata-directive",
  "s3:x-amz-object-ownership",
  "s3:if-match",
  "s3:if-none-match",
]);

const OBJECT_LOCK_HEADERS: Readonly<Record<string, string>> = {
  "s3:object-lock-mode": "x-amz-object-lock-mode",
  "s3:object-lock-retain-until-date": "x-amz-object-lock-retain-until-date",
  "s3:object-lock-legal-hold": "x-amz-object-lock-legal-hold",
};

const LIST_PARAMS: Readonly<Record<string, string>> = { "s3:prefix": "prefix", "s3:delimiter": "delimiter" };

/**
 * @public The condition keys' sources in a request body, read (size-limited, XML checked) before authorization:
 * `tags` from a PutObjectTagging `<Tagging>` body (`s3:RequestObjectTag/<key>`, `s3:RequestObjectTagKeys`),
 * `locationConstraint` from a CreateBucket body (`s3:locationconstraint`). An absent field leaves its keys absent.
 */
export interface BodyKeys {
  readonly tags?: TagSet;
  readonly locationConstraint?: string;
}

/** What the context of one request is built from. */
export interface ContextSources {
  readonly req: S3Request;
  readonly svc: Services;
  /** The bucket the request acts on (its owner is `aws:ResourceAccount`, its organization `aws:ResourceOrgID`). */
  readonly resource?: ResourceContext;
  /** The existing object version the request acts on (for `s3:ExistingObjectTag/*`). */
  readonly object?: ObjectVersionRecord;
  /** The access point the request came through (spec §7.3 keys). */
  readonly accessPoint?: AccessPointContext;
  /** Keys read from the request body, for the operations that have some (bodyKeys.ts). */
  readonly body?: BodyKeys;
}

/** @public The context keys of a request. */
export function requestContext(src: ContextSources): ContextKeys {
  const keys = keysOf(src.req.operation);
  return new ContextKeys().withResolver((k) => globalKey(src, k) ?? operationKey(src, keys, k));
}

function globalKey({ req, svc, resource, accessPoint }: ContextSources, k: string): ContextValue | undefined {
  const signed = req.principal.kind !== "anonymous";
  switch (k) {
    case "aws:sourceip":
      return req.client.ip.startsWith("::ffff:") ? req.client.ip.slice(7) : req.client.ip;
    case "aws:securetransport":
      return String(req.client.secure);
    case "aws:currenttime":
      return req.now.toISOString();
    case "aws:epochtime":
      return String(Math.floor(req.now.getTime() / 1000));
    case "aws:useragent":
      return req.headers.get("user-agent");
    case "aws:referer":
      return req.headers.get("referer");
    case "aws:requestedregion":
      return svc.config.region;
    case "aws:viaawsservice":
      return "false";
    case "aws:multifactorauthpresent":
      // Present only with temporary credentials; no MFA device exists here (spec §8.2).
      return req.auth.accessKeyId?.startsWith("ASIA") === true ? "false" : undefined;
    case "aws:resourceaccount":
    case "s3:resourceaccount":
      return resource?.ownerAccountId;
    case "aws:resourceorgid":
      return resource?.ownerOrgId;
    case "aws:resourceorgpaths":
      return resource === undefined ? undefined : svc.identities.organizationOf(resource.ownerAccountId)?.paths;
    case "s3:authtype":
      return signed ? req.auth.authType : undefined;
    case "s3:signatureversion":
      return signed ? "AWS4-HMAC-SHA256" : undefined;
    case "s3:signatureage":
      return signed && req.auth.signatureAgeMs !== undefined ? String(req.auth.signatureAgeMs) : undefined;
    case "s3:x-amz-content-sha256":
      return req.headers.get("x-amz-content-sha256");
    case "s3:dataaccesspointaccount":
      return accessPoint?.accountId;
    case "s3:dataaccesspointarn":
      return accessPoint?.arn;
    case "s3:accesspointnetworkorigin":
      return accessPoint?.networkOrigin;
    case "s3:tlsversion":
      return undefined; // plain HTTP; TLS terminates in front of crossbucket if anywhere
  }
  return undefined;
}

function operationKey({ req, object, body }: ContextSources, keys: { readonly exact: ReadonlySet<string>; readonly families: readonly string[] }, k: string): ContextValue | undefined {
  if (!keys.exact.has(k)) return familyKey(req, object, body, keys.families, k);
  if (HEADER_KEYS.has(k)) return req.headers.get(k.slice(3));
  const lockHeader = OBJECT_LOCK_HEADERS[k];
  if (lockHeader !== undefined) return req.headers.get(lockHeader);
  const listParam = LIST_PARAMS[k];
  if (listParam !== undefined) return req.query.get(listParam);
  switch (k) {
    case "s3:max-keys":
      // Always present for the list actions; 1000 when not sent (spec §8.1, UNCONFIRMED default).
      return req.query.get("max-keys") ?? "1000";
    case "s3:versionid":
      return req.query.get("versionId");
    case "s3:x-amz-copy-source":
      return copySourceValue(req.headers.get("x-amz-copy-source"));
    case "s3:object-lock-remaining-retention-days": {
      const until = req.headers.get("x-amz-object-lock-retain-until-date");
      const t = until === undefined ? NaN : Date.parse(until);
      return Number.isNaN(t) ? undefined : String(Math.max(0, Math.ceil((t - req.now.getTime()) / 86_400_000)));
    }
    case "s3:objectcreationoperation":
      return "true";
    case "s3:requestobjecttagkeys":
      return requestTags(req, body)?.map(([key]) => key);
    case "s3:locationconstraint":
      // Absent when the body names no constraint (a us-east-1 bucket); UNCONFIRMED whether AWS then sets us-east-1.
      return body?.locationConstraint;
  }
  return undefined;
}

function familyKey(req: S3Request, object: ObjectVersionRecord | undefined, body: BodyKeys | undefined, families: readonly string[], k: string): ContextValue | undefined {
  for (const family of families) {
    if (!k.startsWith(family)) continue;
    const tagKey = k.slice(family.length);
    if (family === "s3:existingobjecttag/") return tagValue(object?.tags, tagKey);
    if (family === "s3:requestobjecttag/") return tagValue(requestTags(req, body), tagKey);
  }
  return undefined;
}

/** Tag keys are matched as condition key names are: case-insensitively (the name was lower-cased). */
function tagValue(tags: readonly (readonly [string, string])[] | undefined, keyLower: string): string | undefined {
  return tags?.find(([key]) => key.toLowerCase() === keyLower)?.[1];
}

/** The tag set the request asks for: PutObjectTagging's body, or the `x-amz-tagging` header of an object write. */
function requestTags(req: S3Request, body: BodyKeys | undefined): TagSet | undefined {
  if (body?.tags !== undefined) return body.tags;
  const header = req.headers.get("x-amz-tagging");
  if (header === undefined) return undefined;
  try {
    return parseTaggingHeader(header);
  } catch {
    return undefined; // the handler rejects malformed tagging with its own error
  }
}

/** `x-amz-copy-source` as policies compare it: `bucket/key`, decoded, without a leading `/` (spec §8.1, UNCONFIRMED). */
function copySourceValue(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const v = header.startsWith("/") ? header.slice(1) : header;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
