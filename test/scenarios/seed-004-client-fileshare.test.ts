/**
 * Seed 004, "Cross-Account file access on AWS S3" (../shared/seeds/004_598b2f1b71bc07ef.txt), replayed end to end.
 *
 * The story: the author shares a bucket with a client. A bucket policy lets the client's account list,
 * download and upload. The client's uploads work, but the author, whose account owns the bucket, cannot view
 * or download them. The fix is for the client to upload with `--acl bucket-owner-full-control`.
 *
 * Accounts (default world):
 * - the author's "corporate account" → alpha 111111111111, the bucket owner. The author signs in through
 *   federation and assumes a role. Here an IAM user `federated` of alpha assumes the role `corporate-admin`.
 * - the client's account → bravo 222222222222. The client is the IAM user `client`. A cross-account caller
 *   needs its own identity-policy allow as well as the bucket policy (spec §1.3, §2.5).
 * - charlie 333333333333 has no part.
 * World: legacy bucket defaults (ObjectWriter, no Block Public Access). The story predates the April 2023
 * defaults (spec §5.2), and under today's defaults the client's upload would be the bucket owner's.
 *
 * The CLI steps of the story (the client's uploads, with the story's exact command for the fix) and the
 * author's failing and then working download go through the `aws` CLI v1. The console set-up and the
 * other checks go through the SDK v3.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, DeleteObjectCommand, ListObjectsV2Command, GetBucketPolicyCommand, GetObjectAclCommand, GetObjectCommand, HeadObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, startTestServer, type TestServer } from "../support/server.ts";
import { requireAwsCli } from "../support/cli.ts";
import { errorOf, rejectsWith } from "../support/s3errors.ts";
import { assertCliDenied, assumeRole, awsAs, awsAsJson, awsAsOk, canonicalId, createRole, createUser, internalErrors, policy, rootOf, s3As, trustAccount, type Actor } from "../support/scenario.ts";
import { assertSameDecision, cliRequestId, decisiveLayers, layerOf, layerStatuses, simulateJson, simulateText, whyJson, whyText } from "../support/why.ts";

const BUCKET = "examplebucket";

/** The author's bucket policy, as printed in the story (its Action list is named in the text: ListBucket, GetObject, PutObject). */
function fileSharePolicy(actions: readonly string[] = ["s3:ListBucket", "s3:GetObject", "s3:PutObject"]): string {
  return JSON.stringify(
    policy({
      Sid: "DelegateS3Access",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` },
      Action: actions,
      Resource: [`arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}`],
    }),
  );
}

describe("seed 004: a client's uploads to my bucket that I cannot read", () => {
  let server: TestServer;
  let work: string;
  let me: Actor;
  let client: Actor;
  let alphaId: string;
  let bravoId: string;
  /** Request IDs of the author's denied and then working download, for `crossbucket why`. */
  const ids: Record<string, string> = {};

  before(async () => {
    requireAwsCli();
    server = await startTestServer({ legacyBucketDefaults: true });
    work = mkdtempSync(join(tmpdir(), "seed-004-"));
    alphaId = canonicalId(server, ALPHA);
    bravoId = canonicalId(server, BRAVO);
    const roleArn = await createRole(server, ALPHA, "corporate-admin", policy(trustAccount(ALPHA.id)), policy({ Effect: "Allow", Action: "s3:*", Resource: "*" }));
    const federated = await createUser(server, ALPHA, "federated", policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn }));
    me = await assumeRole(server, federated, roleArn, "author", ALPHA);
    client = await createUser(
      server,
      BRAVO,
      "client",
      policy({ Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject", "s3:PutObject"], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] }),
    );
    writeFileSync(join(work, "foo.txt"), "processed by the client\n");
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("the bucket owner's role creates the bucket with Delivery/ and Submissions/ folder objects and the DelegateS3Access policy", async () => {
    // The author did this in the S3 console. Here the assumed role does it through the SDK.
    const s3 = s3As(server, me);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await Promise.all([
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "Delivery/", Body: "" })),
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "Submissions/", Body: "" })),
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "Submissions/first.txt", Body: "first submission\n" })),
      s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: fileSharePolicy() })),
    ]);
    const stored = await server.client(ALPHA).send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
    assert.deepEqual(JSON.parse(stored.Policy ?? ""), JSON.parse(fileSharePolicy()));
  });

  it("the client lists the bucket, downloads the shared file and uploads its results (bucket policy + its own identity policy)", async () => {
    const s3 = s3As(server, client);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    assert.deepEqual(listed.Contents?.map((o) => o.Key), ["Delivery/", "Submissions/", "Submissions/first.txt"]);
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "Submissions/first.txt" }))).Body?.transformToString(), "first submission\n");
    // The client's first upload, through the CLI: no ACL.
    await awsAsOk(server, client, ["s3api", "put-object", "--bucket", BUCKET, "--key", "submissions/foo.txt", "--body", "foo.txt"], { cwd: work });
  });

  it("the bucket owner cannot view or download the client's file: 403 AccessDenied, 'Access Denied' (spec §12.1 step 2)", async () => {
    // Spec §12.1: the object belongs to the client's account and its ACL grants only that account. The bucket
    // owner's identity policy and its own bucket do not help. This is an ACL-only denial, so AWS gives the plain
    // text (spec §11.3.8).
    const get = await awsAs(server, me, ["s3api", "get-object", "--bucket", BUCKET, "--key", "submissions/foo.txt", "mine.txt", "--debug"], { cwd: work });
    assertCliDenied(get, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    ids["author-denied"] = cliRequestId(get);
    // "Unable to view": HeadObject is refused the same way (a HEAD error has no body, only the status).
    const head = await errorOf(s3As(server, me).send(new HeadObjectCommand({ Bucket: BUCKET, Key: "submissions/foo.txt" })));
    assert.equal(head.$metadata.httpStatusCode, 403);
    // "This was unexpected, as I owned the bucket": the root user of the bucket account is refused as well.
    const root = await rejectsWith(server.client(ALPHA).send(new GetObjectCommand({ Bucket: BUCKET, Key: "submissions/foo.txt" })), "AccessDenied", 403);
    assert.equal(root.message, "Access Denied");
  });

  it("why and simulate for the author's 403: the bucket owner's own role, an object owned by the client's account", async () => {
    const session = `arn:aws:sts::${ALPHA.id}:assumed-role/corporate-admin/author`;
    const [e] = await whyJson(server, me, ids["author-denied"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.verdict, "ImplicitDeny");
    assert.deepEqual(e.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
    assert.equal(e.principal.kind, "assumed-role");
    assert.equal(e.principal.arn, session);
    assert.equal(e.principal.accountId, ALPHA.id);
    assert.equal(e.authentication.temporaryCredentials, true);
    assert.equal(e.authentication.accessKeyId, me.creds.accessKeyId);
    assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/submissions/foo.txt`, on: "target" }]);
    assert.deepEqual(layerStatuses(e).filter(([, st]) => st !== "not-applicable"), [
      ["identity-policy", "allow"],
      ["bucket-policy", "no-allow"],
      ["object-acl", "no-allow"],
      ["object-owner", "info"],
    ]);
    assert.deepEqual(decisiveLayers(e), ["object-acl", "object-owner"]);
    // The role's s3:* on * applies; DelegateS3Access names only the client's account.
    assert.deepEqual(layerOf(e, "identity-policy").statements?.map((st) => [st.index, st.effect, st.matched]), [[0, "Allow", true]]);
    assert.deepEqual(layerOf(e, "bucket-policy").notCandidates, { byAction: 0, byPrincipal: 1, text: "1 statement does not apply to s3:GetObject (its Principal names other identities)" });
    assert.equal(e.target?.ownerAccountId, ALPHA.id);
    assert.equal(e.target?.object?.ownerAccountId, BRAVO.id);
    assert.deepEqual(e.target?.object?.acl.map((g) => [g.granteeAccountId, g.permission]), [[BRAVO.id, "FULL_CONTROL"]]);
    assert.deepEqual(e.blockedBy, { layer: "object-acl", action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/submissions/foo.txt` });
    assert.deepEqual(e.remedies.map((r) => r.id), ["foreign-object-owner"]);
    const remedy = e.remedies[0]?.text ?? "";
    assert.match(remedy, /^Object submissions\/foo\.txt is owned by account 222222222222, not by the bucket owner account 111111111111; the bucket policy's Allow does not apply to it/);
    // The story's fix, and Object Ownership.
    assert.match(remedy, /upload with the ACL bucket-owner-full-control, i\.e\. header x-amz-acl: bucket-owner-full-control/);
    assert.match(remedy, /BucketOwnerEnforced on bucket examplebucket/);
    const text = await whyText(server, me, ids["author-denied"] ?? "");
    assert.match(text, /Verdict: Denied \(no grant\): role session author of role corporate-admin of account 111111111111 may not s3:GetObject/);
    assert.match(text, /object submissions\/foo\.txt: owned by account 222222222222 — NOT the bucket owner/);
    assert.match(text, /bucket-owner-full-control/);
    assert.match(text, /BucketOwnerEnforced/);
    // The author's role session runs `why` and `simulate` itself: its account owns the bucket.
    const sim = await simulateJson(server, me, session, "GetObject", `${BUCKET}/submissions/foo.txt`);
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
    const simText = await simulateText(server, rootOf(ALPHA), session, "GetObject", `${BUCKET}/submissions/foo.txt`);
    assert.match(simText, /Answer: would get 403 AccessDenied "Access Denied"/);
    assert.match(simText, /owned by account 222222222222, not by the bucket owner account 111111111111/);
  });

  it("list-objects-v2 --fetch-owner and get-object-acl show the client's account as owner and sole grantee (spec §12.1 steps 1, 3)", async () => {
    const listed = await awsAsJson<{ Contents: { Key: string; Owner: { ID: string } }[] }>(server, me, ["s3api", "list-objects-v2", "--bucket", BUCKET, "--fetch-owner"]);
    assert.deepEqual(
      listed.Contents.map((o) => [o.Key, o.Owner.ID]),
      [
        ["Delivery/", alphaId],
        ["Submissions/", alphaId],
        ["Submissions/first.txt", alphaId],
        ["submissions/foo.txt", bravoId],
      ],
    );
    const aclByMe = await rejectsWith(s3As(server, me).send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "submissions/foo.txt" })), "AccessDenied", 403);
    assert.equal(aclByMe.message, "Access Denied");
    // The client's identity policy does not allow s3:GetObjectAcl, so its account's root reads the ACL.
    const acl = await server.client(BRAVO).send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "submissions/foo.txt" }));
    assert.equal(acl.Owner?.ID, bravoId);
    assert.deepEqual(acl.Grants, [{ Grantee: { Type: "CanonicalUser", ID: bravoId }, Permission: "FULL_CONTROL" }]);
  });

  it("re-uploading with --acl bucket-owner-full-control (the story's command) lets the bucket owner download it", async () => {
    // As in the story: aws s3api put-object --bucket examplebucket --key submissions/foo.txt --body foo.txt --acl bucket-owner-full-control
    await awsAsOk(server, client, ["s3api", "put-object", "--bucket", BUCKET, "--key", "submissions/foo.txt", "--body", "foo.txt", "--acl", "bucket-owner-full-control"], { cwd: work });
    ids["author-remedied"] = cliRequestId(await awsAsOk(server, me, ["s3api", "get-object", "--bucket", BUCKET, "--key", "submissions/foo.txt", "mine.txt", "--debug"], { cwd: work }));
    assert.equal(readFileSync(join(work, "mine.txt"), "utf8"), "processed by the client\n");
    const head = await s3As(server, me).send(new HeadObjectCommand({ Bucket: BUCKET, Key: "submissions/foo.txt" }));
    assert.equal(head.ContentLength, "processed by the client\n".length);
    // Under ObjectWriter the client still owns the object. The ACL now gives both accounts FULL_CONTROL (spec §4.4, §5.3).
    const acl = await s3As(server, me).send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "submissions/foo.txt" }));
    assert.equal(acl.Owner?.ID, bravoId);
    assert.deepEqual(
      acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.ID, g.Permission]),
      [
        ["CanonicalUser", bravoId, "FULL_CONTROL"],
        ["CanonicalUser", alphaId, "FULL_CONTROL"],
      ],
    );
  });

  it("why and simulate after the fix: the object ACL now grants the bucket owner's account FULL_CONTROL", async () => {
    const [e] = await whyJson(server, me, ids["author-remedied"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.verdict, "Allow");
    assert.deepEqual(e.remedies, []);
    assert.equal(e.target?.object?.ownerAccountId, BRAVO.id, "the client still owns it");
    assert.equal(layerOf(e, "object-acl").status, "allow");
    assert.match(layerOf(e, "object-acl").summary, /grant #1 account 111111111111 FULL_CONTROL/);
    const sim = await simulateJson(server, me, `arn:aws:sts::${ALPHA.id}:assumed-role/corporate-admin/author`, "s3:GetObject", `s3://${BUCKET}/submissions/foo.txt`);
    assert.deepEqual(sim.answer, { allowed: true });
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
  });

  it("the policy grants only ListBucket, GetObject and PutObject: the client cannot delete the author's file", async () => {
    const r = await rejectsWith(s3As(server, client).send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "Submissions/first.txt" })), "AccessDenied", 403);
    // Cross-account: the plain text (spec §11.3.5).
    assert.equal(r.message, "Access Denied");
    await s3As(server, me).send(new HeadObjectCommand({ Bucket: BUCKET, Key: "Submissions/first.txt" }));
    // Even its root user, which needs no identity policy, gets no DeleteObject from the bucket policy.
    await rejectsWith(server.client(BRAVO).send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "Submissions/first.txt" })), "AccessDenied", 403);
  });

  it("a write-only drop box: without s3:GetObject in the bucket policy the client can still upload but no longer download", async () => {
    await server.client(ALPHA).send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: fileSharePolicy(["s3:ListBucket", "s3:PutObject"]) }));
    const s3 = s3As(server, client);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "submissions/bar.txt", Body: "more", ACL: "bucket-owner-full-control" }));
    const e = await rejectsWith(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "Submissions/first.txt" })), "AccessDenied", 403);
    assert.equal(e.message, "Access Denied");
    // The client's own objects are still readable: it owns them and the bucket policy has no Deny (spec §12.8).
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "submissions/bar.txt" }))).Body?.transformToString(), "more");
  });

  it("logs no internal error during the story", () => {
    assert.deepEqual(internalErrors(server), []);
  });
});
