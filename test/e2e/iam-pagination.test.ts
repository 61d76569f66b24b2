/**
 * IAM list pagination through @aws-sdk/client-iam's paginators and the aws CLI's auto-pagination:
 * every List* action (and GetGroup's users) honours MaxItems and Marker, reports IsTruncated, and
 * refuses out-of-range MaxItems and foreign or garbled markers as IAM does.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html (MaxItems 1–1000, Marker)
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  paginateGetGroup,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroups,
  paginateListGroupsForUser,
  paginateListPolicies,
  paginateListPolicyVersions,
  paginateListRolePolicies,
  paginateListRoleTags,
  paginateListRoles,
  paginateListUserPolicies,
  paginateListUserTags,
  paginateListUsers,
} from "@aws-sdk/client-iam";
import { ALPHA, startTestServer, type TestServer } from "../support/server.ts";
import { awsOk, requireAwsCli } from "../support/cli.ts";

let server: TestServer;
let iam: IAMClient;
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] });
const USERS = ["pager", "u-Bob", "u-alice", "u-carol", "u-dave"];
const GROUPS = ["g-one", "g-three", "g-two"];
const ROLES = ["r-one", "r-three", "r-two"];
const MANAGED = ["m-one", "m-three", "m-two"];
const INLINE = ["i-one", "i-three", "i-two"];
const TAGS = ["k1", "k2", "k3"];
const arnOf = (name: string): string => `arn:aws:iam::111111111111:policy/${name}`;

async function all<P, T>(pages: AsyncIterable<P>, pick: (p: P) => readonly T[] | undefined): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let n = 0;
  for await (const p of pages) {
    n++;
    items.push(...(pick(p) ?? []));
  }
  return { items, pages: n };
}

async function rejectsWith(p: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(p, (e: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, code);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.equal(e.message, message);
    return true;
  });
}

before(async () => {
  requireAwsCli();
  server = await startTestServer();
  iam = new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: ALPHA.root.accessKeyId, secretAccessKey: ALPHA.root.secretAccessKey } });
  for (const u of USERS) await iam.send(new CreateUserCommand({ UserName: u, Path: "/pg/" }));
  for (const g of GROUPS) {
    await iam.send(new CreateGroupCommand({ GroupName: g }));
    await iam.send(new AddUserToGroupCommand({ GroupName: g, UserName: "pager" }));
  }
  for (const u of USERS) await iam.send(new AddUserToGroupCommand({ GroupName: "g-one", UserName: u }));
  for (const r of ROLES) await iam.send(new CreateRoleCommand({ RoleName: r, AssumeRolePolicyDocument: TRUST }));
  for (const m of MANAGED) {
    await iam.send(new CreatePolicyCommand({ PolicyName: m, PolicyDocument: POLICY }));
    await iam.send(new AttachUserPolicyCommand({ UserName: "pager", PolicyArn: arnOf(m) }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: "g-one", PolicyArn: arnOf(m) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "r-one", PolicyArn: arnOf(m) }));
  }
  for (let i = 0; i < 3; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arnOf("m-one"), PolicyDocument: POLICY, SetAsDefault: i === 1 }));
  for (const i of INLINE) {
    await iam.send(new PutUserPolicyCommand({ UserName: "pager", PolicyName: i, PolicyDocument: POLICY }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: "g-one", PolicyName: i, PolicyDocument: POLICY }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "r-one", PolicyName: i, PolicyDocument: POLICY }));
  }
  await iam.send(new TagUserCommand({ UserName: "pager", Tags: TAGS.map((k) => ({ Key: k, Value: `v-${k}` })) }));
  await iam.send(new TagRoleCommand({ RoleName: "r-one", Tags: TAGS.map((k) => ({ Key: k, Value: `v-${k}` })) }));
  await iam.send(new CreateAccessKeyCommand({ UserName: "pager" }));
  await iam.send(new CreateAccessKeyCommand({ UserName: "pager" }));
});
after(async () => {
  await server?.stop();
});

describe("SDK paginators with a page size of 1 return every entity, one per page", () => {
  const cfg = () => ({ client: iam, pageSize: 1 });
  const cases: [string, () => Promise<{ items: string[]; pages: number }>, string[]][] = [
    ["ListUsers", () => all(paginateListUsers(cfg(), { PathPrefix: "/pg/" }), (p) => p.Users?.map((u) => u.UserName ?? "")), ["pager", "u-alice", "u-Bob", "u-carol", "u-dave"]],
    ["ListGroups", () => all(paginateListGroups(cfg(), {}), (p) => p.Groups?.map((g) => g.GroupName ?? "")), GROUPS],
    ["ListRoles", () => all(paginateListRoles(cfg(), {}), (p) => p.Roles?.map((r) => r.RoleName ?? "")), ROLES],
    ["ListPolicies (Local)", () => all(paginateListPolicies(cfg(), { Scope: "Local" }), (p) => p.Policies?.map((x) => x.PolicyName ?? "")), MANAGED],
    ["ListGroupsForUser", () => all(paginateListGroupsForUser(cfg(), { UserName: "pager" }), (p) => p.Groups?.map((g) => g.GroupName ?? "")), GROUPS],
    ["GetGroup users", () => all(paginateGetGroup(cfg(), { GroupName: "g-one" }), (p) => p.Users?.map((u) => u.UserName ?? "")), ["pager", "u-alice", "u-Bob", "u-carol", "u-dave"]],
    ["ListUserPolicies", () => all(paginateListUserPolicies(cfg(), { UserName: "pager" }), (p) => p.PolicyNames), INLINE],
    ["ListGroupPolicies", () => all(paginateListGroupPolicies(cfg(), { GroupName: "g-one" }), (p) => p.PolicyNames), INLINE],
    ["ListRolePolicies", () => all(paginateListRolePolicies(cfg(), { RoleName: "r-one" }), (p) => p.PolicyNames), INLINE],
    ["ListAttachedUserPolicies", () => all(paginateListAttachedUserPolicies(cfg(), { UserName: "pager" }), (p) => p.AttachedPolicies?.map((a) => a.PolicyName ?? "")), MANAGED],
    ["ListAttachedGroupPolicies", () => all(paginateListAttachedGroupPolicies(cfg(), { GroupName: "g-one" }), (p) => p.AttachedPolicies?.map((a) => a.PolicyName ?? "")), MANAGED],
    ["ListAttachedRolePolicies", () => all(paginateListAttachedRolePolicies(cfg(), { RoleName: "r-one" }), (p) => p.AttachedPolicies?.map((a) => a.PolicyName ?? "")), MANAGED],
    ["ListPolicyVersions", () => all(paginateListPolicyVersions(cfg(), { PolicyArn: arnOf("m-one") }), (p) => p.Versions?.map((v) => `${v.VersionId ?? ""}${v.IsDefaultVersion === true ? "*" : ""}`)), ["v1", "v2", "v3*", "v4"]],
    ["ListUserTags", () => all(paginateListUserTags(cfg(), { UserName: "pager" }), (p) => p.Tags?.map((t) => t.Key ?? "")), TAGS],
    ["ListRoleTags", () => all(paginateListRoleTags(cfg(), { RoleName: "r-one" }), (p) => p.Tags?.map((t) => t.Key ?? "")), TAGS],
  ];
  for (const [name, run, expected] of cases) {
    it(name, async () => {
      const r = await run();
      assert.deepEqual(r.items, expected);
      assert.equal(r.pages, expected.length);
    });
  }

  it("ListAccessKeys", async () => {
    const r = await all(paginateListAccessKeys(cfg(), { UserName: "pager" }), (p) => p.AccessKeyMetadata?.map((k) => k.AccessKeyId ?? ""));
    assert.equal(r.items.length, 2);
    assert.equal(new Set(r.items).size, 2);
    assert.equal(r.pages, 2);
  });
});

describe("the page fields", () => {
  it("a truncated page carries IsTruncated and a Marker; the last page has no Marker", async () => {
    const first = await iam.send(new ListUsersCommand({ PathPrefix: "/pg/", MaxItems: 3 }));
    assert.deepEqual(first.Users?.map((u) => u.UserName), ["pager", "u-alice", "u-Bob"]);
    assert.equal(first.IsTruncated, true);
    assert.equal(typeof first.Marker, "string");
    const second = await iam.send(new ListUsersCommand({ PathPrefix: "/pg/", MaxItems: 3, Marker: first.Marker }));
    assert.deepEqual(second.Users?.map((u) => u.UserName), ["u-carol", "u-dave"]);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
  });

  it("an entity created between pages after the marker is listed, one before it does not shift the page", async () => {
    const first = await iam.send(new ListUsersCommand({ PathPrefix: "/pg/", MaxItems: 2 }));
    await iam.send(new CreateUserCommand({ UserName: "a-early", Path: "/pg/" }));
    await iam.send(new CreateUserCommand({ UserName: "u-zed", Path: "/pg/" }));
    const rest = await iam.send(new ListUsersCommand({ PathPrefix: "/pg/", Marker: first.Marker }));
    assert.deepEqual(rest.Users?.map((u) => u.UserName), ["u-Bob", "u-carol", "u-dave", "u-zed"]);
  });

  it("MaxItems out of 1..1000 is a ValidationError naming the constraint", async () => {
    await rejectsWith(iam.send(new ListUsersCommand({ MaxItems: 0 })), "ValidationError", "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
    await rejectsWith(iam.send(new ListRolesCommand({ MaxItems: 1001 })), "ValidationError", "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000");
  });

  it("a garbled marker, or one issued by another operation or for another user, is refused", async () => {
    // The message is the one third-party IAM emulators quote for IAM; not confirmed against AWS documentation.
    await rejectsWith(iam.send(new ListUsersCommand({ Marker: "not-a-marker" })), "ValidationError", "Invalid Marker.");
    const users = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
    await rejectsWith(iam.send(new ListRolesCommand({ Marker: users.Marker })), "ValidationError", "Invalid Marker.");
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: "pager", MaxItems: 1 }));
    await iam.send(new CreateAccessKeyCommand({ UserName: "u-dave" }));
    await rejectsWith(iam.send(new ListAccessKeysCommand({ UserName: "u-dave", Marker: keys.Marker })), "ValidationError", "Invalid Marker.");
  });

  it("ListPolicies refuses an unknown Scope", async () => {
    await rejectsWith(
      all(paginateListPolicies({ client: iam }, { Scope: "Mine" as "All" }), (p) => p.Policies),
      "ValidationError",
      "1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
    );
  });
});

describe("the aws CLI's auto-pagination with --page-size 1", () => {
  const cli = async (args: string[]): Promise<unknown> => (await awsOk(server, ALPHA, [...args, "--page-size", "1", "--output", "json"])).json();

  it("list-users, get-group, list-policy-versions, list-role-tags, list-attached-user-policies return every entity", async () => {
    const users = (await cli(["iam", "list-users", "--path-prefix", "/pg/"])) as { Users: { UserName: string }[] };
    assert.deepEqual(users.Users.map((u) => u.UserName), ["a-early", "pager", "u-alice", "u-Bob", "u-carol", "u-dave", "u-zed"]);
    const group = (await cli(["iam", "get-group", "--group-name", "g-one"])) as { Users: { UserName: string }[]; Group: { GroupName: string } };
    assert.equal(group.Group.GroupName, "g-one");
    assert.deepEqual(group.Users.map((u) => u.UserName), ["pager", "u-alice", "u-Bob", "u-carol", "u-dave"]);
    const versions = (await cli(["iam", "list-policy-versions", "--policy-arn", arnOf("m-one")])) as { Versions: { VersionId: string }[] };
    assert.deepEqual(versions.Versions.map((v) => v.VersionId), ["v1", "v2", "v3", "v4"]);
    const tags = (await cli(["iam", "list-role-tags", "--role-name", "r-one"])) as { Tags: { Key: string; Value: string }[] };
    assert.deepEqual(tags.Tags, TAGS.map((k) => ({ Key: k, Value: `v-${k}` })));
    const attached = (await cli(["iam", "list-attached-user-policies", "--user-name", "pager"])) as { AttachedPolicies: { PolicyName: string }[] };
    assert.deepEqual(attached.AttachedPolicies.map((a) => a.PolicyName), MANAGED);
  });
});
