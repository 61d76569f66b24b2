// Explanations of engine decisions (issue #6): the seeds' trap first, then one case per remedy rule.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ALL_USERS, groupGrant } from "../acl/types.ts";
import { authorize, BLOCK_ALL } from "../authz/index.ts";
import type { AuthzRequest } from "../authz/index.ts";
import { B, C, W, acl, allow, bucket, bucketPolicy, canonical, federated, grantTo, policy, request, root, user } from "../authz/testing/world.ts";
import { explain } from "./explain.ts";
import type { ExplainOptions, Explanation, LayerExplanation } from "./types.ts";

const accountOf = (id: string): string | undefined => [B, W, C].find((a) => canonical(a) === id);

function explained(req: AuthzRequest, options: ExplainOptions = {}): Explanation {
  const result = authorize(req);
  const denied = result.verdict !== "Allow";
  return explain({ requestId: "REQ", time: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), request: req, result, ...(denied ? { answeredWith: "AccessDenied", message: "Access Denied" } : {}) }, { accountOf, ...(denied ? { status: 403 } : {}), ...options });
}

function layer(e: Explanation, name: LayerExplanation["layer"], check = 0): LayerExplanation {
  const found = e.checks[check]?.layers.find((l) => l.layer === name);
  assert.ok(found !== undefined, `layer ${name} of check ${check}`);
  return found;
}

const writersMayPut = bucketPolicy({ Sid: "WritersMayPut", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:root` }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*" });
const readersMayGet = { Sid: "ReadersMayGet", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${B}:user/reader` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" };

describe("the seeds' trap: an object owned by another account than the bucket owner", () => {
  const trap = request({ principal: root(B), op: "GetObject", target: bucket({ policy: writersMayPut, object: { owner: C } }) });

  it("names who asked, what was required, the object owner and the bucket owner", () => {
    const e = explained(trap);
    assert.equal(e.requestId, "REQ");
    assert.equal(e.time, "2026-01-02T03:04:05.000Z");
    assert.equal(e.operation, "GetObject");
    assert.equal(e.verdict, "ImplicitDeny");
    assert.deepEqual(e.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
    assert.deepEqual(e.principal, { kind: "root", arn: `arn:aws:iam::${B}:root`, accountId: B, userId: B, description: `the root user of account ${B}` });
    assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: "arn:aws:s3:::bkt/k", on: "target" }]);
    assert.equal(e.target?.ownerAccountId, B);
    assert.equal(e.target?.object?.ownerAccountId, C);
    assert.equal(e.target?.object?.ownedByBucketOwner, false);
    assert.deepEqual(e.blockedBy, { layer: "object-acl", action: "s3:GetObject", resource: "arn:aws:s3:::bkt/k" });
    assert.equal(e.replayConsistent, true);
  });

  it("lists every layer in evaluation order and marks the object ACL and owner as decisive", () => {
    const e = explained(trap);
    const layers = e.checks[0]?.layers ?? [];
    assert.deepEqual(
      layers.map((l) => l.layer),
      ["identity-policy", "permissions-boundary", "session-policy", "scp", "rcp", "bucket-policy", "access-point-policy", "object-acl", "object-owner", "block-public-access"],
    );
    assert.deepEqual(layers.filter((l) => l.decisive === true).map((l) => l.layer), ["object-acl", "object-owner"]);
    assert.equal(layer(e, "identity-policy").status, "not-applicable", "the root user has no identity side");
    assert.equal(layer(e, "object-acl").status, "no-allow");
    assert.match(layer(e, "object-owner").summary, /owned by account 333333333333, not by the bucket owner account 111111111111/);
  });

  it("gives the remedy: bucket-owner-full-control or BucketOwnerEnforced", () => {
    const e = explained(trap);
    assert.equal(e.remedies[0]?.id, "foreign-object-owner");
    const text = e.remedies[0]?.text ?? "";
    assert.match(text, /owned by account 333333333333, not by the bucket owner account 111111111111/);
    assert.match(text, /bucket policy's Allow does not apply/);
    assert.match(text, /bucket-owner-full-control/);
    assert.match(text, /BucketOwnerEnforced/);
    assert.match(e.summary, /owned by account 333333333333/);
  });

  it("explains why B's reader, named in B's bucket policy, is still denied", () => {
    const r = request({ principal: user(B, "reader"), op: "GetObject", target: bucket({ policy: bucketPolicy(readersMayGet), object: { owner: C } }) });
    const e = explained(r);
    assert.equal(e.blockedBy?.layer, "object-acl");
    assert.equal(layer(e, "bucket-policy").status, "info");
    assert.match(layer(e, "bucket-policy").summary, /ReadersMayGet.*allows, but the object is owned by account 333333333333/);
    assert.equal(e.remedies[0]?.id, "foreign-object-owner");
  });

  it("explains a third account's denial: no re-delegation of an ACL grant", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: W }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    const r = request({ principal: root(W), op: "GetObject", target: bucket({ policy: p, object: { owner: C, acl: acl(C, grantTo(B, "FULL_CONTROL")) } }) });
    const e = explained(r);
    assert.equal(e.remedies[0]?.id, "foreign-object-owner-third-account");
    assert.match(e.remedies[0]?.text ?? "", /cannot be passed on to another account/);
    assert.equal(layer(e, "bucket-policy").status, "no-allow");
    assert.match(layer(e, "bucket-policy").summary, /its Allow does not apply/);
  });

  it("shows the grant that allows once the writer used bucket-owner-full-control, with no remedy", () => {
    const r = request({ principal: user(B, "reader"), op: "GetObject", target: bucket({ policy: bucketPolicy(readersMayGet), object: { owner: C, acl: acl(C, grantTo(B, "FULL_CONTROL")) } }) });
    const e = explained(r);
    assert.equal(e.verdict, "Allow");
    assert.deepEqual(e.answer, { allowed: true });
    assert.equal(e.blockedBy, undefined);
    assert.deepEqual(e.remedies, []);
    assert.equal(layer(e, "object-acl").status, "allow");
    assert.match(layer(e, "object-acl").summary, /grants account 111111111111 READ \(grant #1 account 111111111111 FULL_CONTROL\)/);
    assert.ok(e.deciding.some((d) => d.layer === "bucket-policy" && d.statement?.sid === "ReadersMayGet"));
  });
});

describe("remedies", () => {
  it("same-account IAM user without an identity allow: attach a policy or name it in the bucket policy", () => {
    const e = explained(request({ principal: user(B, "dave"), op: "GetObject", identity: [], target: bucket({ object: { owner: B } }) }));
    assert.equal(e.blockedBy?.layer, "identity-policy");
    assert.equal(layer(e, "identity-policy").decisive, true);
    assert.match(layer(e, "identity-policy").summary, /no identity policy is attached/);
    assert.equal(e.remedies[0]?.id, "same-account-identity-allow");
    assert.match(e.remedies[0]?.text ?? "", /bucket policy of bkt that names \{"AWS": "arn:aws:iam::111111111111:user\/dave"\}/);
  });

  it("cross-account caller granted by the bucket owner but missing its own identity allow", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: W }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    const e = explained(request({ principal: user(W, "w-user"), op: "GetObject", identity: [allow("s3:PutObject")], target: bucket({ policy: p, object: { owner: B } }) }));
    assert.equal(e.blockedBy?.layer, "identity-policy");
    assert.equal(layer(e, "bucket-policy").status, "allow");
    assert.equal(e.remedies[0]?.id, "cross-account-identity-allow");
    assert.match(e.remedies[0]?.text ?? "", /The bucket owner's grant is there, but account 222222222222 must also allow s3:GetObject/);
  });

  it("explicit deny: names the Sid and the condition values compared", () => {
    const p = bucketPolicy(
      { Effect: "Allow", Principal: { AWS: W }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*" },
      { Sid: "RequireBucketOwnerFullControl", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*", Condition: { StringNotEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } },
    );
    const e = explained(request({ principal: root(W), op: "PutObject", target: bucket({ policy: p }), context: { "s3:x-amz-acl": "private" } }));
    assert.equal(e.verdict, "ExplicitDeny");
    assert.equal(e.blockedBy?.layer, "bucket-policy-deny");
    const deciding = e.deciding[0];
    assert.equal(deciding?.statement?.sid, "RequireBucketOwnerFullControl");
    assert.deepEqual(deciding?.statement?.conditions, [{ operator: "StringNotEquals", key: "s3:x-amz-acl", policyValues: ["bucket-owner-full-control"], requestValues: ["private"], result: true }]);
    assert.equal(e.remedies[0]?.id, "explicit-deny");
    assert.match(e.remedies[0]?.text ?? "", /statement "RequireBucketOwnerFullControl" \(#1\) of bucket-policy explicitly denies s3:PutObject/);
    assert.match(e.remedies[0]?.text ?? "", /StringNotEquals s3:x-amz-acl "bucket-owner-full-control": request has "private" → holds/);
    assert.match(e.remedies[0]?.text ?? "", /x-amz-acl: bucket-owner-full-control/);
  });

  it("an Allow whose condition failed: says which condition and what the request lacked", () => {
    const p = bucketPolicy({ Sid: "OnlyWithBofc", Effect: "Allow", Principal: { AWS: W }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*", Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } });
    const e = explained(request({ principal: root(W), op: "PutObject", target: bucket({ policy: p }) }));
    assert.equal(e.blockedBy?.layer, "bucket-policy-no-grant");
    assert.equal(e.remedies[0]?.id, "bucket-policy-condition");
    assert.match(e.remedies[0]?.text ?? "", /statement "OnlyWithBofc" \(#0\) would allow but StringEquals s3:x-amz-acl "bucket-owner-full-control": absent from the request → fails/);
  });

  it("a bucket policy that names nobody matching: add a statement for the principal", () => {
    const e = explained(request({ principal: root(W), op: "ListObjects", target: bucket({ policy: writersMayPut }) }));
    assert.equal(e.blockedBy?.layer, "bucket-policy-no-grant");
    assert.equal(e.remedies[0]?.id, "bucket-policy-no-grant");
    assert.match(e.remedies[0]?.text ?? "", /Principal \{"AWS": "arn:aws:iam::222222222222:root"\}/);
  });

  it("BlockPublicPolicy rejecting a public policy", () => {
    const e = explained(request({ principal: root(B), op: "PutBucketPolicy", target: bucket({ pab: { BlockPublicPolicy: true } }), storesPublicPolicy: true }));
    assert.equal(e.blockedBy?.layer, "block-public-access");
    assert.equal(e.blockedBy?.setting, "BlockPublicPolicy");
    assert.equal(layer(e, "block-public-access").status, "deny");
    assert.equal(e.remedies[0]?.id, "block-public-policy");
  });

  it("BlockPublicAcls rejecting a public ACL", () => {
    const e = explained(request({ principal: root(B), op: "PutObjectAcl", target: bucket({ pab: BLOCK_ALL, object: { owner: B } }), storesPublicAcl: true }));
    assert.equal(e.blockedBy?.setting, "BlockPublicAcls");
    assert.equal(e.remedies[0]?.id, "block-public-acls");
  });

  it("RestrictPublicBuckets cutting a statement that names the caller's account", () => {
    const p = bucketPolicy(
      { Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" },
      { Sid: "PartnerC", Effect: "Allow", Principal: { AWS: C }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" },
    );
    const e = explained(request({ principal: root(C), op: "GetObject", target: bucket({ policy: p, pab: { RestrictPublicBuckets: true }, object: { owner: B } }) }));
    assert.equal(e.blockedBy?.setting, "RestrictPublicBuckets");
    assert.equal(e.target?.bucketPolicy?.public, true);
    assert.equal(layer(e, "bucket-policy").status, "no-allow");
    assert.equal(e.remedies[0]?.id, "restrict-public-buckets");
    assert.match(e.remedies[0]?.text ?? "", /statement "Everyone" \(#0\)/);
    assert.doesNotMatch(e.remedies[0]?.text ?? "", /PartnerC/);
  });

  it("IgnorePublicAcls ignoring the only grant", () => {
    const t = bucket({ pab: { IgnorePublicAcls: true }, object: { owner: B, acl: acl(B, groupGrant(ALL_USERS, "READ")) } });
    const e = explained(request({ principal: root(W), op: "GetObject", target: t }));
    assert.equal(e.blockedBy?.setting, "IgnorePublicAcls");
    assert.match(layer(e, "object-acl").summary, /IgnorePublicAcls ignores them/);
    assert.equal(e.remedies[0]?.id, "ignore-public-acls");
  });

  it("BucketOwnerEnforced with no grant for another account: only a bucket policy can grant, never an ACL", () => {
    const e = explained(request({ principal: user(W, "w-user"), op: "GetObject", identity: [allow("s3:GetObject")], target: bucket({ ownership: "BucketOwnerEnforced", object: { owner: B } }) }));
    assert.equal(e.blockedBy?.layer, "object-acl");
    assert.match(e.summary, /nothing grants it: bucket bkt has no bucket policy, and ACLs are disabled \(Object Ownership BucketOwnerEnforced\)/);
    assert.deepEqual(e.remedies.map((r) => r.id), ["bucket-policy-needed"]);
    const text = e.remedies[0]?.text ?? "";
    assert.match(text, /^Bucket bkt \(owned by account 111111111111\) has no bucket policy, and its Object Ownership is BucketOwnerEnforced, so ACLs are disabled/);
    assert.match(text, /allowing Principal \{"AWS": "arn:aws:iam::222222222222:user\/w-user"\} s3:GetObject on arn:aws:s3:::bkt\/k \(account 222222222222 must allow it in the caller's identity policy too\)/);
    assert.doesNotMatch(text, /through the object ACL/);
    const listing = explained(request({ principal: root(W), op: "ListObjects", target: bucket({ ownership: "BucketOwnerEnforced" }) }));
    assert.equal(listing.blockedBy?.layer, "bucket-acl");
    assert.deepEqual(listing.remedies.map((r) => r.id), ["bucket-policy-needed"]);
    assert.match(listing.remedies[0]?.text ?? "", /allowing Principal \{"AWS": "arn:aws:iam::222222222222:root"\} s3:ListBucket on arn:aws:s3:::bkt\.$/, "a root user needs no identity policy");
  });

  it("BucketOwnerEnforced: the former object owner's ACL grant is ignored", () => {
    const e = explained(request({ principal: user(W, "w-user"), op: "GetObject", identity: [allow("s3:GetObject")], target: bucket({ ownership: "BucketOwnerEnforced", object: { owner: W } }) }));
    assert.equal(e.blockedBy?.layer, "ownership");
    assert.equal(layer(e, "object-acl").decisive, true);
    assert.match(layer(e, "object-owner").summary, /owned by the bucket owner account 111111111111 \(written by account 222222222222\): BucketOwnerEnforced makes it own every object/);
    assert.equal(e.target?.object?.storedOwnerAccountId, W);
    assert.equal(e.target?.object?.ownerAccountId, B);
    assert.equal(e.remedies[0]?.id, "acls-disabled");
  });

  it("missing s3:ListBucket turning a 404 into a 403", () => {
    const p = bucketPolicy({ Effect: "Allow", Principal: { AWS: W }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" });
    const list: AuthzRequest = { ...request({ principal: root(W), op: "ListObjects", target: bucket({ policy: p }) }) };
    const e = explained(list, { missingKey: true });
    assert.equal(e.missingKey, true);
    assert.equal(e.remedies[0]?.id, "missing-key-needs-list");
    assert.match(e.remedies[0]?.text ?? "", /404 NoSuchKey only to callers allowed s3:ListBucket/);
    assert.match(e.summary, /without s3:ListBucket S3 answers 403 instead of 404/);
  });

  it("an SCP level without an Allow", () => {
    const scps = [[policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "scp", "p-full")], [policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] }, "scp", "p-ec2only")]];
    const e = explained(request({ principal: root(W), op: "ListBuckets", scps }));
    assert.equal(e.blockedBy?.layer, "scp");
    const scp = layer(e, "scp");
    assert.equal(scp.status, "no-allow");
    assert.match(scp.summary, /level 1 of the organization/);
    // p-ec2only's only statement cannot match s3:ListAllMyBuckets: the action index rules it out, so the
    // trace counts it instead of explaining it, and only the candidate statements are listed.
    assert.deepEqual(scp.statements?.map((s) => [s.policyId, s.matched]), [["p-full", true]]);
    assert.equal(e.remedies[0]?.id, "scp");
  });

  it("a federated session without a session policy", () => {
    const e = explained(request({ principal: federated(W, "fed"), op: "ListBuckets", identity: [allow("s3:*")] }));
    assert.equal(e.blockedBy?.layer, "session-policy");
    assert.equal(layer(e, "session-policy").status, "no-allow");
    assert.equal(e.remedies[0]?.id, "session-policy");
  });
});

describe("statements that were not candidates (the trace counts them, it does not detail them)", () => {
  const statements = [
    { Sid: "WritersMayPut", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:root` }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*" },
    { Sid: "WritersMayTag", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:root` }, Action: "s3:PutObjectTagging", Resource: "arn:aws:s3:::bkt/*" },
    { Sid: "WriterReads", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${W}:root` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" },
    { Sid: "ReadersMayGet", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:root` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*", Condition: { StringEquals: { "aws:SourceIp": "10.0.0.1" } } },
  ];

  it("counts them per layer, by the index that ruled them out, in JSON and in words", () => {
    const e = explained(request({ principal: root(C), op: "GetObject", target: bucket({ policy: bucketPolicy(...statements), object: { owner: B } }) }));
    const l = layer(e, "bucket-policy");
    assert.equal(l.status, "no-allow");
    assert.deepEqual(l.statements?.map((s) => [s.sid, s.matched, s.failed]), [["ReadersMayGet", false, "condition"]]);
    assert.deepEqual(l.notCandidates, { byAction: 2, byPrincipal: 1, text: "3 other statements do not apply to s3:GetObject (2 by their Action, 1 by their Principal, which names other identities)" });
  });

  it("says 'statements', not 'other statements', when no statement was a candidate", () => {
    const e = explained(request({ principal: root(B), op: "GetObject", target: bucket({ policy: bucketPolicy(statements[0], statements[1]), object: { owner: C } }) }));
    assert.deepEqual(layer(e, "bucket-policy").notCandidates, { byAction: 2, byPrincipal: 0, text: "2 statements do not apply to s3:GetObject (their Action does not cover it)" });
  });

  it("leaves the count out when every statement was a candidate, and counts SCP statements across levels", () => {
    const e = explained(request({ principal: root(C), op: "GetObject", target: bucket({ policy: bucketPolicy(statements[3]), object: { owner: B } }) }));
    assert.equal(layer(e, "bucket-policy").notCandidates, undefined);
    assert.equal(Object.hasOwn(layer(e, "bucket-policy"), "notCandidates"), false);
    const scps = [[policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "scp", "p-full")], [policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] }, "scp", "p-ec2only")]];
    const scp = layer(explained(request({ principal: root(W), op: "ListBuckets", scps })), "scp");
    assert.deepEqual(scp.notCandidates, { byAction: 1, byPrincipal: 0, text: "1 other statement does not apply to s3:ListAllMyBuckets (its Action does not cover it)" });
  });
});

describe("the shape of an explanation", () => {
  it("stops at the first refused action: CopyObject refused on its source leaves the destination not evaluated", () => {
    const t = bucket({ object: { owner: W } });
    const e = explained(request({ principal: root(B), op: "CopyObject", target: t, source: t }));
    assert.deepEqual(e.checks.map((c) => [c.action, c.on, c.outcome]), [["s3:GetObject", "source", "denied"], ["s3:PutObject", "target", "not-evaluated"]]);
    assert.deepEqual(e.checks[1]?.layers, []);
    assert.equal(e.source?.object?.ownerAccountId, W);
  });

  it("reads how the request authenticated from its condition keys", () => {
    const r = request({ principal: user(B, "dave"), op: "ListBuckets", identity: [allow("s3:ListAllMyBuckets")], context: { "s3:authType": "REST-QUERY-STRING", "s3:signatureversion": "AWS4-HMAC-SHA256", "aws:SourceIp": "10.1.2.3", "aws:SecureTransport": "false" } });
    const e = explained(r, { accessKeyId: "AKIAEXAMPLE" });
    assert.deepEqual(e.authentication, { signed: true, authType: "REST-QUERY-STRING", signatureVersion: "AWS4-HMAC-SHA256", accessKeyId: "AKIAEXAMPLE", temporaryCredentials: false, sourceIp: "10.1.2.3", secureTransport: "false" });
  });

  it("is plain, deterministic JSON", () => {
    const r = request({ principal: root(B), op: "GetObject", target: bucket({ policy: writersMayPut, object: { owner: C } }) });
    const a = JSON.stringify(explained(r));
    const b = JSON.stringify(explained(r));
    assert.equal(a, b);
    assert.deepEqual(JSON.parse(a), explained(r));
  });

  it("flags a replay that disagrees with the recorded result", () => {
    const r = request({ principal: root(B), op: "GetObject", target: bucket({ object: { owner: B } }) });
    const e = explain({ request: r, result: { verdict: "ImplicitDeny", reasons: [] } });
    assert.equal(e.replayConsistent, false);
  });
});
