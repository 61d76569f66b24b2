/**
 * Organizations in the identity layer, on an in-memory identity store: orgContextOf (levels, paths,
 * the management account not governed), the SCP decision of IAM/STS calls, created accounts as
 * accounts of the world, and the rules of OUs, attachments and policy types.
 */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import type { IdentityStore, OrganizationRecord } from "../storage/identityPort.ts";
import { IdentityDirectory } from "./credentials.ts";
import { decideIdentity, decideRcp, decideScp } from "./identityDecision.ts";
import { OrgError } from "./orgError.ts";
import { createAccount, createOrganization, createOrganizationalUnit, deleteOrganizationalUnit, moveAccount, orgContextOf, removeMember, addMember } from "./organizations.ts";
import { attachOrgPolicy, createOrgPolicy, detachOrgPolicy, enablePolicyType, MAX_ATTACHED } from "./orgPolicies.ts";
import type { OrgScope } from "./orgModel.ts";
import { DEFAULT_WORLD } from "./world.ts";
import { rootPrincipal } from "./accounts.ts";
import { acceptHandshake, closeHandshake, inviteAccount, requireHandshake } from "./orgHandshakes.ts";

const canonical = (id: string): string => createHash("sha256").update(id).digest("hex");
const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const doc = (effect: "Allow" | "Deny", action: string): string => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: effect, Action: action, Resource: "*" }] });

let store: IdentityStore;
let dir: IdentityDirectory;
let scope: OrgScope;
let org: OrganizationRecord;

function rejectsWith(fn: () => unknown, code: string, reason?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof OrgError, String(e));
    assert.equal(e.code, code);
    if (reason !== undefined) assert.equal(e.reason, reason);
    return true;
  });
}

const principalOf = (accountId: string) => {
  const a = dir.get(accountId);
  assert.ok(a);
  return rootPrincipal(a);
};

beforeEach(() => {
  store = openSqliteIdentityStore(":memory:");
  dir = new IdentityDirectory(DEFAULT_WORLD, canonical, store);
  scope = { store, accounts: dir, now: new Date("2026-06-01T10:00:00Z"), random };
  org = createOrganization(scope, "111111111111", "ALL");
});

describe("orgContextOf", () => {
  it("is undefined for an account in no organization", () => {
    assert.equal(orgContextOf(store, "222222222222"), undefined);
  });

  it("gives the path o-…/r-…/ou-…/ of the account's parent and the SCP texts per level, root first", () => {
    const ou = createOrganizationalUnit(scope, org, org.rootId, "Workloads");
    addMember(scope, org, "222222222222", "INVITED");
    moveAccount(scope, org, { accountId: "222222222222", sourceParentId: org.rootId, destinationParentId: ou.id });
    const p = createOrgPolicy(scope, org, { name: "deny", description: "", type: "SERVICE_CONTROL_POLICY", content: doc("Deny", "s3:DeleteBucket") });
    attachOrgPolicy(scope, org, p.id, ou.id);
    const c = orgContextOf(store, "222222222222");
    assert.ok(c);
    assert.equal(c.orgId, org.id);
    assert.equal(c.orgArn, `arn:aws:organizations::111111111111:organization/${org.id}`);
    assert.equal(c.managementAccountId, "111111111111");
    assert.deepEqual(c.paths, [`${org.id}/${org.rootId}/${ou.id}/`]);
    assert.equal(c.scps.length, 3);
    assert.deepEqual(c.scps.map((l) => l.length), [1, 2, 1]);
    assert.equal(c.scps[1]?.[1], doc("Deny", "s3:DeleteBucket"));
    assert.deepEqual(c.rcps, []);
  });

  it("gives the management account no SCP or RCP levels (it is not governed), but its organization and path", () => {
    enablePolicyType(scope, org, org.rootId, "RESOURCE_CONTROL_POLICY");
    const c = orgContextOf(store, "111111111111");
    assert.deepEqual([c?.orgId, c?.paths, c?.scps, c?.rcps], [org.id, [`${org.id}/${org.rootId}/`], [], []]);
  });

  it("lists RCPs per level once RCPs are enabled", () => {
    addMember(scope, org, "333333333333", "INVITED");
    assert.deepEqual(orgContextOf(store, "333333333333")?.rcps, []);
    enablePolicyType(scope, org, org.rootId, "RESOURCE_CONTROL_POLICY");
    assert.deepEqual(orgContextOf(store, "333333333333")?.rcps.map((l) => l.length), [1, 1]);
  });
});

describe("SCP decision", () => {
  beforeEach(() => addMember(scope, org, "222222222222", "INVITED"));

  it("allows under FullAWSAccess, denies on any level's Deny, and needs an Allow at every level", () => {
    const bravo = principalOf("222222222222");
    assert.deepEqual(decideScp(store, bravo, "iam:CreateUser", "*"), { allowed: true });
    const d = createOrgPolicy(scope, org, { name: "d", description: "", type: "SERVICE_CONTROL_POLICY", content: doc("Deny", "iam:CreateUser") });
    attachOrgPolicy(scope, org, d.id, org.rootId);
    assert.deepEqual(decideScp(store, bravo, "iam:CreateUser", "*"), { allowed: false, reason: "with an explicit deny in a service control policy" });
    assert.equal(decideScp(store, bravo, "iam:ListUsers", "*").allowed, true);
    // Replace FullAWSAccess on the account by an Allow of s3:* only: iam:ListUsers now lacks an Allow at that level.
    const s3 = createOrgPolicy(scope, org, { name: "s3", description: "", type: "SERVICE_CONTROL_POLICY", content: doc("Allow", "s3:*") });
    attachOrgPolicy(scope, org, s3.id, "222222222222");
    detachOrgPolicy(scope, org, "p-FullAWSAccess", "222222222222");
    assert.deepEqual(decideScp(store, bravo, "iam:ListUsers", "*"), { allowed: false, reason: "with an explicit deny in a service control policy" });
    assert.equal(decideScp(store, bravo, "s3:GetObject", "*").allowed, true);
  });

  it("never restricts the management account, and stops applying once an account leaves", () => {
    const d = createOrgPolicy(scope, org, { name: "d", description: "", type: "SERVICE_CONTROL_POLICY", content: doc("Deny", "*") });
    attachOrgPolicy(scope, org, d.id, org.rootId);
    assert.equal(decideScp(store, principalOf("111111111111"), "iam:CreateUser", "*").allowed, true);
    assert.equal(decideIdentity(store, principalOf("222222222222"), undefined, "iam:CreateUser", "*").allowed, false);
    removeMember(scope, org, "222222222222");
    assert.equal(decideIdentity(store, principalOf("222222222222"), undefined, "iam:CreateUser", "*").allowed, true);
  });
});

describe("RCP decision", () => {
  it("governs resources of member accounts, not the management account's, once RCPs are enabled", () => {
    addMember(scope, org, "222222222222", "INVITED");
    const outsider = principalOf("333333333333");
    const deny = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }] });
    assert.equal(decideRcp(store, "222222222222", outsider, "sts:AssumeRole", "*").allowed, true);
    org = enablePolicyType(scope, org, org.rootId, "RESOURCE_CONTROL_POLICY");
    const p = createOrgPolicy(scope, org, { name: "r", description: "", type: "RESOURCE_CONTROL_POLICY", content: deny });
    attachOrgPolicy(scope, org, p.id, org.rootId);
    assert.deepEqual(decideRcp(store, "222222222222", outsider, "sts:AssumeRole", "*"), { allowed: false, reason: "with an explicit deny in a resource control policy" });
    assert.equal(decideRcp(store, "222222222222", outsider, "sts:GetCallerIdentity", "*").allowed, true);
    assert.equal(decideRcp(store, "111111111111", outsider, "sts:AssumeRole", "*").allowed, true);
    assert.equal(decideRcp(store, "333333333333", outsider, "sts:AssumeRole", "*").allowed, true);
  });
});

describe("CreateAccount", () => {
  it("makes an account of the world: persisted, with a canonical user ID, found by get, list and byCanonicalId", () => {
    const s = createAccount(scope, org, { email: "echo@example.com", accountName: "echo" });
    assert.equal(s.state, "IN_PROGRESS");
    const done = store.getOrgEntity("createAccountStatus", s.id);
    const id = done?.accountId ?? "";
    assert.equal(done?.state, "SUCCEEDED");
    const again = new IdentityDirectory(DEFAULT_WORLD, canonical, store);
    const a = again.get(id);
    assert.deepEqual(a, { id, name: "echo", email: "echo@example.com", canonicalUserId: canonical(id) });
    assert.deepEqual(again.byCanonicalId(canonical(id)), a);
    assert.deepEqual(again.list().map((x) => x.id), ["111111111111", "222222222222", "333333333333", id]);
    const role = store.get("role", id, "OrganizationAccountAccessRole");
    assert.deepEqual(role?.attachedPolicies, ["arn:aws:iam::aws:policy/AdministratorAccess"]);
    assert.equal(JSON.parse(role?.trustPolicy ?? "{}").Statement[0].Principal.AWS, "arn:aws:iam::111111111111:root");
    assert.equal(store.getOrgEntity("member", id)?.joinedMethod, "CREATED");
  });

  it("uses the role name asked for, and refuses bad input with InvalidInputException", () => {
    const s = createAccount(scope, org, { email: "f@example.com", accountName: "f", roleName: "Admin" });
    const id = store.getOrgEntity("createAccountStatus", s.id)?.accountId ?? "";
    assert.ok(store.get("role", id, "Admin"));
    rejectsWith(() => createAccount(scope, org, { email: "not-an-email", accountName: "g" }), "InvalidInputException");
    rejectsWith(() => createAccount(scope, org, { email: "g@example.com", accountName: "x".repeat(51) }), "InvalidInputException", "INVALID_PATTERN");
  });
});

describe("structure rules", () => {
  it("nests OUs at most five levels deep", () => {
    let parent = org.rootId;
    for (let i = 1; i <= 5; i++) parent = createOrganizationalUnit(scope, org, parent, `level${i}`).id;
    rejectsWith(() => createOrganizationalUnit(scope, org, parent, "level6"), "ConstraintViolationException", "OU_DEPTH_LIMIT_EXCEEDED");
  });

  it("deletes an empty OU with its attachments", () => {
    const ou = createOrganizationalUnit(scope, org, org.rootId, "tmp");
    assert.equal(store.listOrgAttachments(org.id, { targetId: ou.id }).length, 1);
    deleteOrganizationalUnit(scope, org, ou.id);
    assert.equal(store.listOrgAttachments(org.id, { targetId: ou.id }).length, 0);
    rejectsWith(() => deleteOrganizationalUnit(scope, org, ou.id), "OrganizationalUnitNotFoundException");
  });

  it("caps attachments per target at the quota, counting FullAWSAccess", () => {
    for (let i = 1; i < MAX_ATTACHED.SERVICE_CONTROL_POLICY; i++) {
      const p = createOrgPolicy(scope, org, { name: `p${i}`, description: "", type: "SERVICE_CONTROL_POLICY", content: doc("Deny", `s3:Action${i}`) });
      attachOrgPolicy(scope, org, p.id, org.rootId);
    }
    const extra = createOrgPolicy(scope, org, { name: "extra", description: "", type: "SERVICE_CONTROL_POLICY", content: doc("Deny", "s3:Other") });
    rejectsWith(() => attachOrgPolicy(scope, org, extra.id, org.rootId), "ConstraintViolationException", "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
  });

  it("accepts an SCP of exactly the size limit and refuses one character more", () => {
    const base = doc("Deny", "s3:X");
    const padded = (n: number): string => base.replace('"s3:X"', `"s3:${"X".repeat(n - base.length + 1)}"`);
    assert.equal(padded(10240).length, 10240);
    createOrgPolicy(scope, org, { name: "max", description: "", type: "SERVICE_CONTROL_POLICY", content: padded(10240) });
    rejectsWith(() => createOrgPolicy(scope, org, { name: "over", description: "", type: "SERVICE_CONTROL_POLICY", content: padded(10241) }), "ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED");
  });

  it("refuses policy types crossbucket does not serve, and unknown ones as invalid input", () => {
    rejectsWith(() => createOrgPolicy(scope, org, { name: "t", description: "", type: "TAG_POLICY", content: "{}" }), "PolicyTypeNotAvailableForOrganizationException");
    rejectsWith(() => createOrgPolicy(scope, org, { name: "t", description: "", type: "NOPE", content: "{}" }), "InvalidInputException", "INVALID_ENUM_POLICY_TYPE");
  });

  it("an organization with consolidated billing only has no policy types", () => {
    const cb = createOrganization(scope, "333333333333", "CONSOLIDATED_BILLING");
    assert.deepEqual(cb.enabledPolicyTypes, []);
    rejectsWith(() => enablePolicyType(scope, cb, cb.rootId, "SERVICE_CONTROL_POLICY"), "PolicyTypeNotAvailableForOrganizationException");
    assert.deepEqual(orgContextOf(store, "333333333333")?.scps, []);
  });
});

describe("invitations", () => {
  it("invites by email; the invited account accepts once and joins under the root", () => {
    const h = inviteAccount(scope, org, { id: "Bravo@Example.com", type: "EMAIL" }, "join us");
    assert.deepEqual([h.targetAccountId, h.party, h.state], ["222222222222", { id: "Bravo@Example.com", type: "EMAIL" }, "OPEN"]);
    rejectsWith(() => acceptHandshake(scope, "333333333333", h.id), "HandshakeNotFoundException");
    const r = acceptHandshake(scope, "222222222222", h.id);
    assert.equal(r.handshake.state, "ACCEPTED");
    assert.deepEqual([store.getOrgEntity("member", "222222222222")?.parentId, store.getOrgEntity("member", "222222222222")?.joinedMethod], [org.rootId, "INVITED"]);
    rejectsWith(() => acceptHandshake(scope, "222222222222", h.id), "HandshakeAlreadyInStateException");
    rejectsWith(() => inviteAccount(scope, org, { id: "222222222222", type: "ACCOUNT" }, undefined), "HandshakeConstraintViolationException", "ALREADY_IN_AN_ORGANIZATION");
  });

  it("expires after 15 days; a declined or expired invitation cannot be accepted", () => {
    const h = inviteAccount(scope, org, { id: "333333333333", type: "ACCOUNT" }, undefined);
    const later = { ...scope, now: new Date(scope.now.getTime() + 15 * 86_400_000) };
    rejectsWith(() => acceptHandshake(later, "333333333333", h.id), "InvalidHandshakeTransitionException");
    assert.equal(requireHandshake(later, "333333333333", h.id).state, "EXPIRED");
    const again = inviteAccount(later, org, { id: "333333333333", type: "ACCOUNT" }, undefined);
    closeHandshake(later, "333333333333", again.id, "DECLINED");
    rejectsWith(() => acceptHandshake(later, "333333333333", again.id), "InvalidHandshakeTransitionException");
    assert.equal(store.getOrgEntity("member", "333333333333"), undefined);
  });
});
