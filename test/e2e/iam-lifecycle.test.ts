/**
 * IAM through @aws-sdk/client-iam against a real server: users, access keys, roles, inline and
 * managed policies, groups, tags, boundaries; IAM users' keys signing S3; authorization of IAM calls.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AddUserToGroupCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand, CreatePolicyVersionCommand,
  CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, DeletePolicyCommand, DeleteRoleCommand, DeleteUserCommand, DeleteUserPolicyCommand,
  DetachUserPolicyCommand, GetGroupCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetUserCommand, GetUserPolicyCommand,
  IAMClient, ListAccessKeysCommand, ListAttachedUserPoliciesCommand, ListUsersCommand, PutUserPermissionsBoundaryCommand, PutUserPolicyCommand,
  RemoveUserFromGroupCommand, SetDefaultPolicyVersionCommand, TagUserCommand, UpdateAccessKeyCommand, UpdateAssumeRolePolicyCommand, ListUserTagsCommand, UntagUserCommand,
} from "@aws-sdk/client-iam";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, startTestServer, type TestServer } from "../support/server.ts";
import type { WorldAccount } from "../../src/identity/world.ts";

let server: TestServer;
const iam = (account: WorldAccount = ALPHA) => new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey } });
const iamWith = (accessKeyId: string, secretAccessKey: string) => new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey } });
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole" }] });
const ALLOW_LIST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:ListUsers", Resource: "*" }] });

async function rejects(p: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: { name?: string; $metadata?: { httpStatusCode?: number }; message?: string }) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (message) assert.match(e.message ?? "", message);
    return true;
  });
}

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

describe("IAM users", () => {
  it("creates a user with an AIDA unique ID, gets, lists and deletes it", async () => {
    const created = await iam().send(new CreateUserCommand({ UserName: "alice", Path: "/team/" }));
    assert.match(created.User?.UserId ?? "", /^AIDA[A-Z2-7]{17}$/);
    assert.equal(created.User?.Arn, "arn:aws:iam::111111111111:user/team/alice");
    const got = await iam().send(new GetUserCommand({ UserName: "alice" }));
    assert.equal(got.User?.UserId, created.User?.UserId);
    assert.ok(got.User?.CreateDate instanceof Date);
    const listed = await iam().send(new ListUsersCommand({}));
    assert.deepEqual(listed.Users?.map((u) => u.UserName), ["alice"]);
    // Users are per account.
    assert.deepEqual((await iam(BRAVO).send(new ListUsersCommand({}))).Users ?? [], []);
    await iam().send(new DeleteUserCommand({ UserName: "alice" }));
    await rejects(iam().send(new GetUserCommand({ UserName: "alice" })), "NoSuchEntityException", 404, /The user with name alice cannot be found/);
  });

  it("answers EntityAlreadyExists for a duplicate name (names compare case-insensitively)", async () => {
    await iam().send(new CreateUserCommand({ UserName: "Dup" }));
    await rejects(iam().send(new CreateUserCommand({ UserName: "dup" })), "EntityAlreadyExistsException", 409, /User with name dup already exists/);
    await iam().send(new DeleteUserCommand({ UserName: "Dup" }));
  });

  it("rejects an invalid user name with ValidationError", async () => {
    await rejects(iam().send(new CreateUserCommand({ UserName: "no spaces" })), "ValidationError", 400, /regular expression pattern/);
  });

  it("tags and untags a user", async () => {
    await iam().send(new CreateUserCommand({ UserName: "tagged", Tags: [{ Key: "team", Value: "red" }] }));
    await iam().send(new TagUserCommand({ UserName: "tagged", Tags: [{ Key: "TEAM", Value: "blue" }, { Key: "env", Value: "dev" }] }));
    let tags = (await iam().send(new ListUserTagsCommand({ UserName: "tagged" }))).Tags;
    assert.deepEqual(tags, [{ Key: "TEAM", Value: "blue" }, { Key: "env", Value: "dev" }]);
    await iam().send(new UntagUserCommand({ UserName: "tagged", TagKeys: ["team"] }));
    tags = (await iam().send(new ListUserTagsCommand({ UserName: "tagged" }))).Tags;
    assert.deepEqual(tags, [{ Key: "env", Value: "dev" }]);
    await iam().send(new DeleteUserCommand({ UserName: "tagged" }));
  });
});

describe("IAM access keys", () => {
  it("creates AKIA keys that sign S3 requests; an Inactive key is rejected with InvalidAccessKeyId", async () => {
    await iam().send(new CreateUserCommand({ UserName: "keyed" }));
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: "keyed" }))).AccessKey;
    assert.match(key?.AccessKeyId ?? "", /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key?.SecretAccessKey?.length, 40);
    assert.equal(key?.Status, "Active");
    const s3 = server.client(ALPHA, { credentials: { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" } });
    // A new user may do nothing until a policy allows it; same account, so S3 explains why (spec §11.3).
    await rejects(s3.send(new ListBucketsCommand({})), "AccessDenied", 403, /^User: arn:aws:iam::111111111111:user\/keyed is not authorized to perform: s3:ListAllMyBuckets on resource: ".*" because no identity-based policy allows the s3:ListAllMyBuckets action$/);
    await iam().send(new PutUserPolicyCommand({ UserName: "keyed", PolicyName: "list", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] }) }));
    await s3.send(new ListBucketsCommand({}));
    await iam().send(new UpdateAccessKeyCommand({ UserName: "keyed", AccessKeyId: key?.AccessKeyId, Status: "Inactive" }));
    await assert.rejects(s3.send(new ListBucketsCommand({})), (e: { name?: string }) => e.name === "InvalidAccessKeyId");
    const listed = await iam().send(new ListAccessKeysCommand({ UserName: "keyed" }));
    assert.deepEqual(listed.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status]), [[key?.AccessKeyId, "Inactive"]]);
    await rejects(iam().send(new DeleteUserCommand({ UserName: "keyed" })), "DeleteConflictException", 409, /must delete access keys first/);
    await iam().send(new DeleteAccessKeyCommand({ UserName: "keyed", AccessKeyId: key?.AccessKeyId }));
    await rejects(iam().send(new DeleteUserCommand({ UserName: "keyed" })), "DeleteConflictException", 409, /must delete policies first/);
    await iam().send(new DeleteUserPolicyCommand({ UserName: "keyed", PolicyName: "list" }));
    await iam().send(new DeleteUserCommand({ UserName: "keyed" }));
  });

  it("limits a user to two access keys", async () => {
    await iam().send(new CreateUserCommand({ UserName: "twokeys" }));
    await iam().send(new CreateAccessKeyCommand({ UserName: "twokeys" }));
    await iam().send(new CreateAccessKeyCommand({ UserName: "twokeys" }));
    await rejects(iam().send(new CreateAccessKeyCommand({ UserName: "twokeys" })), "LimitExceededException", 409, /AccessKeysPerUser: 2/);
  });
});

describe("IAM authorization of IAM calls", () => {
  it("lets a user do only what its identity policies allow, with AWS's AccessDenied message", async () => {
    await iam().send(new CreateUserCommand({ UserName: "limited" }));
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: "limited" }))).AccessKey;
    const asUser = iamWith(key?.AccessKeyId ?? "", key?.SecretAccessKey ?? "");
    await rejects(
      asUser.send(new CreateRoleCommand({ RoleName: "nope", AssumeRolePolicyDocument: TRUST })),
      "AccessDenied",
      403,
      /^User: arn:aws:iam::111111111111:user\/limited is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111111111111:role\/nope because no identity-based policy allows the iam:CreateRole action$/,
    );
    await iam().send(new PutUserPolicyCommand({ UserName: "limited", PolicyName: "list", PolicyDocument: ALLOW_LIST }));
    assert.ok((await asUser.send(new ListUsersCommand({}))).Users?.some((u) => u.UserName === "limited"));
    const got = await iam().send(new GetUserPolicyCommand({ UserName: "limited", PolicyName: "list" }));
    assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument ?? "")), JSON.parse(ALLOW_LIST));
    // A permissions boundary that does not allow the action takes it away.
    const boundary = await iam().send(new CreatePolicyCommand({ PolicyName: "only-get", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:GetUser", Resource: "*" }] }) }));
    await iam().send(new PutUserPermissionsBoundaryCommand({ UserName: "limited", PermissionsBoundary: boundary.Policy?.Arn }));
    await rejects(asUser.send(new ListUsersCommand({})), "AccessDenied", 403, /because no permissions boundary allows the iam:ListUsers action/);
    await iam().send(new DeleteUserPolicyCommand({ UserName: "limited", PolicyName: "list" }));
  });

  it("answers InvalidClientTokenId for an unknown key", async () => {
    await rejects(iamWith("AKIAUNKNOWN000000000", "x".repeat(40)).send(new ListUsersCommand({})), "InvalidClientTokenId", 403);
  });
});

describe("IAM roles", () => {
  it("creates a role with an AROA ID and trust policy, updates the trust policy, deletes it", async () => {
    const created = await iam().send(new CreateRoleCommand({ RoleName: "reader", Path: "/app/", AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 7200 }));
    assert.match(created.Role?.RoleId ?? "", /^AROA[A-Z2-7]{17}$/);
    assert.equal(created.Role?.Arn, "arn:aws:iam::111111111111:role/app/reader");
    const got = await iam().send(new GetRoleCommand({ RoleName: "reader" }));
    assert.equal(got.Role?.MaxSessionDuration, 7200);
    assert.deepEqual(JSON.parse(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? "")), JSON.parse(TRUST));
    const newTrust = TRUST.replace("222222222222", "333333333333");
    await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: "reader", PolicyDocument: newTrust }));
    assert.match(decodeURIComponent((await iam().send(new GetRoleCommand({ RoleName: "reader" }))).Role?.AssumeRolePolicyDocument ?? ""), /333333333333/);
    await iam().send(new DeleteRoleCommand({ RoleName: "reader" }));
    await rejects(iam().send(new GetRoleCommand({ RoleName: "reader" })), "NoSuchEntityException", 404);
  });

  it("rejects a trust policy without Principal as MalformedPolicyDocument", async () => {
    const bad = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] });
    await rejects(iam().send(new CreateRoleCommand({ RoleName: "bad", AssumeRolePolicyDocument: bad })), "MalformedPolicyDocumentException", 400);
  });
});

describe("IAM managed policies and groups", () => {
  it("versions a managed policy, attaches it, refuses to delete it while attached", async () => {
    const doc1 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    const doc2 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] });
    const pol = (await iam().send(new CreatePolicyCommand({ PolicyName: "s3-read", Path: "/lake/", PolicyDocument: doc1 }))).Policy;
    assert.equal(pol?.Arn, "arn:aws:iam::111111111111:policy/lake/s3-read");
    assert.equal(pol?.DefaultVersionId, "v1");
    const v2 = await iam().send(new CreatePolicyVersionCommand({ PolicyArn: pol?.Arn, PolicyDocument: doc2 }));
    assert.equal(v2.PolicyVersion?.VersionId, "v2");
    assert.equal(v2.PolicyVersion?.IsDefaultVersion, false);
    await iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: pol?.Arn, VersionId: "v2" }));
    const v = await iam().send(new GetPolicyVersionCommand({ PolicyArn: pol?.Arn, VersionId: "v2" }));
    assert.equal(v.PolicyVersion?.IsDefaultVersion, true);
    assert.deepEqual(JSON.parse(decodeURIComponent(v.PolicyVersion?.Document ?? "")), JSON.parse(doc2));
    await iam().send(new CreateUserCommand({ UserName: "attached" }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "attached", PolicyArn: pol?.Arn }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "attached", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    const att = await iam().send(new ListAttachedUserPoliciesCommand({ UserName: "attached" }));
    assert.deepEqual(att.AttachedPolicies?.map((a) => a.PolicyName), ["s3-read", "ReadOnlyAccess"]);
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: pol?.Arn }))).Policy?.AttachmentCount, 1);
    await rejects(iam().send(new DeletePolicyCommand({ PolicyArn: pol?.Arn })), "DeleteConflictException", 409);
    await iam().send(new DetachUserPolicyCommand({ UserName: "attached", PolicyArn: pol?.Arn }));
    await rejects(iam().send(new AttachUserPolicyCommand({ UserName: "attached", PolicyArn: "arn:aws:iam::111111111111:policy/missing" })), "NoSuchEntityException", 404, /does not exist or is not attachable/);
  });

  it("adds users to groups and removes them", async () => {
    await iam().send(new CreateGroupCommand({ GroupName: "analysts" }));
    await iam().send(new CreateUserCommand({ UserName: "member" }));
    await iam().send(new AddUserToGroupCommand({ GroupName: "analysts", UserName: "member" }));
    const g = await iam().send(new GetGroupCommand({ GroupName: "analysts" }));
    assert.match(g.Group?.GroupId ?? "", /^AGPA/);
    assert.deepEqual(g.Users?.map((u) => u.UserName), ["member"]);
    await rejects(iam().send(new DeleteUserCommand({ UserName: "member" })), "DeleteConflictException", 409);
    await iam().send(new RemoveUserFromGroupCommand({ GroupName: "analysts", UserName: "member" }));
    await iam().send(new DeleteUserCommand({ UserName: "member" }));
  });
});
