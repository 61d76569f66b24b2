/**
 * The S3 Control API through @aws-sdk/client-s3-control against a real server: the account's Block
 * Public Access, access points (create, get, list, delete), access point policies and their status,
 * error codes and messages, and who may call (the account's own root and authorized IAM principals;
 * never another account).
 *
 * Behaviours recorded against AWS come from LocalStack's AWS-validated s3control snapshots; the others
 * say UNCONFIRMED where they are pinned.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CreateAccessPointCommand, DeleteAccessPointCommand, DeleteAccessPointPolicyCommand, DeletePublicAccessBlockCommand, GetAccessPointCommand,
  GetAccessPointPolicyCommand, GetAccessPointPolicyStatusCommand, GetPublicAccessBlockCommand, ListAccessPointsCommand, PutAccessPointPolicyCommand,
  PutPublicAccessBlockCommand, paginateListAccessPoints, type S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { CreateBucketCommand, DeletePublicAccessBlockCommand as DeleteBucketPublicAccessBlockCommand } from "@aws-sdk/client-s3";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { WorldAccount } from "../../src/identity/world.ts";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, PUBLIC_ACCESS_BLOCK_CONFIG } from "../../src/protocol/s3/bucketState.ts";
import { ALPHA, BRAVO, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { controlClient, type ControlCredentials } from "../support/s3control.ts";
import { sendRaw, signRequest } from "../support/raw.ts";

let server: TestServer;
const control = (who: ControlCredentials = ALPHA): S3ControlClient => controlClient(server, who);
const iam = (account: WorldAccount = ALPHA) => new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey } });

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  [field: string]: unknown;
}

/** Awaits a rejection and checks code, status and (optionally) the message; returns the error for more checks. */
async function rejects(p: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<SdkError> {
  let caught: SdkError | undefined;
  await assert.rejects(p, (e: SdkError) => {
    caught = e;
    assert.equal(e.name, code, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === "string") assert.equal(e.message, message);
    else if (message !== undefined) assert.match(e.message ?? "", message);
    return true;
  });
  return caught as SdkError;
}

async function bucketOf(account: WorldAccount = ALPHA): Promise<string> {
  const name = uniqueBucket("ap");
  await server.client(account).send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/** A bucket whose own Block Public Access (on by default for new buckets) is removed. */
async function publicBucket(): Promise<string> {
  const name = await bucketOf();
  await server.client(ALPHA).send(new DeleteBucketPublicAccessBlockCommand({ Bucket: name }));
  return name;
}

let apCounter = 0;
function apName(prefix = "ap"): string {
  apCounter += 1;
  return `${prefix}-${apCounter}-${Math.random().toString(36).slice(2, 7)}`;
}

async function userWithPolicy(name: string, statements: object[]): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await iam().send(new CreateUserCommand({ UserName: name }));
  if (statements.length > 0) await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: "control", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }));
  const key = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" };
}

const arnOf = (name: string, account = ALPHA.id): string => `arn:aws:s3:us-east-1:${account}:accesspoint/${name}`;

function policyFor(name: string, principal: unknown, extra: object = {}): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: `${arnOf(name)}/object/*`, ...extra }] });
}

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

describe("account Block Public Access (S3 Control PutPublicAccessBlock / GetPublicAccessBlock / DeletePublicAccessBlock)", () => {
  it("answers NoSuchPublicAccessBlockConfiguration with the account ID while nothing is set", async () => {
    const e = await rejects(control(BRAVO).send(new GetPublicAccessBlockCommand({ AccountId: BRAVO.id })), "NoSuchPublicAccessBlockConfiguration", 404, "The public access block configuration was not found");
    assert.equal(e["AccountId"], BRAVO.id);
  });

  it("stores a partial configuration with the settings left out off, reads it back, deletes it (204, idempotent)", async () => {
    const c = control();
    const put = await c.send(new PutPublicAccessBlockCommand({ AccountId: ALPHA.id, PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true } }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    const got = await c.send(new GetPublicAccessBlockCommand({ AccountId: ALPHA.id }));
    assert.deepEqual(got.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false });
    // The stored form is the one the S3 authorization engine reads (bucketState.ts).
    assert.deepEqual(JSON.parse(server.services.meta.getAccountConfig(ALPHA.id, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG) ?? "null"), { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false });
    const del = await c.send(new DeletePublicAccessBlockCommand({ AccountId: ALPHA.id }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    await rejects(c.send(new GetPublicAccessBlockCommand({ AccountId: ALPHA.id })), "NoSuchPublicAccessBlockConfiguration", 404);
    assert.equal((await c.send(new DeletePublicAccessBlockCommand({ AccountId: ALPHA.id }))).$metadata.httpStatusCode, 204);
  });

  it("refuses an empty configuration: InvalidRequest 'Must specify at least one configuration.'", async () => {
    await rejects(control().send(new PutPublicAccessBlockCommand({ AccountId: ALPHA.id, PublicAccessBlockConfiguration: {} })), "InvalidRequest", 400, "Must specify at least one configuration.");
  });

  it("keeps each account's configuration to itself", async () => {
    await control().send(new PutPublicAccessBlockCommand({ AccountId: ALPHA.id, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    await rejects(control(BRAVO).send(new GetPublicAccessBlockCommand({ AccountId: BRAVO.id })), "NoSuchPublicAccessBlockConfiguration", 404);
    await control().send(new DeletePublicAccessBlockCommand({ AccountId: ALPHA.id }));
  });
});

describe("access point life cycle (CreateAccessPoint, GetAccessPoint, ListAccessPoints, DeleteAccessPoint)", () => {
  it("creates an access point with its ARN and a <name>-<34 characters>-s3alias alias, gets it, lists it, deletes it (204)", async () => {
    const bucket = await bucketOf();
    const name = apName("life");
    const c = control();
    const created = await c.send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: bucket }));
    assert.equal(created.$metadata.httpStatusCode, 200);
    assert.equal(created.AccessPointArn, arnOf(name));
    assert.match(created.Alias ?? "", new RegExp(`^${name}-[a-z0-9]{34}-s3alias$`));

    const got = await c.send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: name }));
    assert.equal(got.Name, name);
    assert.equal(got.Bucket, bucket);
    assert.equal(got.BucketAccountId, ALPHA.id);
    assert.equal(got.NetworkOrigin, "Internet");
    assert.equal(got.VpcConfiguration, undefined);
    assert.equal(got.Alias, created.Alias);
    assert.equal(got.AccessPointArn, arnOf(name));
    assert.ok(got.CreationDate instanceof Date && Math.abs(got.CreationDate.getTime() - Date.now()) < 60_000);
    assert.deepEqual(got.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }, "all four settings are on by default");
    assert.deepEqual(got.Endpoints, {
      ipv4: "s3-accesspoint.us-east-1.amazonaws.com",
      fips: "s3-accesspoint-fips.us-east-1.amazonaws.com",
      fips_dualstack: "s3-accesspoint-fips.dualstack.us-east-1.amazonaws.com",
      dualstack: "s3-accesspoint.dualstack.us-east-1.amazonaws.com",
    });

    const listed = await c.send(new ListAccessPointsCommand({ AccountId: ALPHA.id, Bucket: bucket }));
    assert.deepEqual(listed.AccessPointList, [{ Name: name, NetworkOrigin: "Internet", Bucket: bucket, AccessPointArn: arnOf(name), Alias: created.Alias, BucketAccountId: ALPHA.id }]);
    assert.equal(listed.NextToken, undefined);

    const deleted = await c.send(new DeleteAccessPointCommand({ AccountId: ALPHA.id, Name: name }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const e = await rejects(c.send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: name })), "NoSuchAccessPoint", 404, "The specified accesspoint does not exist");
    assert.equal(e["AccessPointName"], name);
    await rejects(c.send(new DeleteAccessPointCommand({ AccountId: ALPHA.id, Name: name })), "NoSuchAccessPoint", 404);
    assert.deepEqual((await c.send(new ListAccessPointsCommand({ AccountId: ALPHA.id, Bucket: bucket }))).AccessPointList ?? [], []);
  });

  it("exposes the stored record to the S3 side by name and by alias", async () => {
    const bucket = await bucketOf();
    const name = apName("store");
    const created = await control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: bucket }));
    const byName = server.services.meta.getAccessPoint(ALPHA.id, name);
    assert.equal(byName?.bucket, bucket);
    assert.deepEqual(server.services.meta.getAccessPointByAlias(created.Alias ?? ""), byName);
  });

  it("answers AccessPointAlreadyOwnedByYou (409) for a name the account already uses", async () => {
    const bucket = await bucketOf();
    const name = apName("dup");
    await control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: bucket }));
    await rejects(control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: bucket })), "AccessPointAlreadyOwnedByYou", 409, "Your previous request to create the named accesspoint succeeded and you already own it.");
  });

  it("lets another account use the same name (names are per account)", async () => {
    const name = apName("shared");
    await control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: await bucketOf() }));
    const theirs = await control(BRAVO).send(new CreateAccessPointCommand({ AccountId: BRAVO.id, Name: name, Bucket: await bucketOf(BRAVO) }));
    assert.equal(theirs.AccessPointArn, arnOf(name, BRAVO.id));
  });

  it("answers InvalidRequest 'Amazon S3 AccessPoint can only be created for existing bucket' for a missing bucket", async () => {
    await rejects(control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: apName(), Bucket: uniqueBucket("missing") })), "InvalidRequest", 400, "Amazon S3 AccessPoint can only be created for existing bucket");
  });

  it("answers InvalidURI for a name S3 cannot parse and InvalidRequest for one that breaks a naming rule", async () => {
    const bucket = await bucketOf();
    const e = await rejects(control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: "sa", Bucket: bucket })), "InvalidURI", 400, "Couldn't parse the specified URI.");
    assert.equal(e["URI"], "accesspoint/sa");
    await rejects(control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: "Upper-Case", Bucket: bucket })), "InvalidURI", 400);
    await rejects(control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: "a".repeat(51), Bucket: bucket })), "InvalidURI", 400);
    for (const bad of ["-lead", "trail-", "has.dot", "reserved-s3alias"]) {
      await rejects(control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: bad, Bucket: bucket })), "InvalidRequest", 400, "Your Amazon S3 AccessPoint name is invalid");
    }
  });

  it("cuts the name in the alias so that the alias stays a valid bucket name", async () => {
    const name = `${"long".repeat(12)}ab`;
    const created = await control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: await bucketOf() }));
    assert.equal(created.Alias?.length, 63);
    assert.ok(created.Alias?.startsWith(`${name.slice(0, 20)}-`));
  });

  it("stores the Block Public Access of an access point as given: all on without a configuration, the settings left out off with one", async () => {
    const bucket = await bucketOf();
    const cases: [object | undefined, object][] = [
      [{}, { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false }],
      [{ BlockPublicAcls: false }, { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false }],
      [{ BlockPublicAcls: true }, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false }],
      [undefined, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }],
    ];
    for (const [given, stored] of cases) {
      const name = apName("pab");
      await control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: bucket, ...(given !== undefined ? { PublicAccessBlockConfiguration: given } : {}) }));
      const got = await control().send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: name }));
      assert.deepEqual(got.PublicAccessBlockConfiguration, stored, JSON.stringify(given));
    }
  });

  it("gives an access point with a VpcConfiguration the VPC network origin", async () => {
    const name = apName("vpc");
    await control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: await bucketOf(), VpcConfiguration: { VpcId: "vpc-1a2b3c4d" } }));
    const got = await control().send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: name }));
    assert.equal(got.NetworkOrigin, "VPC");
    assert.deepEqual(got.VpcConfiguration, { VpcId: "vpc-1a2b3c4d" });
    const listed = (await control().send(new ListAccessPointsCommand({ AccountId: ALPHA.id }))).AccessPointList?.find((a) => a.Name === name);
    assert.deepEqual(listed?.VpcConfiguration, { VpcId: "vpc-1a2b3c4d" });
  });
});

describe("cross-account access points (BucketAccountId)", () => {
  it("creates an access point in one account on another account's bucket when BucketAccountId names the owner", async () => {
    const bucket = await bucketOf(ALPHA);
    const name = apName("xacct");
    const created = await control(BRAVO).send(new CreateAccessPointCommand({ AccountId: BRAVO.id, Name: name, Bucket: bucket, BucketAccountId: ALPHA.id }));
    assert.equal(created.AccessPointArn, arnOf(name, BRAVO.id));
    const got = await control(BRAVO).send(new GetAccessPointCommand({ AccountId: BRAVO.id, Name: name }));
    assert.equal(got.Bucket, bucket);
    assert.equal(got.BucketAccountId, ALPHA.id);
    // It is Bravo's access point: listed for Bravo, not for Alpha.
    assert.ok((await control(BRAVO).send(new ListAccessPointsCommand({ AccountId: BRAVO.id, Bucket: bucket }))).AccessPointList?.some((a) => a.Name === name));
    assert.deepEqual((await control().send(new ListAccessPointsCommand({ AccountId: ALPHA.id, Bucket: bucket }))).AccessPointList ?? [], []);
  });

  it("refuses a BucketAccountId that is not the bucket owner, and another account's bucket without one (UNCONFIRMED message)", async () => {
    const bucket = await bucketOf(ALPHA);
    const message = "BucketAccountId parameter should be same as the AWS Account Id of bucket owner";
    await rejects(control(BRAVO).send(new CreateAccessPointCommand({ AccountId: BRAVO.id, Name: apName(), Bucket: bucket, BucketAccountId: BRAVO.id })), "InvalidRequest", 400, message);
    await rejects(control(BRAVO).send(new CreateAccessPointCommand({ AccountId: BRAVO.id, Name: apName(), Bucket: bucket })), "InvalidRequest", 400, message);
  });
});

describe("ListAccessPoints: order, Bucket filter, MaxResults and NextToken", () => {
  it("lists in name order, page by page, and filters by bucket", async () => {
    const first = await bucketOf(BRAVO);
    const second = await bucketOf(BRAVO);
    const c = control(BRAVO);
    const names = ["lst-c", "lst-a", "lst-e", "lst-b", "lst-d"];
    for (const n of names) await c.send(new CreateAccessPointCommand({ AccountId: BRAVO.id, Name: n, Bucket: n < "lst-c" ? first : second }));

    const page1 = await c.send(new ListAccessPointsCommand({ AccountId: BRAVO.id, Bucket: second, MaxResults: 2 }));
    assert.deepEqual(page1.AccessPointList?.map((a) => a.Name), ["lst-c", "lst-d"]);
    assert.ok(page1.NextToken);
    const page2 = await c.send(new ListAccessPointsCommand({ AccountId: BRAVO.id, Bucket: second, MaxResults: 2, NextToken: page1.NextToken }));
    assert.deepEqual(page2.AccessPointList?.map((a) => a.Name), ["lst-e"]);
    assert.equal(page2.NextToken, undefined);

    const all: string[] = [];
    for await (const page of paginateListAccessPoints({ client: c, pageSize: 1 }, { AccountId: BRAVO.id })) all.push(...(page.AccessPointList ?? []).map((a) => a.Name ?? ""));
    const mine = all.filter((n) => n.startsWith("lst-"));
    assert.deepEqual(mine, ["lst-a", "lst-b", "lst-c", "lst-d", "lst-e"]);
    assert.deepEqual(all, [...all].sort(), "the whole listing is in name order");
  });

  it("answers InvalidRequest for a bucket that does not exist, a MaxResults out of range and a token it did not issue (UNCONFIRMED messages)", async () => {
    await rejects(control().send(new ListAccessPointsCommand({ AccountId: ALPHA.id, Bucket: uniqueBucket("none") })), "InvalidRequest", 400, "An access point can be listed only for an existing bucket.");
    await rejects(control().send(new ListAccessPointsCommand({ AccountId: ALPHA.id, MaxResults: 1001 })), "InvalidRequest", 400, "The range for the MaxResults parameter is not valid.");
    await rejects(control().send(new ListAccessPointsCommand({ AccountId: ALPHA.id, NextToken: "not a token" })), "InvalidRequest", 400, "The next token is not valid.");
  });
});

describe("access point policies (PutAccessPointPolicy, GetAccessPointPolicy, DeleteAccessPointPolicy, GetAccessPointPolicyStatus)", () => {
  async function accessPoint(options: { public?: boolean; vpc?: boolean } = {}): Promise<string> {
    const name = apName("pol");
    await control().send(
      new CreateAccessPointCommand({
        AccountId: ALPHA.id,
        Name: name,
        Bucket: await (options.public === true ? publicBucket() : bucketOf()),
        ...(options.public === true ? { PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } } : {}),
        ...(options.vpc === true ? { VpcConfiguration: { VpcId: "vpc-0123abcd" } } : {}),
      }),
    );
    return name;
  }

  it("stores a policy verbatim, reports it non-public when it names a principal, deletes it (204)", async () => {
    const name = await accessPoint();
    const text = policyFor(name, { AWS: `arn:aws:iam::${BRAVO.id}:root` });
    const put = await control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: text }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    assert.equal((await control().send(new GetAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name }))).Policy, text);
    assert.equal(server.services.meta.getAccessPoint(ALPHA.id, name)?.policy, text);
    assert.deepEqual((await control().send(new GetAccessPointPolicyStatusCommand({ AccountId: ALPHA.id, Name: name }))).PolicyStatus, { IsPublic: false });
    assert.equal((await control().send(new DeleteAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name }))).$metadata.httpStatusCode, 204);
    const e = await rejects(control().send(new GetAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name })), "NoSuchAccessPointPolicy", 404, "The specified accesspoint policy does not exist");
    assert.equal(e["AccessPointName"], name);
  });

  it("answers NoSuchAccessPointPolicy for the status of an access point without a policy (UNCONFIRMED)", async () => {
    const name = await accessPoint();
    await rejects(control().send(new GetAccessPointPolicyStatusCommand({ AccountId: ALPHA.id, Name: name })), "NoSuchAccessPointPolicy", 404);
  });

  it("answers NoSuchAccessPoint for policy calls on a missing access point", async () => {
    const missing = apName("gone");
    await rejects(control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: missing, Policy: policyFor(missing, { AWS: ALPHA.id }) })), "NoSuchAccessPoint", 404);
    await rejects(control().send(new GetAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: missing })), "NoSuchAccessPoint", 404);
    await rejects(control().send(new DeleteAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: missing })), "NoSuchAccessPoint", 404);
    await rejects(control().send(new GetAccessPointPolicyStatusCommand({ AccountId: ALPHA.id, Name: missing })), "NoSuchAccessPoint", 404);
  });

  it("validates the policy as an access point policy, with S3's MalformedPolicy messages", async () => {
    const name = await accessPoint();
    const malformed = (policy: string, message: string) => rejects(control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policy })), "MalformedPolicy", 400, message);
    await malformed("not json", "Policies must be valid JSON and the first byte must be '{'");
    const stmt = (resource: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ALPHA.id }, Action: "s3:GetObject", Resource: resource }] });
    await malformed(stmt("arn:aws:s3:::some-bucket/*"), "Policy has invalid resource");
    await malformed(stmt(`${arnOf("another-ap")}/object/*`), "Policy has invalid resource");
    await malformed(policyFor(name, { AWS: `arn:aws:iam::${ALPHA.id}:user/nobody-here` }), "Invalid principal in policy");
    await malformed(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ALPHA.id }, Action: "s3:GetObject", Resource: arnOf(name) }] }), "Action does not apply to any resource(s) in statement");
    // Both resource forms of the access point are accepted.
    const ok = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ALPHA.id }, Action: ["s3:ListBucket", "s3:GetObject"], Resource: [arnOf(name), `${arnOf(name)}/object/*`] }] });
    await control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: ok }));
  });

  it("accepts a principal that exists in IAM", async () => {
    await iam().send(new CreateUserCommand({ UserName: "policy-reader", Path: "/team/" }));
    const name = await accessPoint();
    await control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, { AWS: `arn:aws:iam::${ALPHA.id}:user/team/policy-reader` }) }));
  });

  it("refuses a public policy while the access point's own BlockPublicPolicy is on (the default): AccessDenied (UNCONFIRMED code)", async () => {
    const name = await accessPoint();
    await rejects(control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, "*") })), "AccessDenied", 403, "Access Denied");
    await rejects(control().send(new GetAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name })), "NoSuchAccessPointPolicy", 404, undefined);
  });

  it("accepts a public policy when no BlockPublicPolicy applies, and reports IsPublic true", async () => {
    const name = await accessPoint({ public: true });
    await control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, "*") }));
    assert.deepEqual((await control().send(new GetAccessPointPolicyStatusCommand({ AccountId: ALPHA.id, Name: name }))).PolicyStatus, { IsPublic: true });
  });

  it("refuses a public policy when the account's BlockPublicPolicy is on, though the access point's is off", async () => {
    const name = await accessPoint({ public: true });
    await control().send(new PutPublicAccessBlockCommand({ AccountId: ALPHA.id, PublicAccessBlockConfiguration: { BlockPublicPolicy: true } }));
    try {
      await rejects(control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, "*") })), "AccessDenied", 403);
      // A non-public policy still goes through.
      await control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, { AWS: BRAVO.id }) }));
    } finally {
      await control().send(new DeletePublicAccessBlockCommand({ AccountId: ALPHA.id }));
    }
  });

  it("refuses a public policy when the bucket's own BlockPublicPolicy is on (same-account access point)", async () => {
    const name = await accessPoint({ public: true });
    const bucket = server.services.meta.getAccessPoint(ALPHA.id, name)?.bucket ?? "";
    server.services.meta.putBucketConfig(bucket, PUBLIC_ACCESS_BLOCK_CONFIG, JSON.stringify({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false }));
    await rejects(control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, "*") })), "AccessDenied", 403);
  });

  it("never counts the policy of a VPC access point as public (spec §6.3)", async () => {
    const name = await accessPoint({ vpc: true });
    await control().send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, "*") }));
    assert.deepEqual((await control().send(new GetAccessPointPolicyStatusCommand({ AccountId: ALPHA.id, Name: name }))).PolicyStatus, { IsPublic: false });
  });

  it("deletes an absent policy without error (UNCONFIRMED)", async () => {
    const name = await accessPoint();
    assert.equal((await control().send(new DeleteAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name }))).$metadata.httpStatusCode, 204);
  });
});

describe("who may call S3 Control", () => {
  it("answers AccessDenied to another account's root, for every operation, even on names that exist", async () => {
    const name = apName("own");
    await control().send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: await bucketOf() }));
    const bravo = control(BRAVO);
    const otherBucket = await bucketOf(BRAVO);
    const calls: (() => Promise<unknown>)[] = [
      () => bravo.send(new GetPublicAccessBlockCommand({ AccountId: ALPHA.id })),
      () => bravo.send(new PutPublicAccessBlockCommand({ AccountId: ALPHA.id, PublicAccessBlockConfiguration: { BlockPublicAcls: false } })),
      () => bravo.send(new DeletePublicAccessBlockCommand({ AccountId: ALPHA.id })),
      () => bravo.send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: name })),
      () => bravo.send(new DeleteAccessPointCommand({ AccountId: ALPHA.id, Name: name })),
      () => bravo.send(new ListAccessPointsCommand({ AccountId: ALPHA.id })),
      () => bravo.send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: apName(), Bucket: otherBucket })),
      () => bravo.send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, { AWS: BRAVO.id }) })),
      () => bravo.send(new GetAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name })),
    ];
    for (const call of calls) await rejects(call(), "AccessDenied", 403, "Access Denied");
    assert.ok(server.services.meta.getAccessPoint(ALPHA.id, name), "nothing changed");
  });

  it("denies an IAM user without an identity policy, with S3's enhanced message", async () => {
    const keys = await userWithPolicy("no-perms", []);
    await rejects(
      control(keys).send(new GetPublicAccessBlockCommand({ AccountId: ALPHA.id })),
      "AccessDenied",
      403,
      `User: arn:aws:iam::${ALPHA.id}:user/no-perms is not authorized to perform: s3:GetAccountPublicAccessBlock on resource: "*" because no identity-based policy allows the s3:GetAccountPublicAccessBlock action`,
    );
    const name = apName("team");
    await rejects(
      control(keys).send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: await bucketOf() })),
      "AccessDenied",
      403,
      `User: arn:aws:iam::${ALPHA.id}:user/no-perms is not authorized to perform: s3:CreateAccessPoint on resource: "${arnOf(name)}" because no identity-based policy allows the s3:CreateAccessPoint action`,
    );
  });

  it("allows an IAM user exactly the actions and access point ARNs its policy allows", async () => {
    const keys = await userWithPolicy("ap-admin", [
      { Effect: "Allow", Action: ["s3:CreateAccessPoint", "s3:DeleteAccessPoint", "s3:PutAccessPointPolicy"], Resource: `arn:aws:s3:us-east-1:${ALPHA.id}:accesspoint/team-*` },
      { Effect: "Allow", Action: ["s3:GetAccessPoint", "s3:ListAccessPoints"], Resource: "*" },
    ]);
    const bucket = await bucketOf();
    const c = control(keys);
    const name = apName("team");
    await c.send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: name, Bucket: bucket }));
    assert.equal((await c.send(new GetAccessPointCommand({ AccountId: ALPHA.id, Name: name }))).Bucket, bucket);
    assert.ok((await c.send(new ListAccessPointsCommand({ AccountId: ALPHA.id, Bucket: bucket }))).AccessPointList?.some((a) => a.Name === name));
    await c.send(new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name, Policy: policyFor(name, { AWS: BRAVO.id }) }));
    await rejects(c.send(new GetAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: name })), "AccessDenied", 403, /s3:GetAccessPointPolicy on resource: "arn:aws:s3:us-east-1:111111111111:accesspoint\/team-/);
    await rejects(c.send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: apName("other"), Bucket: bucket })), "AccessDenied", 403);
    await rejects(c.send(new PutPublicAccessBlockCommand({ AccountId: ALPHA.id, PublicAccessBlockConfiguration: { BlockPublicAcls: true } })), "AccessDenied", 403);
    // Authorization comes before existence: an unauthorized caller cannot probe names.
    await rejects(control(await userWithPolicy("prober", [])).send(new DeleteAccessPointCommand({ AccountId: ALPHA.id, Name: apName("ghost") })), "AccessDenied", 403);
    await c.send(new DeleteAccessPointCommand({ AccountId: ALPHA.id, Name: name }));
  });

  it("evaluates s3:AccessPointNetworkOrigin on CreateAccessPoint and honours an explicit deny", async () => {
    const keys = await userWithPolicy("vpc-only", [
      { Effect: "Allow", Action: "s3:CreateAccessPoint", Resource: "*", Condition: { StringEquals: { "s3:AccessPointNetworkOrigin": "VPC" } } },
      { Effect: "Deny", Action: "s3:CreateAccessPoint", Resource: `arn:aws:s3:us-east-1:${ALPHA.id}:accesspoint/forbidden-*` },
    ]);
    const bucket = await bucketOf();
    await rejects(control(keys).send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: apName("inet"), Bucket: bucket })), "AccessDenied", 403);
    await control(keys).send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: apName("inside"), Bucket: bucket, VpcConfiguration: { VpcId: "vpc-77" } }));
    await rejects(
      control(keys).send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: apName("forbidden"), Bucket: bucket, VpcConfiguration: { VpcId: "vpc-77" } })),
      "AccessDenied",
      403,
      /with an explicit deny in an identity-based policy$/,
    );
  });

  it("authorizes a role session by the role's policies", async () => {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ALPHA.id}:root` }, Action: "sts:AssumeRole" }] };
    await iam().send(new CreateRoleCommand({ RoleName: "bpa-auditor", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam().send(new PutRolePolicyCommand({ RoleName: "bpa-auditor", PolicyName: "read", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetAccountPublicAccessBlock", Resource: "*" }] }) }));
    // Root users may not assume roles: an IAM user of the account does.
    const assumer = await userWithPolicy("auditor-login", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ALPHA.id}:role/bpa-auditor` }]);
    const sts = new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: assumer });
    const r = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ALPHA.id}:role/bpa-auditor`, RoleSessionName: "audit" }))).Credentials;
    const session = control({ accessKeyId: r?.AccessKeyId ?? "", secretAccessKey: r?.SecretAccessKey ?? "", sessionToken: r?.SessionToken ?? "" });
    await control().send(new PutPublicAccessBlockCommand({ AccountId: ALPHA.id, PublicAccessBlockConfiguration: { IgnorePublicAcls: true } }));
    try {
      assert.equal((await session.send(new GetPublicAccessBlockCommand({ AccountId: ALPHA.id }))).PublicAccessBlockConfiguration?.IgnorePublicAcls, true);
      await rejects(
        session.send(new DeletePublicAccessBlockCommand({ AccountId: ALPHA.id })),
        "AccessDenied",
        403,
        `User: arn:aws:sts::${ALPHA.id}:assumed-role/bpa-auditor/audit is not authorized to perform: s3:PutAccountPublicAccessBlock on resource: "*" because no identity-based policy allows the s3:PutAccountPublicAccessBlock action`,
      );
      // A session policy narrows the session: the role allows the read, the session policy does not.
      const narrowed = (
        await sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${ALPHA.id}:role/bpa-auditor`,
            RoleSessionName: "narrow",
            Policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAccessPoints", Resource: "*" }] }),
          }),
        )
      ).Credentials;
      const narrowSession = control({ accessKeyId: narrowed?.AccessKeyId ?? "", secretAccessKey: narrowed?.SecretAccessKey ?? "", sessionToken: narrowed?.SessionToken ?? "" });
      await rejects(narrowSession.send(new GetPublicAccessBlockCommand({ AccountId: ALPHA.id })), "AccessDenied", 403, /because no session policy allows the s3:GetAccountPublicAccessBlock action$/);
    } finally {
      await control().send(new DeletePublicAccessBlockCommand({ AccountId: ALPHA.id }));
    }
  });
});

describe("S3 Control on the wire", () => {
  const host = () => `${ALPHA.id}.localhost:${server.port}`;

  it("writes errors as <ErrorResponse><Error>…</Error><RequestId/><HostId/></ErrorResponse>, with the S3 request headers", async () => {
    const signed = await signRequest(server.endpoint, ALPHA, { method: "GET", path: "/v20180820/accesspoint/absent-ap", headers: { host: host(), "x-amz-account-id": ALPHA.id } });
    const res = await sendRaw(server.endpoint, signed);
    assert.equal(res.status, 404);
    assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse><Error><Code>NoSuchAccessPoint<\/Code><Message>The specified accesspoint does not exist<\/Message><AccessPointName>absent-ap<\/AccessPointName><\/Error><RequestId>[0-9A-F]+<\/RequestId><HostId>[^<]+<\/HostId><\/ErrorResponse>$/);
    assert.match(res.headers["x-amz-request-id"] ?? "", /^[0-9A-F]{16}$/);
    assert.ok(res.body.includes(`<RequestId>${res.headers["x-amz-request-id"]}</RequestId>`));
  });

  it("refuses an unsigned request with AccessDenied", async () => {
    const res = await sendRaw(server.endpoint, { method: "GET", path: "/v20180820/configuration/publicAccessBlock", headers: [["host", host()], ["x-amz-account-id", ALPHA.id]] });
    assert.equal(res.status, 403);
    assert.match(res.body, /<ErrorResponse><Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><\/Error>/);
  });

  it("checks the signature first: SignatureDoesNotMatch in S3 Control's error document", async () => {
    const signed = await signRequest(server.endpoint, ALPHA, { method: "GET", path: "/v20180820/configuration/publicAccessBlock", headers: { host: host(), "x-amz-account-id": ALPHA.id } });
    const tampered = { ...signed, headers: signed.headers.map(([k, v]): [string, string] => [k, k.toLowerCase() === "x-amz-account-id" ? BRAVO.id : v]) };
    const res = await sendRaw(server.endpoint, tampered);
    assert.equal(res.status, 403);
    assert.match(res.body, /<ErrorResponse><Error><Code>SignatureDoesNotMatch<\/Code>/);
  });

  it("denies a request whose host names another account than x-amz-account-id", async () => {
    const signed = await signRequest(server.endpoint, ALPHA, { method: "GET", path: "/v20180820/configuration/publicAccessBlock", headers: { host: `${BRAVO.id}.localhost:${server.port}`, "x-amz-account-id": ALPHA.id } });
    const res = await sendRaw(server.endpoint, signed);
    assert.equal(res.status, 403);
    assert.match(res.body, /<Code>AccessDenied<\/Code>/);
  });

  it("answers InvalidRequest without x-amz-account-id, and NotImplemented for S3 Control operations it does not serve", async () => {
    const noHeader = await sendRaw(server.endpoint, await signRequest(server.endpoint, ALPHA, { method: "GET", path: "/v20180820/configuration/publicAccessBlock", headers: { host: host() } }));
    assert.equal(noHeader.status, 400);
    assert.match(noHeader.body, /<Code>InvalidRequest<\/Code><Message>Missing required header for this request: x-amz-account-id<\/Message>/);
    const jobs = await sendRaw(server.endpoint, await signRequest(server.endpoint, ALPHA, { method: "GET", path: "/v20180820/jobs", headers: { host: host(), "x-amz-account-id": ALPHA.id } }));
    assert.equal(jobs.status, 501);
    assert.match(jobs.body, /<Code>NotImplemented<\/Code>/);
  });

  it("still serves a virtual-hosted bucket named like an account ID outside /v20180820/", async () => {
    const signed = await signRequest(server.endpoint, ALPHA, { method: "GET", path: "/?list-type=2", headers: { host: `${ALPHA.id}.localhost:${server.port}` } });
    const res = await sendRaw(server.endpoint, signed);
    assert.equal(res.status, 404);
    assert.match(res.body, /<Error><Code>NoSuchBucket<\/Code>.*<BucketName>111111111111<\/BucketName>/);
  });

  it("logs no internal error through the whole suite", () => {
    assert.deepEqual(server.logger.errors, []);
  });
});
