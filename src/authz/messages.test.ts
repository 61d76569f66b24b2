// Spec §11.3: enhanced AccessDenied messages for same-account / same-organization callers, generic otherwise.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { authorize } from "./authorize.ts";
import { ACCESS_DENIED, accessDeniedMessage } from "./messages.ts";
import { B, C, allow, anonymous, bucket, bucketPolicy, policy, request, user } from "./testing/world.ts";

const alice = user(B, "alice");
const key = bucket({ key: "key.txt", object: { owner: B } });

describe("AccessDenied messages", () => {
  it("names the missing identity-based allow for a same-account user", () => {
    const r = authorize(request({ principal: alice, op: "GetObject", identity: [], target: key }));
    assert.equal(accessDeniedMessage(r, alice, { accountId: B }), `User: arn:aws:iam::${B}:user/alice is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bkt/key.txt" because no identity-based policy allows the s3:GetObject action`);
  });
  it("names an explicit deny in a resource-based policy", () => {
    const deny = bucketPolicy({ Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    const r = authorize(request({ principal: alice, op: "GetObject", identity: [allow("s3:*")], target: bucket({ key: "key.txt", policy: deny, object: { owner: B } }) }));
    assert.match(accessDeniedMessage(r, alice, { accountId: B }), /with an explicit deny in a resource-based policy$/);
  });
  it("names an explicit deny in an identity-based policy", () => {
    const deny = policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] });
    const r = authorize(request({ principal: alice, op: "GetObject", identity: [deny], target: key }));
    assert.match(accessDeniedMessage(r, alice, { accountId: B }), /with an explicit deny in an identity-based policy$/);
  });
  it("uses the enhanced text inside one organization", () => {
    const c = user(C, "carol", "o-1");
    const r = authorize(request({ principal: c, op: "GetObject", identity: [], target: key }));
    assert.match(accessDeniedMessage(r, c, { accountId: B, orgId: "o-1" }), /^User: arn:aws:iam::333333333333:user\/carol/);
  });
  it("gives the plain text across accounts outside an organization, and to anonymous callers", () => {
    const c = user(C, "carol");
    assert.equal(accessDeniedMessage(authorize(request({ principal: c, op: "GetObject", identity: [], target: key })), c, { accountId: B }), ACCESS_DENIED);
    assert.equal(accessDeniedMessage(authorize(request({ principal: anonymous, op: "GetObject", target: key })), anonymous, { accountId: B }), ACCESS_DENIED);
  });
  it("gives the plain text for ACL-only denials (UNCONFIRMED shape, spec §11.3.8)", () => {
    const admin = user(B, "admin");
    const r = authorize(request({ principal: admin, op: "GetObject", identity: [allow("s3:*")], target: bucket({ object: { owner: C } }) }));
    assert.equal(r.blockedBy?.layer, "object-acl");
    assert.equal(accessDeniedMessage(r, admin, { accountId: B }), ACCESS_DENIED);
  });
});
