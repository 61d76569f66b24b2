/**
 * The world file end to end: examples/worlds/data-lake.yaml (the seeds' three-account data lake)
 * loads, twice on the same data folder with the same state; its IAM users' fixed keys sign S3, IAM
 * and STS requests through the SDK; its roles are assumable exactly as their trust policies say;
 * its buckets show the declared ownership, ACL, versioning, policy and Block Public Access; and
 * `crossbucket serve` prints the users' credentials.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, GetBucketAclCommand, GetBucketOwnershipControlsCommand, GetBucketVersioningCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { IdentityDirectory } from "../../src/identity/credentials.ts";
import { WorldError } from "../../src/identity/world.ts";
import { startServer } from "../../src/server/app.ts";
import { errorOf, rejectsWith } from "../support/s3errors.ts";
import { recordingLogger, startTestServer, type TestServer } from "../support/server.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WORLD = join(ROOT, "examples/worlds/data-lake.yaml");
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const DATA_ROOT: Creds = { accessKeyId: "AKIADATALAKEROOT0001", secretAccessKey: "dataLakeRootSecret000000000000000000000001" };
const ANALYTICS_ROOT: Creds = { accessKeyId: "AKIAANALYTICSROOT003", secretAccessKey: "analyticsRootSecret00000000000000000000003" };
const UPLOADER: Creds = { accessKeyId: "AKIAINGESTUPLOADER01", secretAccessKey: "ingestUploaderSecret0000000000000000000001" };
const ANALYST: Creds = { accessKeyId: "AKIAANALYTICSANALYST", secretAccessKey: "analyticsAnalystSecret000000000000000001" };
const LAKE_READER = "arn:aws:iam::111111111111:role/lake-reader";

let dataDir: string;
let server: TestServer;
let firstState: string;
const s3 = (c: Creds) => server.client(undefined, { credentials: c });
const iam = (c: Creds) => new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: c });
const sts = (c: Creds) => new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: c });

/** Everything the stores hold about the world's accounts and buckets. */
function state(s: TestServer): string {
  const identity = s.services.accounts;
  assert.ok(identity instanceof IdentityDirectory);
  const store = identity.store;
  return JSON.stringify({
    iam: identity.list().map((a) => ({
      users: store.list("user", a.id).map((u) => ({ ...u, keys: store.listAccessKeys(a.id, u.name) })),
      groups: store.list("group", a.id),
      roles: store.list("role", a.id),
      policies: store.list("policy", a.id),
      bpa: s.services.meta.getAccountConfig(a.id, "publicAccessBlock"),
    })),
    buckets: s.services.meta.listBuckets().map((b) => ({ ...b, config: ["ownership", "acl", "policy", "publicAccessBlock"].map((n) => s.services.meta.getBucketConfig(b.name, n)) })),
  });
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crossbucket-world-"));
  const first = await startTestServer({ world: WORLD, dataDir });
  firstState = state(first);
  await first.stop();
  server = await startTestServer({ world: WORLD, dataDir });
});
after(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("loading the data-lake world", () => {
  it("starts twice on the same data folder with the same state, and logs no error", () => {
    assert.equal(state(server), firstState);
    const buckets = server.services.meta.listBuckets().map((b) => b.name);
    assert.deepEqual(buckets.sort(), ["analytics-results", "data-lake"]);
    assert.deepEqual(server.logger.errors, []);
  });

  it("puts new buckets under the world's legacy defaults", async () => {
    assert.equal(server.services.config.bucketDefaults, "legacy");
    await s3(DATA_ROOT).send(new CreateBucketCommand({ Bucket: "data-lake-scratch" }));
    await rejectsWith(s3(DATA_ROOT).send(new GetBucketOwnershipControlsCommand({ Bucket: "data-lake-scratch" })), "OwnershipControlsNotFoundError", 404);
  });
});

describe("the world's IAM users sign requests with their fixed keys", () => {
  it("STS GetCallerIdentity names each user by its ARN and AIDA unique ID", async () => {
    const up = await sts(UPLOADER).send(new GetCallerIdentityCommand({}));
    assert.equal(up.Arn, "arn:aws:iam::222222222222:user/ingest/uploader");
    assert.equal(up.Account, "222222222222");
    assert.match(up.UserId ?? "", /^AIDA[A-Z2-7]{17}$/);
    const an = await sts(ANALYST).send(new GetCallerIdentityCommand({}));
    assert.equal(an.Arn, "arn:aws:iam::333333333333:user/analyst");
  });

  it("IAM answers GetUser for the signing user, and names it when its policies do not allow a call", async () => {
    const me = await iam(UPLOADER).send(new GetUserCommand({}));
    assert.equal(me.User?.Arn, "arn:aws:iam::222222222222:user/ingest/uploader");
    assert.equal(me.User?.Path, "/ingest/");
    assert.equal(me.User?.PermissionsBoundary?.PermissionsBoundaryArn, "arn:aws:iam::222222222222:policy/IngestBoundary");
    assert.deepEqual(me.User?.Tags, [{ Key: "team", Value: "ingest" }]);
    const viaManaged = await iam(ANALYST).send(new GetUserCommand({}));
    assert.equal(viaManaged.User?.UserName, "analyst", "allowed by the attached AWS managed ReadOnlyAccess");
    await assert.rejects(iam(UPLOADER).send(new ListUsersCommand({})), (e: { name?: string; message?: string }) => {
      assert.equal(e.name, "AccessDenied");
      assert.match(e.message ?? "", /^User: arn:aws:iam::222222222222:user\/ingest\/uploader is not authorized to perform: iam:ListUsers on resource: /);
      return true;
    });
  });

  it("S3 accepts their signatures: the uploader writes into the lake, the analyst lists its buckets", async () => {
    await s3(UPLOADER).send(new PutObjectCommand({ Bucket: "data-lake", Key: "raw/2026/01/events.json", Body: '{"n":1}' }));
    const stored = server.services.meta.getObject("data-lake", "raw/2026/01/events.json");
    assert.equal(stored?.ownerAccountId, "222222222222", "under ObjectWriter the writer's account owns the object, as in the stories");
    const listed = await s3(ANALYST).send(new ListBucketsCommand({}));
    assert.deepEqual(listed.Buckets?.map((b) => b.Name), ["analytics-results"]);
  });

  it("S3 refuses a key the world does not declare", async () => {
    await rejectsWith(s3({ accessKeyId: "AKIAINGESTUPLOADER99", secretAccessKey: UPLOADER.secretAccessKey }).send(new ListBucketsCommand({})), "InvalidAccessKeyId", 403);
  });
});

describe("the world's roles are assumable as their trust policies say", () => {
  it("the analyst assumes lake-reader across accounts; the session reads the lake as account 111111111111", async () => {
    const r = await sts(ANALYST).send(new AssumeRoleCommand({ RoleArn: LAKE_READER, RoleSessionName: "nightly", DurationSeconds: 7200 }));
    assert.equal(r.AssumedRoleUser?.Arn, "arn:aws:sts::111111111111:assumed-role/lake-reader/nightly");
    const session: Creds = { accessKeyId: r.Credentials?.AccessKeyId ?? "", secretAccessKey: r.Credentials?.SecretAccessKey ?? "", sessionToken: r.Credentials?.SessionToken ?? "" };
    const id = await sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, "111111111111");
    const page = await s3(session).send(new ListObjectsV2Command({ Bucket: "data-lake" }));
    assert.equal(page.Name, "data-lake");
  });

  it("lake-reader's MaxSessionDuration of 7200 s bounds DurationSeconds", async () => {
    await assert.rejects(sts(ANALYST).send(new AssumeRoleCommand({ RoleArn: LAKE_READER, RoleSessionName: "long", DurationSeconds: 7201 })), (e: { name?: string; message?: string }) => {
      assert.equal(e.name, "ValidationError");
      assert.match(e.message ?? "", /DurationSeconds exceeds the MaxSessionDuration set for this role/);
      return true;
    });
  });

  it("a user of the analytics account that the trust policy does not name may not assume lake-reader, even allowed by its own policy", async () => {
    const admin = iam(ANALYTICS_ROOT);
    await admin.send(new CreateUserCommand({ UserName: "intern" }));
    await admin.send(new PutUserPolicyCommand({ UserName: "intern", PolicyName: "assume", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }) }));
    const k = (await admin.send(new CreateAccessKeyCommand({ UserName: "intern" }))).AccessKey;
    const intern: Creds = { accessKeyId: k?.AccessKeyId ?? "", secretAccessKey: k?.SecretAccessKey ?? "" };
    await assert.rejects(sts(intern).send(new AssumeRoleCommand({ RoleArn: LAKE_READER, RoleSessionName: "intern" })), (e: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, "AccessDenied");
      assert.equal(e.$metadata?.httpStatusCode, 403);
      assert.match(e.message ?? "", /^User: arn:aws:iam::333333333333:user\/intern is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role\/lake-reader/);
      return true;
    });
  });

  it("the uploader assumes ingest-writer in its own account, which its trust policy names", async () => {
    const r = await sts(UPLOADER).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/ingest-writer", RoleSessionName: "batch" }));
    assert.equal(r.AssumedRoleUser?.Arn, "arn:aws:sts::222222222222:assumed-role/ingest-writer/batch");
  });
});

describe("the declared buckets", () => {
  it("data-lake: ObjectWriter, the declared grants, versioning Enabled", async () => {
    const oc = await s3(DATA_ROOT).send(new GetBucketOwnershipControlsCommand({ Bucket: "data-lake" }));
    assert.equal(oc.OwnershipControls?.Rules?.[0]?.ObjectOwnership, "ObjectWriter");
    const acl = await s3(DATA_ROOT).send(new GetBucketAclCommand({ Bucket: "data-lake" }));
    const owner = server.services.accounts.get("111111111111")?.canonicalUserId;
    const analytics = server.services.accounts.get("333333333333")?.canonicalUserId;
    assert.equal(acl.Owner?.ID, owner);
    assert.deepEqual(
      acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.ID, g.Permission]),
      [
        ["CanonicalUser", owner, "FULL_CONTROL"],
        ["CanonicalUser", analytics, "READ"],
      ],
    );
    const v = await s3(DATA_ROOT).send(new GetBucketVersioningCommand({ Bucket: "data-lake" }));
    assert.equal(v.Status, "Enabled");
  });

  it("data-lake: the bucket policy as written, and Block Public Access at bucket and account level (stored config)", () => {
    const policy = JSON.parse(server.services.meta.getBucketConfig("data-lake", "policy") ?? "{}") as { Statement: { Sid: string }[] };
    assert.deepEqual(
      policy.Statement.map((s) => s.Sid),
      ["IngestWrites", "AnalyticsReads"],
    );
    const allOn = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    assert.deepEqual(JSON.parse(server.services.meta.getBucketConfig("data-lake", "publicAccessBlock") ?? "null"), allOn);
    assert.deepEqual(JSON.parse(server.services.meta.getAccountConfig("111111111111", "publicAccessBlock") ?? "null"), allOn);
  });

  it("analytics-results: the legacy defaults, no ownership controls and no BPA", async () => {
    const e = await errorOf(s3(ANALYTICS_ROOT).send(new GetBucketOwnershipControlsCommand({ Bucket: "analytics-results" })));
    assert.equal(e.name, "OwnershipControlsNotFoundError");
    assert.equal(server.services.meta.getBucketConfig("analytics-results", "publicAccessBlock"), undefined);
    const acl = await s3(ANALYTICS_ROOT).send(new GetBucketAclCommand({ Bucket: "analytics-results" }));
    assert.deepEqual(acl.Grants?.map((g) => g.Permission), ["FULL_CONTROL"]);
  });
});

describe("starting with a world", () => {
  it("fails with the path of a bad entry that only the stores can check, and leaves the data folder usable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crossbucket-world-bad-"));
    const file = join(dir, "world.yaml");
    writeFileSync(file, 'accounts:\n  - { id: "111111111111", name: alpha, root: { accessKeyId: AKIAALPHA00000000001, secretAccessKey: s } }\nbuckets:\n  - { name: lake, owner: zulu }\n');
    const opts = { host: "127.0.0.1", port: 0, data: join(dir, "data"), world: file, region: "us-east-1", baseDomains: [], legacyBucketDefaults: false };
    await assert.rejects(startServer(opts, recordingLogger()), (e: unknown) => e instanceof WorldError && e.path === "/buckets/0/owner");
    writeFileSync(file, 'accounts:\n  - { id: "111111111111", name: alpha, root: { accessKeyId: AKIAALPHA00000000001, secretAccessKey: s } }\nbucketDefaults: current\nbuckets:\n  - { name: lake, owner: alpha }\n');
    const ok = await startServer({ ...opts, legacyBucketDefaults: true }, recordingLogger());
    try {
      assert.equal(ok.services.config.bucketDefaults, "legacy", "--legacy-bucket-defaults wins over the world's setting");
      assert.equal(ok.services.meta.getBucketConfig("lake", "ownership"), undefined);
    } finally {
      await ok.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("`crossbucket serve` prints ready-to-paste credentials of the IAM users the world declares", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crossbucket-world-serve-"));
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/server/main.ts"), "serve", "--port", "0", "--data", dir, "--world", WORLD], { cwd: ROOT, env: { ...process.env, CROSSBUCKET_LOG: "warn" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString("utf8");
          if (out.includes("Try: ")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`crossbucket exited with ${code}: ${out}`)));
      });
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    }
    const endpoint = /crossbucket is ready at (http:\/\/\S+)/.exec(out)?.[1] ?? "";
    assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(out.includes("# account 111111111111 (data-lake)\nexport AWS_ACCESS_KEY_ID=AKIADATALAKEROOT0001\n"), out);
    assert.ok(out.includes(`# arn:aws:iam::222222222222:user/ingest/uploader\nexport AWS_ACCESS_KEY_ID=AKIAINGESTUPLOADER01\nexport AWS_SECRET_ACCESS_KEY=${UPLOADER.secretAccessKey}\nexport AWS_DEFAULT_REGION=us-east-1\nexport AWS_ENDPOINT_URL=${endpoint}\n`), out);
    assert.ok(out.includes(`# arn:aws:iam::333333333333:user/analyst\nexport AWS_ACCESS_KEY_ID=AKIAANALYTICSANALYST\n`), out);
  });
});
