/**
 * Seed 000, "S3 Cross Account Adventures" (../shared/seeds/000_3d1ae4cccb008977.txt), replayed end to end.
 *
 * The story: a data lake spread over several accounts. The data account holds the buckets. Lambdas in the
 * API account write to them through a bucket policy, and processes in a transformation account read them.
 * First the data account is denied on the API account's objects, which `bucket-owner-full-control` fixes.
 * Then the transformation account is denied on those same objects, which no bucket policy can fix. The
 * authors weigh four ways out, and later (October 2020 update) S3 Object Ownership.
 *
 * Accounts (default world):
 * - data account → alpha 111111111111, the bucket owner. Its people and processes are the IAM user
 *   `analyst` and the roles `lake-writer` and `lake-reader` that the other accounts assume (option 1).
 * - API account → bravo 222222222222. Its Lambda runs as the role `api-lambda`. Lambda's service would
 *   assume it; here the IAM user `deployer` does.
 * - data transformation and management account → charlie 333333333333. Glue, Athena and Lambda run as the
 *   role `transformer`, assumed by the IAM user `glue`.
 * World: legacy bucket defaults (ObjectWriter, no Block Public Access). The story is from 2020, before
 * Object Ownership and the April 2023 defaults (spec §5.2).
 *
 * The story's key steps (the uploads, the two denied reads, the copy onto itself, the anonymous read that the
 * Deny stops) go through the `aws` CLI v1. Set-up, the other options and the checks go through the SDK v3.
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
  PutObjectAclCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, CHARLIE, startTestServer, type TestServer } from "../support/server.ts";
import { aws, requireAwsCli } from "../support/cli.ts";
import { rejectsWith } from "../support/s3errors.ts";
import { assertCliDenied, assumeRole, awsAs, awsAsOk, canonicalId, createRole, createUser, internalErrors, policy, rootOf, s3As, trustAccount, type Actor } from "../support/scenario.ts";
import { assertSameDecision, cliRequestId, decisiveLayers, layerOf, layerStatuses, simulateJson, simulateText, whyJson, whyText } from "../support/why.ts";

const BUCKET = "data-lake-raw";
const OBJECTS = `arn:aws:s3:::${BUCKET}/*`;
const API_LAMBDA = `arn:aws:iam::${BRAVO.id}:role/api-lambda`;
const TRANSFORMER = `arn:aws:iam::${CHARLIE.id}:role/transformer`;

/** The data bucket's policy, as the authors first wrote it: the API Lambda writes, the transformation processes read. */
const LAKE_STATEMENTS = [
  { Sid: "ApiWrites", Effect: "Allow", Principal: { AWS: API_LAMBDA }, Action: "s3:PutObject", Resource: OBJECTS },
  { Sid: "TransformationReads", Effect: "Allow", Principal: { AWS: TRANSFORMER }, Action: "s3:GetObject", Resource: OBJECTS },
  { Sid: "TransformationLists", Effect: "Allow", Principal: { AWS: TRANSFORMER }, Action: "s3:ListBucket", Resource: `arn:aws:s3:::${BUCKET}` },
];

describe("seed 000: cross-account adventures in a multi-account data lake", () => {
  let server: TestServer;
  let work: string;
  let analyst: Actor;
  let apiLambda: Actor;
  let transformer: Actor;
  let alphaId: string;
  let bravoId: string;
  let charlieId: string;
  let dataAccount: S3Client;
  /** Request IDs of the story's denials and of the reads that work after each remedy, for `crossbucket why`. */
  const ids: Record<string, string> = {};

  before(async () => {
    requireAwsCli();
    server = await startTestServer({ legacyBucketDefaults: true });
    work = mkdtempSync(join(tmpdir(), "seed-000-"));
    [alphaId, bravoId, charlieId] = [canonicalId(server, ALPHA), canonicalId(server, BRAVO), canonicalId(server, CHARLIE)];
    // The data account's own roles, assumed from the other accounts in option 1.
    const lakeWriter = await createRole(server, ALPHA, "lake-writer", policy(trustAccount(BRAVO.id)), policy({ Effect: "Allow", Action: "s3:PutObject", Resource: OBJECTS }));
    const lakeReader = await createRole(server, ALPHA, "lake-reader", policy(trustAccount(CHARLIE.id)), policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [OBJECTS, `arn:aws:s3:::${BUCKET}`] }));
    analyst = await createUser(server, ALPHA, "analyst", policy({ Effect: "Allow", Action: "s3:*", Resource: [`arn:aws:s3:::${BUCKET}`, OBJECTS] }));
    // The Lambda of the API account may write to the lake and assume the data account's writer role.
    await createRole(server, BRAVO, "api-lambda", policy(trustAccount(BRAVO.id)), policy({ Effect: "Allow", Action: "s3:PutObject", Resource: OBJECTS }, { Effect: "Allow", Action: "sts:AssumeRole", Resource: lakeWriter }));
    const deployer = await createUser(server, BRAVO, "deployer", policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: API_LAMBDA }));
    apiLambda = await assumeRole(server, deployer, API_LAMBDA, "ingest", BRAVO);
    await createRole(server, CHARLIE, "transformer", policy(trustAccount(CHARLIE.id)), policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [OBJECTS, `arn:aws:s3:::${BUCKET}`] }, { Effect: "Allow", Action: "sts:AssumeRole", Resource: lakeReader }));
    const glue = await createUser(server, CHARLIE, "glue", policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: TRANSFORMER }));
    transformer = await assumeRole(server, glue, TRANSFORMER, "etl", CHARLIE);
    dataAccount = server.client(ALPHA);
    await dataAccount.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await dataAccount.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy(...LAKE_STATEMENTS)) }));
    for (const n of [1, 2, 6]) writeFileSync(join(work, `event-${n}.json`), JSON.stringify({ event: n }));
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const get = (actor: Actor, key: string) => s3As(server, actor).send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const ownerOf = async (key: string): Promise<string | undefined> => {
    const listed = await dataAccount.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: key, FetchOwner: true }));
    return listed.Contents?.find((o) => o.Key === key)?.Owner?.ID;
  };

  it("the API account's Lambda writes into the data bucket through the bucket policy", async () => {
    await awsAsOk(server, apiLambda, ["s3api", "put-object", "--bucket", BUCKET, "--key", "events/1.json", "--body", "event-1.json"], { cwd: work });
    assert.equal(await ownerOf("events/1.json"), bravoId, "under ObjectWriter the writer's account owns the object (spec §12.1 step 1)");
  });

  it("the data account gets Access Denied reading what the API account wrote (spec §12.1 step 2)", async () => {
    const r = await awsAs(server, analyst, ["s3api", "get-object", "--bucket", BUCKET, "--key", "events/1.json", "out-1.json", "--debug"], { cwd: work });
    // The object's ACL grants only the API account. This is an ACL-only denial, so AWS gives the plain text (spec §11.3.8).
    assertCliDenied(r, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    ids["analyst-denied"] = cliRequestId(r);
    const e = await rejectsWith(get(analyst, "events/1.json"), "AccessDenied", 403);
    assert.equal(e.message, "Access Denied");
  });

  describe("why and simulate: the data account's 403 on what the API account wrote", () => {
    const object = `arn:aws:s3:::${BUCKET}/events/1.json`;

    it("crossbucket why --json: who asked, what was required, every layer in order, the foreign owner and the remedy", async () => {
      const [e, ...more] = await whyJson(server, rootOf(ALPHA), ids["analyst-denied"] ?? "");
      assert.ok(e !== undefined);
      assert.equal(more.length, 0);
      assert.equal(e.requestId, ids["analyst-denied"]);
      assert.equal(e.simulated, false);
      assert.equal(e.operation, "GetObject");
      assert.equal(e.verdict, "ImplicitDeny");
      assert.deepEqual(e.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
      assert.equal(e.principal.kind, "user");
      assert.equal(e.principal.arn, `arn:aws:iam::${ALPHA.id}:user/analyst`);
      assert.equal(e.principal.accountId, ALPHA.id);
      assert.equal(e.principal.description, `IAM user analyst of account ${ALPHA.id}`);
      assert.equal(e.authentication.signed, true);
      assert.equal(e.authentication.authType, "REST-HEADER");
      assert.equal(e.authentication.signatureVersion, "AWS4-HMAC-SHA256");
      assert.equal(e.authentication.accessKeyId, analyst.creds.accessKeyId);
      assert.equal(e.authentication.temporaryCredentials, false);
      assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: object, on: "target" }]);
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
      // analyst's own policy allows s3:* on the lake: its only statement (#0, no Sid) applies.
      assert.deepEqual(layerOf(e, "identity-policy").statements?.map((st) => [st.index, st.sid, st.effect, st.matched]), [[0, undefined, "Allow", true]]);
      // None of the three bucket policy statements is about analyst's GetObject: two name other actions, one another principal.
      assert.deepEqual(layerOf(e, "bucket-policy").notCandidates, { byAction: 2, byPrincipal: 1, text: "3 statements do not apply to s3:GetObject (2 by their Action, 1 by their Principal, which names other identities)" });
      assert.deepEqual(e.blockedBy, { layer: "object-acl", action: "s3:GetObject", resource: object });
      assert.deepEqual(e.deciding, [{ layer: "object-acl", text: "blocked by the object ACL / object owner" }]);
      assert.equal(e.target?.bucket, BUCKET);
      assert.equal(e.target?.key, "events/1.json");
      assert.equal(e.target?.ownerAccountId, ALPHA.id);
      assert.equal(e.target?.objectOwnership, "ObjectWriter");
      assert.equal(e.target?.bucketPolicy?.statements, 3);
      assert.equal(e.target?.object?.ownerAccountId, BRAVO.id);
      assert.equal(e.target?.object?.ownedByBucketOwner, false);
      assert.deepEqual(e.target?.object?.acl.map((g) => [g.granteeAccountId, g.permission]), [[BRAVO.id, "FULL_CONTROL"]]);
      assert.deepEqual(e.remedies.map((r) => r.id), ["foreign-object-owner"]);
      const remedy = e.remedies[0]?.text ?? "";
      assert.match(remedy, /^Object events\/1\.json is owned by account 222222222222, not by the bucket owner account 111111111111; the bucket policy's Allow does not apply to it/);
      assert.match(remedy, /upload with the ACL bucket-owner-full-control/);
      assert.match(remedy, /set Object Ownership to BucketOwnerEnforced on bucket data-lake-raw/);
      assert.equal(e.replayConsistent, true);
    });

    it("crossbucket why: the plain-language form names the owner account, the grant and the two ways out", async () => {
      const text = await whyText(server, rootOf(ALPHA), ids["analyst-denied"] ?? "");
      assert.match(text, /^Answer: 403 AccessDenied "Access Denied"$/m);
      assert.match(text, /Verdict: Denied \(no grant\): IAM user analyst of account 111111111111 may not s3:GetObject on arn:aws:s3:::data-lake-raw\/events\/1\.json: the object is owned by account 222222222222, not by the bucket owner account 111111111111/);
      assert.match(text, /object events\/1\.json: owned by account 222222222222 — NOT the bucket owner/);
      assert.match(text, /object ACL: #0 account 222222222222 FULL_CONTROL/);
      assert.match(text, /3 statements do not apply to s3:GetObject/);
      assert.match(text, /▶ object ACL +no allow +the object ACL does not grant account 111111111111 READ/);
      assert.match(text, /▶ object owner +note +owned by account 222222222222, not by the bucket owner account 111111111111/);
      assert.match(text, /bucket-owner-full-control/);
      assert.match(text, /BucketOwnerEnforced/);
    });

    it("crossbucket simulate of the same request gives the same verdict, layers and remedies", async () => {
      const sim = await simulateJson(server, rootOf(ALPHA), `arn:aws:iam::${ALPHA.id}:user/analyst`, "GetObject", `${BUCKET}/events/1.json`);
      assert.deepEqual(sim.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
      const [live] = await whyJson(server, rootOf(ALPHA), ids["analyst-denied"] ?? "");
      assert.ok(sim.decisions[0] !== undefined && live !== undefined);
      assertSameDecision(sim.decisions[0], live);
      const text = await simulateText(server, rootOf(ALPHA), `arn:aws:iam::${ALPHA.id}:user/analyst`, "s3:GetObject", `s3://${BUCKET}/events/1.json`);
      assert.match(text, /GetObject \(simulated: nothing was performed\)\nAnswer: would get 403 AccessDenied "Access Denied"/);
      assert.match(text, /owned by account 222222222222, not by the bucket owner account 111111111111/);
      assert.match(text, /bucket-owner-full-control/);
    });
  });

  it("bucket-owner-full-control on upload gives the data account full control, and it can read (spec §12.1 step 6, §4.4)", async () => {
    await awsAsOk(server, apiLambda, ["s3api", "put-object", "--bucket", BUCKET, "--key", "events/2.json", "--body", "event-2.json", "--acl", "bucket-owner-full-control"], { cwd: work });
    const read = await get(analyst, "events/2.json");
    assert.equal(await read.Body?.transformToString(), JSON.stringify({ event: 2 }));
    ids["analyst-remedied"] = read.$metadata.requestId ?? "";
    const acl = await s3As(server, analyst).send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "events/2.json" }));
    assert.equal(acl.Owner?.ID, bravoId, "the API account still owns the object");
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[bravoId, "FULL_CONTROL"], [alphaId, "FULL_CONTROL"]]);
  });

  describe("why and simulate: the remedy, bucket-owner-full-control, lets the data account read", () => {
    it("crossbucket why --json: allowed by the identity policy, the object ACL grants the bucket owner's account FULL_CONTROL", async () => {
      const [e] = await whyJson(server, rootOf(ALPHA), ids["analyst-remedied"] ?? "");
      assert.ok(e !== undefined);
      assert.equal(e.verdict, "Allow");
      assert.deepEqual(e.answer, { allowed: true });
      assert.equal(e.blockedBy, undefined);
      assert.deepEqual(e.remedies, []);
      assert.equal(e.principal.arn, `arn:aws:iam::${ALPHA.id}:user/analyst`);
      assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/events/2.json`, on: "target" }]);
      assert.deepEqual(layerStatuses(e).filter(([, st]) => st !== "not-applicable"), [
        ["identity-policy", "allow"],
        ["bucket-policy", "no-allow"],
        ["object-acl", "allow"],
        ["object-owner", "info"],
      ]);
      assert.match(layerOf(e, "object-acl").summary, /the object ACL grants account 111111111111 READ \(grant #1 account 111111111111 FULL_CONTROL\)/);
      assert.deepEqual(e.target?.object?.acl.map((g) => [g.granteeAccountId, g.permission]), [[BRAVO.id, "FULL_CONTROL"], [ALPHA.id, "FULL_CONTROL"]]);
      assert.equal(e.target?.object?.ownerAccountId, BRAVO.id, "the API account still owns it");
      assert.deepEqual(decisiveLayers(e), []);
      const text = await whyText(server, rootOf(ALPHA), ids["analyst-remedied"] ?? "");
      assert.match(text, /^Answer: allowed$/m);
      assert.match(text, /Verdict: Allowed: IAM user analyst of account 111111111111 may s3:GetObject on data-lake-raw\/events\/2\.json\./);
      assert.match(text, /object ACL +allows +the object ACL grants account 111111111111 READ/);
      assert.doesNotMatch(text, /Remed/);
    });

    it("crossbucket simulate of the same read is allowed, for the same reasons", async () => {
      const sim = await simulateJson(server, rootOf(ALPHA), `arn:aws:iam::${ALPHA.id}:user/analyst`, "GetObject", `${BUCKET}/events/2.json`);
      assert.deepEqual(sim.answer, { allowed: true });
      const [live] = await whyJson(server, rootOf(ALPHA), ids["analyst-remedied"] ?? "");
      assert.ok(sim.decisions[0] !== undefined && live !== undefined);
      assertSameDecision(sim.decisions[0], live);
    });
  });

  it("the transformation account gets Access Denied on the API account's objects despite the bucket policy (spec §12.1 step 8, §12.2)", async () => {
    // The bucket policy's Allow covers only objects the bucket owner owns. An ACL grant to the data account
    // cannot be passed on to a third account (spec §1.4 last row, S3-GUIDE "Permission delegation").
    const r = await awsAs(server, transformer, ["s3api", "get-object", "--bucket", BUCKET, "--key", "events/2.json", "out-2.json", "--debug"], { cwd: work });
    assertCliDenied(r, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    ids["transformer-denied"] = cliRequestId(r);
    // "As long as you want to read data from a bucket in an account that also produces it, you can do that via a
    // bucket policy": an object the data account wrote itself is readable by the same role.
    await dataAccount.send(new PutObjectCommand({ Bucket: BUCKET, Key: "curated/own.json", Body: "{}" }));
    assert.equal(await (await get(transformer, "curated/own.json")).Body?.transformToString(), "{}");
  });

  it("option 1: a writer that assumes a role in the data account makes the data account the owner, and the bucket policy applies", async () => {
    const writer = await assumeRole(server, apiLambda, `arn:aws:iam::${ALPHA.id}:role/lake-writer`, "ingest-as-data", ALPHA);
    await s3As(server, writer).send(new PutObjectCommand({ Bucket: BUCKET, Key: "events/3.json", Body: JSON.stringify({ event: 3 }) }));
    assert.equal(await ownerOf("events/3.json"), alphaId);
    const read = await get(transformer, "events/3.json");
    assert.equal(await read.Body?.transformToString(), JSON.stringify({ event: 3 }));
    ids["transformer-remedied"] = read.$metadata.requestId ?? "";
  });

  it("option 1, reader side: the transformation account assumes a role in the data account to read objects granted to that account", async () => {
    const reader = await assumeRole(server, transformer, `arn:aws:iam::${ALPHA.id}:role/lake-reader`, "read-as-data", ALPHA);
    // events/2.json was written with bucket-owner-full-control, so the ACL grants the data account, and the data
    // account's own role may use that grant (spec §1.4, S3-WALK3).
    assert.equal(await (await get(reader, "events/2.json")).Body?.transformToString(), JSON.stringify({ event: 2 }));
    // events/1.json grants the data account nothing, so its roles cannot read it either.
    await rejectsWith(get(reader, "events/1.json"), "AccessDenied", 403);
  });

  describe("why and simulate: the transformation account's 403, which no bucket policy can fix, and option 1", () => {
    const session = `arn:aws:sts::${CHARLIE.id}:assumed-role/transformer/etl`;

    it("crossbucket why --json: a third account cannot use the bucket owner's ACL grant; the bucket policy's Allow does not apply", async () => {
      const [e] = await whyJson(server, rootOf(ALPHA), ids["transformer-denied"] ?? "");
      assert.ok(e !== undefined);
      assert.equal(e.verdict, "ImplicitDeny");
      assert.deepEqual(e.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
      assert.equal(e.principal.kind, "assumed-role");
      assert.equal(e.principal.arn, session);
      assert.equal(e.principal.principalArn, TRANSFORMER);
      assert.equal(e.principal.accountId, CHARLIE.id);
      assert.equal(e.authentication.temporaryCredentials, true);
      assert.equal(e.authentication.accessKeyId, transformer.creds.accessKeyId);
      assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/events/2.json`, on: "target" }]);
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
      const bucketPolicy = layerOf(e, "bucket-policy");
      // TransformationReads (#1) names the role and matches, but it cannot grant on an object the bucket owner does not own.
      assert.deepEqual(bucketPolicy.statements?.map((st) => [st.sid, st.index, st.effect, st.matched, st.principalMatch]), [["TransformationReads", 1, "Allow", true, "role"]]);
      assert.match(bucketPolicy.summary, /statement "TransformationReads" \(#1\) allows, but its Allow does not apply: the object is owned by account 222222222222, not by the bucket owner/);
      assert.deepEqual(bucketPolicy.notCandidates, { byAction: 2, byPrincipal: 0, text: "2 other statements do not apply to s3:GetObject (their Action does not cover it)" });
      assert.deepEqual(e.target?.object?.acl.map((g) => [g.granteeAccountId, g.permission]), [[BRAVO.id, "FULL_CONTROL"], [ALPHA.id, "FULL_CONTROL"]]);
      assert.deepEqual(e.blockedBy, { layer: "object-acl", action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/events/2.json` });
      assert.deepEqual(e.remedies.map((r) => r.id), ["foreign-object-owner-third-account"]);
      const remedy = e.remedies[0]?.text ?? "";
      assert.match(remedy, /owned by account 222222222222, not by the bucket owner account 111111111111/);
      assert.match(remedy, /the bucket policy's Allow does not apply to it, and permissions the bucket owner received through an ACL cannot be passed on to another account/);
      assert.match(remedy, /grant account 333333333333 through the object ACL/);
      assert.match(remedy, /BucketOwnerEnforced/);
      const text = await whyText(server, rootOf(ALPHA), ids["transformer-denied"] ?? "");
      assert.match(text, /role session etl of role transformer of account 333333333333/);
      assert.match(text, /aws:PrincipalArn arn:aws:iam::333333333333:role\/transformer/);
      assert.match(text, /temporary STS credentials/);
      assert.match(text, /bucket policy +no allow +bucket policy of data-lake-raw statement "TransformationReads" \(#1\) allows, but its Allow does not apply/);
      assert.match(text, /cannot be passed on to another account/);
    });

    it("crossbucket simulate as the role session gives the same decision", async () => {
      const sim = await simulateJson(server, rootOf(ALPHA), session, "GetObject", `arn:aws:s3:::${BUCKET}/events/2.json`);
      const [live] = await whyJson(server, rootOf(ALPHA), ids["transformer-denied"] ?? "");
      assert.ok(sim.decisions[0] !== undefined && live !== undefined);
      assertSameDecision(sim.decisions[0], live);
      assert.equal(sim.decisions[0].principal.arn, session);
    });

    it("option 1: the object the data account owns is read through TransformationReads, the deciding statement", async () => {
      const [e] = await whyJson(server, rootOf(ALPHA), ids["transformer-remedied"] ?? "");
      assert.ok(e !== undefined);
      assert.equal(e.verdict, "Allow");
      assert.deepEqual(e.remedies, []);
      assert.equal(e.target?.object?.ownerAccountId, ALPHA.id);
      assert.equal(e.target?.object?.ownedByBucketOwner, true);
      assert.deepEqual(layerStatuses(e).filter(([, st]) => st !== "not-applicable"), [
        ["identity-policy", "allow"],
        ["bucket-policy", "allow"],
        ["object-acl", "no-allow"],
        ["object-owner", "info"],
      ]);
      assert.deepEqual(e.deciding.map((d) => [d.layer, d.statement?.sid, d.statement?.index]).filter(([layer]) => layer === "bucket-policy"), [["bucket-policy", "TransformationReads", 1]]);
      const sim = await simulateJson(server, rootOf(ALPHA), session, "GetObject", `${BUCKET}/events/3.json`);
      assert.deepEqual(sim.answer, { allowed: true });
      assert.ok(sim.decisions[0] !== undefined);
      assertSameDecision(sim.decisions[0], e);
      const text = await whyText(server, rootOf(ALPHA), ids["transformer-remedied"] ?? "");
      assert.match(text, /Granted by\n(?: {2}- .*\n)* {2}- bucket policy of data-lake-raw statement "TransformationReads" \(#1\): bucket policy statement #1 allows\n/);
    });
  });

  it("option 2: the data account copies the object onto itself (metadata REPLACE) and becomes the owner (spec §12.6)", async () => {
    const unchanged = await rejectsWith(s3As(server, analyst).send(new CopyObjectCommand({ Bucket: BUCKET, Key: "events/2.json", CopySource: `${BUCKET}/events/2.json` })), "InvalidRequest", 400);
    assert.equal(unchanged.message, "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
    await awsAsOk(server, analyst, ["s3api", "copy-object", "--bucket", BUCKET, "--key", "events/2.json", "--copy-source", `${BUCKET}/events/2.json`, "--metadata-directive", "REPLACE", "--metadata", "reowned=true"]);
    assert.equal(await ownerOf("events/2.json"), alphaId);
    // The copy's ACL is not the source's. It is private to the new owner (spec §4.7).
    const acl = await dataAccount.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "events/2.json" }));
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[alphaId, "FULL_CONTROL"]]);
    assert.equal(await (await get(transformer, "events/2.json")).Body?.transformToString(), JSON.stringify({ event: 2 }));
    // The API account lost the object with it: its account's root gets nothing from the new private ACL.
    await rejectsWith(server.client(BRAVO).send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "events/2.json" })), "AccessDenied", 403);
    // An object that grants the data account nothing cannot be taken over this way. The copy needs s3:GetObject on the source.
    await rejectsWith(s3As(server, analyst).send(new CopyObjectCommand({ Bucket: BUCKET, Key: "events/1.json", CopySource: `${BUCKET}/events/1.json`, MetadataDirective: "REPLACE" })), "AccessDenied", 403);
  });

  it("option 3: the writer grants FULL_CONTROL to the data and transformation accounts in the object ACL", async () => {
    await s3As(server, apiLambda).send(new PutObjectCommand({ Bucket: BUCKET, Key: "events/4.json", Body: JSON.stringify({ event: 4 }), GrantFullControl: `id=${alphaId},id=${charlieId}` }));
    assert.equal(await (await get(transformer, "events/4.json")).Body?.transformToString(), JSON.stringify({ event: 4 }));
    const acl = await dataAccount.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "events/4.json" }));
    assert.equal(acl.Owner?.ID, bravoId);
    // The ACL holds exactly the grants the request named.
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[alphaId, "FULL_CONTROL"], [charlieId, "FULL_CONTROL"]]);
  });

  it("option 3's limit: an ACL holds at most 100 grants; a 101st is refused with 400 MalformedACLError (spec §4.6)", async () => {
    // "isn't scalable as you can only have up to 100 grantees". The status and code are what S3 answers
    // (quoted in ceph/ceph#16291).
    const grantees = [alphaId, bravoId, charlieId];
    const permissions = ["READ", "READ_ACP", "WRITE_ACP", "FULL_CONTROL"] as const;
    const grants = (n: number) => Array.from({ length: n }, (_, i) => ({ Grantee: { Type: "CanonicalUser" as const, ID: grantees[i % 3] }, Permission: permissions[i % 4] }));
    const root = server.client(BRAVO);
    await root.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: "events/4.json", AccessControlPolicy: { Owner: { ID: bravoId }, Grants: grants(100) } }));
    assert.equal((await dataAccount.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "events/4.json" }))).Grants?.length, 100);
    const e = await rejectsWith(root.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: "events/4.json", AccessControlPolicy: { Owner: { ID: bravoId }, Grants: grants(101) } })), "MalformedACLError", 400);
    assert.equal(e.message, "The XML you provided was not well-formed or did not validate against our published schema");
  });

  it("option 4: public-read plus an explicit Deny in the bucket policy — anonymous readers are refused, the named accounts read", async () => {
    await s3As(server, apiLambda).send(new PutObjectCommand({ Bucket: BUCKET, Key: "events/5.json", Body: JSON.stringify({ event: 5 }), ACL: "public-read" }));
    // An unsigned GET: without a Deny the whole world reads it (legacy defaults: no Block Public Access).
    const open = await fetch(`${server.endpoint}/${BUCKET}/events/5.json`);
    assert.equal(open.status, 200);
    assert.equal(await open.text(), JSON.stringify({ event: 5 }));
    const deny = { Sid: "OnlyTheLake", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: OBJECTS, Condition: { StringNotEquals: { "aws:PrincipalAccount": [ALPHA.id, CHARLIE.id] } } };
    await dataAccount.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy(...LAKE_STATEMENTS, deny)) }));
    // A bucket-policy Deny covers every object, whoever owns it (spec §12.2). An anonymous request has no
    // aws:PrincipalAccount, so the negated operator matches (spec §12.14).
    const anonymous = await aws(server, ALPHA, ["s3api", "get-object", "--bucket", BUCKET, "--key", "events/5.json", "anon.json", "--no-sign-request", "--debug"], { cwd: work });
    assertCliDenied(anonymous, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    ids["anonymous-denied"] = cliRequestId(anonymous);
    assert.equal(await (await get(transformer, "events/5.json")).Body?.transformToString(), JSON.stringify({ event: 5 }));
    // The writer's own account is caught by the Deny too.
    await rejectsWith(server.client(BRAVO).send(new GetObjectCommand({ Bucket: BUCKET, Key: "events/5.json" })), "AccessDenied", 403);
  });

  it("why and simulate for option 4: the Deny's Sid, index and the condition value compared (aws:PrincipalAccount absent)", async () => {
    const [e] = await whyJson(server, rootOf(ALPHA), ids["anonymous-denied"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.verdict, "ExplicitDeny");
    assert.equal(e.principal.kind, "anonymous");
    assert.equal(e.authentication.signed, false);
    assert.deepEqual(e.blockedBy, { layer: "bucket-policy-deny", action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/events/5.json` });
    assert.deepEqual(decisiveLayers(e), ["bucket-policy"]);
    const deny = e.deciding.find((d) => d.layer === "bucket-policy-deny")?.statement;
    assert.equal(deny?.sid, "OnlyTheLake");
    assert.equal(deny?.index, 3);
    assert.equal(deny?.effect, "Deny");
    assert.deepEqual(deny?.conditions, [{ operator: "StringNotEquals", key: "aws:PrincipalAccount", policyValues: [ALPHA.id, CHARLIE.id], result: true }]);
    assert.equal(layerOf(e, "object-acl").status, "allow", "public-read would have let everyone read");
    assert.deepEqual(e.remedies.map((r) => r.id), ["explicit-deny"]);
    assert.match(e.remedies[0]?.text ?? "", /^statement "OnlyTheLake" \(#3\) of bucket policy of data-lake-raw explicitly denies s3:GetObject on arn:aws:s3:::data-lake-raw\/events\/5\.json; nothing can override an explicit deny\. Its conditions compared: StringNotEquals aws:PrincipalAccount \["111111111111", "333333333333"\]: absent from the request → holds\./);
    const text = await whyText(server, rootOf(ALPHA), ids["anonymous-denied"] ?? "");
    assert.match(text, /Verdict: Explicitly denied: an anonymous \(unsigned\) requester may not s3:GetObject/);
    assert.match(text, /StringNotEquals aws:PrincipalAccount \["111111111111", "333333333333"\]: absent from the request → holds/);
    const sim = await simulateJson(server, rootOf(ALPHA), "anonymous", "GetObject", `${BUCKET}/events/5.json`);
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
  });

  it("October 2020 update: with BucketOwnerPreferred an upload with bucket-owner-full-control belongs to the data account (spec §12.3)", async () => {
    await dataAccount.send(new PutBucketOwnershipControlsCommand({ Bucket: BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerPreferred" }] } }));
    const oc = await dataAccount.send(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET }));
    assert.equal(oc.OwnershipControls?.Rules?.[0]?.ObjectOwnership, "BucketOwnerPreferred");
    await awsAsOk(server, apiLambda, ["s3api", "put-object", "--bucket", BUCKET, "--key", "events/6.json", "--body", "event-6.json", "--acl", "bucket-owner-full-control"], { cwd: work });
    assert.equal(await ownerOf("events/6.json"), alphaId);
    assert.equal(await (await get(transformer, "events/6.json")).Body?.transformToString(), JSON.stringify({ event: 6 }));
    // Without the canned ACL the writer still owns its upload, and existing objects keep their owners.
    await s3As(server, apiLambda).send(new PutObjectCommand({ Bucket: BUCKET, Key: "events/7.json", Body: "{}" }));
    assert.equal(await ownerOf("events/7.json"), bravoId);
    assert.equal(await ownerOf("events/1.json"), bravoId);
    await rejectsWith(get(transformer, "events/7.json"), "AccessDenied", 403);
  });

  it("logs no internal error during the story", () => {
    assert.deepEqual(internalErrors(server), []);
  });
});

