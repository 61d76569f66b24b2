// A kept decision explains exactly as the live one: detached from its lazily computed condition keys, and
// restored from its stored snapshot with the policy texts it refers to.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ALL_USERS, groupGrant } from "../acl/types.ts";
import { authorize } from "../authz/index.ts";
import type { AccessPointContext, AuthzRequest } from "../authz/index.ts";
import { B, C, W, acl, allow, bucket, bucketPolicy, canonical, grantTo, policy, request, root, session, user } from "../authz/testing/world.ts";
import { explain } from "../explain/index.ts";
import { ContextKeys } from "../policy/index.ts";
import type { DecisionRecord } from "../protocol/s3/context.ts";
import { PolicyRestorer, PolicyTexts, detach, restore, snapshot } from "./decisionSnapshot.ts";

const accountOf = (id: string): string | undefined => [B, W, C].find((a) => canonical(a) === id);

/** The request with its context keys served lazily (as the authorize stage does), counting lookups. */
function lazy(req: AuthzRequest, keys: Record<string, string>): AuthzRequest {
  const lower = new Map(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), v]));
  return { ...req, context: new ContextKeys().withResolver((k) => lower.get(k)) };
}

function recorded(req: AuthzRequest): DecisionRecord {
  const result = authorize(req);
  return { requestId: "REQ", time: new Date(Date.UTC(2026, 0, 2)), request: req, result, ...(result.verdict === "Allow" ? {} : { answeredWith: "AccessDenied", message: "Access Denied" }) };
}

const conditioned = bucketPolicy(
  { Sid: "FromOffice", Effect: "Allow", Principal: { AWS: W }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
  { Sid: "Bofc", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*", Condition: { StringNotEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } },
);
const scps = [[policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "scp", "p-full")]];
const rcps = [[policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }, "rcp", "r-full")]];
const ap: AccessPointContext = {
  arn: `arn:aws:s3:us-east-1:${B}:accesspoint/ap`,
  accountId: B,
  networkOrigin: "Internet",
  publicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true },
  policy: policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${B}:user/u` }, Action: "s3:GetObject", Resource: `arn:aws:s3:us-east-1:${B}:accesspoint/ap/object/*` }] }, "access-point", "ap-policy"),
};

const cases: [string, AuthzRequest][] = [
  ["the seeds' trap", request({ principal: root(B), op: "GetObject", target: bucket({ policy: conditioned, object: { owner: C } }) })],
  ["a condition on the source IP, allowed", lazy(request({ principal: user(W, "w"), op: "GetObject", identity: [allow("s3:GetObject")], target: bucket({ policy: conditioned, object: { owner: B } }), scps }), { "aws:SourceIp": "10.1.2.3", "s3:authType": "REST-HEADER" })],
  ["a condition on the source IP, refused", lazy(request({ principal: user(W, "w"), op: "GetObject", identity: [allow("s3:GetObject")], target: bucket({ policy: conditioned, object: { owner: B } }) }), { "aws:SourceIp": "192.168.0.1" })],
  ["an explicit deny on a missing ACL header", lazy(request({ principal: root(W), op: "PutObject", target: bucket({ policy: conditioned, rcps }) }), { "s3:authType": "REST-QUERY-STRING" })],
  [
    "a role session with boundary and session policy",
    request({ principal: session(B, "R", "s"), op: "PutObject", identity: [allow("s3:*")], boundary: policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] }, "boundary", "arn:aws:iam::111111111111:policy/b"), sessionPolicies: [allow("s3:*")], target: bucket() }),
  ],
  ["through an access point", request({ principal: user(B, "u"), op: "GetObject", identity: [allow("s3:*")], target: bucket({ object: { owner: B, acl: acl(B, groupGrant(ALL_USERS, "READ")) } }), accessPoint: ap })],
  ["a copy refused on its source", request({ principal: root(B), op: "CopyObject", target: bucket({ object: { owner: W, acl: acl(W, grantTo(C, "READ")) } }), source: bucket({ object: { owner: W } }) })],
];

describe("detach / snapshot / restore", () => {
  for (const [name, req] of cases) {
    it(`explains ${name} identically after detaching and after restoring`, () => {
      const live = recorded(req);
      const expected = explain(live, { accountOf });
      const kept = detach(live);
      assert.deepEqual(explain(kept, { accountOf }), expected, "detached");
      const texts = new PolicyTexts();
      const text = snapshot(kept, texts);
      const restored = restore({ requestId: live.requestId, time: live.time, record: text }, texts.texts, new PolicyRestorer());
      assert.deepEqual(explain(restored, { accountOf }), expected, "restored");
      assert.equal(restored.answeredWith, live.answeredWith);
    });
  }

  it("stores each policy text once per batch, referred to by id and hash", () => {
    const texts = new PolicyTexts();
    const a = snapshot(detach(recorded(cases[1]?.[1] as AuthzRequest)), texts);
    snapshot(detach(recorded(cases[2]?.[1] as AuthzRequest)), texts);
    assert.equal(texts.texts.size, 3, "bucket policy, identity policy of each request (same text), SCP");
    assert.doesNotMatch(a, /FromOffice/, "policy texts are not inside the snapshot");
  });

  it("refuses a snapshot whose policy text is missing", () => {
    const texts = new PolicyTexts();
    const text = snapshot(detach(recorded(cases[0]?.[1] as AuthzRequest)), texts);
    assert.throws(() => restore({ requestId: "R", time: new Date(0), record: text }, new Map(), new PolicyRestorer()), /not stored with it/);
  });
});
