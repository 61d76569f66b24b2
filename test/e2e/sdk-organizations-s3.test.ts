/**
 * End-to-end: AWS Organizations policies on S3 requests (spec §2.2): SCPs bind every principal of a member
 * account, its root included; RCPs bind every caller of a member account's buckets; `aws:PrincipalOrgID`
 * in a bucket policy; and AWS's enhanced access-denied message inside one organization (spec §11.3.5).
 * Charlie is the management account; alpha (the bucket owner) and bravo join by invitation.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AcceptHandshakeCommand, AttachPolicyCommand, CreateOrganizationCommand, CreatePolicyCommand, DetachPolicyCommand, EnablePolicyTypeCommand, InviteAccountToOrganizationCommand, ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, CHARLIE, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { rejectsWith } from "../support/s3errors.ts";
import type { WorldAccount } from "../../src/identity/world.ts";

let server: TestServer;
let orgId = "";
let rootId = "";
const orgs = (a: WorldAccount) => new OrganizationsClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: a.root.accessKeyId, secretAccessKey: a.root.secretAccessKey } });
const doc = (statement: Record<string, unknown>): string => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
let alpha: S3Client;
let bravo: S3Client;
let charlie: S3Client;
let bucket = "";

before(async () => {
  server = await startTestServer({ legacyBucketDefaults: true });
  alpha = server.client(ALPHA);
  bravo = server.client(BRAVO);
  charlie = server.client(CHARLIE);
  orgId = (await orgs(CHARLIE).send(new CreateOrganizationCommand({ FeatureSet: "ALL" }))).Organization?.Id ?? "";
  rootId = (await orgs(CHARLIE).send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
  for (const member of [ALPHA, BRAVO]) {
    const h = (await orgs(CHARLIE).send(new InviteAccountToOrganizationCommand({ Target: { Id: member.id, Type: "ACCOUNT" } }))).Handshake;
    await orgs(member).send(new AcceptHandshakeCommand({ HandshakeId: h?.Id }));
  }
  bucket = uniqueBucket("org");
  await alpha.send(new CreateBucketCommand({ Bucket: bucket }));
  await alpha.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "in the org" }));
});
after(async () => {
  await server.stop();
});

describe("organization policies on S3", () => {
  it("aws:PrincipalOrgID: a bucket policy granting the organization lets member accounts in and keeps others out", async () => {
    await alpha.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": orgId } } }) }));
    assert.equal(await (await bravo.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))).Body?.transformToString(), "in the org");
    assert.equal(await (await charlie.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))).Body?.transformToString(), "in the org");
  });

  it("§2.2: an SCP Deny stops a member account's root, with the enhanced message inside the organization", async () => {
    const scp = (await orgs(CHARLIE).send(new CreatePolicyCommand({ Name: "no-reads", Description: "deny reads", Type: "SERVICE_CONTROL_POLICY", Content: doc({ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }) }))).Policy?.PolicySummary?.Id ?? "";
    await orgs(CHARLIE).send(new AttachPolicyCommand({ PolicyId: scp, TargetId: BRAVO.id }));
    try {
      const e = await rejectsWith(bravo.send(new GetObjectCommand({ Bucket: bucket, Key: "k" })), "AccessDenied", 403);
      assert.equal(e.message, `User: arn:aws:iam::${BRAVO.id}:root is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${bucket}/k" with an explicit deny in a service control policy`);
      assert.equal(await (await charlie.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))).Body?.transformToString(), "in the org", "the management account is not bound by SCPs");
    } finally {
      await orgs(CHARLIE).send(new DetachPolicyCommand({ PolicyId: scp, TargetId: BRAVO.id }));
    }
    await bravo.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }));
  });

  it("§2.2: an RCP on the bucket owner's account denies callers from outside the organization even where the bucket policy allows", async () => {
    await orgs(CHARLIE).send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: "RESOURCE_CONTROL_POLICY" }));
    await alpha.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }) }));
    const rcp = (
      await orgs(CHARLIE).send(
        new CreatePolicyCommand({
          Name: "org-only",
          Description: "only principals of the organization",
          Type: "RESOURCE_CONTROL_POLICY",
          Content: doc({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": orgId } } }),
        }),
      )
    ).Policy?.PolicySummary?.Id ?? "";
    await orgs(CHARLIE).send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: ALPHA.id }));
    const anonymous = server.client(ALPHA, { credentials: { accessKeyId: "", secretAccessKey: "" }, signer: { sign: async (r) => r } });
    await rejectsWith(anonymous.send(new GetObjectCommand({ Bucket: bucket, Key: "k" })), "AccessDenied", 403);
    await bravo.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }));
    await orgs(CHARLIE).send(new DetachPolicyCommand({ PolicyId: rcp, TargetId: ALPHA.id }));
    assert.equal(await (await anonymous.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))).Body?.transformToString(), "in the org");
  });

  it("logs no internal error", () => {
    assert.deepEqual(server.logger.errors, []);
  });
});
