/**
 * STS AssumeRole managed session policies (`PolicyArns`) through @aws-sdk/client-sts and the aws CLI:
 * they narrow the session's S3 permissions (the decision log blames the session policy), combine
 * with the inline `Policy` (either may allow), are limited to 10, share the 2,048-character
 * plaintext rule with the inline policy, and must name a policy of the role's account or an AWS
 * managed policy.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (PolicyArns, Policy, PackedPolicySize)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateAccessKeyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { awsOk, requireAwsCli } from "../support/cli.ts";

let server: TestServer;
let bucket: string;
const ROLE_ARN = "arn:aws:iam::111111111111:role/worker";
const GET_ONLY = "arn:aws:iam::111111111111:policy/get-only";
const LIST_ONLY = "arn:aws:iam::111111111111:policy/list-only";
const root = { accessKeyId: ALPHA.root.accessKeyId, secretAccessKey: ALPHA.root.secretAccessKey };
const iam = (): IAMClient => new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: root });
let caller: { accessKeyId: string; secretAccessKey: string };
const sts = (): STSClient => new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: caller });
const doc = (actions: string[]): string => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });

async function session(input: { PolicyArns?: { arn: string }[]; Policy?: string }): Promise<S3Client> {
  const r = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "s1", ...input }));
  const c = r.Credentials;
  return server.client(ALPHA, { credentials: { accessKeyId: c?.AccessKeyId ?? "", secretAccessKey: c?.SecretAccessKey ?? "", sessionToken: c?.SessionToken ?? "" } });
}

async function deniedBy(p: Promise<unknown>, layer: string): Promise<void> {
  const e = await p.then(
    () => assert.fail("expected AccessDenied"),
    (x: unknown) => x,
  );
  assert.ok(e instanceof S3ServiceException);
  assert.equal(e.name, "AccessDenied");
  assert.equal(e.$metadata.httpStatusCode, 403);
  const blocked = server.decisions.find(e.$metadata.requestId ?? "").map((d) => d.result.blockedBy).find((b) => b !== undefined);
  assert.equal(blocked?.layer, layer, `request ${e.$metadata.requestId}`);
}

/** `code` is the SDK's exception name (modelled STS errors get an `Exception` suffix; the wire code is without it). */
async function stsError(p: Promise<unknown>, code: string, status: number, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, code);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message ?? "", message);
    return true;
  });
}

before(async () => {
  requireAwsCli();
  server = await startTestServer();
  bucket = uniqueBucket("sess");
  await server.client(ALPHA).send(new CreateBucketCommand({ Bucket: bucket }));
  await server.client(ALPHA).send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "v" }));
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] });
  await iam().send(new CreateRoleCommand({ RoleName: "worker", AssumeRolePolicyDocument: trust }));
  await iam().send(new PutRolePolicyCommand({ RoleName: "worker", PolicyName: "all-s3", PolicyDocument: doc(["s3:*"]) }));
  await iam().send(new CreatePolicyCommand({ PolicyName: "get-only", PolicyDocument: doc(["s3:GetObject"]) }));
  await iam().send(new CreatePolicyCommand({ PolicyName: "list-only", PolicyDocument: doc(["s3:ListBucket"]) }));
  // The caller: an IAM user of alpha allowed to assume the role.
  await iam().send(new CreateUserCommand({ UserName: "op" }));
  await iam().send(new PutUserPolicyCommand({ UserName: "op", PolicyName: "assume", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE_ARN }] }) }));
  const k = (await iam().send(new CreateAccessKeyCommand({ UserName: "op" }))).AccessKey;
  caller = { accessKeyId: k?.AccessKeyId ?? "", secretAccessKey: k?.SecretAccessKey ?? "" };
});
after(async () => {
  await server?.stop();
});

describe("managed session policies narrow the session", () => {
  it("a role allowing s3:* with PolicyArns [GetObject] reads, and its PutObject is denied by the session policy", async () => {
    const s3 = await session({ PolicyArns: [{ arn: GET_ONLY }] });
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }));
    assert.equal(await got.Body?.transformToString(), "v");
    await deniedBy(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "new", Body: "x" })), "session-policy");
  });

  it("the inline Policy and PolicyArns combine: what any of them allows is allowed", async () => {
    const s3 = await session({ PolicyArns: [{ arn: LIST_ONLY }], Policy: doc(["s3:PutObject"]) });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "by-inline", Body: "x" }));
    await deniedBy(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k" })), "session-policy");
  });

  it("an AWS managed policy may be named", async () => {
    const s3 = await session({ PolicyArns: [{ arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }] });
    await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }));
    await deniedBy(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "ro", Body: "x" })), "session-policy");
  });

  it("the managed policy is read by ARN when a request is decided: a new default version takes effect", async () => {
    await iam().send(new CreatePolicyCommand({ PolicyName: "moving", PolicyDocument: doc(["s3:GetObject"]) }));
    const s3 = await session({ PolicyArns: [{ arn: "arn:aws:iam::111111111111:policy/moving" }] });
    await deniedBy(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "m", Body: "x" })), "session-policy");
    await iam().send(new CreatePolicyVersionCommand({ PolicyArn: "arn:aws:iam::111111111111:policy/moving", PolicyDocument: doc(["s3:PutObject"]), SetAsDefault: true }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "m", Body: "x" }));
  });

  it("PackedPolicySize grows with the session policies passed", async () => {
    const one = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "p1", PolicyArns: [{ arn: GET_ONLY }] }));
    const two = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "p2", PolicyArns: [{ arn: GET_ONLY }, { arn: LIST_ONLY }], Policy: doc(["s3:PutObject"]) }));
    const none = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "p3" }));
    assert.ok((one.PackedPolicySize ?? 0) >= 1);
    assert.ok((two.PackedPolicySize ?? 0) > (one.PackedPolicySize ?? 0));
    assert.equal(none.PackedPolicySize, undefined);
  });

  it("through the aws CLI: --policy-arns", async () => {
    const r = await awsOk(server, ALPHA, ["sts", "assume-role", "--role-arn", ROLE_ARN, "--role-session-name", "cli", "--policy-arns", `arn=${GET_ONLY}`, "--output", "json"], {
      env: { AWS_ACCESS_KEY_ID: caller.accessKeyId, AWS_SECRET_ACCESS_KEY: caller.secretAccessKey },
    });
    const c = r.json<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>().Credentials;
    const s3 = server.client(ALPHA, { credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
    await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }));
    await deniedBy(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "cli", Body: "x" })), "session-policy");
  });
});

describe("PolicyArns validation", () => {
  it("more than 10 ARNs is a ValidationError", async () => {
    const arns = Array.from({ length: 11 }, () => ({ arn: GET_ONLY }));
    await stsError(sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "many", PolicyArns: arns })), "ValidationError", 400, /at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10$/);
  });

  it("the inline policy and the ARNs together above 2,048 characters are PackedPolicyTooLarge", async () => {
    const filler = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "x".repeat(1900), Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    assert.ok(filler.length <= 2048);
    await sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "fits", Policy: filler }));
    const arns = Array.from({ length: 5 }, () => ({ arn: GET_ONLY }));
    await stsError(sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "big", Policy: filler, PolicyArns: arns })), "PackedPolicyTooLargeException", 400, "Packed size of consumed session policies exceeds 2048 characters.");
  });

  it("an ARN naming no policy of the role's account is refused", async () => {
    // The error code follows AssumeRole's documented policy error (MalformedPolicyDocument); AWS's exact text for this case is not confirmed.
    await stsError(sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "nope", PolicyArns: [{ arn: "arn:aws:iam::111111111111:policy/missing" }] })), "MalformedPolicyDocumentException", 400, "Policy arn:aws:iam::111111111111:policy/missing does not exist or is not attachable.");
    await stsError(
      sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "other", PolicyArns: [{ arn: `arn:aws:iam::${BRAVO.id}:policy/get-only` }] })),
      "MalformedPolicyDocumentException",
      400,
      `Policy arn:aws:iam::${BRAVO.id}:policy/get-only does not exist or is not attachable.`,
    );
  });
});
