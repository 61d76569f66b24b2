import { test } from "node:test";
import assert from "node:assert/strict";
import { ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY, groupGrant, privateAcl, userGrant } from "../acl/types.ts";
import { BLOCK_ALL, NO_BLOCK } from "../authz/index.ts";
import { parsePolicy } from "../policy/index.ts";
import { accessCell, aclRequirements, enforcedReadiness, grantIsEffective, grantsToOthers, publicBucket } from "./assess.ts";

const OWNER = "a".repeat(64);
const OTHER = "b".repeat(64);
const accountOf = (id: string): string | undefined => (id === OWNER ? "111111111111" : id === OTHER ? "222222222222" : undefined);

function policy(statements: unknown[]) {
  const parsed = parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: statements }), "bucket");
  assert.ok(parsed.policy, JSON.stringify(parsed.errors));
  return parsed.policy;
}

test("grantsToOthers skips the owner's grants and names accounts, unknown canonical IDs and groups", () => {
  const acl = { owner: { id: OWNER }, grants: [userGrant(OWNER, "FULL_CONTROL"), userGrant(OTHER, "READ"), userGrant("c".repeat(64), "WRITE"), groupGrant(ALL_USERS, "READ"), groupGrant(LOG_DELIVERY, "WRITE")] };
  assert.deepEqual(grantsToOthers(acl, OWNER, accountOf), [
    { grantee: { type: "account", canonicalId: OTHER, accountId: "222222222222" }, permission: "READ", public: false },
    { grantee: { type: "account", canonicalId: "c".repeat(64) }, permission: "WRITE", public: false },
    { grantee: { type: "group", group: "AllUsers" }, permission: "READ", public: true },
    { grantee: { type: "group", group: "LogDelivery" }, permission: "WRITE", public: false },
  ]);
  assert.deepEqual(grantsToOthers(privateAcl(OWNER), OWNER, accountOf), []);
});

test("a grant stops counting under BucketOwnerEnforced, and a public one under IgnorePublicAcls", () => {
  const [pub, acct] = grantsToOthers({ owner: { id: OWNER }, grants: [groupGrant(AUTHENTICATED_USERS, "READ"), userGrant(OTHER, "READ")] }, OWNER, accountOf) as [never, never];
  assert.equal(grantIsEffective(pub, "ObjectWriter", NO_BLOCK), true);
  assert.equal(grantIsEffective(pub, "ObjectWriter", { ...NO_BLOCK, IgnorePublicAcls: true }), false);
  assert.equal(grantIsEffective(acct, "ObjectWriter", BLOCK_ALL), true);
  assert.equal(grantIsEffective(acct, "BucketOwnerEnforced", NO_BLOCK), false);
});

test("aclRequirements: Allow requiring bucket-owner-full-control, Deny unless it, and other ACLs", () => {
  const p = policy([
    { Sid: "RequireBofc", Effect: "Allow", Principal: { AWS: "222222222222" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } },
    { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*", Condition: { StringNotEquals: { "s3:x-amz-acl": "public-read" } } },
    { Sid: "Grant", Effect: "Allow", Principal: { AWS: "333333333333" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*", Condition: { StringLike: { "s3:x-amz-grant-read": "*" } } },
    { Sid: "Ignored", Effect: "Allow", Principal: { AWS: "333333333333" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*", Condition: { StringNotEquals: { "s3:x-amz-acl": "public-read" } } },
  ]);
  assert.deepEqual(aclRequirements(p), [
    { statement: "RequireBofc", key: "s3:x-amz-acl", values: ["bucket-owner-full-control"], bucketOwnerFullControl: true },
    { statement: "#1", key: "s3:x-amz-acl", values: ["public-read"], bucketOwnerFullControl: false },
    { statement: "Grant", key: "s3:x-amz-grant-read", values: ["*"], bucketOwnerFullControl: false },
  ]);
});

test("enforcedReadiness: bucket ACL grants and policies requiring other ACLs block; bofc policies, object ACLs and foreign owners are notes", () => {
  const grants = grantsToOthers({ owner: { id: OWNER }, grants: [userGrant(OWNER, "FULL_CONTROL"), userGrant(OTHER, "WRITE")] }, OWNER, accountOf);
  const p = policy([
    { Sid: "Bofc", Effect: "Allow", Principal: { AWS: "222222222222" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "s3:x-amz-acl": ["bucket-owner-full-control", "public-read"] } } },
  ]);
  const r = enforcedReadiness({ bucket: "b", owner: "111111111111", ownership: "ObjectWriter", bucketAclGrants: grants, policy: p, objectsWithAclGrants: 3, foreignOwnedObjects: 2 });
  assert.equal(r.ready, false);
  assert.deepEqual(r.blockers, [
    { reason: "bucket-acl-grants", refusedWith: "InvalidBucketAclWithObjectOwnership", grants },
    { reason: "policy-requires-acl", statement: "Bofc", key: "s3:x-amz-acl", values: ["public-read"] },
  ]);
  assert.deepEqual(r.notes, [
    { reason: "object-acl-grants", objects: 3 },
    { reason: "foreign-owned-objects", objects: 2 },
  ]);
  const ok = enforcedReadiness({ bucket: "b", owner: "111111111111", ownership: "BucketOwnerPreferred", bucketAclGrants: [], policy: policy([{ Sid: "B", Effect: "Allow", Principal: { AWS: "222222222222" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } }]), objectsWithAclGrants: 0, foreignOwnedObjects: 0 });
  assert.equal(ok.ready, true);
  assert.deepEqual(ok.notes, [{ reason: "policy-requires-bucket-owner-full-control", statement: "B", key: "s3:x-amz-acl" }]);
});

test("publicBucket: nothing public → no finding; BPA settings and BucketOwnerEnforced neutralise", () => {
  const base = { bucket: "b", owner: "111111111111", policyPublic: false, aclPublic: false, objectsWithPublicAcl: 0, ownership: "ObjectWriter" as const, blockPublicAccess: NO_BLOCK };
  assert.equal(publicBucket(base), undefined);
  assert.deepEqual(publicBucket({ ...base, policyPublic: true }), { kind: "public-bucket", bucket: "b", owner: "111111111111", policyPublic: true, aclPublic: false, objectsWithPublicAcl: 0, blockPublicAccess: NO_BLOCK, public: true, neutralisedBy: [] });
  const restricted = publicBucket({ ...base, policyPublic: true, blockPublicAccess: { ...NO_BLOCK, RestrictPublicBuckets: true } });
  assert.equal(restricted?.public, false);
  assert.deepEqual(restricted?.neutralisedBy, ["RestrictPublicBuckets"]);
  assert.equal(publicBucket({ ...base, aclPublic: true })?.public, true);
  assert.deepEqual(publicBucket({ ...base, aclPublic: true, ownership: "BucketOwnerEnforced" })?.neutralisedBy, ["BucketOwnerEnforced"]);
  const objects = publicBucket({ ...base, objectsWithPublicAcl: 2 });
  assert.equal(objects?.public, false, "public objects do not make the bucket public by BPA's definition");
  assert.equal(objects?.objectsWithPublicAcl, 2);
});

test("accessCell: allowed, denied with the blocking layer, and a fixed-rule refusal without a layer", () => {
  const at = { bucket: "b", principal: "arn:aws:iam::222222222222:root", operation: "GetObject", action: "s3:GetObject" };
  assert.deepEqual(accessCell(at, { allowed: true }, { verdict: "Allow", reasons: [] }), { kind: "access", ...at, verdict: "allowed" });
  const denied = accessCell(at, { allowed: false, status: 403, code: "AccessDenied" }, { verdict: "ImplicitDeny", reasons: [], blockedBy: { layer: "block-public-access", setting: "RestrictPublicBuckets", check: { action: "s3:GetObject", on: "target", level: "object", resource: "arn:aws:s3:::b/k" } } });
  assert.deepEqual(denied, { kind: "access", ...at, verdict: "denied", blockedBy: "block-public-access", setting: "RestrictPublicBuckets", status: 403, code: "AccessDenied" });
  assert.deepEqual(accessCell(at, { allowed: false, status: 405, code: "MethodNotAllowed" }, { verdict: "Allow", reasons: [] }), { kind: "access", ...at, verdict: "denied", status: 405, code: "MethodNotAllowed" });
});
