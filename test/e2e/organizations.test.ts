/**
 * AWS Organizations through @aws-sdk/client-organizations and the `aws` CLI against a real server:
 * the life cycle of an organization, OUs, accounts and SCPs/RCPs; CreateAccount making a real account
 * whose OrganizationAccountAccessRole the management account assumes; SCPs stopping member accounts'
 * IAM and STS calls (never the management account's); aws:PrincipalOrgID in a trust policy;
 * invitations; and the JSON 1.1 error shapes.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  AcceptHandshakeCommand, AttachPolicyCommand, CreateAccountCommand, CreateOrganizationCommand, CreateOrganizationalUnitCommand, CreatePolicyCommand,
  DeleteOrganizationCommand, DeleteOrganizationalUnitCommand, DeletePolicyCommand, DescribeAccountCommand, DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand, DescribeOrganizationalUnitCommand, DescribePolicyCommand, DetachPolicyCommand, DisablePolicyTypeCommand, EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand, ListAccountsCommand, ListAccountsForParentCommand, ListChildrenCommand, ListOrganizationalUnitsForParentCommand,
  ListParentsCommand, ListPoliciesCommand, ListPoliciesForTargetCommand, ListRootsCommand, ListTargetsForPolicyCommand, MoveAccountCommand,
  OrganizationsClient, RemoveAccountFromOrganizationCommand, UpdatePolicyCommand,
} from "@aws-sdk/client-organizations";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteUserCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ALPHA, BRAVO, CHARLIE, startTestServer, type TestServer } from "../support/server.ts";
import { aws, awsOk, requireAwsCli } from "../support/cli.ts";
import type { WorldAccount } from "../../src/identity/world.ts";

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let server: TestServer;
const root = (a: WorldAccount): Creds => ({ accessKeyId: a.root.accessKeyId, secretAccessKey: a.root.secretAccessKey });
const orgs = (c: Creds) => new OrganizationsClient({ endpoint: server.endpoint, region: "us-east-1", credentials: c });
const iam = (c: Creds) => new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: c });
const sts = (c: Creds) => new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: c });
const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const deny = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: action, Resource: "*" }] });

async function rejects(p: Promise<unknown>, name: string, message?: RegExp, extra?: (e: Record<string, unknown>) => void): Promise<void> {
  await assert.rejects(p, (e: Record<string, unknown> & { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name, e.message);
    assert.equal(e.$metadata?.httpStatusCode, name === "AccessDenied" ? 403 : 400);
    if (message) assert.match(e.message ?? "", message);
    extra?.(e);
    return true;
  });
}

async function userWithKey(c: Creds, name: string, policy: object): Promise<Creds> {
  await iam(c).send(new CreateUserCommand({ UserName: name }));
  await iam(c).send(new PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: JSON.stringify(policy) }));
  const k = (await iam(c).send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return { accessKeyId: k?.AccessKeyId ?? "", secretAccessKey: k?.SecretAccessKey ?? "" };
}

async function assume(c: Creds, roleArn: string, session = "s1"): Promise<Creds> {
  const r = await sts(c).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session }));
  return { accessKeyId: r.Credentials?.AccessKeyId ?? "", secretAccessKey: r.Credentials?.SecretAccessKey ?? "", sessionToken: r.Credentials?.SessionToken ?? "" };
}

function bytes(d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof d === "string") return d;
  return d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** A request signed for `organizations` and sent with fetch, to see the exact bytes of an answer. */
async function rawCall(c: Creds, target: string, body: string, tamper?: (h: Record<string, string>) => void): Promise<{ status: number; type: string | null; json: Record<string, unknown> }> {
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({
    service: "organizations",
    region: "us-east-1",
    credentials: c,
    sha256: class {
      private readonly h;
      constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.h = secret !== undefined ? createHmac("sha256", bytes(secret)) : createHash("sha256");
      }
      update(d: string | ArrayBuffer | ArrayBufferView): void {
        this.h.update(bytes(d));
      }
      async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.h.digest());
      }
    },
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers["host"];
  tamper?.(headers);
  const res = await fetch(`${server.endpoint}/`, { method: "POST", headers, body });
  return { status: res.status, type: res.headers.get("content-type"), json: (await res.json()) as Record<string, unknown> };
}

let orgId = "";
let rootId = "";
let workloads = "";
let prod = "";
let created = "";
let admin: Creds; // an IAM user of the management account with AdministratorAccess-like rights

before(async () => {
  server = await startTestServer();
  admin = await userWithKey(root(ALPHA), "org-admin", ALLOW_ALL);
});
after(async () => {
  await server.stop();
});

describe("an account in no organization", () => {
  it("answers AWSOrganizationsNotInUseException (HTTP 400) to DescribeOrganization", async () => {
    await rejects(orgs(root(CHARLIE)).send(new DescribeOrganizationCommand({})), "AWSOrganizationsNotInUseException", /^Your account is not a member of an organization\.$/);
  });

  it("sends errors as JSON 1.1: __type and Message, content type application/x-amz-json-1.1", async () => {
    const r = await rawCall(root(CHARLIE), "AWSOrganizationsV20161128.ListRoots", "{}");
    assert.equal(r.status, 400);
    assert.equal(r.type, "application/x-amz-json-1.1");
    assert.deepEqual(r.json, { __type: "AWSOrganizationsNotInUseException", Message: "Your account is not a member of an organization." });
  });

  it("answers UnknownOperationException to an unknown target and UnrecognizedClientException to an unknown key", async () => {
    const unknownOp = await rawCall(root(CHARLIE), "AWSOrganizationsV20161128.NoSuchThing", "{}");
    assert.deepEqual([unknownOp.status, unknownOp.json["__type"]], [400, "UnknownOperationException"]);
    const unknownKey = await rawCall({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" }, "AWSOrganizationsV20161128.ListRoots", "{}");
    assert.deepEqual([unknownKey.status, unknownKey.json], [400, { __type: "UnrecognizedClientException", message: "The security token included in the request is invalid." }]);
    const badBody = await rawCall(root(CHARLIE), "AWSOrganizationsV20161128.ListRoots", "[1,2]");
    assert.equal(badBody.json["__type"], "SerializationException");
  });
});

describe("organization life cycle", () => {
  it("CreateOrganization makes the caller's account the management account, with SCPs enabled on the root", async () => {
    const o = (await orgs(root(ALPHA)).send(new CreateOrganizationCommand({ FeatureSet: "ALL" }))).Organization;
    orgId = o?.Id ?? "";
    assert.match(orgId, /^o-[a-z0-9]{10}$/);
    assert.equal(o?.Arn, `arn:aws:organizations::111111111111:organization/${orgId}`);
    assert.equal(o?.MasterAccountId, "111111111111");
    assert.equal(o?.MasterAccountArn, `arn:aws:organizations::111111111111:account/${orgId}/111111111111`);
    assert.equal(o?.MasterAccountEmail, "alpha@example.com");
    assert.equal(o?.FeatureSet, "ALL");
    const roots = (await orgs(root(ALPHA)).send(new ListRootsCommand({}))).Roots ?? [];
    assert.equal(roots.length, 1);
    rootId = roots[0]?.Id ?? "";
    assert.match(rootId, /^r-[a-z0-9]{4}$/);
    assert.equal(roots[0]?.Arn, `arn:aws:organizations::111111111111:root/${orgId}/${rootId}`);
    assert.equal(roots[0]?.Name, "Root");
    assert.deepEqual(roots[0]?.PolicyTypes, [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }]);
  });

  it("attaches the AWS managed FullAWSAccess SCP to the root and the management account", async () => {
    for (const target of [rootId, "111111111111"]) {
      const ps = (await orgs(root(ALPHA)).send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: "SERVICE_CONTROL_POLICY" }))).Policies ?? [];
      assert.deepEqual(ps, [{ Id: "p-FullAWSAccess", Arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess", Name: "FullAWSAccess", Description: "Allows access to every operation", Type: "SERVICE_CONTROL_POLICY", AwsManaged: true }]);
    }
  });

  it("refuses a second organization for an account already in one", async () => {
    await rejects(orgs(root(ALPHA)).send(new CreateOrganizationCommand({})), "AlreadyInOrganizationException");
  });

  it("lists the management account as a member that joined by invitation", async () => {
    const accounts = (await orgs(root(ALPHA)).send(new ListAccountsCommand({}))).Accounts ?? [];
    assert.equal(accounts.length, 1);
    assert.equal(accounts[0]?.Id, "111111111111");
    assert.equal(accounts[0]?.Name, "alpha");
    assert.equal(accounts[0]?.JoinedMethod, "INVITED");
    assert.ok(accounts[0]?.JoinedTimestamp instanceof Date);
  });

  it("creates nested OUs with IDs ou-<root>-xxxxxxxx, unique names among siblings", async () => {
    const w = (await orgs(root(ALPHA)).send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "Workloads" }))).OrganizationalUnit;
    workloads = w?.Id ?? "";
    assert.match(workloads, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    assert.equal(w?.Arn, `arn:aws:organizations::111111111111:ou/${orgId}/${workloads}`);
    await rejects(orgs(root(ALPHA)).send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "Workloads" })), "DuplicateOrganizationalUnitException");
    prod = (await orgs(root(ALPHA)).send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: "Prod" }))).OrganizationalUnit?.Id ?? "";
    assert.equal((await orgs(root(ALPHA)).send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: prod }))).OrganizationalUnit?.Name, "Prod");
    const under = (await orgs(root(ALPHA)).send(new ListOrganizationalUnitsForParentCommand({ ParentId: workloads }))).OrganizationalUnits ?? [];
    assert.deepEqual(under.map((u) => u.Id), [prod]);
    assert.deepEqual((await orgs(root(ALPHA)).send(new ListParentsCommand({ ChildId: prod }))).Parents, [{ Id: workloads, Type: "ORGANIZATIONAL_UNIT" }]);
    await rejects(orgs(root(ALPHA)).send(new CreateOrganizationalUnitCommand({ ParentId: `ou-${rootId.slice(2)}-zzzzzzzz`, Name: "x" })), "ParentNotFoundException");
    await rejects(orgs(root(ALPHA)).send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: "not-an-ou" })), "InvalidInputException", /^You provided a value that does not match the required pattern\.$/);
  });

  it("CreateAccount answers IN_PROGRESS; DescribeCreateAccountStatus then shows SUCCEEDED with the new account's ID", async () => {
    const s = (await orgs(root(ALPHA)).send(new CreateAccountCommand({ Email: "delta@example.com", AccountName: "delta" }))).CreateAccountStatus;
    assert.match(s?.Id ?? "", /^car-[a-z0-9]{32}$/);
    assert.equal(s?.State, "IN_PROGRESS");
    assert.equal(s?.AccountName, "delta");
    const done = (await orgs(root(ALPHA)).send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: s?.Id }))).CreateAccountStatus;
    assert.equal(done?.State, "SUCCEEDED");
    created = done?.AccountId ?? "";
    assert.match(created, /^[1-9]\d{11}$/);
    const a = (await orgs(root(ALPHA)).send(new DescribeAccountCommand({ AccountId: created }))).Account;
    assert.deepEqual([a?.Name, a?.Email, a?.JoinedMethod, a?.Status], ["delta", "delta@example.com", "CREATED", "ACTIVE"]);
    assert.equal(a?.Arn, `arn:aws:organizations::111111111111:account/${orgId}/${created}`);
    // The new account gets FullAWSAccess like every target.
    const ps = (await orgs(root(ALPHA)).send(new ListPoliciesForTargetCommand({ TargetId: created, Filter: "SERVICE_CONTROL_POLICY" }))).Policies ?? [];
    assert.deepEqual(ps.map((p) => p.Id), ["p-FullAWSAccess"]);
  });

  it("reports a CreateAccount with an email already in use as FAILED / EMAIL_ALREADY_EXISTS", async () => {
    const s = (await orgs(root(ALPHA)).send(new CreateAccountCommand({ Email: "bravo@example.com", AccountName: "again" }))).CreateAccountStatus;
    const st = (await orgs(root(ALPHA)).send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: s?.Id }))).CreateAccountStatus;
    assert.deepEqual([st?.State, st?.FailureReason, st?.AccountId], ["FAILED", "EMAIL_ALREADY_EXISTS", undefined]);
  });

  it("moves an account between parents and lists it where it is", async () => {
    await orgs(root(ALPHA)).send(new MoveAccountCommand({ AccountId: created, SourceParentId: rootId, DestinationParentId: prod }));
    assert.deepEqual(((await orgs(root(ALPHA)).send(new ListAccountsForParentCommand({ ParentId: prod }))).Accounts ?? []).map((a) => a.Id), [created]);
    assert.deepEqual((await orgs(root(ALPHA)).send(new ListParentsCommand({ ChildId: created }))).Parents, [{ Id: prod, Type: "ORGANIZATIONAL_UNIT" }]);
    assert.deepEqual((await orgs(root(ALPHA)).send(new ListChildrenCommand({ ParentId: workloads, ChildType: "ORGANIZATIONAL_UNIT" }))).Children, [{ Id: prod, Type: "ORGANIZATIONAL_UNIT" }]);
    await rejects(orgs(root(ALPHA)).send(new MoveAccountCommand({ AccountId: created, SourceParentId: workloads, DestinationParentId: prod })), "AccountNotFoundException");
    await rejects(orgs(root(ALPHA)).send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: workloads })), "OrganizationalUnitNotEmptyException");
  });
});

describe("the account CreateAccount made", () => {
  let access: Creds;

  it("has OrganizationAccountAccessRole trusting the management account, with AdministratorAccess", async () => {
    access = await assume(admin, `arn:aws:iam::${created}:role/OrganizationAccountAccessRole`);
    const id = await sts(access).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, created);
    assert.equal(id.Arn, `arn:aws:sts::${created}:assumed-role/OrganizationAccountAccessRole/s1`);
    const role = (await iam(access).send(new GetRoleCommand({ RoleName: "OrganizationAccountAccessRole" }))).Role;
    assert.deepEqual(JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? "")).Statement[0].Principal, { AWS: "arn:aws:iam::111111111111:root" });
    const attached = (await iam(access).send(new ListAttachedRolePoliciesCommand({ RoleName: "OrganizationAccountAccessRole" }))).AttachedPolicies ?? [];
    assert.deepEqual(attached.map((p) => p.PolicyArn), ["arn:aws:iam::aws:policy/AdministratorAccess"]);
  });

  it("is an account of the world: IAM users created there sign requests", async () => {
    const u = await userWithKey(access, "worker", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:*", "sts:AssumeRole"], Resource: "*" }] });
    const id = await sts(u).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Arn, `arn:aws:iam::${created}:user/worker`);
  });

  it("is not the management account: Organizations' management operations are denied", async () => {
    await rejects(orgs(access).send(new ListAccountsCommand({})), "AccessDeniedException", /^You don't have permissions to access this resource\.$/);
    const o = (await orgs(access).send(new DescribeOrganizationCommand({}))).Organization;
    assert.equal(o?.Id, orgId);
  });
});

describe("service control policies", () => {
  let scpId = "";
  let worker: Creds;

  before(async () => {
    const access = await assume(admin, `arn:aws:iam::${created}:role/OrganizationAccountAccessRole`);
    await iam(access).send(new CreateRoleCommand({ RoleName: "target", AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${created}:root` }, Action: "sts:AssumeRole" }] }) }));
    worker = await userWithKey(access, "scp-worker", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:*", "sts:AssumeRole"], Resource: "*" }] });
  });

  it("validates documents: MalformedPolicyDocumentException, and ConstraintViolationException past the size limit", async () => {
    await rejects(
      orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "bad", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] }) })),
      "MalformedPolicyDocumentException",
      /^The provided policy document does not meet the requirements of the specified policy type\.$/,
    );
    const big = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: Array.from({ length: 900 }, (_, i) => `s3:Action${i}`), Resource: "*" }] });
    assert.ok(big.length > 10240);
    await rejects(orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "big", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: big })), "ConstraintViolationException", /^You have exceeded the maximum policy size\.$/, (e) => assert.equal(e["Reason"], "POLICY_CONTENT_LIMIT_EXCEEDED"));
  });

  it("creates, describes, lists and updates an SCP", async () => {
    const p = (await orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "NoNewUsers", Description: "no iam:CreateUser", Type: "SERVICE_CONTROL_POLICY", Content: deny("iam:CreateUser") }))).Policy;
    scpId = p?.PolicySummary?.Id ?? "";
    assert.match(scpId, /^p-[a-z0-9]{8}$/);
    assert.equal(p?.PolicySummary?.Arn, `arn:aws:organizations::111111111111:policy/${orgId}/service_control_policy/${scpId}`);
    assert.equal(p?.PolicySummary?.AwsManaged, false);
    await rejects(orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "NoNewUsers", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: deny("iam:CreateUser") })), "DuplicatePolicyException");
    const listed = (await orgs(root(ALPHA)).send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY" }))).Policies ?? [];
    assert.deepEqual(listed.map((x) => x.Name), ["FullAWSAccess", "NoNewUsers"]);
    const updated = (await orgs(root(ALPHA)).send(new UpdatePolicyCommand({ PolicyId: scpId, Description: "still no iam:CreateUser" }))).Policy;
    assert.equal(updated?.PolicySummary?.Description, "still no iam:CreateUser");
    assert.equal((await orgs(root(ALPHA)).send(new DescribePolicyCommand({ PolicyId: scpId }))).Policy?.Content, deny("iam:CreateUser"));
    await rejects(orgs(root(ALPHA)).send(new UpdatePolicyCommand({ PolicyId: "p-FullAWSAccess", Name: "Mine" })), "InvalidInputException", undefined, (e) => assert.equal(e["Reason"], "IMMUTABLE_POLICY"));
  });

  it("an SCP denying iam:CreateUser, attached to the account's OU, stops the member account's IAM users", async () => {
    await iam(worker).send(new CreateUserCommand({ UserName: "before-scp" }));
    await orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: prod }));
    await rejects(orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: prod })), "DuplicatePolicyAttachmentException");
    await rejects(
      iam(worker).send(new CreateUserCommand({ UserName: "after-scp" })),
      "AccessDenied",
      new RegExp(`^User: arn:aws:iam::${created}:user/scp-worker is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${created}:user/after-scp with an explicit deny in a service control policy$`),
    );
    // Other actions still pass, and the management account is never restricted by SCPs.
    await iam(worker).send(new DeleteUserCommand({ UserName: "before-scp" }));
    const targets = (await orgs(root(ALPHA)).send(new ListTargetsForPolicyCommand({ PolicyId: scpId }))).Targets ?? [];
    assert.deepEqual(targets, [{ TargetId: prod, Arn: `arn:aws:organizations::111111111111:ou/${orgId}/${prod}`, Name: "Prod", Type: "ORGANIZATIONAL_UNIT" }]);
  });

  it("the management account is not restricted by an SCP attached to the root", async () => {
    await orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: rootId }));
    await iam(admin).send(new CreateUserCommand({ UserName: "mgmt-user" }));
    await orgs(root(ALPHA)).send(new DetachPolicyCommand({ PolicyId: scpId, TargetId: rootId }));
  });

  it("an SCP denying sts:AssumeRole fails AssumeRole with AWS's message, even when the trust policy names the caller's account", async () => {
    const roleArn = `arn:aws:iam::${created}:role/target`;
    await assume(worker, roleArn);
    const p = (await orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "NoAssume", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: deny("sts:AssumeRole") }))).Policy;
    await orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: p?.PolicySummary?.Id, TargetId: created }));
    await rejects(
      sts(worker).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "s2" })),
      "AccessDenied",
      new RegExp(`^User: arn:aws:iam::${created}:user/scp-worker is not authorized to perform: sts:AssumeRole on resource: ${roleArn} with an explicit deny in a service control policy$`),
    );
    await orgs(root(ALPHA)).send(new DetachPolicyCommand({ PolicyId: p?.PolicySummary?.Id, TargetId: created }));
    await assume(worker, roleArn);
  });

  it("needs an Allow at every level: detaching FullAWSAccess from an OU that has another SCP denies everything below it", async () => {
    const allowIam = (await orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "OnlyIam", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }] }) }))).Policy?.PolicySummary?.Id;
    await orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: allowIam, TargetId: workloads }));
    await orgs(root(ALPHA)).send(new DetachPolicyCommand({ PolicyId: "p-FullAWSAccess", TargetId: workloads }));
    await rejects(sts(worker).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${created}:role/target`, RoleSessionName: "s3" })), "AccessDenied", /with an explicit deny in a service control policy$/);
    await iam(worker).send(new CreateRoleCommand({ RoleName: "still-iam", AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${created}:root` }, Action: "sts:AssumeRole" }] }) }));
    await rejects(orgs(root(ALPHA)).send(new DetachPolicyCommand({ PolicyId: allowIam, TargetId: workloads })), "ConstraintViolationException", /^You cannot remove the last policy attached to the specified target\. You must have at least one attached at all times\.$/, (e) => assert.equal(e["Reason"], "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"));
    await orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: "p-FullAWSAccess", TargetId: workloads }));
    await orgs(root(ALPHA)).send(new DetachPolicyCommand({ PolicyId: allowIam, TargetId: workloads }));
    await rejects(orgs(root(ALPHA)).send(new DetachPolicyCommand({ PolicyId: allowIam, TargetId: workloads })), "PolicyNotAttachedException");
    await rejects(orgs(root(ALPHA)).send(new DeletePolicyCommand({ PolicyId: scpId })), "PolicyInUseException");
    await orgs(root(ALPHA)).send(new DeletePolicyCommand({ PolicyId: allowIam }));
    await rejects(orgs(root(ALPHA)).send(new DescribePolicyCommand({ PolicyId: allowIam })), "PolicyNotFoundException");
    await rejects(orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: "999999999999" })), "TargetNotFoundException");
  });

  it("gives principals aws:PrincipalOrgID, so a trust policy can admit the whole organization", async () => {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": orgId } } }] };
    await iam(root(CHARLIE)).send(new CreateRoleCommand({ RoleName: "org-readers", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const outsider = await userWithKey(root(BRAVO), "outsider", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] });
    await assume(worker, "arn:aws:iam::333333333333:role/org-readers");
    await rejects(sts(outsider).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::333333333333:role/org-readers", RoleSessionName: "xx" })), "AccessDenied", /because no role trust policy allows the sts:AssumeRole action$/);
  });
});

describe("resource control policies", () => {
  it("EnablePolicyType attaches RCPFullAWSAccess everywhere, which cannot be detached; DisablePolicyType removes it", async () => {
    const r = (await orgs(root(ALPHA)).send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: "RESOURCE_CONTROL_POLICY" }))).Root;
    assert.deepEqual(r?.PolicyTypes, [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }, { Type: "RESOURCE_CONTROL_POLICY", Status: "ENABLED" }]);
    await rejects(orgs(root(ALPHA)).send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: "RESOURCE_CONTROL_POLICY" })), "PolicyTypeAlreadyEnabledException");
    for (const t of [rootId, workloads, prod, created]) {
      const ps = (await orgs(root(ALPHA)).send(new ListPoliciesForTargetCommand({ TargetId: t, Filter: "RESOURCE_CONTROL_POLICY" }))).Policies ?? [];
      assert.deepEqual(ps.map((p) => [p.Id, p.Arn]), [["p-RCPFullAWSAccess", "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess"]]);
    }
    await rejects(orgs(root(ALPHA)).send(new DetachPolicyCommand({ PolicyId: "p-RCPFullAWSAccess", TargetId: prod })), "InvalidInputException", undefined, (e) => assert.equal(e["Reason"], "NON_DETACHABLE_POLICY"));
    await rejects(
      orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "allow", Description: "", Type: "RESOURCE_CONTROL_POLICY", Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] }) })),
      "MalformedPolicyDocumentException",
    );
    const rcp = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": orgId } } }] };
    const id = (await orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "OrgOnly", Description: "", Type: "RESOURCE_CONTROL_POLICY", Content: JSON.stringify(rcp) }))).Policy?.PolicySummary?.Id;
    await orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: id, TargetId: rootId }));
    const off = (await orgs(root(ALPHA)).send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: "RESOURCE_CONTROL_POLICY" }))).Root;
    assert.deepEqual(off?.PolicyTypes, [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }]);
    assert.deepEqual((await orgs(root(ALPHA)).send(new ListTargetsForPolicyCommand({ PolicyId: id }))).Targets, []);
    await rejects(orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: id, TargetId: rootId })), "PolicyTypeNotEnabledException");
  });
});

describe("resource control policies on STS", () => {
  it("an RCP denying sts:AssumeRole to principals outside the organization stops them, with AWS's message", async () => {
    await orgs(root(ALPHA)).send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: "RESOURCE_CONTROL_POLICY" }));
    const access = await assume(admin, `arn:aws:iam::${created}:role/OrganizationAccountAccessRole`, "rcp");
    const trustBravo = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole" }] };
    await iam(access).send(new CreateRoleCommand({ RoleName: "shared", AssumeRolePolicyDocument: JSON.stringify(trustBravo) }));
    const partner = await userWithKey(root(BRAVO), "partner", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] });
    const roleArn = `arn:aws:iam::${created}:role/shared`;
    await assume(partner, roleArn);
    const rcp = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": orgId } } }] };
    const id = (await orgs(root(ALPHA)).send(new CreatePolicyCommand({ Name: "StsInsideOnly", Description: "", Type: "RESOURCE_CONTROL_POLICY", Content: JSON.stringify(rcp) }))).Policy?.PolicySummary?.Id;
    await orgs(root(ALPHA)).send(new AttachPolicyCommand({ PolicyId: id, TargetId: created }));
    await rejects(
      sts(partner).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "denied" })),
      "AccessDenied",
      new RegExp(`^User: arn:aws:iam::222222222222:user/partner is not authorized to perform: sts:AssumeRole on resource: ${roleArn} with an explicit deny in a resource control policy$`),
    );
    // Principals of the organization still get in.
    await assume(admin, `arn:aws:iam::${created}:role/OrganizationAccountAccessRole`, "inside");
    await orgs(root(ALPHA)).send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: "RESOURCE_CONTROL_POLICY" }));
    await assume(partner, roleArn);
  });
});

describe("access to the Organizations API", () => {
  it("IAM principals need organizations:* permissions; without them AccessDeniedException", async () => {
    const nobody = await userWithKey(root(ALPHA), "no-org-rights", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }] });
    await rejects(orgs(nobody).send(new ListRootsCommand({})), "AccessDeniedException", /^You don't have permissions to access this resource\.$/);
    const reader = await userWithKey(root(ALPHA), "org-reader", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["organizations:List*", "organizations:Describe*"], Resource: "*" }] });
    assert.equal(((await orgs(reader).send(new ListRootsCommand({}))).Roots ?? []).length, 1);
    await rejects(orgs(reader).send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "nope" })), "AccessDeniedException");
  });
});

describe("invitations and leaving", () => {
  it("invites an existing account, which accepts and joins under the root", async () => {
    const h = (await orgs(root(ALPHA)).send(new InviteAccountToOrganizationCommand({ Target: { Id: "222222222222", Type: "ACCOUNT" } }))).Handshake;
    assert.match(h?.Id ?? "", /^h-[a-z0-9]{10}$/);
    assert.equal(h?.State, "OPEN");
    assert.deepEqual(h?.Parties, [{ Id: orgId, Type: "ORGANIZATION" }, { Id: "222222222222", Type: "ACCOUNT" }]);
    assert.equal(h?.Arn, `arn:aws:organizations::111111111111:handshake/${orgId}/invite/${h?.Id}`);
    await rejects(orgs(root(ALPHA)).send(new InviteAccountToOrganizationCommand({ Target: { Id: "222222222222", Type: "ACCOUNT" } })), "DuplicateHandshakeException");
    await rejects(orgs(root(BRAVO)).send(new DescribeOrganizationCommand({})), "AWSOrganizationsNotInUseException");
    const accepted = (await orgs(root(BRAVO)).send(new AcceptHandshakeCommand({ HandshakeId: h?.Id }))).Handshake;
    assert.equal(accepted?.State, "ACCEPTED");
    assert.equal((await orgs(root(BRAVO)).send(new DescribeOrganizationCommand({}))).Organization?.Id, orgId);
    const bravo = (await orgs(root(ALPHA)).send(new DescribeAccountCommand({ AccountId: "222222222222" }))).Account;
    assert.deepEqual([bravo?.Name, bravo?.JoinedMethod], ["bravo", "INVITED"]);
    await rejects(orgs(root(BRAVO)).send(new ListAccountsCommand({})), "AccessDeniedException");
  });

  it("refuses to delete an organization with members; removes them, then deletes it", async () => {
    await rejects(orgs(root(ALPHA)).send(new DeleteOrganizationCommand({})), "OrganizationNotEmptyException");
    await rejects(orgs(root(ALPHA)).send(new RemoveAccountFromOrganizationCommand({ AccountId: "111111111111" })), "MasterCannotLeaveOrganizationException");
    for (const a of ["222222222222", created]) await orgs(root(ALPHA)).send(new RemoveAccountFromOrganizationCommand({ AccountId: a }));
    await rejects(orgs(root(ALPHA)).send(new DescribeAccountCommand({ AccountId: created })), "AccountNotFoundException", /^You specified an account that doesn't exist\.$/);
    // A removed account is no longer governed by the organization's SCPs.
    const access = await assume(admin, `arn:aws:iam::${created}:role/OrganizationAccountAccessRole`, "after");
    await iam(access).send(new CreateUserCommand({ UserName: "free-again" }));
    await orgs(root(ALPHA)).send(new DeleteOrganizationCommand({}));
    await rejects(orgs(root(ALPHA)).send(new DescribeOrganizationCommand({})), "AWSOrganizationsNotInUseException");
    assert.deepEqual(server.logger.errors, []);
  });
});

describe("the aws CLI", () => {
  before(() => {
    requireAwsCli();
  });

  it("drives the life cycle: create-organization, list-roots, create-organizational-unit, create-policy, attach-policy, list-policies-for-target", async () => {
    const o = (await awsOk(server, CHARLIE, ["organizations", "create-organization", "--feature-set", "ALL"])).json<{ Organization: { Id: string; MasterAccountId: string } }>();
    assert.equal(o.Organization.MasterAccountId, "333333333333");
    const r = (await awsOk(server, CHARLIE, ["organizations", "list-roots"])).json<{ Roots: { Id: string }[] }>();
    const rid = r.Roots[0]?.Id ?? "";
    const ou = (await awsOk(server, CHARLIE, ["organizations", "create-organizational-unit", "--parent-id", rid, "--name", "Sandbox"])).json<{ OrganizationalUnit: { Id: string } }>();
    const file = join(server.dataDir, "scp.json");
    writeFileSync(file, deny("s3:DeleteBucket"));
    const p = (await awsOk(server, CHARLIE, ["organizations", "create-policy", "--name", "KeepBuckets", "--description", "no deletes", "--type", "SERVICE_CONTROL_POLICY", "--content", `file://${file}`])).json<{ Policy: { PolicySummary: { Id: string } } }>();
    await awsOk(server, CHARLIE, ["organizations", "attach-policy", "--policy-id", p.Policy.PolicySummary.Id, "--target-id", ou.OrganizationalUnit.Id]);
    const listed = (await awsOk(server, CHARLIE, ["organizations", "list-policies-for-target", "--target-id", ou.OrganizationalUnit.Id, "--filter", "SERVICE_CONTROL_POLICY"])).json<{ Policies: { Name: string }[] }>();
    assert.deepEqual(listed.Policies.map((x) => x.Name).sort(), ["FullAWSAccess", "KeepBuckets"]);
    const desc = (await awsOk(server, CHARLIE, ["organizations", "describe-organization"])).json<{ Organization: { Id: string } }>();
    assert.equal(desc.Organization.Id, o.Organization.Id);
  });

  it("prints AWS's error and exits non-zero", async () => {
    const r = await aws(server, BRAVO, ["organizations", "describe-organization"]);
    assert.ok(r.code === 254 || r.code === 255, `exit ${r.code}: ${r.stderr}`);
    assert.match(r.stderr, /An error occurred \(AWSOrganizationsNotInUseException\) when calling the DescribeOrganization operation: Your account is not a member of an organization\./);
    const dup = await aws(server, CHARLIE, ["organizations", "create-organization"]);
    assert.match(dup.stderr, /AlreadyInOrganizationException/);
  });
});

describe("a world file with an organization", () => {
  const WORLD = `
accounts:
  - { id: "111111111111", name: alpha, root: { accessKeyId: AKIAALPHA00000000001, secretAccessKey: alphaSecretKey0000000000000000000000000001 } }
  - { id: "222222222222", name: bravo, root: { accessKeyId: AKIABRAVO00000000002, secretAccessKey: bravoSecretKey0000000000000000000000000002 } }
  - { id: "333333333333", name: charlie, root: { accessKeyId: AKIACHARLIE000000003, secretAccessKey: charlieSecretKey00000000000000000000000003 } }
organization:
  managementAccount: "111111111111"
  units:
    - name: Analytics
      accounts: ["222222222222"]
  policies:
    - name: NoUsers
      type: SERVICE_CONTROL_POLICY
      content: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "iam:CreateUser", Resource: "*" }] }
      targets: [Analytics]
`;
  let worldServer: TestServer;
  let worldFile = "";
  let dataDir = "";
  const client = (c: Creds) => new OrganizationsClient({ endpoint: worldServer.endpoint, region: "us-east-1", credentials: c });
  const iamW = (c: Creds) => new IAMClient({ endpoint: worldServer.endpoint, region: "us-east-1", credentials: c });
  const snapshot = async () => {
    const roots = (await client(root(ALPHA)).send(new ListRootsCommand({}))).Roots ?? [];
    const rid = roots[0]?.Id ?? "";
    return {
      org: (await client(root(ALPHA)).send(new DescribeOrganizationCommand({}))).Organization?.Id,
      roots: roots.map((r) => r.Id),
      units: ((await client(root(ALPHA)).send(new ListOrganizationalUnitsForParentCommand({ ParentId: rid }))).OrganizationalUnits ?? []).map((u) => [u.Id, u.Name]),
      accounts: ((await client(root(ALPHA)).send(new ListAccountsCommand({}))).Accounts ?? []).map((a) => [a.Id, a.Name]).sort(),
      policies: ((await client(root(ALPHA)).send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY" }))).Policies ?? []).map((p) => [p.Id, p.Name]),
    };
  };

  before(async () => {
    dataDir = join(server.dataDir, "world-org-data");
    worldFile = join(server.dataDir, "world-org.yaml");
    writeFileSync(worldFile, WORLD);
    worldServer = await startTestServer({ world: worldFile, dataDir });
  });
  after(async () => {
    await worldServer.stop();
  });

  it("starts with the organization the world declares, its SCPs in force", async () => {
    const s = await snapshot();
    assert.match(s.org ?? "", /^o-[a-z0-9]{10}$/);
    assert.deepEqual(s.units.map((u) => u[1]), ["Analytics"]);
    assert.deepEqual(s.accounts, [["111111111111", "alpha"], ["222222222222", "bravo"]]);
    assert.deepEqual(s.policies.map((p) => p[1]), ["FullAWSAccess", "NoUsers"]);
    await rejects(iamW(root(BRAVO)).send(new CreateUserCommand({ UserName: "x" })), "AccessDenied", /^User: arn:aws:iam::222222222222:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::222222222222:user\/x with an explicit deny in a service control policy$/);
    await iamW(root(CHARLIE)).send(new CreateUserCommand({ UserName: "x" }));
  });

  it("restarting on the same data applies the world again without duplicating anything; created accounts survive", async () => {
    const made = (await client(root(ALPHA)).send(new CreateAccountCommand({ Email: "foxtrot@example.com", AccountName: "foxtrot" }))).CreateAccountStatus;
    const before1 = await snapshot();
    await worldServer.close();
    worldServer = await startTestServer({ world: worldFile, dataDir });
    assert.deepEqual(await snapshot(), before1);
    const st = (await client(root(ALPHA)).send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: made?.Id }))).CreateAccountStatus;
    const user = await (async () => {
      await iamW(root(ALPHA)).send(new CreateUserCommand({ UserName: "ops" }));
      await iamW(root(ALPHA)).send(new PutUserPolicyCommand({ UserName: "ops", PolicyName: "p", PolicyDocument: JSON.stringify(ALLOW_ALL) }));
      const k = (await iamW(root(ALPHA)).send(new CreateAccessKeyCommand({ UserName: "ops" }))).AccessKey;
      return { accessKeyId: k?.AccessKeyId ?? "", secretAccessKey: k?.SecretAccessKey ?? "" };
    })();
    const r = await new STSClient({ endpoint: worldServer.endpoint, region: "us-east-1", credentials: user }).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${st?.AccountId}:role/OrganizationAccountAccessRole`, RoleSessionName: "ops" }));
    assert.match(r.AssumedRoleUser?.Arn ?? "", new RegExp(`^arn:aws:sts::${st?.AccountId}:assumed-role/OrganizationAccountAccessRole/ops$`));
    assert.deepEqual(worldServer.logger.errors, []);
  });
});
