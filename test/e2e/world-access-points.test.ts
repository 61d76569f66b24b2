/**
 * End-to-end: access points declared in the world file (`buckets[].accessPoints`). They are created at start
 * through the store calls S3 Control's CreateAccessPoint and PutAccessPointPolicy use, so S3 Control shows them
 * and data requests through them are authorized as for any access point (spec §7.2); starting again on the same
 * data folder keeps their aliases; a bad entry stops the start with the path of the field at fault.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { DeleteBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetAccessPointCommand, GetAccessPointPolicyCommand } from "@aws-sdk/client-s3-control";
import { WorldError } from "../../src/identity/world.ts";
import { startServer } from "../../src/server/app.ts";
import { ALPHA, BRAVO, CHARLIE, recordingLogger, startTestServer, type TestServer } from "../support/server.ts";
import { accessPointClient, controlClient } from "../support/s3control.ts";
import { rejectsWith } from "../support/s3errors.ts";
import type { WorldAccount } from "../../src/identity/world.ts";

const BUCKET = "world-ap-data";
const AP_ARN = `arn:aws:s3:us-east-1:${ALPHA.id}:accesspoint/reports`;

const accounts = [ALPHA, BRAVO, CHARLIE].map((a) => ({ id: a.id, name: a.name, root: a.root }));
const statement = (s: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [s] });

/** A world with `accessPoints` on alpha's bucket (JSON is YAML). */
function world(accessPoints: unknown[], bucketPolicy = true): string {
  const delegate = statement({ Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": ALPHA.id } } });
  return JSON.stringify({ accounts, buckets: [{ name: BUCKET, owner: "alpha", ...(bucketPolicy ? { policy: delegate } : {}), accessPoints }] });
}

const DECLARED = [
  { name: "reports", policy: statement({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: "s3:GetObject", Resource: `${AP_ARN}/object/reports/*` }) },
  { name: "private-vpc", vpcConfiguration: { vpcId: "vpc-0123456789abcdef0" }, publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false } },
];

let dir: string;
let file: string;
let server: TestServer;

const s3 = (account: WorldAccount): S3Client => accessPointClient(server, account);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "crossbucket-world-ap-"));
  file = join(dir, "world.yaml");
  writeFileSync(file, world(DECLARED));
  server = await startTestServer({ world: file, dataDir: join(dir, "data") });
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("access points of the world file", () => {
  it("are created as CreateAccessPoint creates them: S3 Control shows the bucket, origin, VPC, Block Public Access and policy", async () => {
    const reports = await controlClient(server, ALPHA).send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: "reports" }));
    assert.equal(reports.Bucket, BUCKET);
    assert.equal(reports.NetworkOrigin, "Internet");
    assert.equal(reports.AccessPointArn, AP_ARN);
    assert.match(reports.Alias ?? "", /^reports-[a-z0-9]{34}-s3alias$/);
    assert.deepEqual(reports.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }, "all four on when omitted");
    const policy = await controlClient(server, ALPHA).send(new GetAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: "reports" }));
    assert.deepEqual(JSON.parse(policy.Policy ?? ""), DECLARED[0]?.policy);
    const vpc = await controlClient(server, ALPHA).send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: "private-vpc" }));
    assert.equal(vpc.NetworkOrigin, "VPC");
    assert.equal(vpc.VpcConfiguration?.VpcId, "vpc-0123456789abcdef0");
    assert.equal(vpc.PublicAccessBlockConfiguration?.RestrictPublicBuckets, false);
  });

  it("serve data requests by ARN and by alias, authorized by the access point policy and the bucket's delegation (§7.2)", async () => {
    await s3(ALPHA).send(new PutObjectCommand({ Bucket: BUCKET, Key: "reports/q1.csv", Body: "a,b\n" }));
    await s3(ALPHA).send(new PutObjectCommand({ Bucket: BUCKET, Key: "private/x", Body: "x" }));
    const byArn = await s3(BRAVO).send(new GetObjectCommand({ Bucket: AP_ARN, Key: "reports/q1.csv" }));
    assert.equal(await byArn.Body?.transformToString(), "a,b\n");
    const alias = (await controlClient(server, ALPHA).send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: "reports" }))).Alias ?? "";
    const byAlias = await s3(BRAVO).send(new GetObjectCommand({ Bucket: alias, Key: "reports/q1.csv" }));
    assert.equal(await byAlias.Body?.transformToString(), "a,b\n");
    await rejectsWith(s3(BRAVO).send(new GetObjectCommand({ Bucket: AP_ARN, Key: "private/x" })), "AccessDenied", 403);
    await rejectsWith(s3(CHARLIE).send(new GetObjectCommand({ Bucket: AP_ARN, Key: "reports/q1.csv" })), "AccessDenied", 403);
  });

  it("keep the bucket from being deleted (BucketHasAccessPointsAttached)", async () => {
    await rejectsWith(s3(ALPHA).send(new DeleteBucketCommand({ Bucket: BUCKET })), "BucketHasAccessPointsAttached", 400);
  });

  it("are kept on a second start on the same data folder (same alias), the policy brought to the declared one", async () => {
    const before = server.services.meta.getAccessPoint(ALPHA.id, "reports");
    await server.stop();
    writeFileSync(file, world([{ name: "reports" }, DECLARED[1]]));
    server = await startTestServer({ world: file, dataDir: join(dir, "data") });
    const again = server.services.meta.getAccessPoint(ALPHA.id, "reports");
    assert.equal(again?.alias, before?.alias);
    assert.equal(again?.createdAt.getTime(), before?.createdAt.getTime());
    assert.equal(again?.policy, undefined, "a policy the world no longer declares is removed");
    await rejectsWith(s3(BRAVO).send(new GetObjectCommand({ Bucket: AP_ARN, Key: "reports/q1.csv" })), "AccessDenied", 403);
  });
});

describe("a world whose access point is at fault does not start, and names the field", () => {
  const cases: [string, unknown[], string, RegExp][] = [
    ["a name S3 cannot parse", [{ name: "Bad_Name" }], "/buckets/0/accessPoints/0/name", /InvalidURI/],
    ["a name that breaks a naming rule", [{ name: "ends-with-" }], "/buckets/0/accessPoints/0/name", /InvalidRequest: Your Amazon S3 AccessPoint name is invalid/],
    ["a policy on another resource", [{ name: "ap-1", policy: statement({ Effect: "Allow", Principal: { AWS: BRAVO.id }, Action: "s3:GetObject", Resource: "arn:aws:s3:::other/*" }) }], "/buckets/0/accessPoints/0/policy", /^\/buckets\/0\/accessPoints\/0\/policy: MalformedPolicy: /],
    ["a policy naming a user that does not exist", [{ name: "ap-2", policy: statement({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:user/nobody` }, Action: "s3:GetObject", Resource: `arn:aws:s3:us-east-1:${ALPHA.id}:accesspoint/ap-2/object/*` }) }], "/buckets/0/accessPoints/0/policy", /Invalid principal in policy/],
    ["Block Public Access `none`", [{ name: "ap-3", publicAccessBlock: "none" }], "/buckets/0/accessPoints/0/publicAccessBlock", /always has Block Public Access/],
    ["an unknown field", [{ name: "ap-4", bucket: "x" }], "/buckets/0/accessPoints/0/bucket", /not a known access point field/],
    ["a VPC configuration without vpcId", [{ name: "ap-5", vpcConfiguration: {} }], "/buckets/0/accessPoints/0/vpcConfiguration/vpcId", /non-empty string/],
    ["an unknown owner account", [{ name: "ap-6", account: "zulu" }], "/buckets/0/accessPoints/0/account", /neither the ID nor the name/],
    ["the same name twice in one account", [{ name: "twice" }, { name: "twice" }], "/buckets/0/accessPoints/1/name", /duplicate access point twice/],
  ];
  for (const [what, aps, path, message] of cases) {
    it(`${what} → ${path}`, async () => {
      const d = mkdtempSync(join(tmpdir(), "crossbucket-world-ap-bad-"));
      const f = join(d, "world.yaml");
      writeFileSync(f, world(aps, false));
      const opts = { host: "127.0.0.1", port: 0, data: join(d, "data"), world: f, region: "us-east-1", baseDomains: [], legacyBucketDefaults: false };
      try {
        await assert.rejects(startServer(opts, recordingLogger()), (e: unknown) => {
          assert.ok(e instanceof WorldError, String(e));
          assert.equal(e.path, path, e.message);
          assert.match(e.message, message);
          return true;
        });
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });
  }

  it("an access point's Block Public Access cannot change on a later start → /buckets/0/accessPoints/1/publicAccessBlock", async () => {
    const opts = { host: "127.0.0.1", port: 0, data: join(dir, "data"), world: file, region: "us-east-1", baseDomains: [], legacyBucketDefaults: false };
    const changed = join(dir, "changed.yaml");
    writeFileSync(changed, world([{ name: "reports" }, { ...DECLARED[1], publicAccessBlock: { BlockPublicAcls: true } }]));
    await assert.rejects(startServer({ ...opts, world: changed }, recordingLogger()), (e: unknown) => e instanceof WorldError && e.path === "/buckets/0/accessPoints/1/publicAccessBlock");
  });
});
