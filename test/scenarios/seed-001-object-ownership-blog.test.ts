/**
 * Seed 001, AWS Storage Blog "Enforcing ownership of Amazon S3 objects in a multi-account environment"
 * (../shared/seeds/001_388165a59e7c4b7c.txt), replayed end to end.
 *
 * The story: account A owns a data-lake bucket. An analytics application in account B reads A's raw objects
 * and writes processed objects back. Account C must read the processed objects. Under the default
 * (ObjectWriter) B owns what it writes, so A's bucket policy cannot give C access. The walkthrough has three
 * steps. (1) Set Object Ownership to Bucket owner preferred. (2) B writes (PUT or COPY) with
 * `bucket-owner-full-control`, so A owns the objects. (3) A bucket policy requires that canned ACL
 * (condition on `s3:x-amz-acl`), and any PUT without it fails with Access Denied.
 *
 * Accounts (default world):
 * - A → alpha 111111111111, owns `accounta-example-bucket`. The blog writes "AccountA-EXAMPLE-BUCKET", but
 *   bucket names are lower case.
 * - B → bravo 222222222222. Its application is the role `roleX` (the blog's
 *   `arn:aws:iam::XXXAccountBXX:role/roleX`), assumed by the IAM user `analytics`. B has its own bucket
 *   `accountb-example-bucket`, the source of the blog's COPY commands.
 * - C → charlie 333333333333. Its reader is the IAM user `reader`.
 * World: legacy bucket defaults. The blog says the bucket configuration "is by default Object Writer".
 *
 * The blog's commands go through the `aws` CLI v1, mostly as printed (its put-object-acl and copy-object
 * lines have the bucket and key run together; they are split here). Set-up and checks go through the SDK v3.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetBucketOwnershipControlsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, CHARLIE, startTestServer, type TestServer } from "../support/server.ts";
import { requireAwsCli } from "../support/cli.ts";
import { rejectsWith } from "../support/s3errors.ts";
import { assertCliDenied, assumeRole, awsAs, awsAsOk, canonicalId, createRole, createUser, internalErrors, policy, rootOf, s3As, trustAccount, type Actor } from "../support/scenario.ts";
import { assertSameDecision, cliRequestId, decisiveLayers, layerOf, layerStatuses, simulateJson, simulateText, whyJson, whyText } from "../support/why.ts";

const A_BUCKET = "accounta-example-bucket";
const B_BUCKET = "accountb-example-bucket";
const A_OBJECTS = `arn:aws:s3:::${A_BUCKET}/*`;
const ROLE_X = `arn:aws:iam::${BRAVO.id}:role/roleX`;

/** What A's bucket policy grants besides B's writes: B reads the raw objects, C reads and lists everything. */
const READ_STATEMENTS = [
  { Sid: "AccountBReads", Effect: "Allow", Principal: { AWS: ROLE_X }, Action: "s3:GetObject", Resource: A_OBJECTS },
  { Sid: "AccountCReads", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${CHARLIE.id}:root` }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [A_OBJECTS, `arn:aws:s3:::${A_BUCKET}`] },
];
/** Before the walkthrough: B may write anything. */
const OPEN_WRITE = { Sid: "AccountBWrites", Effect: "Allow", Principal: { AWS: ROLE_X }, Action: "s3:PutObject", Resource: A_OBJECTS };
/** The blog's policy: "Only allow writes to my bucket with bucket owner full control". */
const BOFC_ONLY_WRITE = {
  Sid: "Only allow writes to my bucket with bucket owner full control",
  Effect: "Allow",
  Principal: { AWS: [ROLE_X] },
  Action: ["s3:PutObject"],
  Resource: A_OBJECTS,
  Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
};

describe("seed 001: enforcing ownership of S3 objects in a multi-account environment", () => {
  let server: TestServer;
  let work: string;
  let roleX: Actor;
  let reader: Actor;
  let alphaId: string;
  let bravoId: string;
  let accountA: S3Client;
  /** Request IDs of the story's denials and of the reads that work after each step, for `crossbucket why`. */
  const ids: Record<string, string> = {};

  before(async () => {
    requireAwsCli();
    server = await startTestServer({ legacyBucketDefaults: true });
    work = mkdtempSync(join(tmpdir(), "seed-001-"));
    [alphaId, bravoId] = [canonicalId(server, ALPHA), canonicalId(server, BRAVO)];
    await createRole(
      server,
      BRAVO,
      "roleX",
      policy(trustAccount(BRAVO.id)),
      policy(
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:PutObjectAcl"], Resource: [A_OBJECTS, `arn:aws:s3:::${B_BUCKET}/*`] },
        { Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${B_BUCKET}` },
      ),
    );
    const analytics = await createUser(server, BRAVO, "analytics", policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE_X }));
    roleX = await assumeRole(server, analytics, ROLE_X, "analytics-app", BRAVO);
    reader = await createUser(server, CHARLIE, "reader", policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [A_OBJECTS, `arn:aws:s3:::${A_BUCKET}`] }));
    accountA = server.client(ALPHA);
    await accountA.send(new CreateBucketCommand({ Bucket: A_BUCKET }));
    await accountA.send(new PutObjectCommand({ Bucket: A_BUCKET, Key: "raw/data-1.csv", Body: "a,b\n1,2\n" }));
    await accountA.send(new PutBucketPolicyCommand({ Bucket: A_BUCKET, Policy: JSON.stringify(policy(...READ_STATEMENTS, OPEN_WRITE)) }));
    const accountB = server.client(BRAVO);
    await accountB.send(new CreateBucketCommand({ Bucket: B_BUCKET }));
    await Promise.all(["myobject", "batch/part-1", "batch/part-2"].map((Key) => accountB.send(new PutObjectCommand({ Bucket: B_BUCKET, Key, Body: `B's ${Key}` }))));
    writeFileSync(join(work, "result.csv"), "a,b,sum\n1,2,3\n");
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const read = async (actor: Actor, key: string): Promise<string | undefined> => (await s3As(server, actor).send(new GetObjectCommand({ Bucket: A_BUCKET, Key: key }))).Body?.transformToString();
  const owners = async (): Promise<Record<string, string | undefined>> => {
    const listed = await accountA.send(new ListObjectsV2Command({ Bucket: A_BUCKET, FetchOwner: true }));
    return Object.fromEntries((listed.Contents ?? []).map((o) => [o.Key ?? "", o.Owner?.ID]));
  };

  it("account B reads A's raw objects and writes processed objects, which B owns under Object Writer", async () => {
    assert.equal(await read(roleX, "raw/data-1.csv"), "a,b\n1,2\n");
    await awsAsOk(server, roleX, ["s3api", "put-object", "--bucket", A_BUCKET, "--key", "processed/result-1.csv", "--body", "result.csv"], { cwd: work });
    assert.deepEqual(await owners(), { "processed/result-1.csv": bravoId, "raw/data-1.csv": alphaId });
  });

  it("account C is denied B's processed object although A's bucket policy allows it, but reads A's raw object (spec §12.1 step 8, §12.2)", async () => {
    const r = await awsAs(server, reader, ["s3api", "get-object", "--bucket", A_BUCKET, "--key", "processed/result-1.csv", "out.csv", "--debug"], { cwd: work });
    assertCliDenied(r, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    ids["c-denied"] = cliRequestId(r);
    assert.equal(await read(reader, "raw/data-1.csv"), "a,b\n1,2\n");
  });

  it("why and simulate for C's 403: AccountCReads matches, but B owns the object and its ACL grants only B", async () => {
    const [e] = await whyJson(server, rootOf(ALPHA), ids["c-denied"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.verdict, "ImplicitDeny");
    assert.deepEqual(e.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
    assert.equal(e.principal.kind, "user");
    assert.equal(e.principal.arn, `arn:aws:iam::${CHARLIE.id}:user/reader`);
    assert.equal(e.principal.accountId, CHARLIE.id);
    assert.equal(e.authentication.accessKeyId, reader.creds.accessKeyId);
    assert.equal(e.authentication.authType, "REST-HEADER");
    assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: `arn:aws:s3:::${A_BUCKET}/processed/result-1.csv`, on: "target" }]);
    assert.deepEqual(layerStatuses(e).filter(([, st]) => st !== "not-applicable"), [
      ["identity-policy", "allow"],
      ["bucket-policy", "no-allow"],
      ["object-acl", "no-allow"],
      ["object-owner", "info"],
    ]);
    assert.deepEqual(decisiveLayers(e), ["object-acl", "object-owner"]);
    const bp = layerOf(e, "bucket-policy");
    assert.deepEqual(bp.statements?.map((st) => [st.sid, st.index, st.matched, st.principalMatch]), [["AccountCReads", 1, true, "account"]]);
    assert.deepEqual(bp.notCandidates, { byAction: 1, byPrincipal: 1, text: "2 other statements do not apply to s3:GetObject (1 by their Action, 1 by their Principal, which names other identities)" });
    assert.equal(e.target?.object?.ownerAccountId, BRAVO.id);
    assert.deepEqual(e.blockedBy, { layer: "object-acl", action: "s3:GetObject", resource: `arn:aws:s3:::${A_BUCKET}/processed/result-1.csv` });
    assert.deepEqual(e.remedies.map((r) => r.id), ["foreign-object-owner-third-account"]);
    assert.match(e.remedies[0]?.text ?? "", /owned by account 222222222222, not by the bucket owner account 111111111111/);
    assert.match(e.remedies[0]?.text ?? "", /BucketOwnerEnforced/);
    const text = await whyText(server, rootOf(ALPHA), ids["c-denied"] ?? "");
    assert.match(text, /object processed\/result-1\.csv: owned by account 222222222222 — NOT the bucket owner/);
    assert.match(text, /statement "AccountCReads" \(#1\) allows, but its Allow does not apply/);
    const sim = await simulateJson(server, rootOf(ALPHA), `arn:aws:iam::${CHARLIE.id}:user/reader`, "GetObject", `${A_BUCKET}/processed/result-1.csv`);
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
  });

  it("step 1: Bucket owner preferred does not change the owner of existing objects (spec §12.3, §12.15)", async () => {
    // The blog does this in the console (Permissions → Object Ownership → Edit).
    await accountA.send(new PutBucketOwnershipControlsCommand({ Bucket: A_BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerPreferred" }] } }));
    const oc = await accountA.send(new GetBucketOwnershipControlsCommand({ Bucket: A_BUCKET }));
    assert.deepEqual(oc.OwnershipControls?.Rules, [{ ObjectOwnership: "BucketOwnerPreferred" }]);
    assert.equal((await owners())["processed/result-1.csv"], bravoId);
    await rejectsWith(s3As(server, reader).send(new GetObjectCommand({ Bucket: A_BUCKET, Key: "processed/result-1.csv" })), "AccessDenied", 403);
  });

  it("step 2, PUT: B uploads with bucket-owner-full-control, A owns the object and C reads it through the bucket policy", async () => {
    await awsAsOk(server, roleX, ["s3api", "put-object", "--bucket", A_BUCKET, "--key", "processed/result-2.csv", "--body", "result.csv", "--acl", "bucket-owner-full-control"], { cwd: work });
    const listed = await accountA.send(new ListObjectsV2Command({ Bucket: A_BUCKET, Prefix: "processed/", FetchOwner: true }));
    assert.deepEqual(listed.Contents?.map((o) => [o.Key, o.Owner?.ID]), [["processed/result-1.csv", bravoId], ["processed/result-2.csv", alphaId]]);
    // The object is now A's. Its ACL holds one FULL_CONTROL grant to A, and B "no longer has full control" (spec §12.3).
    const acl = await accountA.send(new GetObjectAclCommand({ Bucket: A_BUCKET, Key: "processed/result-2.csv" }));
    assert.equal(acl.Owner?.ID, alphaId);
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[alphaId, "FULL_CONTROL"]]);
    assert.equal(await read(reader, "processed/result-2.csv"), "a,b,sum\n1,2,3\n");
  });

  it("the blog's put-object-acl with bucket-owner-full-control grants A on an existing object, but ownership does not move, so C is still denied", async () => {
    // Ownership moves only when an object is written (spec §5.3: PutObject, CopyObject, multipart, POST).
    await awsAsOk(server, roleX, ["s3api", "put-object-acl", "--bucket", A_BUCKET, "--key", "processed/result-1.csv", "--acl", "bucket-owner-full-control"]);
    const acl = await accountA.send(new GetObjectAclCommand({ Bucket: A_BUCKET, Key: "processed/result-1.csv" }));
    assert.equal(acl.Owner?.ID, bravoId);
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[bravoId, "FULL_CONTROL"], [alphaId, "FULL_CONTROL"]]);
    assert.equal(await read(rootOf(ALPHA), "processed/result-1.csv"), "a,b,sum\n1,2,3\n", "A can read now");
    // A cannot pass a grant it received through an ACL on to a third account (spec §1.4 last row).
    await rejectsWith(s3As(server, reader).send(new GetObjectCommand({ Bucket: A_BUCKET, Key: "processed/result-1.csv" })), "AccessDenied", 403);
  });

  it("step 2, COPY: s3api copy-object and aws s3 cp --recursive from B's bucket with bucket-owner-full-control all give A the objects", async () => {
    // The single-object `aws s3 cp` takes the same CopyObject path as the recursive one, which is run here.
    await Promise.all([
      awsAsOk(server, roleX, ["s3api", "copy-object", "--bucket", A_BUCKET, "--key", "myobject-api", "--copy-source", `${B_BUCKET}/myobject`, "--acl", "bucket-owner-full-control"]),
      // "For COPY operations on an entire bucket".
      awsAsOk(server, roleX, ["s3", "cp", `s3://${B_BUCKET}/`, `s3://${A_BUCKET}/`, "--acl", "bucket-owner-full-control", "--recursive"]),
    ]);
    const o = await owners();
    for (const key of ["myobject", "myobject-api", "batch/part-1", "batch/part-2"]) assert.equal(o[key], alphaId, key);
    assert.equal(await read(reader, "batch/part-2"), "B's batch/part-2");
    assert.equal(await read(reader, "myobject-api"), "B's myobject");
  });

  it("enforcing with the blog's bucket policy: a PUT without bucket-owner-full-control is Access Denied, with it the upload is A's (spec §12.5)", async () => {
    await accountA.send(new PutBucketPolicyCommand({ Bucket: A_BUCKET, Policy: JSON.stringify(policy(...READ_STATEMENTS, BOFC_ONLY_WRITE)) }));
    const [without, withAcl] = await Promise.all([
      awsAs(server, roleX, ["s3api", "put-object", "--bucket", A_BUCKET, "--key", "processed/result-3.csv", "--body", "result.csv", "--debug"], { cwd: work }),
      awsAs(server, roleX, ["s3api", "put-object", "--bucket", A_BUCKET, "--key", "processed/result-4.csv", "--body", "result.csv", "--acl", "bucket-owner-full-control", "--debug"], { cwd: work }),
    ]);
    ids["put-denied"] = cliRequestId(without);
    ids["put-allowed"] = cliRequestId(withAcl);
    // "Any attempt to upload an object without bucket-owner-full-control canned ACL will result in an 'Access denied' error."
    assertCliDenied(without, { code: "AccessDenied", operation: "PutObject", message: "Access Denied" });
    assert.equal(withAcl.code, 0, withAcl.stderr);
    assert.equal((await owners())["processed/result-4.csv"], alphaId);
    // The condition names the canned ACL. An equivalent explicit grant lacks s3:x-amz-acl, so it is refused too.
    const s3 = s3As(server, roleX);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: A_BUCKET, Key: "processed/result-5.csv", Body: "x", GrantFullControl: `id=${alphaId}` })), "AccessDenied", 403);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: A_BUCKET, Key: "processed/result-5.csv", Body: "x", ACL: "bucket-owner-read" })), "AccessDenied", 403);
    // The same condition governs the COPY path: the destination write of CopyObject carries s3:x-amz-acl too (spec §9.2).
    const copyDenied = await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: A_BUCKET, Key: "copied/myobject", CopySource: `${B_BUCKET}/myobject` })), "AccessDenied", 403);
    assert.equal(copyDenied.message, "Access Denied");
    await s3.send(new CopyObjectCommand({ Bucket: A_BUCKET, Key: "copied/myobject", CopySource: `${B_BUCKET}/myobject`, ACL: "bucket-owner-full-control" }));
    assert.equal((await owners())["copied/myobject"], alphaId);
  });

  it("why and simulate for the enforced PUT: the condition on s3:x-amz-acl, its value compared, and the header that fixes it", async () => {
    const session = `arn:aws:sts::${BRAVO.id}:assumed-role/roleX/analytics-app`;
    const [e] = await whyJson(server, rootOf(ALPHA), ids["put-denied"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.operation, "PutObject");
    assert.equal(e.verdict, "ImplicitDeny");
    assert.equal(e.principal.arn, session);
    assert.equal(e.principal.principalArn, ROLE_X);
    assert.equal(e.authentication.temporaryCredentials, true);
    assert.deepEqual(e.required, [{ action: "s3:PutObject", resource: `arn:aws:s3:::${A_BUCKET}/processed/result-3.csv`, on: "target" }]);
    assert.deepEqual(e.blockedBy, { layer: "bucket-policy-no-grant", action: "s3:PutObject", resource: `arn:aws:s3:::${A_BUCKET}/processed/result-3.csv` });
    assert.deepEqual(decisiveLayers(e), ["bucket-policy"]);
    const statement = layerOf(e, "bucket-policy").statements?.find((st) => st.sid === BOFC_ONLY_WRITE.Sid);
    assert.equal(statement?.index, 2);
    assert.equal(statement?.matched, false);
    assert.equal(statement?.failed, "condition");
    assert.deepEqual(statement?.conditions, [{ operator: "StringEquals", key: "s3:x-amz-acl", policyValues: ["bucket-owner-full-control"], result: false }]);
    assert.deepEqual(e.remedies.map((r) => r.id), ["bucket-policy-condition"]);
    assert.match(e.remedies[0]?.text ?? "", /statement "Only allow writes to my bucket with bucket owner full control" \(#2\) would allow but StringEquals s3:x-amz-acl "bucket-owner-full-control": absent from the request → fails/);
    assert.match(e.remedies[0]?.text ?? "", /x-amz-acl: bucket-owner-full-control/);
    const text = await whyText(server, rootOf(ALPHA), ids["put-denied"] ?? "");
    assert.match(text, /StringEquals s3:x-amz-acl "bucket-owner-full-control": absent from the request → fails/);
    const sim = await simulateJson(server, rootOf(ALPHA), session, "PutObject", `${A_BUCKET}/processed/result-3.csv`);
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
    // The remedy: the same PUT with the canned ACL, live and simulated.
    const [ok] = await whyJson(server, rootOf(ALPHA), ids["put-allowed"] ?? "");
    assert.ok(ok !== undefined);
    assert.equal(ok.verdict, "Allow");
    const granted = ok.deciding.find((d) => d.layer === "bucket-policy")?.statement;
    assert.equal(granted?.sid, BOFC_ONLY_WRITE.Sid);
    assert.deepEqual(granted?.conditions, [{ operator: "StringEquals", key: "s3:x-amz-acl", policyValues: ["bucket-owner-full-control"], requestValues: ["bucket-owner-full-control"], result: true }]);
    const withHeader = await simulateJson(server, rootOf(ALPHA), session, "PutObject", `${A_BUCKET}/processed/result-4.csv`, ["--header", "x-amz-acl=bucket-owner-full-control"]);
    assert.deepEqual(withHeader.answer, { allowed: true });
    assert.ok(withHeader.decisions[0] !== undefined);
    assertSameDecision(withHeader.decisions[0], ok);
    const simText = await simulateText(server, rootOf(ALPHA), session, "s3:PutObject", `${A_BUCKET}/processed/result-4.csv`, ["--header", "x-amz-acl=bucket-owner-full-control"]);
    assert.match(simText, /Answer: would be allowed by authorization/);
    assert.match(simText, /s3:x-amz-acl "bucket-owner-full-control": request has "bucket-owner-full-control" → holds/);
  });

  it("with every processed object A's, the bucket policy governs them all: C reads what B wrote (A re-owns the older object by copying it onto itself)", async () => {
    // History: "Previously, this was accomplished by the bucket owner copying each object to itself". A can read
    // result-1.csv since B's put-object-acl.
    await accountA.send(new CopyObjectCommand({ Bucket: A_BUCKET, Key: "processed/result-1.csv", CopySource: `${A_BUCKET}/processed/result-1.csv`, MetadataDirective: "REPLACE" }));
    const listed = await s3As(server, reader).send(new ListObjectsV2Command({ Bucket: A_BUCKET, Prefix: "processed/", FetchOwner: true }));
    assert.deepEqual(listed.Contents?.map((c) => [c.Key, c.Owner?.ID]), [["processed/result-1.csv", alphaId], ["processed/result-2.csv", alphaId], ["processed/result-4.csv", alphaId]]);
    for (const key of ["processed/result-1.csv", "processed/result-2.csv", "processed/result-4.csv"]) assert.equal(await read(reader, key), "a,b,sum\n1,2,3\n", key);
  });

  it("logs no internal error during the story", () => {
    assert.deepEqual(internalErrors(server), []);
  });
});
