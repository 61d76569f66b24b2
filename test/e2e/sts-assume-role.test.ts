/**
 * STS through @aws-sdk/client-sts against a real server: GetCallerIdentity for each principal kind,
 * cross-account AssumeRole allowed and denied, session credentials signing S3 and expiring.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const root = (a: typeof ALPHA): Creds => ({ accessKeyId: a.root.accessKeyId, secretAccessKey: a.root.secretAccessKey });
const sts = (c: Creds) => new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: c });
const iam = (c: Creds) => new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: c });
const ROLE_ARN = "arn:aws:iam::111111111111:role/lake-reader";
let bravoUser: Creds;
let bravoNoPerm: Creds;

async function userWithKey(account: typeof ALPHA, name: string, policy?: object): Promise<Creds> {
  await iam(root(account)).send(new CreateUserCommand({ UserName: name }));
  if (policy) await iam(root(account)).send(new PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: JSON.stringify(policy) }));
  const k = (await iam(root(account)).send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return { accessKeyId: k?.AccessKeyId ?? "", secretAccessKey: k?.SecretAccessKey ?? "" };
}

async function denied(p: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, "AccessDenied");
    assert.equal(e.$metadata?.httpStatusCode, 403);
    assert.match(e.message ?? "", message);
    return true;
  });
}

before(async () => {
  server = await startTestServer({ clock });
  const trust = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "lake-42" } } }],
  };
  await iam(root(ALPHA)).send(new CreateRoleCommand({ RoleName: "lake-reader", AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: 7200 }));
  bravoUser = await userWithKey(BRAVO, "etl", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE_ARN }] });
  bravoNoPerm = await userWithKey(BRAVO, "intern");
});
after(async () => {
  await server.stop();
});

describe("GetCallerIdentity", () => {
  it("names the root user by account ID and root ARN", async () => {
    const id = await sts(root(ALPHA)).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([id.UserId, id.Account, id.Arn], ["111111111111", "111111111111", "arn:aws:iam::111111111111:root"]);
  });

  it("names an IAM user by its AIDA unique ID and user ARN", async () => {
    const id = await sts(bravoNoPerm).send(new GetCallerIdentityCommand({}));
    assert.match(id.UserId ?? "", /^AIDA/);
    assert.equal(id.Arn, "arn:aws:iam::222222222222:user/intern");
  });
});

describe("cross-account AssumeRole", () => {
  it("issues ASIA session credentials whose identity is AROA…:session and assumed-role ARN", async () => {
    const r = await sts(bravoUser).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "nightly", ExternalId: "lake-42" }));
    assert.match(r.Credentials?.AccessKeyId ?? "", /^ASIA[A-Z2-7]{16}$/);
    assert.equal(r.AssumedRoleUser?.Arn, "arn:aws:sts::111111111111:assumed-role/lake-reader/nightly");
    assert.match(r.AssumedRoleUser?.AssumedRoleId ?? "", /^AROA[A-Z2-7]{17}:nightly$/);
    const c = { accessKeyId: r.Credentials?.AccessKeyId ?? "", secretAccessKey: r.Credentials?.SecretAccessKey ?? "", sessionToken: r.Credentials?.SessionToken ?? "" };
    const id = await sts(c).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([id.UserId, id.Account, id.Arn], [r.AssumedRoleUser?.AssumedRoleId, "111111111111", r.AssumedRoleUser?.Arn]);
    // The session signs S3 requests and has the role's permissions: none yet, then what a role policy allows.
    await denied(server.client(ALPHA, { credentials: c }).send(new ListBucketsCommand({})), /^User: arn:aws:sts::111111111111:assumed-role\/lake-reader\/nightly is not authorized to perform: s3:ListAllMyBuckets on resource: ".*" because no identity-based policy allows the s3:ListAllMyBuckets action$/);
    await iam(root(ALPHA)).send(new PutRolePolicyCommand({ RoleName: "lake-reader", PolicyName: "list", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] }) }));
    await server.client(ALPHA, { credentials: c }).send(new ListBucketsCommand({}));
  });

  it("denies a caller whose own identity policies do not allow sts:AssumeRole", async () => {
    await denied(
      sts(bravoNoPerm).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "x1", ExternalId: "lake-42" })),
      /^User: arn:aws:iam::222222222222:user\/intern is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role\/lake-reader/,
    );
  });

  it("denies a wrong ExternalId through the trust policy's condition", async () => {
    await denied(sts(bravoUser).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "x2", ExternalId: "wrong-1" })), /because no role trust policy allows the sts:AssumeRole action/);
    await denied(sts(bravoUser).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "x3" })), /no role trust policy allows/);
  });

  it("denies an account the trust policy does not name, even with an allowing identity policy", async () => {
    const charlie = { id: "333333333333", root: { accessKeyId: "AKIACHARLIE000000003", secretAccessKey: "charlieSecretKey00000000000000000000000003" } } as typeof ALPHA;
    const creds = await userWithKey(charlie, "outsider", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] });
    await denied(sts(creds).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "x4", ExternalId: "lake-42" })), /no role trust policy allows/);
  });

  it("refuses DurationSeconds above the role's maximum and below 900", async () => {
    await assert.rejects(sts(bravoUser).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "x5", ExternalId: "lake-42", DurationSeconds: 7201 })), /MaxSessionDuration/);
    await assert.rejects(sts(bravoUser).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "x6", ExternalId: "lake-42", DurationSeconds: 899 })), /greater than or equal to 900/);
  });

  it("rejects expired session credentials with ExpiredToken, on S3 and STS", async () => {
    const r = await sts(bravoUser).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "short", ExternalId: "lake-42", DurationSeconds: 900 }));
    assert.ok(r.Credentials?.Expiration instanceof Date);
    const c = { accessKeyId: r.Credentials?.AccessKeyId ?? "", secretAccessKey: r.Credentials?.SecretAccessKey ?? "", sessionToken: r.Credentials?.SessionToken ?? "" };
    offsetMs = 901_000;
    try {
      const s3 = server.client(ALPHA, { credentials: c, systemClockOffset: offsetMs });
      await assert.rejects(s3.send(new ListBucketsCommand({})), (e: { name?: string }) => e.name === "ExpiredToken");
      const stsLater = new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: c, systemClockOffset: offsetMs });
      await assert.rejects(stsLater.send(new GetCallerIdentityCommand({})), (e: { name?: string }) => e.name === "ExpiredToken");
    } finally {
      offsetMs = 0;
    }
  });
});

describe("GetSessionToken", () => {
  it("gives an IAM user session credentials that act as the user", async () => {
    const r = await sts(bravoNoPerm).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const c = { accessKeyId: r.Credentials?.AccessKeyId ?? "", secretAccessKey: r.Credentials?.SecretAccessKey ?? "", sessionToken: r.Credentials?.SessionToken ?? "" };
    const id = await sts(c).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Arn, "arn:aws:iam::222222222222:user/intern");
  });
});
