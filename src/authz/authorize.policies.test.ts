// Spec §12.9, §12.12, §12.13, §12.17, §2 (SCP/RCP/boundary/session), §6.4 and §7.2: policy layers.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AUTHENTICATED_USERS, groupGrant } from "../acl/types.ts";
import { NO_BLOCK } from "./blockPublicAccess.ts";
import { S3_OPERATIONS } from "./catalogue.ts";
import type { AccessPointContext } from "./request.ts";
import { decisionOf } from "./testing/expect.ts";
import { B, C, W, acl, allow, anonymous, bucket, bucketPolicy, federated, grantTo, policy, request, root, service, session, user } from "./testing/world.ts";

const bAdmin = user(B, "admin");
const admin = [allow("s3:*")];
const cUser = user(C, "c-user");
const objectRes = "arn:aws:s3:::bkt/*";

describe("§12.9 bucket-policy APIs and the bucket owner's root", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
  const lockout = bucketPolicy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::bkt", objectRes] });
  for (const op of ["PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy"] as const) {
    it(`lets B's root ${op} even when the bucket policy denies it`, () => {
      assert.deepEqual(decisionOf(request({ principal: root(B), op, target: bucket({ policy: lockout }) })), { verdict: "Allow" });
    });
  }
  it("subjects B's IAM principals to the bucket policy's own Deny", () => {
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "DeleteBucketPolicy", identity: admin, target: bucket({ policy: lockout }) })), { verdict: "ExplicitDeny", layer: "bucket-policy-deny" });
  });
  it("denies another account's principal without permission (403)", () => {
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetBucketPolicy", identity: admin, target: bucket() })), { verdict: "ImplicitDeny", layer: "bucket-policy-no-grant" });
  });
  it("allows another account's principal with permission in the engine; the catalogue's sameAccountOnly turns it into 405", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: C }, Action: "s3:GetBucketPolicy", Resource: "arn:aws:s3:::bkt" });
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetBucketPolicy", identity: admin, target: bucket({ policy: p }) })), { verdict: "Allow" });
    assert.equal(S3_OPERATIONS.GetBucketPolicy.sameAccountOnly, true);
  });
});

describe("§12.12 RestrictPublicBuckets cuts cross-account grants in a public policy", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
  const cStatement = { Effect: "Allow", Principal: { AWS: C }, Action: "s3:GetObject", Resource: objectRes };
  const publicStatement = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: objectRes };
  const serviceStatement = { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetObject", Resource: objectRes };
  const rpb = { RestrictPublicBuckets: true };
  it("blocks account C's specific grant while another statement makes the policy public", () => {
    const t = bucket({ policy: bucketPolicy(cStatement, publicStatement, serviceStatement), pab: rpb, object: { owner: B } });
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: admin, target: t })), { verdict: "ImplicitDeny", layer: "block-public-access", setting: "RestrictPublicBuckets" });
  });
  it("restores C's access once the public statement is removed", () => {
    const t = bucket({ policy: bucketPolicy(cStatement, serviceStatement), pab: rpb, object: { owner: B } });
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: admin, target: t })), { verdict: "Allow" });
  });
  it("leaves AWS service principals and the owner's own principals unaffected", () => {
    const t = bucket({ policy: bucketPolicy(cStatement, publicStatement, serviceStatement), pab: rpb, object: { owner: B } });
    assert.deepEqual(decisionOf(request({ principal: service("cloudtrail.amazonaws.com"), op: "GetObject", target: t })), { verdict: "Allow" });
    assert.deepEqual(decisionOf(request({ principal: user(B, "nobody"), op: "GetObject", identity: [], target: t })), { verdict: "Allow" });
  });
  it("blocks anonymous access through a public policy", () => {
    const t = bucket({ policy: bucketPolicy(publicStatement), pab: rpb, object: { owner: B } });
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "GetObject", target: t })), { verdict: "ImplicitDeny", layer: "block-public-access", setting: "RestrictPublicBuckets" });
  });
  it("lets anonymous read through a public policy when RestrictPublicBuckets is off (BlockPublicPolicy only guards PutBucketPolicy)", () => {
    const t = bucket({ policy: bucketPolicy(publicStatement), pab: { BlockPublicPolicy: true }, object: { owner: B } });
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "GetObject", target: t })), { verdict: "Allow" });
  });
});

describe("§12.13 Principal subtleties", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  const everyone = bucketPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: objectRes });
  const t = (p = everyone) => bucket({ policy: p, object: { owner: B } });
  it("lets a same-account IAM user read through Principal \"*\" with no identity policy", () => {
    assert.deepEqual(decisionOf(request({ principal: user(B, "u"), op: "GetObject", identity: [], target: t() })), { verdict: "Allow" });
  });
  it("still requires an identity allow for another account's user under Principal \"*\"", () => {
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: [], target: t() })), { verdict: "ImplicitDeny", layer: "identity-policy" });
  });
  it("lets anonymous callers in through Principal \"*\" (no BPA)", () => {
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "GetObject", target: t() })), { verdict: "Allow" });
  });
  it("treats an account principal as the whole account: C's IAM user gets in once C's identity policy allows", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:root` }, Action: "s3:GetObject", Resource: objectRes });
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: [allow("s3:GetObject")], target: t(p) })), { verdict: "Allow" });
  });
  it("requires an identity allow for B's IAM principals named only through B's account (UNCONFIRMED, spec A3)", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: B }, Action: "s3:GetObject", Resource: objectRes });
    assert.deepEqual(decisionOf(request({ principal: user(B, "u"), op: "GetObject", identity: [], target: t(p) })), { verdict: "ImplicitDeny", layer: "identity-policy" });
  });
  it("covers every session of a role named by its role ARN, and only the named session by a session ARN", () => {
    const roleP = bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:role/R` }, Action: "s3:GetObject", Resource: objectRes });
    const sessP = bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:sts::${C}:assumed-role/R/s1` }, Action: "s3:GetObject", Resource: objectRes });
    const id = [allow("s3:GetObject")];
    assert.deepEqual(decisionOf(request({ principal: session(C, "R", "any"), op: "GetObject", identity: id, target: t(roleP) })), { verdict: "Allow" });
    assert.deepEqual(decisionOf(request({ principal: session(C, "R", "s1"), op: "GetObject", identity: id, target: t(sessP) })), { verdict: "Allow" });
    assert.deepEqual(decisionOf(request({ principal: session(C, "R", "s2"), op: "GetObject", identity: id, target: t(sessP) })), { verdict: "ImplicitDeny", layer: "bucket-policy-no-grant" });
  });
});

describe("§12.17 ACL grants go to accounts; IAM principals still need their identity allow", () => {
  const granted = (g = grantTo(C, "READ")) => bucket({ object: { owner: B, acl: acl(B, g) } });
  it("lets C's root read through an object ACL grant to account C", () => {
    assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target: granted() })), { verdict: "Allow" });
  });
  it("denies C's IAM user with the same grant but no identity allow", () => {
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: [], target: granted() })), { verdict: "ImplicitDeny", layer: "identity-policy" });
  });
  it("lets any signed caller with an identity allow read through AuthenticatedUsers, but not anonymous callers", () => {
    const t = granted(groupGrant(AUTHENTICATED_USERS, "READ"));
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: [allow("s3:GetObject")], target: t })), { verdict: "Allow" });
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "GetObject", target: t })), { verdict: "ImplicitDeny", layer: "object-acl" });
  });
});

describe("§2 identity-side limits: SCPs, RCPs, boundaries, session policies", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
  const open = bucketPolicy({ Effect: "Allow", Principal: { AWS: [C, W] }, Action: "s3:GetObject", Resource: objectRes });
  const t = bucket({ policy: open, object: { owner: B } });
  const fullAccess = policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "scp");
  const denyS3 = policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] }, "scp");
  it("denies when an SCP level has no Allow, for the account's root as well", () => {
    assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target: t, scps: [[fullAccess], []] })), { verdict: "ImplicitDeny", layer: "scp" });
  });
  it("denies explicitly when an SCP denies", () => {
    assert.deepEqual(decisionOf(request({ principal: root(C), op: "GetObject", target: t, scps: [[fullAccess], [denyS3]] })), { verdict: "ExplicitDeny", layer: "scp" });
  });
  it("applies the bucket owner's RCPs to every caller, anonymous included", () => {
    const rcp = policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] }, "rcp");
    const everyone = bucket({ policy: bucketPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: objectRes }), object: { owner: B }, rcps: [[fullAccess, rcp]] });
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "GetObject", target: everyone })), { verdict: "ExplicitDeny", layer: "rcp" });
  });
  it("limits a role session by its permissions boundary", () => {
    assert.deepEqual(decisionOf(request({ principal: session(C, "R", "s"), op: "GetObject", identity: admin, boundary: allow("s3:ListBucket"), target: t })), { verdict: "ImplicitDeny", layer: "permissions-boundary" });
  });
  it("limits a role session by its session policy", () => {
    assert.deepEqual(decisionOf(request({ principal: session(C, "R", "s"), op: "GetObject", identity: admin, sessionPolicies: [allow("s3:ListBucket")], target: t })), { verdict: "ImplicitDeny", layer: "session-policy" });
  });
  it("allows a federated-user session nothing without a session policy", () => {
    assert.deepEqual(decisionOf(request({ principal: federated(C, "f"), op: "GetObject", identity: admin, target: t })), { verdict: "ImplicitDeny", layer: "session-policy" });
  });
  it("lets a same-account grant to the session ARN stand alone, outside boundary and session policy (§2.3, §2.4)", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:sts::${B}:assumed-role/R/s` }, Action: "s3:GetObject", Resource: objectRes });
    assert.deepEqual(decisionOf(request({ principal: session(B, "R", "s"), op: "GetObject", identity: [], boundary: allow("s3:ListBucket"), target: bucket({ policy: p, object: { owner: B } }) })), { verdict: "Allow" });
  });
  it("limits a same-account grant to the role ARN by the permissions boundary (§2.3)", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${B}:role/R` }, Action: "s3:GetObject", Resource: objectRes });
    const t2 = bucket({ policy: p, object: { owner: B } });
    assert.deepEqual(decisionOf(request({ principal: session(B, "R", "s"), op: "GetObject", identity: [], target: t2 })), { verdict: "Allow" });
    assert.deepEqual(decisionOf(request({ principal: session(B, "R", "s"), op: "GetObject", identity: [], boundary: allow("s3:ListBucket"), target: t2 })), { verdict: "ImplicitDeny", layer: "identity-policy" });
  });
  it("gives an identity Deny precedence over any bucket-policy grant", () => {
    const deny = policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }] });
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: [...admin, deny], target: t })), { verdict: "ExplicitDeny", layer: "identity-policy" });
  });
  it("decides ListBuckets (no resource) by the user context alone; anonymous gets nothing", () => {
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "ListBuckets", identity: [allow("s3:ListAllMyBuckets")] })), { verdict: "Allow" });
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "ListBuckets", identity: [] })), { verdict: "ImplicitDeny", layer: "identity-policy" });
    assert.deepEqual(decisionOf(request({ principal: anonymous, op: "ListBuckets" })), { verdict: "ImplicitDeny", layer: "identity-policy" });
  });
});

describe("§6.4 Block Public Access on requests that store public ACLs or policies", () => {
  it("rejects PutObjectAcl storing a public ACL under BlockPublicAcls, even for the owner's root", () => {
    const t = bucket({ pab: { BlockPublicAcls: true }, object: { owner: B } });
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "PutObjectAcl", target: t, storesPublicAcl: true })), { verdict: "ExplicitDeny", layer: "block-public-access", setting: "BlockPublicAcls" });
  });
  it("rejects PutBucketPolicy storing a public policy under BlockPublicPolicy", () => {
    assert.deepEqual(decisionOf(request({ principal: root(B), op: "PutBucketPolicy", target: bucket({ pab: { BlockPublicPolicy: true } }), storesPublicPolicy: true })), { verdict: "ExplicitDeny", layer: "block-public-access", setting: "BlockPublicPolicy" });
  });
});

describe("§7.2 access points: both the access point policy and the bucket must permit", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
  const apArn = `arn:aws:s3:us-east-1:${B}:accesspoint/ap1`;
  const apPolicy = policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:root` }, Action: "s3:GetObject", Resource: `${apArn}/object/*` }] }, "access-point");
  const ap = (p = apPolicy): AccessPointContext => ({ arn: apArn, accountId: B, policy: p, networkOrigin: "Internet", publicAccessBlock: NO_BLOCK });
  const delegation = bucketPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: ["arn:aws:s3:::bkt", objectRes], Condition: { StringEquals: { "s3:DataAccessPointAccount": B } } });
  const ctx = { "s3:DataAccessPointAccount": B, "s3:DataAccessPointArn": apArn };
  const id = [allow("s3:GetObject")];
  it("allows C through the access point when the bucket delegates to the owner's access points", () => {
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: id, target: bucket({ policy: delegation, object: { owner: B } }), accessPoint: ap(), context: ctx })), { verdict: "Allow" });
  });
  it("denies C when the bucket policy does not delegate to access points", () => {
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: id, target: bucket({ object: { owner: B } }), accessPoint: ap(), context: ctx })), { verdict: "ImplicitDeny", layer: "access-point-delegation" });
  });
  it("denies C when the access point policy grants nothing", () => {
    const empty = policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: W }, Action: "s3:GetObject", Resource: `${apArn}/object/*` }] }, "access-point");
    assert.deepEqual(decisionOf(request({ principal: cUser, op: "GetObject", identity: id, target: bucket({ policy: delegation, object: { owner: B } }), accessPoint: ap(empty), context: ctx })), { verdict: "ImplicitDeny", layer: "access-point-policy" });
  });
  it("denies explicitly when the access point policy denies", () => {
    const deny = policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: `${apArn}/object/*` }] }, "access-point");
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "GetObject", identity: admin, target: bucket({ policy: delegation, object: { owner: B } }), accessPoint: ap(deny), context: ctx })), { verdict: "ExplicitDeny", layer: "access-point-policy" });
  });
  it("lets the owner's admin through with its identity policy alone", () => {
    assert.deepEqual(decisionOf(request({ principal: bAdmin, op: "GetObject", identity: admin, target: bucket({ object: { owner: B } }), accessPoint: ap(), context: ctx })), { verdict: "Allow" });
  });
});
