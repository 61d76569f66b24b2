/**
 * AWS Organizations tags and delegated administrators through @aws-sdk/client-organizations and the
 * aws CLI: TagResource / UntagResource / ListTagsForResource on accounts, OUs, the root and policies,
 * `Tags` on the create operations with Organizations' limits; trusted service access; Register /
 * Deregister / ListDelegatedAdministrators / ListDelegatedServicesForAccount; a delegated
 * administrator calling the read-only operations, and nothing more.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_TagResource.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/action-reference.html
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AcceptHandshakeCommand,
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeregisterDelegatedAdministratorCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  EnableAWSServiceAccessCommand,
  InviteAccountToOrganizationCommand,
  ListAccountsCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from "@aws-sdk/client-organizations";
import { ALPHA, BRAVO, CHARLIE, startTestServer, type TestServer } from "../support/server.ts";
import { awsOk, requireAwsCli } from "../support/cli.ts";
import type { WorldAccount } from "../../src/identity/world.ts";

let server: TestServer;
let rootId: string;
let ouId: string;
let policyId: string;
const orgs = (a: WorldAccount): OrganizationsClient =>
  new OrganizationsClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: a.root.accessKeyId, secretAccessKey: a.root.secretAccessKey } });
const SCP = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }] });

async function rejects(p: Promise<unknown>, name: string, message?: string, reason?: string): Promise<void> {
  await assert.rejects(p, (e: Record<string, unknown> & { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name, e.message);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    if (message !== undefined) assert.equal(e.message, message);
    if (reason !== undefined) assert.equal(e["Reason"], reason);
    return true;
  });
}

async function tagsOf(a: WorldAccount, id: string): Promise<Tag[]> {
  return (await orgs(a).send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags ?? [];
}

async function join(a: WorldAccount): Promise<void> {
  const h = await orgs(ALPHA).send(new InviteAccountToOrganizationCommand({ Target: { Id: a.id, Type: "ACCOUNT" } }));
  await orgs(a).send(new AcceptHandshakeCommand({ HandshakeId: h.Handshake?.Id ?? "" }));
}

before(async () => {
  requireAwsCli();
  server = await startTestServer();
  await orgs(ALPHA).send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  rootId = (await orgs(ALPHA).send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
  await join(BRAVO);
  await join(CHARLIE);
});
after(async () => {
  await server?.stop();
});

describe("tags", () => {
  it("Tags on CreateOrganizationalUnit and CreatePolicy are stored and listed", async () => {
    const ou = await orgs(ALPHA).send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "data", Tags: [{ Key: "team", Value: "lake" }] }));
    ouId = ou.OrganizationalUnit?.Id ?? "";
    assert.deepEqual(await tagsOf(ALPHA, ouId), [{ Key: "team", Value: "lake" }]);
    const p = await orgs(ALPHA).send(new CreatePolicyCommand({ Name: "no-delete", Description: "d", Type: "SERVICE_CONTROL_POLICY", Content: SCP, Tags: [{ Key: "owner", Value: "sec" }] }));
    policyId = p.Policy?.PolicySummary?.Id ?? "";
    assert.deepEqual(await tagsOf(ALPHA, policyId), [{ Key: "owner", Value: "sec" }]);
  });

  it("TagResource adds and replaces, UntagResource removes, on an account, an OU, the root and a policy", async () => {
    for (const id of [BRAVO.id, ouId, rootId, policyId]) {
      await orgs(ALPHA).send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: "env", Value: "dev" }, { Key: "cost", Value: "" }] }));
      await orgs(ALPHA).send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: "env", Value: "prod" }] }));
      const tags = await tagsOf(ALPHA, id);
      assert.deepEqual(tags.filter((t) => t.Key === "env" || t.Key === "cost").sort((a, b) => (a.Key ?? "").localeCompare(b.Key ?? "")), [{ Key: "cost", Value: "" }, { Key: "env", Value: "prod" }], id);
      await orgs(ALPHA).send(new UntagResourceCommand({ ResourceId: id, TagKeys: ["cost", "absent"] }));
      assert.ok(!(await tagsOf(ALPHA, id)).some((t) => t.Key === "cost"), id);
    }
    // Keys are case-sensitive: Env and env are two tags.
    await orgs(ALPHA).send(new TagResourceCommand({ ResourceId: BRAVO.id, Tags: [{ Key: "Env", Value: "x" }] }));
    assert.deepEqual((await tagsOf(ALPHA, BRAVO.id)).map((t) => t.Key).sort(), ["Env", "env"]);
  });

  it("the limits: 50 tags per resource, 128-character keys, no aws: keys, no key twice", async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await orgs(ALPHA).send(new TagResourceCommand({ ResourceId: CHARLIE.id, Tags: many }));
    await rejects(orgs(ALPHA).send(new TagResourceCommand({ ResourceId: CHARLIE.id, Tags: [{ Key: "one-more", Value: "v" }] })), "ConstraintViolationException", "You have exceeded the number of tags allowed on this resource.", "MAX_TAG_LIMIT_EXCEEDED");
    await orgs(ALPHA).send(new TagResourceCommand({ ResourceId: CHARLIE.id, Tags: [{ Key: "k0", Value: "replaced" }] }));
    await rejects(orgs(ALPHA).send(new TagResourceCommand({ ResourceId: ouId, Tags: [{ Key: "x".repeat(129), Value: "v" }] })), "InvalidInputException", undefined, "MAX_LENGTH_EXCEEDED");
    await rejects(orgs(ALPHA).send(new TagResourceCommand({ ResourceId: ouId, Tags: [{ Key: "aws:owner", Value: "v" }] })), "InvalidInputException", undefined, "INVALID_SYSTEM_TAGS_PARAMETER");
    await rejects(orgs(ALPHA).send(new TagResourceCommand({ ResourceId: ouId, Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] })), "InvalidInputException", undefined, "DUPLICATE_TAG_KEY");
    await rejects(orgs(ALPHA).send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "bad", Tags: [{ Key: "aws:x", Value: "v" }] })), "InvalidInputException", undefined, "INVALID_SYSTEM_TAGS_PARAMETER");
  });

  it("unknown or untaggable resources", async () => {
    // "You specified a target that doesn't exist." is the API reference's description of TargetNotFoundException.
    await rejects(orgs(ALPHA).send(new ListTagsForResourceCommand({ ResourceId: "ou-zzzz-zzzzzzzz" })), "TargetNotFoundException", "You specified a target that doesn't exist.");
    await rejects(orgs(ALPHA).send(new TagResourceCommand({ ResourceId: "999999999999", Tags: [{ Key: "a", Value: "b" }] })), "TargetNotFoundException");
    await rejects(orgs(ALPHA).send(new TagResourceCommand({ ResourceId: "p-FullAWSAccess", Tags: [{ Key: "a", Value: "b" }] })), "InvalidInputException", undefined, "TARGET_NOT_SUPPORTED");
    await rejects(orgs(ALPHA).send(new TagResourceCommand({ ResourceId: "not an id", Tags: [{ Key: "a", Value: "b" }] })), "InvalidInputException", undefined, "INVALID_PATTERN");
  });

  it("a member account that is not a delegated administrator may not tag or list tags", async () => {
    await rejects(orgs(BRAVO).send(new ListTagsForResourceCommand({ ResourceId: BRAVO.id })), "AccessDeniedException", "You don't have permissions to access this resource.");
    await rejects(orgs(BRAVO).send(new TagResourceCommand({ ResourceId: BRAVO.id, Tags: [{ Key: "a", Value: "b" }] })), "AccessDeniedException");
  });

  it("through the aws CLI: tag-resource, list-tags-for-resource, untag-resource", async () => {
    await awsOk(server, ALPHA, ["organizations", "tag-resource", "--resource-id", rootId, "--tags", "Key=cli,Value=yes"]);
    const listed = (await awsOk(server, ALPHA, ["organizations", "list-tags-for-resource", "--resource-id", rootId, "--output", "json"])).json<{ Tags: Tag[] }>();
    assert.ok(listed.Tags.some((t) => t.Key === "cli" && t.Value === "yes"));
    await awsOk(server, ALPHA, ["organizations", "untag-resource", "--resource-id", rootId, "--tag-keys", "cli"]);
    assert.ok(!(await tagsOf(ALPHA, rootId)).some((t) => t.Key === "cli"));
  });
});

describe("delegated administrators", () => {
  it("registering needs trusted access first, and only a member account may be registered", async () => {
    await rejects(
      orgs(ALPHA).send(new RegisterDelegatedAdministratorCommand({ AccountId: BRAVO.id, ServicePrincipal: "config.amazonaws.com" })),
      "ConstraintViolationException",
      undefined,
      "SERVICE_ACCESS_NOT_ENABLED",
    );
    await orgs(ALPHA).send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "config.amazonaws.com" }));
    await orgs(ALPHA).send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "sso.amazonaws.com" }));
    const access = (await orgs(ALPHA).send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals ?? [];
    assert.deepEqual(access.map((x) => x.ServicePrincipal), ["config.amazonaws.com", "sso.amazonaws.com"]);
    // Observed message, quoted in github.com/aws-solutions/quota-monitor-for-aws/issues/102.
    await rejects(
      orgs(ALPHA).send(new RegisterDelegatedAdministratorCommand({ AccountId: ALPHA.id, ServicePrincipal: "config.amazonaws.com" })),
      "ConstraintViolationException",
      "You cannot register master account/yourself as delegated administrator for your organization.",
      "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
    );
    await rejects(orgs(ALPHA).send(new RegisterDelegatedAdministratorCommand({ AccountId: "444444444444", ServicePrincipal: "config.amazonaws.com" })), "AccountNotFoundException");
    await rejects(orgs(ALPHA).send(new RegisterDelegatedAdministratorCommand({ AccountId: BRAVO.id, ServicePrincipal: "not a principal" })), "InvalidInputException", undefined, "UNRECOGNIZED_SERVICE_PRINCIPAL");
  });

  it("register, list by service and by account, refuse a second registration", async () => {
    await orgs(ALPHA).send(new RegisterDelegatedAdministratorCommand({ AccountId: BRAVO.id, ServicePrincipal: "config.amazonaws.com" }));
    await orgs(ALPHA).send(new RegisterDelegatedAdministratorCommand({ AccountId: BRAVO.id, ServicePrincipal: "sso.amazonaws.com" }));
    // Observed message, quoted in github.com/pepperize/cdk-organizations/issues/716.
    await rejects(
      orgs(ALPHA).send(new RegisterDelegatedAdministratorCommand({ AccountId: BRAVO.id, ServicePrincipal: "config.amazonaws.com" })),
      "AccountAlreadyRegisteredException",
      "The provided account is already a delegated administrator for your organization.",
    );
    const admins = (await orgs(ALPHA).send(new ListDelegatedAdministratorsCommand({}))).DelegatedAdministrators ?? [];
    assert.deepEqual(admins.map((a) => [a.Id, a.Name, a.Status]), [[BRAVO.id, BRAVO.name, "ACTIVE"]]);
    assert.ok(admins[0]?.DelegationEnabledDate instanceof Date);
    assert.deepEqual((await orgs(ALPHA).send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: "ec2.amazonaws.com" }))).DelegatedAdministrators, []);
    const services = (await orgs(ALPHA).send(new ListDelegatedServicesForAccountCommand({ AccountId: BRAVO.id }))).DelegatedServices ?? [];
    assert.deepEqual(services.map((s) => s.ServicePrincipal), ["config.amazonaws.com", "sso.amazonaws.com"]);
    await rejects(orgs(ALPHA).send(new ListDelegatedServicesForAccountCommand({ AccountId: CHARLIE.id })), "AccountNotRegisteredException");
  });

  it("a delegated administrator calls the read-only operations, not the others", async () => {
    const b = orgs(BRAVO);
    assert.equal((await b.send(new ListAccountsCommand({}))).Accounts?.length, 3);
    assert.equal((await b.send(new DescribeAccountCommand({ AccountId: CHARLIE.id }))).Account?.Name, CHARLIE.name);
    assert.equal((await b.send(new ListRootsCommand({}))).Roots?.[0]?.Id, rootId);
    assert.ok(((await b.send(new ListChildrenCommand({ ParentId: rootId, ChildType: "ORGANIZATIONAL_UNIT" }))).Children ?? []).some((x) => x.Id === ouId));
    assert.ok(((await b.send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY" }))).Policies ?? []).some((p) => p.Id === policyId));
    assert.deepEqual(await tagsOf(BRAVO, ouId), await tagsOf(ALPHA, ouId));
    assert.equal((await b.send(new ListDelegatedAdministratorsCommand({}))).DelegatedAdministrators?.length, 1);
    await b.send(new DescribeOrganizationCommand({}));
    await rejects(b.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "nope" })), "AccessDeniedException", "You don't have permissions to access this resource.");
    await rejects(b.send(new TagResourceCommand({ ResourceId: CHARLIE.id, Tags: [{ Key: "a", Value: "b" }] })), "AccessDeniedException");
    await rejects(b.send(new RegisterDelegatedAdministratorCommand({ AccountId: CHARLIE.id, ServicePrincipal: "config.amazonaws.com" })), "AccessDeniedException");
    // Charlie, a member but no delegated administrator, still cannot list accounts.
    await rejects(orgs(CHARLIE).send(new ListAccountsCommand({})), "AccessDeniedException");
  });

  it("a delegated administrator cannot be removed from the organization until deregistered", async () => {
    await rejects(orgs(ALPHA).send(new RemoveAccountFromOrganizationCommand({ AccountId: BRAVO.id })), "ConstraintViolationException", undefined, "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG");
  });

  it("deregistering, through the aws CLI, ends the read access once no service is left", async () => {
    await awsOk(server, ALPHA, ["organizations", "deregister-delegated-administrator", "--account-id", BRAVO.id, "--service-principal", "config.amazonaws.com"]);
    await orgs(BRAVO).send(new ListAccountsCommand({}));
    const listed = (await awsOk(server, ALPHA, ["organizations", "list-delegated-services-for-account", "--account-id", BRAVO.id, "--output", "json"])).json<{ DelegatedServices: { ServicePrincipal: string }[] }>();
    assert.deepEqual(listed.DelegatedServices.map((s) => s.ServicePrincipal), ["sso.amazonaws.com"]);
    await orgs(ALPHA).send(new DeregisterDelegatedAdministratorCommand({ AccountId: BRAVO.id, ServicePrincipal: "sso.amazonaws.com" }));
    await rejects(orgs(ALPHA).send(new DeregisterDelegatedAdministratorCommand({ AccountId: BRAVO.id, ServicePrincipal: "sso.amazonaws.com" })), "AccountNotRegisteredException");
    await rejects(orgs(BRAVO).send(new ListAccountsCommand({})), "AccessDeniedException");
    await orgs(ALPHA).send(new RemoveAccountFromOrganizationCommand({ AccountId: BRAVO.id }));
  });
});

describe("error texts observed from AWS Organizations", () => {
  it("CreateOrganization from a member: AlreadyInOrganizationException (quoted in github.com/hashicorp/terraform-provider-aws/pull/30687)", async () => {
    await rejects(orgs(CHARLIE).send(new CreateOrganizationCommand({ FeatureSet: "ALL" })), "AlreadyInOrganizationException", "The AWS account is already a member of an organization.");
  });

  it("a second policy of the same name and type: DuplicatePolicyException (quoted in github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2245)", async () => {
    await rejects(
      orgs(ALPHA).send(new CreatePolicyCommand({ Name: "no-delete", Description: "again", Type: "SERVICE_CONTROL_POLICY", Content: SCP })),
      "DuplicatePolicyException",
      "A policy with the specified name and type already exists.",
    );
  });

  it("an eleventh SCP on one target: ConstraintViolationException (quoted in github.com/hashicorp/terraform-provider-aws/issues/41493)", async () => {
    const ou = (await orgs(ALPHA).send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "crowded" }))).OrganizationalUnit?.Id ?? "";
    // FullAWSAccess is attached already: nine more reach the quota of ten.
    for (let i = 0; i < 9; i++) {
      const p = await orgs(ALPHA).send(new CreatePolicyCommand({ Name: `scp-${i}`, Description: "d", Type: "SERVICE_CONTROL_POLICY", Content: SCP }));
      await orgs(ALPHA).send(new AttachPolicyCommand({ PolicyId: p.Policy?.PolicySummary?.Id ?? "", TargetId: ou }));
    }
    const extra = await orgs(ALPHA).send(new CreatePolicyCommand({ Name: "scp-extra", Description: "d", Type: "SERVICE_CONTROL_POLICY", Content: SCP }));
    await rejects(
      orgs(ALPHA).send(new AttachPolicyCommand({ PolicyId: extra.Policy?.PolicySummary?.Id ?? "", TargetId: ou })),
      "ConstraintViolationException",
      "You have attached the maximum number of policies to the specified target.",
      "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
    );
  });
});
