/**
 * IAM GetAccountAuthorizationDetails through @aws-sdk/client-iam and the `aws` CLI (which paginates on its
 * own): the four lists with their relationships, URL-encoded documents, Filter, MaxItems/Marker, validation
 * and authorization as iam:GetAccountAuthorizationDetails.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AddUserToGroupCommand, AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, GetAccountAuthorizationDetailsCommand, IAMClient, PutGroupPolicyCommand, PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand, PutUserPermissionsBoundaryCommand, PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { ALPHA, BRAVO, startTestServer, type TestServer } from "../support/server.ts";
import { awsOk, aws, requireAwsCli } from "../support/cli.ts";
import type { WorldAccount } from "../../src/identity/world.ts";

let server: TestServer;
const iam = (account: WorldAccount = ALPHA) => new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey } });
const doc = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole" }] });
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

before(async () => {
  requireAwsCli();
  server = await startTestServer();
  const c = iam();
  await c.send(new CreateUserCommand({ UserName: "ana", Path: "/eng/", Tags: [{ Key: "team", Value: "blue" }] }));
  await c.send(new CreateUserCommand({ UserName: "ben" }));
  await c.send(new CreateGroupCommand({ GroupName: "devs" }));
  await c.send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "ana" }));
  await c.send(new PutUserPolicyCommand({ UserName: "ana", PolicyName: "inline-read", PolicyDocument: doc("s3:GetObject") }));
  await c.send(new PutGroupPolicyCommand({ GroupName: "devs", PolicyName: "group-list", PolicyDocument: doc("s3:ListBucket") }));
  const policy = await c.send(new CreatePolicyCommand({ PolicyName: "boundary", Path: "/limits/", PolicyDocument: doc("s3:*"), Description: "caps" }));
  await c.send(new CreatePolicyVersionCommand({ PolicyArn: policy.Policy?.Arn, PolicyDocument: doc("s3:Get*"), SetAsDefault: true }));
  await c.send(new AttachUserPolicyCommand({ UserName: "ana", PolicyArn: policy.Policy?.Arn }));
  await c.send(new PutUserPermissionsBoundaryCommand({ UserName: "ana", PermissionsBoundary: policy.Policy?.Arn }));
  await c.send(new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: READ_ONLY }));
  await c.send(new CreateRoleCommand({ RoleName: "reader", AssumeRolePolicyDocument: TRUST, Tags: [{ Key: "k", Value: "v" }] }));
  await c.send(new PutRolePolicyCommand({ RoleName: "reader", PolicyName: "role-inline", PolicyDocument: doc("s3:PutObject") }));
  await c.send(new AttachRolePolicyCommand({ RoleName: "reader", PolicyArn: policy.Policy?.Arn }));
  await c.send(new PutRolePermissionsBoundaryCommand({ RoleName: "reader", PermissionsBoundary: policy.Policy?.Arn }));
});
after(async () => {
  await server?.stop();
});

describe("GetAccountAuthorizationDetails (SDK)", () => {
  it("lists users, groups, roles and policies with their relationships and decoded documents", async () => {
    const out = await iam().send(new GetAccountAuthorizationDetailsCommand({}));
    assert.equal(out.IsTruncated, false);
    assert.deepEqual(out.UserDetailList?.map((u) => u.UserName), ["ana", "ben"]);
    const ana = out.UserDetailList?.[0];
    assert.equal(ana?.Arn, "arn:aws:iam::111111111111:user/eng/ana");
    assert.match(ana?.UserId ?? "", /^AIDA[A-Z2-7]{17}$/);
    assert.deepEqual(ana?.GroupList, ["devs"]);
    assert.deepEqual(ana?.UserPolicyList?.map((p) => [p.PolicyName, decodeURIComponent(p.PolicyDocument ?? "")]), [["inline-read", doc("s3:GetObject")]]);
    assert.deepEqual(ana?.AttachedManagedPolicies, [{ PolicyName: "boundary", PolicyArn: "arn:aws:iam::111111111111:policy/limits/boundary" }]);
    assert.deepEqual(ana?.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: "arn:aws:iam::111111111111:policy/limits/boundary" });
    assert.deepEqual(ana?.Tags, [{ Key: "team", Value: "blue" }]);
    assert.deepEqual(out.UserDetailList?.[1]?.GroupList ?? [], []);
    const devs = out.GroupDetailList?.[0];
    assert.equal(devs?.GroupName, "devs");
    assert.match(devs?.GroupId ?? "", /^AGPA/);
    assert.deepEqual(devs?.GroupPolicyList?.map((p) => p.PolicyName), ["group-list"]);
    assert.deepEqual(devs?.AttachedManagedPolicies, [{ PolicyName: "ReadOnlyAccess", PolicyArn: READ_ONLY }]);
    const role = out.RoleDetailList?.[0];
    assert.equal(role?.RoleName, "reader");
    assert.match(role?.RoleId ?? "", /^AROA/);
    assert.equal(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ""), TRUST);
    assert.deepEqual(role?.InstanceProfileList ?? [], []);
    assert.deepEqual(role?.RolePolicyList?.map((p) => p.PolicyName), ["role-inline"]);
    assert.equal(role?.PermissionsBoundary?.PermissionsBoundaryArn, "arn:aws:iam::111111111111:policy/limits/boundary");
    assert.equal(role?.RoleLastUsed, undefined);
    // The customer managed policy, and the AWS managed policy because it is attached (not the whole catalogue).
    assert.deepEqual(out.Policies?.map((p) => p.Arn).sort(), [READ_ONLY, "arn:aws:iam::111111111111:policy/limits/boundary"].sort());
    const boundary = out.Policies?.find((p) => p.PolicyName === "boundary");
    assert.equal(boundary?.DefaultVersionId, "v2");
    assert.equal(boundary?.AttachmentCount, 2);
    assert.equal(boundary?.PermissionsBoundaryUsageCount, 2);
    assert.deepEqual(boundary?.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion, decodeURIComponent(v.Document ?? "")]), [["v1", false, doc("s3:*")], ["v2", true, doc("s3:Get*")]]);
  });

  it("is per account", async () => {
    const out = await iam(BRAVO).send(new GetAccountAuthorizationDetailsCommand({}));
    assert.deepEqual([out.UserDetailList ?? [], out.GroupDetailList ?? [], out.RoleDetailList ?? [], out.Policies ?? []], [[], [], [], []]);
  });

  it("filters by entity type", async () => {
    const out = await iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["Role", "LocalManagedPolicy"] }));
    assert.deepEqual(out.UserDetailList ?? [], []);
    assert.deepEqual(out.GroupDetailList ?? [], []);
    assert.deepEqual(out.RoleDetailList?.map((r) => r.RoleName), ["reader"]);
    assert.deepEqual(out.Policies?.map((p) => p.PolicyName), ["boundary"]);
    const aws = await iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["AWSManagedPolicy"] }));
    assert.deepEqual(aws.Policies?.map((p) => p.Arn), [READ_ONLY]);
  });

  it("paginates with MaxItems and Marker across the lists", async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam().send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2, ...(marker !== undefined ? { Marker: marker } : {}) }));
      const names = [...(out.UserDetailList ?? []).map((u) => `user:${u.UserName}`), ...(out.GroupDetailList ?? []).map((g) => `group:${g.GroupName}`), ...(out.RoleDetailList ?? []).map((r) => `role:${r.RoleName}`), ...(out.Policies ?? []).map((p) => `policy:${p.PolicyName}`)];
      assert.ok(names.length <= 2);
      seen.push(...names);
      marker = out.IsTruncated === true ? out.Marker : undefined;
      if (out.IsTruncated === true) assert.ok(marker !== undefined && marker !== "");
      pages++;
    } while (marker !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen.slice(0, 4), ["user:ana", "user:ben", "group:devs", "role:reader"]);
    assert.deepEqual(seen.slice(4).sort(), ["policy:ReadOnlyAccess", "policy:boundary"]);
  });

  it("rejects a bad filter, MaxItems out of range and an unknown marker with ValidationError", async () => {
    for (const input of [{ Filter: ["Users"] }, { MaxItems: 0 }, { MaxItems: 1001 }, { Marker: "nonsense" }] as const) {
      await assert.rejects(iam().send(new GetAccountAuthorizationDetailsCommand(input as never)), (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, "ValidationError");
        assert.equal(e.$metadata?.httpStatusCode, 400);
        return true;
      });
    }
  });

  it("is authorized as iam:GetAccountAuthorizationDetails for IAM users", async () => {
    const key = await iam().send(new CreateAccessKeyCommand({ UserName: "ben" }));
    const ben = new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: key.AccessKey?.AccessKeyId ?? "", secretAccessKey: key.AccessKey?.SecretAccessKey ?? "" } });
    await assert.rejects(ben.send(new GetAccountAuthorizationDetailsCommand({})), (e: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, "AccessDenied");
      assert.equal(e.$metadata?.httpStatusCode, 403);
      assert.match(e.message ?? "", /User: arn:aws:iam::111111111111:user\/ben is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: \*/);
      return true;
    });
    await iam().send(new PutUserPolicyCommand({ UserName: "ben", PolicyName: "aad", PolicyDocument: doc("iam:GetAccountAuthorizationDetails") }));
    const out = await ben.send(new GetAccountAuthorizationDetailsCommand({ Filter: ["User"] }));
    assert.deepEqual(out.UserDetailList?.map((u) => u.UserName), ["ana", "ben"]);
  });
});

describe("GetAccountAuthorizationDetails (aws CLI)", () => {
  it("prints the documents decoded and gathers every page itself", async () => {
    const out = (await awsOk(server, ALPHA, ["iam", "get-account-authorization-details", "--page-size", "1"])).json<{
      UserDetailList: { UserName: string; UserPolicyList?: { PolicyDocument: unknown }[] }[];
      RoleDetailList: { AssumeRolePolicyDocument: unknown }[];
      Policies: { PolicyName: string }[];
    }>();
    assert.deepEqual(out.UserDetailList.map((u) => u.UserName), ["ana", "ben"]);
    // botocore decodes URL-encoded policy documents into JSON objects.
    assert.deepEqual(out.UserDetailList[0]?.UserPolicyList?.[0]?.PolicyDocument, JSON.parse(doc("s3:GetObject")));
    assert.deepEqual(out.RoleDetailList[0]?.AssumeRolePolicyDocument, JSON.parse(TRUST));
    assert.equal(out.Policies.length, 2);
    const bad = await aws(server, ALPHA, ["iam", "get-account-authorization-details", "--filter", "Nope"]);
    assert.equal(bad.code, 255);
    assert.match(bad.stderr, /ValidationError/);
  });
});
