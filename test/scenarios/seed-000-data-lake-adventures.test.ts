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
import { assertCliDenied, assumeRole, awsAs, awsAsOk, canonicalId, createRole, createUser, internalErrors, policy, s3As, trustAccount, type Actor } from "../support/scenario.ts";

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
    const r = await awsAs(server, analyst, ["s3api", "get-object", "--bucket", BUCKET, "--key", "events/1.json", "out-1.json"], { cwd: work });
    // The object's ACL grants only the API account. This is an ACL-only denial, so AWS gives the plain text (spec §11.3.8).
    assertCliDenied(r, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    const e = await rejectsWith(get(analyst, "events/1.json"), "AccessDenied", 403);
    assert.equal(e.message, "Access Denied");
  });

  it("bucket-owner-full-control on upload gives the data account full control, and it can read (spec §12.1 step 6, §4.4)", async () => {
    await awsAsOk(server, apiLambda, ["s3api", "put-object", "--bucket", BUCKET, "--key", "events/2.json", "--body", "event-2.json", "--acl", "bucket-owner-full-control"], { cwd: work });
    assert.equal(await (await get(analyst, "events/2.json")).Body?.transformToString(), JSON.stringify({ event: 2 }));
    const acl = await s3As(server, analyst).send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "events/2.json" }));
    assert.equal(acl.Owner?.ID, bravoId, "the API account still owns the object");
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[bravoId, "FULL_CONTROL"], [alphaId, "FULL_CONTROL"]]);
  });

  it("the transformation account gets Access Denied on the API account's objects despite the bucket policy (spec §12.1 step 8, §12.2)", async () => {
    // The bucket policy's Allow covers only objects the bucket owner owns. An ACL grant to the data account
    // cannot be passed on to a third account (spec §1.4 last row, S3-GUIDE "Permission delegation").
    const r = await awsAs(server, transformer, ["s3api", "get-object", "--bucket", BUCKET, "--key", "events/2.json", "out-2.json"], { cwd: work });
    assertCliDenied(r, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    // "As long as you want to read data from a bucket in an account that also produces it, you can do that via a
    // bucket policy": an object the data account wrote itself is readable by the same role.
    await dataAccount.send(new PutObjectCommand({ Bucket: BUCKET, Key: "curated/own.json", Body: "{}" }));
    assert.equal(await (await get(transformer, "curated/own.json")).Body?.transformToString(), "{}");
  });

  it("option 1: a writer that assumes a role in the data account makes the data account the owner, and the bucket policy applies", async () => {
    const writer = await assumeRole(server, apiLambda, `arn:aws:iam::${ALPHA.id}:role/lake-writer`, "ingest-as-data", ALPHA);
    await s3As(server, writer).send(new PutObjectCommand({ Bucket: BUCKET, Key: "events/3.json", Body: JSON.stringify({ event: 3 }) }));
    assert.equal(await ownerOf("events/3.json"), alphaId);
    assert.equal(await (await get(transformer, "events/3.json")).Body?.transformToString(), JSON.stringify({ event: 3 }));
  });

  it("option 1, reader side: the transformation account assumes a role in the data account to read objects granted to that account", async () => {
    const reader = await assumeRole(server, transformer, `arn:aws:iam::${ALPHA.id}:role/lake-reader`, "read-as-data", ALPHA);
    // events/2.json was written with bucket-owner-full-control, so the ACL grants the data account, and the data
    // account's own role may use that grant (spec §1.4, S3-WALK3).
    assert.equal(await (await get(reader, "events/2.json")).Body?.transformToString(), JSON.stringify({ event: 2 }));
    // events/1.json grants the data account nothing, so its roles cannot read it either.
    await rejectsWith(get(reader, "events/1.json"), "AccessDenied", 403);
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
    const anonymous = await aws(server, ALPHA, ["s3api", "get-object", "--bucket", BUCKET, "--key", "events/5.json", "anon.json", "--no-sign-request"], { cwd: work });
    assertCliDenied(anonymous, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    assert.equal(await (await get(transformer, "events/5.json")).Body?.transformToString(), JSON.stringify({ event: 5 }));
    // The writer's own account is caught by the Deny too.
    await rejectsWith(server.client(BRAVO).send(new GetObjectCommand({ Bucket: BUCKET, Key: "events/5.json" })), "AccessDenied", 403);
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

