/**
 * Seed 003, "Understanding Cross-Account Access with Amazon S3" (../shared/seeds/003_b25295e8e1b26c63.txt,
 * February 2024), replayed end to end.
 *
 * The story: an explainer rather than an incident. One account shares S3 data with another in four ways:
 * (1) a bucket policy naming the other account's principal, (2) an IAM role in our account that the other
 * account assumes, (3) S3 Access Points with their own policies, (4) ACLs and canned ACLs. The last are
 * "disabled by default for new S3 buckets" and not recommended. The 403 here is the one every reader hits
 * first: the other account is refused until one of the methods grants it. Least privilege shows as a third
 * account that is never granted and stays refused.
 *
 * Accounts (default world):
 * - "our" (production) account, owner of the bucket `prod-shared-artifacts` → alpha 111111111111.
 * - the development account we share with → bravo 222222222222. Its IAM users are `dev-ci` (may read the
 *   bucket and assume our role) and `intern` (no policies).
 * - a third account that nobody shares with → charlie 333333333333.
 * World: today's defaults. The post is from 2024, after the April 2023 change, so new buckets are
 * BucketOwnerEnforced with all four Block Public Access settings on (spec §5.2, §12.16).
 *
 * The post's steps go through the `aws` CLI v1 ("Create or edit a bucket policy", "Apply the policy",
 * assume the role, read). Set-up and checks go through the SDK v3.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateBucketCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyStatusCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateAccessPointCommand, PutAccessPointPolicyCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { ALPHA, BRAVO, CHARLIE, startTestServer, type TestServer } from "../support/server.ts";
import { requireAwsCli } from "../support/cli.ts";
import { rejectsWith } from "../support/s3errors.ts";
import { assertCliDenied, awsAs, awsAsJson, awsAsOk, canonicalId, createRole, createUser, internalErrors, loopbackHandler, policy, rootOf, s3As, stsClient, trustAccount, type Actor } from "../support/scenario.ts";
import { assertSameDecision, cliRequestId, crossbucketAs, decisiveLayers, layerOf, layerStatuses, simulateJson, simulateText, whyJson, whyText } from "../support/why.ts";

const BUCKET = "prod-shared-artifacts";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const OBJECTS = `${BUCKET_ARN}/*`;
const ROLE_ARN = `arn:aws:iam::${ALPHA.id}:role/cross-account-reader`;
const ACCESS_POINT_ARN = `arn:aws:s3:us-east-1:${ALPHA.id}:accesspoint/dev-share`;

/** Method 1: the bucket policy naming the development account. It may read everything and write under from-dev/. */
const SHARE_WITH_DEV = policy(
  { Sid: "DevReads", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: "s3:GetObject", Resource: OBJECTS },
  { Sid: "DevWrites", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/from-dev/*` },
);

describe("seed 003: four ways to share a bucket across accounts, under today's defaults", () => {
  let server: TestServer;
  let work: string;
  let devCi: Actor;
  let intern: Actor;
  let outsider: Actor;
  let alphaId: string;
  let bravoId: string;
  /** Request IDs of the story's denials and of the reads that work after each method, for `crossbucket why`. */
  const ids: Record<string, string> = {};
  let alias = "";

  before(async () => {
    requireAwsCli();
    server = await startTestServer();
    work = mkdtempSync(join(tmpdir(), "seed-003-"));
    [alphaId, bravoId] = [canonicalId(server, ALPHA), canonicalId(server, BRAVO)];
    await createRole(server, ALPHA, "cross-account-reader", policy(trustAccount(BRAVO.id)), policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [BUCKET_ARN, OBJECTS] }));
    devCi = await createUser(
      server,
      BRAVO,
      "dev-ci",
      policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: [BUCKET_ARN, OBJECTS, `${ACCESS_POINT_ARN}/object/*`] }, { Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE_ARN }),
    );
    intern = await createUser(server, BRAVO, "intern");
    outsider = await createUser(server, CHARLIE, "outsider", policy({ Effect: "Allow", Action: "s3:*", Resource: "*" }));
    const prod = server.client(ALPHA);
    await prod.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await prod.send(new PutObjectCommand({ Bucket: BUCKET, Key: "builds/app-1.2.3.tgz", Body: "release artifact" }));
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("before anything is shared, the development account is refused: 403 AccessDenied, 'Access Denied'", async () => {
    // dev-ci's own identity policy allows the read. Our account grants nothing yet. Cross-account, so AWS
    // gives the plain text (spec §1.3 row 4, §11.3.5).
    const r = await awsAs(server, devCi, ["s3api", "get-object", "--bucket", BUCKET, "--key", "builds/app-1.2.3.tgz", "app.tgz", "--debug"], { cwd: work });
    assertCliDenied(r, { code: "AccessDenied", operation: "GetObject", message: "Access Denied" });
    ids["unshared"] = cliRequestId(r);
  });

  it("why and simulate before sharing: dev-ci's own policy allows, our bucket grants nothing (no policy, ACLs disabled)", async () => {
    const [e] = await whyJson(server, rootOf(ALPHA), ids["unshared"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.verdict, "ImplicitDeny");
    assert.deepEqual(e.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
    assert.equal(e.principal.kind, "user");
    assert.equal(e.principal.arn, `arn:aws:iam::${BRAVO.id}:user/dev-ci`);
    assert.equal(e.principal.accountId, BRAVO.id);
    assert.equal(e.authentication.accessKeyId, devCi.creds.accessKeyId);
    assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: `${OBJECTS.slice(0, -1)}builds/app-1.2.3.tgz`, on: "target" }]);
    assert.equal(e.target?.objectOwnership, "BucketOwnerEnforced");
    assert.equal(e.target?.aclsEnabled, false);
    assert.deepEqual(e.target?.publicAccessBlock, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    assert.equal(e.target?.bucketPolicy, undefined);
    assert.deepEqual(layerStatuses(e), [
      ["identity-policy", "allow"],
      ["permissions-boundary", "not-applicable"],
      ["session-policy", "not-applicable"],
      ["scp", "not-applicable"],
      ["rcp", "not-applicable"],
      ["bucket-policy", "not-applicable"],
      ["access-point-policy", "not-applicable"],
      ["object-acl", "no-allow"],
      ["object-owner", "info"],
      ["block-public-access", "info"],
    ]);
    assert.deepEqual(e.blockedBy, { layer: "object-acl", action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/builds/app-1.2.3.tgz` });
    assert.deepEqual(decisiveLayers(e), ["object-acl"]);
    assert.equal(layerOf(e, "object-acl").summary, "ACLs are disabled by BucketOwnerEnforced: stored grants are ignored");
    assert.match(e.summary, /nothing grants it: bucket prod-shared-artifacts has no bucket policy, and ACLs are disabled \(Object Ownership BucketOwnerEnforced\)/);
    // The remedy is the post's method 1: ACLs are disabled, so granting through one is no way out.
    assert.deepEqual(e.remedies.map((r) => r.id), ["bucket-policy-needed"]);
    assert.match(e.remedies[0]?.text ?? "", new RegExp(`allowing Principal \\{"AWS": "arn:aws:iam::${BRAVO.id}:user/dev-ci"\\} s3:GetObject on arn:aws:s3:::${BUCKET}/builds/app-1\\.2\\.3\\.tgz`));
    assert.doesNotMatch(e.remedies[0]?.text ?? "", /through the object ACL/);
    const text = await whyText(server, rootOf(ALPHA), ids["unshared"] ?? "");
    assert.match(text, /bucket prod-shared-artifacts, owned by account 111111111111; Object Ownership BucketOwnerEnforced \(ACLs disabled\); no bucket policy; Block Public Access BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets/);
    assert.match(text, /▶ object ACL +no allow +ACLs are disabled by BucketOwnerEnforced/);
    assert.match(text, /only the bucket policy can grant IAM user dev-ci of account 222222222222 access/);
    const sim = await simulateJson(server, rootOf(ALPHA), `arn:aws:iam::${BRAVO.id}:user/dev-ci`, "GetObject", `${BUCKET}/builds/app-1.2.3.tgz`);
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
  });

  it("method 1, bucket policy: naming the development account lets its user read; the user still needs its own identity policy (spec §1.4, §12.13)", async () => {
    await awsAsOk(server, rootOf(ALPHA), ["s3api", "put-bucket-policy", "--bucket", BUCKET, "--policy", JSON.stringify(SHARE_WITH_DEV)]);
    ids["shared"] = cliRequestId(await awsAsOk(server, devCi, ["s3api", "get-object", "--bucket", BUCKET, "--key", "builds/app-1.2.3.tgz", "app.tgz", "--debug"], { cwd: work }));
    assert.equal(readFileSync(join(work, "app.tgz"), "utf8"), "release artifact");
    // The policy names the account. Each of its IAM principals also needs its own account's allow.
    const e = await rejectsWith(s3As(server, intern).send(new GetObjectCommand({ Bucket: BUCKET, Key: "builds/app-1.2.3.tgz" })), "AccessDenied", 403);
    assert.equal(e.message, "Access Denied");
    // Least privilege: only the named account, only the named actions.
    await rejectsWith(s3As(server, outsider).send(new GetObjectCommand({ Bucket: BUCKET, Key: "builds/app-1.2.3.tgz" })), "AccessDenied", 403);
    await rejectsWith(s3As(server, devCi).send(new ListObjectsV2Command({ Bucket: BUCKET })), "AccessDenied", 403);
  });

  it("why and simulate after method 1: DevReads (#0) grants the account, dev-ci's own policy allows", async () => {
    const [e] = await whyJson(server, rootOf(ALPHA), ids["shared"] ?? "");
    assert.ok(e !== undefined);
    assert.equal(e.verdict, "Allow");
    assert.deepEqual(e.remedies, []);
    assert.equal(layerOf(e, "bucket-policy").status, "allow");
    assert.deepEqual(layerOf(e, "bucket-policy").statements?.map((st) => [st.sid, st.index, st.matched, st.principalMatch]), [["DevReads", 0, true, "account"]]);
    assert.deepEqual(layerOf(e, "bucket-policy").notCandidates, { byAction: 1, byPrincipal: 0, text: "1 other statement does not apply to s3:GetObject (its Action does not cover it)" });
    assert.deepEqual(e.deciding.filter((d) => d.layer === "bucket-policy").map((d) => [d.statement?.sid, d.statement?.index]), [["DevReads", 0]]);
    const sim = await simulateJson(server, rootOf(ALPHA), `arn:aws:iam::${BRAVO.id}:user/dev-ci`, "s3:GetObject", `arn:aws:s3:::${BUCKET}/builds/app-1.2.3.tgz`);
    assert.deepEqual(sim.answer, { allowed: true });
    assert.ok(sim.decisions[0] !== undefined);
    assertSameDecision(sim.decisions[0], e);
    // The intern is named through its account too, but its own account allows it nothing.
    const intern = await simulateJson(server, rootOf(BRAVO), `arn:aws:iam::${BRAVO.id}:user/intern`, "GetObject", `${BUCKET}/builds/app-1.2.3.tgz`);
    assert.equal(intern.decisions[0]?.blockedBy?.layer, "identity-policy");
    assert.deepEqual(intern.decisions[0]?.remedies.map((r) => r.id), ["cross-account-identity-allow"]);
    assert.match(intern.decisions[0]?.remedies[0]?.text ?? "", /The bucket owner's grant is there, but account 222222222222 must also allow s3:GetObject/);
  });

  it("method 1 under BucketOwnerEnforced: what the development account writes belongs to our account, so no ownership trap", async () => {
    await s3As(server, devCi).send(new PutObjectCommand({ Bucket: BUCKET, Key: "from-dev/report.json", Body: "{}" }));
    const acl = await server.client(ALPHA).send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "from-dev/report.json" }));
    assert.equal(acl.Owner?.ID, alphaId);
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[alphaId, "FULL_CONTROL"]]);
    assert.notEqual(alphaId, bravoId);
    assert.equal(await (await server.client(ALPHA).send(new GetObjectCommand({ Bucket: BUCKET, Key: "from-dev/report.json" }))).Body?.transformToString(), "{}");
  });

  it("method 2, IAM role: the development account assumes our role and reads with the role's permissions (spec §10)", async () => {
    const assumed = await awsAsJson<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string } }>(server, devCi, [
      "sts",
      "assume-role",
      "--role-arn",
      ROLE_ARN,
      "--role-session-name",
      "dev-ci-build",
    ]);
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${ALPHA.id}:assumed-role/cross-account-reader/dev-ci-build`);
    const session: Actor = {
      arn: assumed.AssumedRoleUser.Arn,
      account: ALPHA,
      creds: { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken },
    };
    const listed = await awsAsJson<{ Contents: { Key: string }[] }>(server, session, ["s3api", "list-objects-v2", "--bucket", BUCKET]);
    assert.deepEqual(listed.Contents.map((o) => o.Key), ["builds/app-1.2.3.tgz", "from-dev/report.json"]);
    assert.equal(await (await s3As(server, session).send(new GetObjectCommand({ Bucket: BUCKET, Key: "builds/app-1.2.3.tgz" }))).Body?.transformToString(), "release artifact");
    // The trust policy trusts the account, so the caller needs its own sts:AssumeRole allow (spec §10.1).
    await assert.rejects(stsClient(server, intern.creds).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "intern" })), (e: { name?: string; message?: string }) => {
      assert.equal(e.name, "AccessDenied");
      assert.match(e.message ?? "", new RegExp(`^User: arn:aws:iam::${BRAVO.id}:user/intern is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`));
      return true;
    });
  });

  it("method 3, access points: a bucket policy delegating to our account's access points is not public, so Block Public Access accepts it (spec §7.2.2, §6.3)", async () => {
    const delegate = { Sid: "DelegateToAccessPoints", Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: [BUCKET_ARN, OBJECTS], Condition: { StringEquals: { "s3:DataAccessPointAccount": ALPHA.id } } };
    const prod = server.client(ALPHA);
    await prod.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy(...SHARE_WITH_DEV.Statement, delegate)) }));
    assert.equal((await prod.send(new GetBucketPolicyStatusCommand({ Bucket: BUCKET }))).PolicyStatus?.IsPublic, false);
    // The delegation applies only to requests made through an access point. A direct request by the outsider carries no s3:DataAccessPointAccount.
    await rejectsWith(s3As(server, outsider).send(new GetObjectCommand({ Bucket: BUCKET, Key: "builds/app-1.2.3.tgz" })), "AccessDenied", 403);
  });

  describe("method 3, access points", () => {
    it(
      "an access point whose policy grants the development account builds/* serves those reads by ARN and refuses the rest (spec §7.2)",
      // The SDK addresses the access point ARN to `<name>-<account-id>.<endpoint host>`; every name is sent to 127.0.0.1.
      async () => {
        const control = new S3ControlClient({ endpoint: server.endpoint.replace("127.0.0.1", "localhost"), region: "us-east-1", credentials: rootOf(ALPHA).creds, requestHandler: loopbackHandler(), maxAttempts: 1 });
        const created = await control.send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: "dev-share", Bucket: BUCKET }));
        alias = created.Alias ?? "";
        const apPolicy = policy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: "s3:GetObject", Resource: `${ACCESS_POINT_ARN}/object/builds/*` });
        await control.send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: "dev-share", Policy: JSON.stringify(apPolicy) }));
        const viaAccessPoint = new S3Client({ endpoint: server.endpoint.replace("127.0.0.1", "localhost"), region: "us-east-1", credentials: devCi.creds, requestHandler: loopbackHandler(), maxAttempts: 1 });
        const got = await viaAccessPoint.send(new GetObjectCommand({ Bucket: ACCESS_POINT_ARN, Key: "builds/app-1.2.3.tgz" }));
        assert.equal(await got.Body?.transformToString(), "release artifact");
        ids["ap-allowed"] = got.$metadata.requestId ?? "";
        // The access point policy grants only builds/*, whatever the bucket's delegation allows.
        const outside = await rejectsWith(viaAccessPoint.send(new GetObjectCommand({ Bucket: ACCESS_POINT_ARN, Key: "from-dev/report.json" })), "AccessDenied", 403);
        ids["ap-denied"] = outside.$metadata.requestId ?? "";
        // The outsider is named by neither policy.
        const outsiderVia = new S3Client({ endpoint: server.endpoint.replace("127.0.0.1", "localhost"), region: "us-east-1", credentials: outsider.creds, requestHandler: loopbackHandler(), maxAttempts: 1 });
        await rejectsWith(outsiderVia.send(new GetObjectCommand({ Bucket: ACCESS_POINT_ARN, Key: "builds/app-1.2.3.tgz" })), "AccessDenied", 403);
      },
    );
    it("why and simulate through the access point: the live decisions, and simulations by ARN and by alias that match them", async () => {
      const dev = `arn:aws:iam::${BRAVO.id}:user/dev-ci`;
      const [allowed] = await whyJson(server, rootOf(ALPHA), ids["ap-allowed"] ?? "");
      assert.ok(allowed !== undefined);
      assert.equal(allowed.verdict, "Allow");
      assert.deepEqual(allowed.required, [{ action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/builds/app-1.2.3.tgz`, on: "target" }]);
      assert.deepEqual(allowed.accessPoint, {
        arn: ACCESS_POINT_ARN,
        accountId: ALPHA.id,
        networkOrigin: "Internet",
        hasPolicy: true,
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      });
      assert.deepEqual(layerStatuses(allowed).filter(([, st]) => st !== "not-applicable"), [
        ["identity-policy", "allow"],
        ["bucket-policy", "allow"],
        ["access-point-policy", "allow"],
        ["object-owner", "info"],
        ["block-public-access", "info"],
      ]);
      // DevReads names the account; the delegation matches too, through s3:DataAccessPointAccount.
      assert.deepEqual(layerOf(allowed, "bucket-policy").statements?.filter((st) => st.matched).map((st) => [st.sid, st.index, st.conditions]), [
        ["DevReads", 0, []],
        ["DelegateToAccessPoints", 2, [{ operator: "StringEquals", key: "s3:DataAccessPointAccount", policyValues: [ALPHA.id], requestValues: [ALPHA.id], result: true }]],
      ]);
      const [denied] = await whyJson(server, rootOf(ALPHA), ids["ap-denied"] ?? "");
      assert.ok(denied !== undefined);
      assert.equal(denied.verdict, "ImplicitDeny");
      assert.deepEqual(denied.blockedBy, { layer: "access-point-policy", action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/from-dev/report.json` });
      assert.deepEqual(decisiveLayers(denied), ["access-point-policy"]);
      assert.equal(layerOf(denied, "access-point-policy").status, "no-allow");
      assert.deepEqual(denied.remedies.map((r) => r.id), ["access-point-no-grant"]);
      assert.match(denied.remedies[0]?.text ?? "", new RegExp(`The access point policy of ${ACCESS_POINT_ARN} does not allow IAM user dev-ci of account ${BRAVO.id} s3:GetObject`));
      const text = await whyText(server, rootOf(ALPHA), ids["ap-denied"] ?? "");
      assert.match(text, new RegExp(`through access point ${ACCESS_POINT_ARN} \\(account ${ALPHA.id}, Internet\\)`));
      assert.match(text, /▶ access point policy +no allow +no statement of the access point policy allows s3:GetObject/);

      for (const [resource, live] of [
        [`${ACCESS_POINT_ARN}/object/builds/app-1.2.3.tgz`, allowed],
        [`${alias}/builds/app-1.2.3.tgz`, allowed],
        [`${ACCESS_POINT_ARN}/object/from-dev/report.json`, denied],
        [`${alias}/from-dev/report.json`, denied],
      ] as const) {
        const sim = await simulateJson(server, rootOf(ALPHA), dev, "GetObject", resource);
        assert.ok(sim.decisions[0] !== undefined, resource);
        assertSameDecision(sim.decisions[0], live);
        assert.deepEqual(sim.decisions[0].accessPoint, live.accessPoint, resource);
      }
      // The same read addressed to the bucket directly is a different request: no access point, no delegation.
      const direct = await simulateJson(server, rootOf(ALPHA), dev, "GetObject", `${BUCKET}/from-dev/report.json`);
      assert.deepEqual(direct.answer, { allowed: true });
      assert.equal(direct.decisions[0]?.accessPoint, undefined);
      const simText = await simulateText(server, rootOf(ALPHA), dev, "s3:GetObject", `${ACCESS_POINT_ARN}/object/from-dev/report.json`);
      assert.match(simText, /Answer: would get 403 AccessDenied/);
      assert.match(simText, new RegExp(`through access point ${ACCESS_POINT_ARN}`));
    });

    it("simulate names an access point that does not exist: 404 NoSuchAccessPoint, as a live request gets", async () => {
      const r = await crossbucketAs(server, rootOf(ALPHA), ["simulate", "--as", ALPHA.id, "GetObject", `arn:aws:s3:us-east-1:${ALPHA.id}:accesspoint/no-such-ap/object/k`]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^crossbucket: NoSuchAccessPoint: /);
    });
  });

  it("method 4, ACLs are disabled by default for new buckets: canned ACLs and grants are refused (spec §12.4, §12.16)", async () => {
    const [putObject, createBucket] = await Promise.all([
      awsAs(server, rootOf(ALPHA), ["s3api", "put-object", "--bucket", BUCKET, "--key", "public.txt", "--acl", "public-read"]),
      awsAs(server, rootOf(ALPHA), ["s3api", "create-bucket", "--bucket", "prod-public-artifacts", "--acl", "public-read"]),
    ]);
    assertCliDenied(putObject, { code: "AccessControlListNotSupported", operation: "PutObject", message: "The bucket does not allow ACLs" });
    assertCliDenied(createBucket, { code: "InvalidBucketAclWithObjectOwnership", operation: "CreateBucket", message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting" });
    const prod = server.client(ALPHA);
    const putBucketAcl = await rejectsWith(prod.send(new PutBucketAclCommand({ Bucket: BUCKET, GrantRead: `id=${bravoId}` })), "AccessControlListNotSupported", 400);
    assert.equal(putBucketAcl.message, "The bucket does not allow ACLs");
    // The defaults behind it: BucketOwnerEnforced, and all four Block Public Access settings on.
    const oc = await prod.send(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET }));
    assert.deepEqual(oc.OwnershipControls?.Rules, [{ ObjectOwnership: "BucketOwnerEnforced" }]);
    const pab = await prod.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }));
    assert.deepEqual(pab.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  });

  it("method 4 where still wanted: a bucket created with ObjectWriter takes an ACL grant to an account, but Block Public Access still refuses public-read (spec §6.4)", async () => {
    const legacy = "prod-acl-artifacts";
    const prod = server.client(ALPHA);
    await prod.send(new CreateBucketCommand({ Bucket: legacy, ObjectOwnership: "ObjectWriter" }));
    await prod.send(new PutObjectCommand({ Bucket: legacy, Key: "shared.txt", Body: "shared through an ACL", GrantRead: `id=${bravoId}` }));
    assert.equal(await (await server.client(BRAVO).send(new GetObjectCommand({ Bucket: legacy, Key: "shared.txt" }))).Body?.transformToString(), "shared through an ACL");
    const acl = await server.client(ALPHA).send(new GetObjectAclCommand({ Bucket: legacy, Key: "shared.txt" }));
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[bravoId, "READ"]]);
    // The ACL grants the account. An IAM user of that account still needs its own allow, and dev-ci's policy names only prod-shared-artifacts.
    await rejectsWith(s3As(server, devCi).send(new GetObjectCommand({ Bucket: legacy, Key: "shared.txt" })), "AccessDenied", 403);
    const e = await rejectsWith(server.client(ALPHA).send(new PutObjectCommand({ Bucket: legacy, Key: "public.txt", Body: "x", ACL: "public-read" })), "AccessDenied", 403);
    // Same account, so the enhanced text. Its BPA wording is UNCONFIRMED (spec §11.3.4, A17); this is the spec's suggested form.
    assert.equal(e.message, `User: arn:aws:iam::${ALPHA.id}:root is not authorized to perform: s3:PutObject on resource: "${BUCKET_ARN.replace(BUCKET, legacy)}/public.txt" because public ACLs are prevented by the BlockPublicAcls setting in S3 Block Public Access`);
  });

  it("logs no internal error during the story", () => {
    assert.deepEqual(internalErrors(server), []);
  });
});
