/**
 * @module protocol/s3control/accessPointPolicy
 * PutAccessPointPolicy, GetAccessPointPolicy, DeleteAccessPointPolicy and GetAccessPointPolicyStatus.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutAccessPointPolicy.html (and siblings)
 *
 * A policy is validated as S3 validates resource policies (spec §3.12), with resources that must be
 * the access point's ARN (`…:accesspoint/<name>`) or objects through it (`…:accesspoint/<name>/object/<key>`),
 * and principals naming IAM users or roles that must exist. A public policy (spec §6.3) is refused when
 * Block Public Access's BlockPublicPolicy is on for the access point, for the access point owner's
 * account, or — for an access point of the owner's own bucket — for the bucket (spec §6.1). An access
 * point with VPC network origin is never public, whatever its policy says (spec §6.3).
 */
import { isPolicyPublic } from "../../authz/index.ts";
import { classifyAwsPrincipal, parsePolicy, validateBucketPolicy } from "../../policy/index.ts";
import type { IdentityDirectory } from "../../identity/credentials.ts";
import { entityArn } from "../../identity/iamNames.ts";
import type { AccessPointRecord } from "../../storage/ports.ts";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, PUBLIC_ACCESS_BLOCK_CONFIG } from "../s3/bucketState.ts";
import { childText, parseXml } from "../s3/xml/parse.ts";
import { el, leaf } from "../s3/xml/write.ts";
import { accessPointArn } from "./accessPointNames.ts";
import { authorizedAccessPoint } from "./accessPoints.ts";
import { ControlError } from "./controlErrors.ts";
import type { ControlDeps, ControlHandler } from "./controlRequest.ts";
import { emptyResponse, flagsFromStoredJson, xmlResponse } from "./controlXml.ts";

/** Room for a 20 KB policy with every character escaped in the XML body. */
const MAX_BODY = 256 * 1024;

/** @public Whether an IAM user or role named in a policy (by ARN or unique ID) exists in one of the world's accounts. */
export function principalExists(identity: IdentityDirectory, value: string): boolean {
  const form = classifyAwsPrincipal(value);
  if (form?.form === "user" || form?.form === "role") {
    const kind = form.form;
    const account = form.account ?? "";
    const name = value.slice(value.lastIndexOf("/") + 1);
    const found = identity.store.get(kind, account, name);
    return found !== undefined && entityArn(account, kind, found.path, found.name) === value;
  }
  if (form?.form === "unique-id") {
    return identity.list().some((a) => identity.store.list("user", a.id).some((u) => u.id === value) || identity.store.list("role", a.id).some((r) => r.id === value));
  }
  return true;
}

/** Whether BlockPublicPolicy applies to this access point's policies (access point, owner account, own bucket). */
function blocksPublicPolicy(deps: ControlDeps, ap: AccessPointRecord): boolean {
  if (ap.publicAccessBlock.BlockPublicPolicy) return true;
  const account = deps.svc.meta.getAccountConfig(ap.accountId, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG);
  if (account !== undefined && flagsFromStoredJson(account).BlockPublicPolicy) return true;
  if (ap.bucketAccountId === ap.accountId) {
    const bucket = deps.svc.meta.getBucketConfig(ap.bucket, PUBLIC_ACCESS_BLOCK_CONFIG);
    if (bucket !== undefined && flagsFromStoredJson(bucket).BlockPublicPolicy) return true;
  }
  return false;
}

/** @public Whether a stored access point policy is public (an access point with VPC origin never is). */
export function accessPointPolicyIsPublic(ap: AccessPointRecord, policyText: string): boolean {
  if (ap.networkOrigin === "VPC") return false;
  const parsed = parsePolicy(policyText, "access-point").policy;
  // A stored policy was validated when it was put; one that no longer parses is treated as public (the safe reading).
  return parsed === undefined || isPolicyPublic(parsed, "access-point");
}

const putAccessPointPolicy: ControlHandler = async (req, deps) => {
  const ap = authorizedAccessPoint(req, deps, "s3:PutAccessPointPolicy");
  const root = parseXml((await req.payload.readAll(MAX_BODY, "MaxMessageLengthExceeded")).toString("utf8"), "PutAccessPointPolicyRequest");
  const text = childText(root, "Policy");
  if (text === undefined) throw new ControlError("MalformedXML");
  const checked = validateBucketPolicy(text, {
    bucket: ap.bucket,
    accessPointArn: accessPointArn(deps.svc.config.region, ap.accountId, ap.name),
    principalExists: (v) => principalExists(deps.identity, v),
  });
  if (!checked.ok) throw new ControlError("MalformedPolicy", { message: checked.message });
  // UNCONFIRMED (spec §6.4): the error code of a public policy refused by BlockPublicPolicy; AccessDenied as for PutBucketPolicy.
  if (ap.networkOrigin === "Internet" && isPolicyPublic(checked.policy, "access-point") && blocksPublicPolicy(deps, ap)) throw new ControlError("AccessDenied");
  if (deps.svc.meta.putAccessPointPolicy(ap.accountId, ap.name, text) === "missing") throw new ControlError("NoSuchAccessPoint", { fields: [["AccessPointName", ap.name]] });
  return emptyResponse(200);
};

function noSuchPolicy(name: string): ControlError {
  return new ControlError("NoSuchAccessPointPolicy", { fields: [["AccessPointName", name]] });
}

const getAccessPointPolicy: ControlHandler = async (req, deps) => {
  const ap = authorizedAccessPoint(req, deps, "s3:GetAccessPointPolicy");
  if (ap.policy === undefined) throw noSuchPolicy(ap.name);
  return xmlResponse("GetAccessPointPolicyResult", [leaf("Policy", ap.policy)]);
};

/** Idempotent: deleting an absent policy succeeds (UNCONFIRMED, as DeleteBucketPolicy does; 204 as DeleteAccessPoint answers). */
const deleteAccessPointPolicy: ControlHandler = async (req, deps) => {
  const ap = authorizedAccessPoint(req, deps, "s3:DeleteAccessPointPolicy");
  deps.svc.meta.putAccessPointPolicy(ap.accountId, ap.name, undefined);
  return emptyResponse(204);
};

/**
 * Without a policy: NoSuchAccessPointPolicy. UNCONFIRMED: inferred from clients of the real API
 * (Terraform's and Steampipe's AWS providers treat that code from GetAccessPointPolicyStatus as "no policy").
 */
const getAccessPointPolicyStatus: ControlHandler = async (req, deps) => {
  const ap = authorizedAccessPoint(req, deps, "s3:GetAccessPointPolicyStatus");
  if (ap.policy === undefined) throw noSuchPolicy(ap.name);
  return xmlResponse("GetAccessPointPolicyStatusResult", [el("PolicyStatus", [leaf("IsPublic", accessPointPolicyIsPublic(ap, ap.policy))])]);
};

/** @public The access point policy handlers by operation. */
export const ACCESS_POINT_POLICY_HANDLERS = {
  PutAccessPointPolicy: putAccessPointPolicy,
  GetAccessPointPolicy: getAccessPointPolicy,
  DeleteAccessPointPolicy: deleteAccessPointPolicy,
  GetAccessPointPolicyStatus: getAccessPointPolicyStatus,
} as const;
