/**
 * Seed 002, "Solving an obscure AWS S3 access denied error in a cross account scenario"
 * (../shared/seeds/002_80b27638b9428681.txt), replayed end to end.
 *
 * The story: users reach the bucket `our-shared-widgets` in AccountB through IAM Identity Center permission
 * sets tied to AccountC. They have been getting and putting objects for some time. A new user signs in with
 * a permission set tied to AccountB, the bucket's own account, and GetObject answers 403 Access Denied. The
 * IAM and bucket policies are fine. An administrator of AccountB pushes a test file, and the new user can
 * read that one. head-object shows nothing wrong. get-object-acl shows the cause: AccountC owns the objects.
 * The fix is Object Ownership BucketOwnerEnforced (set through the CDK in the story). After it the new user
 * reads everything, and the existing users keep getting and putting.
 *
 * Accounts (default world):
 * - AccountB, the bucket owner → alpha 111111111111.
 * - AccountC, the compute account whose permission set the existing users use → bravo 222222222222.
 * - AccountA, the identity account (IAM users, Organizations, Identity Center) → charlie 333333333333.
 * Identity Center turns a permission set into an `AWSReservedSSO_…` role in each target account. Users sign
 * in to those roles through SAML federation. Here, IAM users of charlie call STS AssumeRole on those roles
 * instead. The S3 requests are signed by the role sessions, as in the story.
 * World: legacy bucket defaults. The bucket predates April 2023: the story's objects are from 2023-04-17,
 * and it notes the new defaults "won't be retroactive" (spec §5.2).
 *
 * Out of scope: KMS. The story's objects use SSE-KMS with a bucket key, and the author ruled KMS out as the
 * cause. crossbucket does not serve KMS, so the objects here are unencrypted. Only the non-KMS fields of
 * head-object are checked.
 *
 * The author's commands (head-object, get-object-acl), the failing GetObject and the one that works after the
 * fix go through the `aws` CLI v1. Set-up and the other checks go through the SDK v3.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateBucketCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, CHARLIE, startTestServer, type TestServer } from "../support/server.ts";
import { requireAwsCli } from "../support/cli.ts";
import { errorOf, rejectsWith } from "../support/s3errors.ts";
import { assertCliDenied, assumeRole, awsAs, awsAsJson, awsAsOk, canonicalId, createRole, createUser, internalErrors, policy, rootOf, s3As, trustAccount, type Actor } from "../support/scenario.ts";
import { assertSameDecision, cliRequestId, decisiveLayers, layerOf, layerStatuses, simulateJson, whyJson, whyText } from "../support/why.ts";

const BUCKET = "our-shared-widgets";
const OBJECTS = `arn:aws:s3:::${BUCKET}/*`;
const BODY = "widget-data-01\n"; // 15 bytes, the story's ContentLength
const DEVELOPERS = "AWSReservedSSO_WidgetDevelopers_0a1b2c3d4e5f6a7b";
const READERS = "AWSReservedSSO_WidgetReaders_7b6a5f4e3d2c1b0a";
const ADMINS = "AWSReservedSSO_AdministratorAccess_5e4d3c2b1a0f9e8d";

describe("seed 002: a new user in the bucket's own account is denied objects another account uploaded", () => {
  let server: TestServer;
  let work: string;
  let developer: Actor;
  let newUser: Actor;
  let admin: Actor;
  let alphaId: string;
  let bravoId: string;
  /** Request IDs of the new user's denial and of its read after the fix, for `crossbucket why`. */
  const ids: Record<string, string> = {};

  before(async () => {
    requireAwsCli();
    server = await startTestServer({ legacyBucketDefaults: true });
    work = mkdtempSync(join(tmpdir(), "seed-002-"));
    [alphaId, bravoId] = [canonicalId(server, ALPHA), canonicalId(server, BRAVO)];
    const trustIdentityAccount = policy(trustAccount(CHARLIE.id));
    // AccountC's permission set: get and put widgets (and read their ACLs, which the author does below).
    const developersArn = await createRole(server, BRAVO, DEVELOPERS, trustIdentityAccount, policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:GetObjectAcl"], Resource: OBJECTS }));
    // AccountB's permission sets: the new user's (get widgets) and an administrator's.
    const readersArn = await createRole(server, ALPHA, READERS, trustIdentityAccount, policy({ Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS }));
    const adminsArn = await createRole(server, ALPHA, ADMINS, trustIdentityAccount, policy({ Effect: "Allow", Action: "*", Resource: "*" }));
    // The identity account's users, who may assume the permission-set roles.
    const signIn = async (user: string, roleArn: string, account: typeof ALPHA): Promise<Actor> => {
      const person = await createUser(server, CHARLIE, user, policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn }));
      return assumeRole(server, person, roleArn, user, account);
    };
    [developer, newUser, admin] = await Promise.all([signIn("existing-user", developersArn, BRAVO), signIn("new-user", readersArn, ALPHA), signIn("admin", adminsArn, ALPHA)]);
    // AccountB's bucket (versioned: the story's head-object shows a VersionId) and its policy for AccountC's permission set.
    const accountB = server.client(ALPHA);
    await accountB.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await accountB.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: "Enabled" } }));
    await accountB.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy({ Sid: "AccountCWidgets", Effect: "Allow", Principal: { AWS: developersArn }, Action: ["s3:GetObject", "s3:PutObject"], Resource: OBJECTS })) }));
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("all is well: users of AccountC's permission set put and get objects in AccountB's bucket", async () => {
    await s3As(server, developer).send(new PutObjectCommand({ Bucket: BUCKET, Key: "file.ext", Body: BODY, ContentType: "text/plain" }));
    const got = await s3As(server, developer).send(new GetObjectCommand({ Bucket: BUCKET, Key: "file.ext" }));
    assert.equal(await got.Body?.transformToString(), BODY);
  });

  it("then it wasn't: the new user of AccountB's permission set gets 403 Access Denied on GetObject (spec §12.1 step 2)", async () => {
    const r = await awsAs(server, newUser, ["s3api", "get-object", "--bucket", BUCKET, "--key", "file.ext", "out.ext", "--debug"], { cwd: work });
    // The identity policy allows it and the bucket is the new user's own account's. The object's ACL grants only
    // AccountC. This is an ACL-only denial, so AWS gives the plain text (spec §11.3.8).
    assertCliDenied(r, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    ids["new-user-denied"] = cliRequestId(r);
  });

  it("why and simulate for the new user's 403: the IAM policy allows, AccountC owns the object; the remedy is the author's fix", async () => {
    const session = `arn:aws:sts::${ALPHA.id}:assumed-role/${READERS}/new-user`;
    const [e] = await whyJson(server, rootOf(ALPHA), ids["new-user-denied"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.verdict, "ImplicitDeny");
    assert.deepEqual(e.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
    assert.equal(e.principal.kind, "assumed-role");
    assert.equal(e.principal.arn, session);
    assert.equal(e.principal.principalArn, `arn:aws:iam::${ALPHA.id}:role/${READERS}`);
    assert.equal(e.principal.accountId, ALPHA.id);
    assert.equal(e.authentication.temporaryCredentials, true);
    assert.equal(e.authentication.accessKeyId, newUser.creds.accessKeyId);
    assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/file.ext`, on: "target" }]);
    assert.deepEqual(layerStatuses(e), [
      ["identity-policy", "allow"],
      ["permissions-boundary", "not-applicable"],
      ["session-policy", "not-applicable"],
      ["scp", "not-applicable"],
      ["rcp", "not-applicable"],
      ["bucket-policy", "no-allow"],
      ["access-point-policy", "not-applicable"],
      ["object-acl", "no-allow"],
      ["object-owner", "info"],
      ["block-public-access", "not-applicable"],
    ]);
    assert.deepEqual(decisiveLayers(e), ["object-acl", "object-owner"]);
    // "The IAM policy grants the necessary permissions": the permission set's statement applies.
    assert.deepEqual(layerOf(e, "identity-policy").statements?.map((st) => [st.index, st.matched]), [[0, true]]);
    assert.match(layerOf(e, "identity-policy").summary, /^allowed by role\/AWSReservedSSO_WidgetReaders_7b6a5f4e3d2c1b0a\//);
    // "and bucket policy are fine": AccountCWidgets names AccountC's permission set, not the new user's.
    assert.deepEqual(layerOf(e, "bucket-policy").notCandidates, { byAction: 0, byPrincipal: 1, text: "1 statement does not apply to s3:GetObject (its Principal names other identities)" });
    assert.equal(e.target?.object?.ownerAccountId, BRAVO.id);
    assert.deepEqual(e.target?.object?.acl.map((g) => [g.granteeAccountId, g.permission]), [[BRAVO.id, "FULL_CONTROL"]]);
    assert.deepEqual(e.blockedBy, { layer: "object-acl", action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/file.ext` });
    assert.deepEqual(e.remedies.map((r) => r.id), ["foreign-object-owner"]);
    const remedy = e.remedies[0]?.text ?? "";
    assert.match(remedy, /^Object file\.ext is owned by account 222222222222, not by the bucket owner account 111111111111; the bucket policy's Allow does not apply to it/);
    assert.match(remedy, /bucket-owner-full-control/);
    assert.match(remedy, /set Object Ownership to BucketOwnerEnforced on bucket our-shared-widgets/);
    const text = await whyText(server, rootOf(ALPHA), ids["new-user-denied"] ?? "");
    assert.match(text, /role session new-user of role AWSReservedSSO_WidgetReaders_7b6a5f4e3d2c1b0a of account 111111111111/);
    assert.match(text, /object file\.ext: owned by account 222222222222 — NOT the bucket owner/);
    assert.match(text, /BucketOwnerEnforced/);
    const sim = await simulateJson(server, rootOf(ALPHA), session, "GetObject", `${BUCKET}/file.ext`);
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
  });

  it("ruling out the IAM policy: a same-account denial by the identity policy carries AWS's enhanced message (spec §11.3)", async () => {
    // The author's first check, "the IAM policy grants the necessary permissions", tells a different failure apart.
    // When the new user's own policy is what refuses, S3 names the policy type, because requester and bucket
    // owner are the same account (spec §11.3.5).
    const e = await rejectsWith(s3As(server, newUser).send(new PutObjectCommand({ Bucket: BUCKET, Key: "from-new-user", Body: "x" })), "AccessDenied", 403);
    assert.equal(
      e.message,
      `User: arn:aws:sts::${ALPHA.id}:assumed-role/${READERS}/new-user is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/from-new-user" because no identity-based policy allows the s3:PutObject action`,
    );
  });

  it("an administrator of AccountB pushes a test file, and the new user can get that object", async () => {
    await s3As(server, admin).send(new PutObjectCommand({ Bucket: BUCKET, Key: "test-file.ext", Body: BODY, ContentType: "text/plain" }));
    const got = await s3As(server, newUser).send(new GetObjectCommand({ Bucket: BUCKET, Key: "test-file.ext" }));
    assert.equal(await got.Body?.transformToString(), BODY);
  });

  it("head-object shows the object's metadata, and nothing about who may read it (KMS fields out of scope)", async () => {
    const head = await awsAsJson<{ ContentLength: number; ContentType: string; ETag: string; VersionId: string; Metadata: Record<string, string>; AcceptRanges: string; ServerSideEncryption?: string }>(server, developer, ["s3api", "head-object", "--bucket", BUCKET, "--key", "file.ext"]);
    assert.equal(head.AcceptRanges, "bytes");
    assert.equal(head.ContentLength, 15);
    assert.equal(head.ContentType, "text/plain");
    assert.deepEqual(head.Metadata, {});
    assert.match(head.VersionId, /.+/);
    assert.match(head.ETag, /^"[0-9a-f]{32}"$/);
    // The same HeadObject by the new user fails like its GetObject. A HEAD error has no body, only the status.
    const denied = await errorOf(s3As(server, newUser).send(new HeadObjectCommand({ Bucket: BUCKET, Key: "file.ext" })));
    assert.equal(denied.$metadata.httpStatusCode, 403);
  });

  it("get-object-acl shows the root cause: AccountC owns the object and holds its only grant", async () => {
    const acl = await awsAsJson<{ Owner: { ID: string; DisplayName?: string }; Grants: { Grantee: { ID: string; Type: string; DisplayName?: string }; Permission: string }[] }>(server, developer, ["s3api", "get-object-acl", "--bucket", BUCKET, "--key", "file.ext"]);
    // The story's output also shows DisplayName "AccountC". S3 stopped returning DisplayName on 2025-11-21
    // (API reference, Owner and Grantee: "End of support notice"), so only the canonical IDs remain.
    assert.deepEqual(acl, { Owner: { ID: bravoId }, Grants: [{ Grantee: { ID: bravoId, Type: "CanonicalUser" }, Permission: "FULL_CONTROL" }] });
    assert.notEqual(bravoId, alphaId);
  });

  it("BucketOwnerEnforced: the new user gets every object, and the existing users still get and put (spec §12.4, §5.4)", async () => {
    // The story sets objectOwnership: BUCKET_OWNER_ENFORCED in the CDK, which CloudFormation applies as this call.
    await s3As(server, admin).send(new PutBucketOwnershipControlsCommand({ Bucket: BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] } }));
    ids["new-user-remedied"] = cliRequestId(await awsAsOk(server, newUser, ["s3api", "get-object", "--bucket", BUCKET, "--key", "file.ext", "now.ext", "--debug"], { cwd: work }));
    assert.equal(readFileSync(join(work, "now.ext"), "utf8"), BODY);
    const dev = s3As(server, developer);
    await dev.send(new PutObjectCommand({ Bucket: BUCKET, Key: "file-2.ext", Body: BODY }));
    assert.equal(await (await dev.send(new GetObjectCommand({ Bucket: BUCKET, Key: "file.ext" }))).Body?.transformToString(), BODY);
    assert.equal(await (await s3As(server, newUser).send(new GetObjectCommand({ Bucket: BUCKET, Key: "file-2.ext" }))).Body?.transformToString(), BODY);
  });

  it("why and simulate after BucketOwnerEnforced: AccountB owns file.ext, and the new user's IAM policy is enough", async () => {
    const [e] = await whyJson(server, rootOf(ALPHA), ids["new-user-remedied"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.verdict, "Allow");
    assert.deepEqual(e.remedies, []);
    assert.equal(e.target?.objectOwnership, "BucketOwnerEnforced");
    assert.equal(e.target?.object?.ownerAccountId, ALPHA.id);
    assert.equal(e.target?.object?.storedOwnerAccountId, BRAVO.id, "written by AccountC");
    assert.equal(layerOf(e, "identity-policy").status, "allow");
    assert.equal(layerOf(e, "object-acl").status, "not-applicable");
    assert.match(layerOf(e, "object-owner").summary, /owned by the bucket owner account 111111111111 \(written by account 222222222222\): BucketOwnerEnforced makes it own every object/);
    const sim = await simulateJson(server, rootOf(ALPHA), `arn:aws:sts::${ALPHA.id}:assumed-role/${READERS}/new-user`, "s3:GetObject", `arn:aws:s3:::${BUCKET}/file.ext`);
    assert.deepEqual(sim.answer, { allowed: true });
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
  });

  it("after the switch every object, old and new, shows AccountB as owner with a single FULL_CONTROL grant", async () => {
    const s3 = s3As(server, admin);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, FetchOwner: true }));
    assert.deepEqual(listed.Contents?.map((o) => [o.Key, o.Owner?.ID]), [["file-2.ext", alphaId], ["file.ext", alphaId], ["test-file.ext", alphaId]]);
    const acl = await s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "file.ext" }));
    assert.equal(acl.Owner?.ID, alphaId);
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[alphaId, "FULL_CONTROL"]]);
    // "It is worth noting this setting entirely disables ACLs": an upload that asks for any other ACL is refused.
    await rejectsWith(s3As(server, developer).send(new PutObjectCommand({ Bucket: BUCKET, Key: "public.ext", Body: "x", ACL: "public-read" })), "AccessControlListNotSupported", 400);
  });

  it("under today's defaults the story cannot happen: a new bucket is BucketOwnerEnforced and AccountB owns what AccountC uploads", async () => {
    const today = await startTestServer();
    try {
      const accountB = today.client(ALPHA);
      await accountB.send(new CreateBucketCommand({ Bucket: BUCKET }));
      await accountB.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: "s3:PutObject", Resource: OBJECTS })) }));
      await today.client(BRAVO).send(new PutObjectCommand({ Bucket: BUCKET, Key: "file.ext", Body: BODY }));
      assert.equal(await (await accountB.send(new GetObjectCommand({ Bucket: BUCKET, Key: "file.ext" }))).Body?.transformToString(), BODY);
      assert.equal((await accountB.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "file.ext" }))).Owner?.ID, canonicalId(today, ALPHA));
      assert.deepEqual(internalErrors(today), []);
    } finally {
      await today.stop();
    }
  });

  it("logs no internal error during the story", () => {
    assert.deepEqual(internalErrors(server), []);
  });
});
