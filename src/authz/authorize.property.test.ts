// Differential test: random multi-account worlds and requests; the engine must agree with the naive
// reference rendering of spec §1.7 (reference/naiveAuthorize.ts) on the verdict and the blocking layer.
// AUTHZ_PROPERTY_RUNS sets the number of cases (default 20,000).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ALL_USERS, ANONYMOUS_CANONICAL_ID, AUTHENTICATED_USERS, groupGrant } from "../acl/types.ts";
import type { AccessControlList, Grant } from "../acl/types.ts";
import { OBJECT_OWNERSHIP_SETTINGS } from "../acl/ownership.ts";
import type { Principal } from "../kernel/principal.ts";
import type { CompiledPolicy } from "../policy/index.ts";
import type { S3OperationName } from "./catalogue.ts";
import { naiveAuthorize } from "./reference/naiveAuthorize.ts";
import type { AccessPointContext, OrgPolicyLevels } from "./request.ts";
import { decisionOf } from "./testing/expect.ts";
import { B, C, W, acl, allow, anonymous, bucket, federated, grantTo, policy, request, root, service, session, user } from "./testing/world.ts";

const RUNS = Number(process.env["AUTHZ_PROPERTY_RUNS"] ?? 20_000);
const ACCOUNTS = [B, W, C];
const apArn = (acct: string) => `arn:aws:s3:us-east-1:${acct}:accesspoint/ap`;

const principals: Principal[] = [
  ...ACCOUNTS.flatMap((a) => [root(a), user(a, "u"), session(a, "R", "s1"), session(a, "R", "s2"), federated(a, "f")]),
  anonymous,
  service("cloudtrail.amazonaws.com"),
  service("logging.s3.amazonaws.com"),
];
const deny = (action: string) => policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: action, Resource: "*" }] });
const identityPool: CompiledPolicy[] = [allow("s3:*"), allow("s3:GetObject", "arn:aws:s3:::bkt/*"), allow(["s3:PutObject", "s3:ListBucket"]), allow("s3:ListAllMyBuckets"), deny("s3:GetObject"), allow("s3:*", `arn:aws:s3:us-east-1:*:accesspoint/*`)];
const limitPool: CompiledPolicy[] = [allow("s3:*"), allow("s3:ListBucket"), allow(["s3:GetObject", "s3:PutObject"])];
const full = (kind: "scp" | "rcp") => policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*", ...(kind === "rcp" ? { Principal: "*" } : {}) }] }, kind);
const scpPool: (OrgPolicyLevels | undefined)[] = [undefined, [[full("scp")]], [[full("scp")], []], [[full("scp"), policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:PutObject", Resource: "*" }] }, "scp")]]];
const rcpPool: (OrgPolicyLevels | undefined)[] = [undefined, [[full("rcp")]], [[full("rcp"), policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalType": "Anonymous" } } }] }, "rcp")]]];

const principalValues = [
  "*", B, W, C, `arn:aws:iam::${B}:user/u`, `arn:aws:iam::${W}:user/u`, `arn:aws:iam::${B}:role/R`, `arn:aws:iam::${C}:role/R`,
  `arn:aws:sts::${B}:assumed-role/R/s1`, `arn:aws:sts::${W}:assumed-role/R/s1`,
];
const statementArb = fc.record({
  effect: fc.constantFrom("Allow", "Allow", "Deny"),
  principal: fc.constantFrom(...principalValues, "service", "any-service"),
  action: fc.constantFrom("s3:GetObject", "s3:*", "s3:PutObject", "s3:ListBucket", "s3:Get*", "s3:DeleteObject", "s3:PutBucketPolicy"),
  condition: fc.constantFrom("none", "none", "bofc", "ap-account", "source-account"),
});
type StatementSpec = typeof statementArb extends fc.Arbitrary<infer T> ? T : never;

function statementJson(s: StatementSpec, resourceBase: string): Record<string, unknown> {
  const principal = s.principal === "service" ? { Service: "cloudtrail.amazonaws.com" } : s.principal === "any-service" ? { Service: "*" } : s.principal === "*" ? "*" : { AWS: s.principal };
  const condition =
    s.condition === "bofc" ? { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } }
    : s.condition === "ap-account" ? { StringEquals: { "s3:DataAccessPointAccount": B } }
    : s.condition === "source-account" ? { StringEquals: { "aws:SourceAccount": W } }
    : undefined;
  return { Effect: s.effect, Principal: principal, Action: s.action, Resource: [resourceBase, `${resourceBase}/*`], ...(condition === undefined ? {} : { Condition: condition }) };
}

const grantPool: Grant[] = [grantTo(B, "FULL_CONTROL"), grantTo(B, "READ"), grantTo(W, "READ"), grantTo(W, "WRITE"), grantTo(C, "READ"), grantTo(C, "FULL_CONTROL"), groupGrant(ALL_USERS, "READ"), groupGrant(ALL_USERS, "WRITE"), groupGrant(AUTHENTICATED_USERS, "READ")];
const ops: S3OperationName[] = ["GetObject", "PutObject", "DeleteObject", "ListObjectsV2", "GetObjectAcl", "PutObjectAcl", "PutBucketPolicy", "CopyObject", "ListBuckets", "AbortMultipartUpload", "HeadObject"];

const world = fc.record({
  principal: fc.integer({ min: 0, max: principals.length - 1 }),
  identity: fc.subarray(identityPool.map((_, i) => i), { maxLength: 3 }),
  boundary: fc.integer({ min: -2, max: limitPool.length - 1 }),
  session: fc.integer({ min: -2, max: limitPool.length - 1 }),
  scps: fc.integer({ min: 0, max: scpPool.length - 1 }),
  rcps: fc.integer({ min: 0, max: rcpPool.length - 1 }),
  owner: fc.constantFrom(B, B, W),
  ownership: fc.constantFrom(...OBJECT_OWNERSHIP_SETTINGS),
  statements: fc.option(fc.array(statementArb, { maxLength: 4 }), { freq: 3 }),
  bucketGrants: fc.subarray(grantPool.map((_, i) => i), { maxLength: 3 }),
  object: fc.option(fc.record({ owner: fc.constantFrom(B, W, C, "anonymous"), grants: fc.subarray(grantPool.map((_, i) => i), { maxLength: 3 }) }), { freq: 4 }),
  pab: fc.record({ BlockPublicAcls: fc.boolean(), IgnorePublicAcls: fc.boolean(), BlockPublicPolicy: fc.boolean(), RestrictPublicBuckets: fc.boolean() }),
  op: fc.constantFrom(...ops),
  bofcHeader: fc.boolean(),
  storesPublicAcl: fc.boolean(),
  accessPoint: fc.option(fc.record({ owner: fc.constantFrom(B, C), statements: fc.option(fc.array(statementArb, { maxLength: 2 })), vpc: fc.boolean(), rpb: fc.boolean() }), { freq: 4 }),
  versioned: fc.boolean(),
});

function aclOf(owner: string, canonicalOwner: string | undefined, grants: number[]): AccessControlList {
  const base = canonicalOwner === undefined ? acl(owner) : { owner: { id: canonicalOwner }, grants: [{ grantee: { type: "CanonicalUser" as const, id: canonicalOwner }, permission: "FULL_CONTROL" as const }] };
  return { owner: base.owner, grants: [...base.grants, ...grants.flatMap((i) => grantPool[i] ?? [])] };
}

describe("engine == naive reference of spec §1.7 on random multi-account worlds", () => {
  it(`agrees on verdict and blockedBy for ${RUNS} generated requests`, () => {
    fc.assert(
      fc.property(world, (w) => {
        const principal = principals[w.principal] ?? anonymous;
        const bp = w.statements === null || w.statements.length === 0 ? undefined : policy({ Version: "2012-10-17", Statement: w.statements.map((s) => statementJson(s, "arn:aws:s3:::bkt")) }, "bucket");
        const obj = w.object === null ? undefined : w.object.owner === "anonymous"
          ? { owner: "anonymous", ownerCanonical: ANONYMOUS_CANONICAL_ID, acl: aclOf("", ANONYMOUS_CANONICAL_ID, w.object.grants) }
          : { owner: w.object.owner, acl: aclOf(w.object.owner, undefined, w.object.grants) };
        const target = bucket({
          owner: w.owner, ownership: w.ownership, acl: aclOf(w.owner, undefined, w.bucketGrants), pab: w.pab,
          ...(bp === undefined ? {} : { policy: bp }), ...(obj === undefined ? {} : { object: obj }),
          ...(rcpPool[w.rcps] === undefined ? {} : { rcps: rcpPool[w.rcps] as OrgPolicyLevels }),
        });
        const apSpec = w.accessPoint;
        const accessPoint: AccessPointContext | undefined = apSpec === null || w.op === "ListBuckets" ? undefined : {
          arn: apArn(apSpec.owner), accountId: apSpec.owner, networkOrigin: apSpec.vpc ? "VPC" : "Internet",
          publicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: apSpec.rpb },
          ...(apSpec.statements === null || apSpec.statements.length === 0 ? {} : { policy: policy({ Version: "2012-10-17", Statement: apSpec.statements.map((s) => statementJson(s, apArn(apSpec.owner))) }, "access-point") }),
        };
        const iam = principal.kind === "user" || principal.kind === "assumed-role" || principal.kind === "federated-user";
        const limit = (i: number) => (i < 0 ? undefined : limitPool[i]);
        const boundary = iam ? limit(w.boundary) : undefined;
        const sessionPolicy = iam && principal.kind !== "user" ? limit(w.session) : undefined;
        const req = request({
          principal, op: w.op, facts: { versioned: w.versioned },
          ...(w.op === "ListBuckets" ? {} : { target }),
          ...(w.op === "CopyObject" ? { source: target } : {}),
          ...(iam ? { identity: w.identity.flatMap((i) => identityPool[i] ?? []) } : {}),
          ...(boundary === undefined ? {} : { boundary }),
          ...(sessionPolicy === undefined ? {} : { sessionPolicies: [sessionPolicy] }),
          ...(scpPool[w.scps] === undefined ? {} : { scps: scpPool[w.scps] as OrgPolicyLevels }),
          ...(accessPoint === undefined ? {} : { accessPoint }),
          context: { ...(w.bofcHeader ? { "s3:x-amz-acl": "bucket-owner-full-control" } : {}), ...(accessPoint === undefined ? {} : { "s3:DataAccessPointAccount": accessPoint.accountId, "s3:DataAccessPointArn": accessPoint.arn }) },
          storesPublicAcl: w.storesPublicAcl && (w.op === "PutObjectAcl" || w.op === "PutObject"),
        });
        assert.deepEqual(decisionOf(req), naiveAuthorize(req));
      }),
      { numRuns: RUNS },
    );
  });
});
