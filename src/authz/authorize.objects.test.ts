// Spec §12.1–§12.8, §12.11, §12.15: objects, owners and ACLs in a multi-account bucket.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ALL_USERS, ANONYMOUS_CANONICAL_ID, groupGrant } from "../acl/types.ts";
import { decisionOf } from "./testing/expect.ts";
import { B, C, W, acl, allow, anonymous, bucket, bucketPolicy, grantTo, request, root, user } from "./testing/world.ts";

const wUser = user(W, "w-user");
const bAdmin = user(B, "admin");
const reader = user(B, "reader");
const admin = [allow("s3:*")];
const wPolicies = [allow(["s3:PutObject", "s3:GetObject", "s3:PutObjectAcl", "s3:GetObjectAcl", "s3:DeleteObject", "s3:ListBucket"], ["arn:aws:s3:::bkt", "arn:aws:s3:::bkt/*"])];
const writerPolicy = bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${W}:root` }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*" });
const wObject = { owner: W }; // written by W with no ACL header: W FULL_CONTROL only
const bofc = { owner: W, acl: acl(W, grantTo(B, "FULL_CONTROL")) };

describe("§12.1 cross-account uploads under ObjectWriter are owned by the uploader", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-overview.html#about-resource-owner
  it("lets w-user upload a new key when B's bucket policy allows W's account and W's identity policy allows", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "PutObject", identity: wPolicies, target: bucket({ policy: writerPolicy }) })), { verdict: "Allow" });
  });
  it("denies B's root reading an object W owns: the bucket owner has no permission on it", () => {
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "GetObject", target: bucket({ policy: writerPolicy, object: wObject }) })), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
  it("denies B's admin reading an object W owns, despite s3:* in its identity policy", () => {
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "GetObject", identity: admin, target: bucket({ policy: writerPolicy, object: wObject }) })), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
  it("denies B's admin GetObjectAcl on W's object (READ_ACP not granted to B)", () => {
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "GetObjectAcl", identity: admin, target: bucket({ object: wObject }) })), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
  it("denies B's reader named in B's bucket policy: the object ACL gives account B nothing to delegate", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${B}:user/reader` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    assert.deepEqual(decisionOf(request({ principal: reader, op: "GetObject", target: bucket({ policy: p, object: wObject }) })), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
  it("lets w-user read its own object without any grant from B (B only must not deny)", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "GetObject", identity: wPolicies, target: bucket({ object: wObject }) })), { verdict: "Allow" });
  });
  it("lets B's root read, and B's reader (via B's bucket policy) read, once the object ACL grants B full control", () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example3.html
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${B}:user/reader` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "GetObject", target: bucket({ object: bofc }) })), { verdict: "Allow" });
    assert.deepEqual(decisionOf(request({ principal: reader, op: "GetObject", target: bucket({ policy: p, object: bofc }) })), { verdict: "Allow" });
  });
  it("lets B's root delete W's object without any grant", () => {
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "DeleteObject", target: bucket({ object: wObject }) })), { verdict: "Allow" });
  });
  it("denies account C allowed by B's bucket policy when the object ACL grants only W and B: no re-delegation", () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-policy-alternatives-guidelines.html
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: C }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target: bucket({ policy: p, object: bofc }) })), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
});

describe("§12.2 bucket-policy Allow covers only B's objects, Deny covers all", () => {
  const denyW = bucketPolicy({ Effect: "Deny", Principal: { AWS: `arn:aws:iam::${W}:root` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
  it("denies w-user reading its own object when B's bucket policy denies W's account", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "GetObject", identity: wPolicies, target: bucket({ policy: denyW, object: wObject }) })), { verdict: "ExplicitDeny", layer: "bucket-policy-deny" });
  });
  it("binds W's root too (the bucket context is evaluated for every requester)", () => {
    assert.deepEqual(decisionOf(request({ principal: root(W), op: "GetObject", target: bucket({ policy: denyW, object: wObject }) })), { verdict: "ExplicitDeny", layer: "bucket-policy-deny" });
  });
  it("lets C read a B-owned object that B's bucket policy allows C", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: C }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    assert.deepEqual(decisionOf(request({ principal: user(C, "c"), op: "GetObject", identity: [allow("s3:GetObject")], target: bucket({ policy: p, object: { owner: B } }) })), { verdict: "Allow" });
  });
});

describe("§12.3 BucketOwnerPreferred: the writer of a bofc upload loses its ownership", () => {
  it("denies W reading an object that became B's when B grants W nothing", () => {
    const t = bucket({ ownership: "BucketOwnerPreferred", policy: writerPolicy, object: { owner: B } });
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "GetObject", identity: wPolicies, target: t })), { verdict: "ImplicitDeny", layer: "bucket-policy-no-grant" });
  });
});

describe("§12.4 BucketOwnerEnforced disables ACLs and makes B own every object", () => {
  it("lets B's admin read an object W wrote before enforcement, with its identity policy alone", () => {
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "GetObject", identity: admin, target: bucket({ ownership: "BucketOwnerEnforced", object: wObject }) })), { verdict: "Allow" });
  });
  it("denies W reading its former object: ownership moved to B and W's ACL grant is ignored", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "GetObject", identity: wPolicies, target: bucket({ ownership: "BucketOwnerEnforced", object: wObject }) })), { verdict: "ImplicitDeny", layer: "ownership" });
  });
  it("lets C read a W-written object through B's bucket policy Allow (it now covers all objects)", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: C }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target: bucket({ ownership: "BucketOwnerEnforced", policy: p, object: wObject }) })), { verdict: "Allow" });
  });
  it("ignores a stored public-read object ACL for anonymous readers", () => {
    const t = bucket({ ownership: "BucketOwnerEnforced", object: { owner: B, acl: acl(B, groupGrant(ALL_USERS, "READ")) } });
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "GetObject", target: t })), { verdict: "ImplicitDeny", layer: "ownership" });
  });
});

describe("§12.5 requiring bucket-owner-full-control with a bucket policy", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ensure-object-ownership.html
  const allowOnlyBofc = bucketPolicy({ Effect: "Allow", Principal: { AWS: W }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*", Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } });
  const denyOthers = bucketPolicy(
    { Effect: "Allow", Principal: { AWS: W }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*" },
    { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*", Condition: { StringNotEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } },
  );
  it("denies an upload without x-amz-acl under the Allow-only pattern (missing key ⇒ StringEquals false)", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "PutObject", identity: wPolicies, target: bucket({ policy: allowOnlyBofc }) })), { verdict: "ImplicitDeny", layer: "bucket-policy-no-grant" });
  });
  it("allows the upload with x-amz-acl: bucket-owner-full-control", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "PutObject", identity: wPolicies, target: bucket({ policy: allowOnlyBofc }), context: { "s3:x-amz-acl": "bucket-owner-full-control" } })), { verdict: "Allow" });
  });
  it("denies an upload with only x-amz-grant-full-control (the s3:x-amz-acl key is absent)", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "PutObject", identity: wPolicies, target: bucket({ policy: allowOnlyBofc }), context: { "s3:x-amz-grant-full-control": `id=${"c" + B}` } })), { verdict: "ImplicitDeny", layer: "bucket-policy-no-grant" });
  });
  it("denies B's own admin an upload without the header under the explicit-Deny pattern", () => {
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "PutObject", identity: admin, target: bucket({ policy: denyOthers }) })), { verdict: "ExplicitDeny", layer: "bucket-policy-deny" });
  });
});

describe("§12.6 taking ownership by copying an object onto itself", () => {
  it("lets B's root copy W's object onto itself when the object ACL grants B READ", () => {
    const t = bucket({ object: bofc });
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "CopyObject", target: t, source: t })), { verdict: "Allow" });
  });
  it("denies the copy on the source read when W uploaded with no ACL", () => {
    const t = bucket({ object: wObject });
    const r = request({ principal: root(B), op: "CopyObject", target: t, source: t });
    assert.deepEqual(decisionOf(r), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
});

describe("§12.7 what the bucket owner can always do", () => {
  for (const op of ["DeleteObject", "AbortMultipartUpload", "ListParts"] as const) {
    it(`lets B's root ${op} on an object it does not own`, () => {
      assert.deepEqual(decisionOf(request({ principal: root(B), op, target: bucket({ object: wObject }) })), { verdict: "Allow" });
    });
  }
  it("lets B's root delete any version of a foreign object (DeleteObjectVersion)", () => {
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "DeleteObject", facts: { versioned: true }, target: bucket({ object: wObject }) })), { verdict: "Allow" });
  });
  it("still requires an identity allow for B's IAM users exercising the owner powers (DERIVED)", () => {
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "DeleteObject", identity: [], target: bucket({ object: wObject }) })), { verdict: "ImplicitDeny", layer: "identity-policy" });
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "DeleteObject", identity: admin, target: bucket({ object: wObject }) })), { verdict: "Allow" });
  });
  it("lets B's root call PutBucketPolicy even when the bucket policy denies everyone everything", () => {
    const lockout = bucketPolicy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::bkt", "arn:aws:s3:::bkt/*"] });
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "PutBucketPolicy", target: bucket({ policy: lockout }) })), { verdict: "Allow" });
  });
});

describe("§12.8 the object owner in someone else's bucket", () => {
  for (const op of ["GetObject", "PutObjectAcl", "DeleteObject"] as const) {
    it(`lets W ${op} on its own object with only its identity allow`, () => {
      assert.deepEqual(decisionOf(request({ principal: wUser, op, identity: wPolicies, target: bucket({ object: wObject }) })), { verdict: "Allow" });
    });
  }
  it("denies W listing the bucket unless B grants s3:ListBucket (bucket ACL is the only source here)", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "ListObjectsV2", identity: wPolicies, target: bucket() })), { verdict: "ImplicitDeny", layer: "bucket-acl" });
  });
  it("denies W listing when B's bucket policy does not grant ListBucket", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "ListObjectsV2", identity: wPolicies, target: bucket({ policy: writerPolicy }) })), { verdict: "ImplicitDeny", layer: "bucket-policy-no-grant" });
  });
});

describe("§12.11 anonymous writers", () => {
  const publicWrite = acl(B, groupGrant(ALL_USERS, "WRITE"));
  it("lets an unsigned request create a key when the bucket ACL grants AllUsers WRITE", () => {
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "PutObject", target: bucket({ acl: publicWrite }) })), { verdict: "Allow" });
  });
  it("blocks that grant under IgnorePublicAcls", () => {
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "PutObject", target: bucket({ acl: publicWrite, pab: { IgnorePublicAcls: true } }) })), { verdict: "ImplicitDeny", layer: "block-public-access", setting: "IgnorePublicAcls" });
  });
  const anonObject = { owner: "anonymous", ownerCanonical: ANONYMOUS_CANONICAL_ID, acl: { owner: { id: ANONYMOUS_CANONICAL_ID }, grants: [{ grantee: { type: "CanonicalUser" as const, id: ANONYMOUS_CANONICAL_ID }, permission: "FULL_CONTROL" as const }] } };
  it("lets any unsigned request read and re-ACL an object an anonymous writer owns", () => {
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "GetObject", target: bucket({ object: anonObject }) })), { verdict: "Allow" });
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "PutObjectAcl", target: bucket({ object: anonObject }) })), { verdict: "Allow" });
  });
  it("denies B reading it but lets B delete it", () => {
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "GetObject", target: bucket({ object: anonObject }) })), { verdict: "ImplicitDeny", layer: "object-acl" });
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "DeleteObject", target: bucket({ object: anonObject }) })), { verdict: "Allow" });
  });
});

describe("§12.15 switching ownership settings back restores the original owners", () => {
  it("lets W read its pre-enforcement object again after switching back to ObjectWriter", () => {
    assert.deepEqual(decisionOf(request({ principal: wUser, op: "GetObject", identity: wPolicies, target: bucket({ ownership: "ObjectWriter", object: wObject }) })), { verdict: "Allow" });
  });
});

// Spec §1.7 step 5: which layer blockedBy names when the object side (object ACL / object owner) and the bucket
// policy both grant nothing. For O ≠ B the bucket policy cannot help another account at all (its Allow covers only
// B's objects, §12.2), so the object ACL is blamed whatever the policy says; for O = B either would grant, and the
// bucket policy is blamed when there is one; the user context, evaluated first, is blamed when it is silent too.
describe("§1.7 blame when the object ACL and the bucket policy both grant nothing", () => {
  const unrelated = bucketPolicy({ Effect: "Allow", Principal: { AWS: C }, Action: "s3:ListBucket", Resource: "arn:aws:s3:::bkt" });
  it("O ≠ B, another account: the object ACL, with or without a bucket policy", () => {
    for (const policy of [unrelated, undefined]) {
      const target = bucket({ ...(policy !== undefined ? { policy } : {}), object: wObject });
      assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target })), { verdict: "ImplicitDeny", layer: "object-acl" });
    }
  });
  it("O ≠ B, even when the bucket policy allows that account: the object ACL (B cannot pass on what it was not granted)", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: C }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target: bucket({ policy: p, object: wObject }) })), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
  it("O = B, another account: the bucket policy when there is one, the object ACL when there is none", () => {
    const own = { owner: B };
    assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target: bucket({ policy: unrelated, object: own }) })), { verdict: "ImplicitDeny", layer: "bucket-policy-no-grant" });
    assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target: bucket({ object: own }) })), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
  it("the user context is blamed first when it is silent too (an IAM user of another account without identity policy)", () => {
    const cUser = user(C, "nobody");
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", target: bucket({ policy: unrelated, object: wObject }) })), { verdict: "ImplicitDeny", layer: "identity-policy" });
  });
});
