// Property test: on random multi-account worlds the explanation never contradicts the engine — it replays to
// the same verdict and blocking layer, marks exactly the refused action as denied, blames a layer that did not
// allow, gives a remedy for every denial, is plain JSON, and renders as text. EXPLAIN_PROPERTY_RUNS sets the
// number of cases (default 2,000).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ALL_USERS, AUTHENTICATED_USERS, groupGrant } from "../acl/types.ts";
import type { Grant } from "../acl/types.ts";
import { OBJECT_OWNERSHIP_SETTINGS } from "../acl/ownership.ts";
import { authorize } from "../authz/index.ts";
import type { AccessPointContext, OrgPolicyLevels } from "../authz/index.ts";
import type { S3OperationName } from "../authz/catalogue.ts";
import { B, C, W, acl, allow, anonymous, bucket, canonical, federated, grantTo, policy, request, root, service, session, user } from "../authz/testing/world.ts";
import type { Principal } from "../kernel/principal.ts";
import { explain } from "./explain.ts";
import { renderText } from "./render.ts";

const RUNS = Number(process.env["EXPLAIN_PROPERTY_RUNS"] ?? 2_000);
const ACCOUNTS = [B, W, C];
const accountOf = (id: string): string | undefined => ACCOUNTS.find((a) => canonical(a) === id);
const principals: Principal[] = [...ACCOUNTS.flatMap((a) => [root(a), user(a, "u"), session(a, "R", "s"), federated(a, "f")]), anonymous, service("cloudtrail.amazonaws.com")];
const identityPool = [allow("s3:*"), allow("s3:GetObject", "arn:aws:s3:::bkt/*"), allow(["s3:PutObject", "s3:ListBucket"]), policy({ Version: "2012-10-17", Statement: [{ Sid: "NoGet", Effect: "Deny", Action: "s3:GetObject", Resource: "*" }] })];
const scpPool: (OrgPolicyLevels | undefined)[] = [undefined, [[policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "scp")], []]];
const grantPool: Grant[] = [grantTo(B, "FULL_CONTROL"), grantTo(W, "READ"), grantTo(C, "FULL_CONTROL"), groupGrant(ALL_USERS, "READ"), groupGrant(AUTHENTICATED_USERS, "WRITE")];
const ops: S3OperationName[] = ["GetObject", "PutObject", "DeleteObject", "ListObjectsV2", "GetObjectAcl", "PutObjectAcl", "PutBucketPolicy", "CopyObject", "ListBuckets"];
const principalValues = ["*", B, W, C, `arn:aws:iam::${B}:user/u`, `arn:aws:iam::${W}:role/R`];
const statementArb = fc.record({
  effect: fc.constantFrom("Allow", "Allow", "Deny"),
  principal: fc.constantFrom(...principalValues),
  action: fc.constantFrom("s3:GetObject", "s3:*", "s3:PutObject", "s3:ListBucket"),
  bofc: fc.boolean(),
});

const world = fc.record({
  principal: fc.integer({ min: 0, max: principals.length - 1 }),
  identity: fc.subarray(identityPool.map((_, i) => i), { maxLength: 2 }),
  scps: fc.integer({ min: 0, max: scpPool.length - 1 }),
  owner: fc.constantFrom(B, B, W),
  ownership: fc.constantFrom(...OBJECT_OWNERSHIP_SETTINGS),
  statements: fc.array(statementArb, { maxLength: 3 }),
  bucketGrants: fc.subarray(grantPool.map((_, i) => i), { maxLength: 2 }),
  object: fc.option(fc.record({ owner: fc.constantFrom(B, W, C), grants: fc.subarray(grantPool.map((_, i) => i), { maxLength: 2 }) }), { freq: 3 }),
  pab: fc.record({ BlockPublicAcls: fc.boolean(), IgnorePublicAcls: fc.boolean(), BlockPublicPolicy: fc.boolean(), RestrictPublicBuckets: fc.boolean() }),
  op: fc.constantFrom(...ops),
  bofcHeader: fc.boolean(),
  storesPublic: fc.boolean(),
  accessPoint: fc.option(fc.record({ owner: fc.constantFrom(B, C), statements: fc.array(statementArb, { maxLength: 2 }), rpb: fc.boolean() }), { freq: 4 }),
});

describe("explanations agree with the engine on random worlds", () => {
  it(`for ${RUNS} generated requests`, () => {
    fc.assert(
      fc.property(world, (w) => {
        const principal = principals[w.principal] ?? anonymous;
        const statements = w.statements.map((s, i) => ({
          Sid: `S${i}`,
          Effect: s.effect,
          Principal: s.principal === "*" ? "*" : { AWS: s.principal },
          Action: s.action,
          Resource: ["arn:aws:s3:::bkt", "arn:aws:s3:::bkt/*"],
          ...(s.bofc ? { Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } } : {}),
        }));
        const target = bucket({
          owner: w.owner,
          ownership: w.ownership,
          acl: { ...acl(w.owner), grants: [...acl(w.owner).grants, ...w.bucketGrants.flatMap((i) => grantPool[i] ?? [])] },
          pab: w.pab,
          ...(statements.length > 0 ? { policy: policy({ Version: "2012-10-17", Statement: statements }, "bucket", "bucket-policy") } : {}),
          ...(w.object === null ? {} : { object: { owner: w.object.owner, acl: { ...acl(w.object.owner), grants: [...acl(w.object.owner).grants, ...w.object.grants.flatMap((i) => grantPool[i] ?? [])] } } }),
        });
        const ap = w.accessPoint;
        const apArn = ap === null ? "" : `arn:aws:s3:us-east-1:${ap.owner}:accesspoint/ap`;
        const accessPoint: AccessPointContext | undefined =
          ap === null || w.op === "ListBuckets"
            ? undefined
            : {
                arn: apArn,
                accountId: ap.owner,
                networkOrigin: "Internet",
                publicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: ap.rpb },
                ...(ap.statements.length === 0
                  ? {}
                  : { policy: policy({ Version: "2012-10-17", Statement: ap.statements.map((s) => ({ Effect: s.effect, Principal: s.principal === "*" ? "*" : { AWS: s.principal }, Action: s.action, Resource: [apArn, `${apArn}/object/*`] })) }, "access-point", "ap-policy") }),
              };
        const iam = principal.kind === "user" || principal.kind === "assumed-role" || principal.kind === "federated-user";
        const req = request({
          principal,
          op: w.op,
          ...(w.op === "ListBuckets" ? {} : { target }),
          ...(w.op === "CopyObject" ? { source: target } : {}),
          ...(iam ? { identity: w.identity.flatMap((i) => identityPool[i] ?? []) } : {}),
          ...(principal.kind === "federated-user" ? { sessionPolicies: [allow("s3:*")] } : {}),
          ...(scpPool[w.scps] === undefined ? {} : { scps: scpPool[w.scps] as OrgPolicyLevels }),
          ...(accessPoint === undefined ? {} : { accessPoint }),
          context: { ...(w.bofcHeader ? { "s3:x-amz-acl": "bucket-owner-full-control" } : {}), ...(accessPoint === undefined ? {} : { "s3:DataAccessPointAccount": accessPoint.accountId, "s3:DataAccessPointArn": accessPoint.arn }) },
          storesPublicAcl: w.storesPublic && (w.op === "PutObjectAcl" || w.op === "PutObject"),
          storesPublicPolicy: w.storesPublic && w.op === "PutBucketPolicy",
        });
        const result = authorize(req);
        const e = explain({ request: req, result, ...(result.verdict === "Allow" ? {} : { answeredWith: "AccessDenied", message: "Access Denied" }) }, { accountOf });
        assert.equal(e.replayConsistent, true);
        assert.equal(e.verdict, result.verdict);
        assert.equal(e.blockedBy?.layer, result.blockedBy?.layer);
        assert.equal(e.blockedBy?.setting, result.blockedBy?.setting);
        const denied = e.checks.filter((c) => c.outcome === "denied");
        if (result.verdict === "Allow") {
          assert.equal(denied.length, 0);
          assert.deepEqual(e.remedies, []);
          assert.ok(e.checks.every((c) => c.outcome === "allowed" && c.layers.length === 10));
        } else {
          assert.equal(denied.length, 1);
          const decisive = denied[0]?.layers.filter((l) => l.decisive === true) ?? [];
          assert.ok(decisive.length > 0, `a decisive layer for ${result.blockedBy?.layer}`);
          for (const l of decisive) assert.notEqual(l.status, "allow", `${l.layer} is blamed but says it allows: ${l.summary}`);
          assert.ok(e.remedies.length > 0, `a remedy for ${result.blockedBy?.layer}`);
          const after = e.checks.slice(e.checks.indexOf(denied[0] as (typeof e.checks)[number]) + 1);
          assert.ok(after.every((c) => c.outcome === "not-evaluated"));
        }
        assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
        assert.ok(renderText(e).startsWith("Request"));
      }),
      { numRuns: RUNS },
    );
  });
});
