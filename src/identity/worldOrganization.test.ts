/**
 * The world file's `organization` section: validation messages with the path of the bad entry, and
 * applying it (twice gives the same state, also over an organization changed through the API).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { IdentityDirectory } from "./credentials.ts";
import { orgContextOf } from "./organizations.ts";
import { parseWorld, WorldError } from "./world.ts";
import { applyWorldOrganization } from "./worldOrganization.ts";

const ACCOUNTS = `
accounts:
  - { id: "111111111111", name: alpha, root: { accessKeyId: AKIAALPHA00000000001, secretAccessKey: a } }
  - { id: "222222222222", name: bravo, root: { accessKeyId: AKIABRAVO00000000002, secretAccessKey: b } }
  - { id: "333333333333", name: charlie, root: { accessKeyId: AKIACHARLIE000000003, secretAccessKey: c } }
`;

const LAKE = `${ACCOUNTS}
organization:
  managementAccount: "111111111111"
  policyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]
  accounts: ["222222222222"]
  units:
    - name: Workloads
      units:
        - name: Prod
          accounts: ["333333333333"]
  policies:
    - name: NoLeaving
      type: SERVICE_CONTROL_POLICY
      description: members stay
      content: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*" }] }
      targets: [root, Workloads/Prod]
    - name: OrgOnly
      type: RESOURCE_CONTROL_POLICY
      content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}'
      targets: ["333333333333"]
`;

function badAt(text: string, path: string, message: RegExp): void {
  assert.throws(() => parseWorld(text), (e: unknown) => {
    assert.ok(e instanceof WorldError, String(e));
    assert.equal(e.path, path);
    assert.match(e.message, message);
    return true;
  });
}

describe("validation", () => {
  it("reads the organization section", () => {
    const w = parseWorld(LAKE);
    assert.equal(w.organization?.managementAccountId, "111111111111");
    assert.deepEqual(w.organization?.accounts, ["222222222222"]);
    assert.equal(w.organization?.units[0]?.units[0]?.name, "Prod");
    assert.deepEqual(w.organization?.policies.map((p) => p.targets), [[{ kind: "root" }, { kind: "unit", path: ["Workloads", "Prod"] }], [{ kind: "account", id: "333333333333" }]]);
  });

  it("keeps worlds without an organization valid", () => {
    assert.equal(parseWorld(ACCOUNTS).organization, undefined);
  });

  it("names the bad entry", () => {
    badAt(`${ACCOUNTS}\norganization: { managementAccount: "444444444444" }`, "/organization/managementAccount", /not in the world's accounts/);
    badAt(`${ACCOUNTS}\norganization: { managementAccount: "111111111111", accounts: ["222222222222"], units: [{ name: A, accounts: ["222222222222"] }] }`, "/organization/units/0/accounts/0", /placed twice/);
    badAt(`${ACCOUNTS}\norganization: { managementAccount: "111111111111", units: [{ name: A }, { name: A }] }`, "/organization/units/1/name", /duplicate unit name A/);
    badAt(`${ACCOUNTS}\norganization: { managementAccount: "111111111111", colour: blue }`, "/organization/colour", /not a known organization field/);
    badAt(
      `${ACCOUNTS}\norganization: { managementAccount: "111111111111", policies: [{ name: p, type: SERVICE_CONTROL_POLICY, content: { Statement: [{ Effect: Deny, Principal: "*", Action: "*", Resource: "*" }] } }] }`,
      "/organization/policies/0/content",
      /does not meet the requirements of the specified policy type/,
    );
    badAt(`${ACCOUNTS}\norganization: { managementAccount: "111111111111", policies: [{ name: p, type: RESOURCE_CONTROL_POLICY, content: "{}" }] }`, "/organization/policies/0/type", /not among the organization's policyTypes/);
    badAt(
      `${ACCOUNTS}\norganization: { managementAccount: "111111111111", policies: [{ name: p, type: SERVICE_CONTROL_POLICY, content: { Statement: [{ Effect: Deny, Action: "*", Resource: "*" }] }, targets: [Nowhere] }] }`,
      "/organization/policies/0/targets/0",
      /unit path/,
    );
    badAt(
      `${ACCOUNTS}\norganization: { managementAccount: "111111111111", policies: [{ name: p, type: SERVICE_CONTROL_POLICY, content: { Statement: [{ Effect: Deny, Action: "*", Resource: "*" }] }, targets: ["222222222222"] }] }`,
      "/organization/policies/0/targets/0",
      /not a member of the organization/,
    );
    const deep = (n: number): string => (n === 0 ? "[]" : `[{ name: L${n}, units: ${deep(n - 1)} }]`);
    parseWorld(`${ACCOUNTS}\norganization: { managementAccount: "111111111111", units: ${deep(5)} }`);
    badAt(`${ACCOUNTS}\norganization: { managementAccount: "111111111111", units: ${deep(6)} }`, "/organization/units/0/units/0/units/0/units/0/units/0/units/0", /at most 5 levels/);
  });
});

describe("applying", () => {
  const canonical = (id: string): string => createHash("sha256").update(id).digest("hex");
  const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

  it("builds the organization, and applying again changes nothing", () => {
    const world = parseWorld(LAKE);
    const store = openSqliteIdentityStore(":memory:");
    const scope = { store, accounts: new IdentityDirectory(world, canonical, store), now: new Date("2026-06-01T00:00:00Z"), random };
    const org = applyWorldOrganization(scope, world.organization ?? assert.fail());
    const snapshot = (): unknown => ({
      orgs: store.listOrgEntities("organization"),
      units: store.listOrgEntities("unit", org.id),
      members: store.listOrgEntities("member", org.id),
      policies: store.listOrgEntities("policy", org.id),
      attachments: store.listOrgAttachments(org.id),
    });
    const first = snapshot();
    const again = applyWorldOrganization(scope, world.organization ?? assert.fail());
    assert.equal(again.id, org.id);
    assert.deepEqual(snapshot(), first);
    const charlie = orgContextOf(store, "333333333333");
    assert.equal(charlie?.paths[0]?.split("/").length, 5); // o-…/r-…/ou-…/ou-…/
    assert.deepEqual(charlie?.scps.map((l) => l.length), [2, 1, 2, 1]);
    assert.deepEqual(charlie?.rcps.map((l) => l.length), [1, 1, 1, 2]);
    assert.deepEqual(orgContextOf(store, "222222222222")?.paths, [`${org.id}/${org.rootId}/`]);
  });

  it("puts back what the world declares after changes through the API, keeping the rest", () => {
    const world = parseWorld(LAKE);
    const store = openSqliteIdentityStore(":memory:");
    const scope = { store, accounts: new IdentityDirectory(world, canonical, store), now: new Date("2026-06-01T00:00:00Z"), random };
    const org = applyWorldOrganization(scope, world.organization ?? assert.fail());
    const member = store.getOrgEntity("member", "333333333333");
    store.putOrgEntity("member", { ...(member ?? assert.fail()), parentId: org.rootId });
    const policy = store.listOrgEntities("policy", org.id).find((p) => p.name === "NoLeaving") ?? assert.fail();
    store.putOrgEntity("policy", { ...policy, content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}' });
    applyWorldOrganization(scope, world.organization ?? assert.fail());
    assert.notEqual(store.getOrgEntity("member", "333333333333")?.parentId, org.rootId);
    assert.match(store.getOrgEntity("policy", policy.id)?.content ?? "", /LeaveOrganization/);
  });

  it("refuses a management account that is a member of another organization", () => {
    const world = parseWorld(LAKE);
    const store = openSqliteIdentityStore(":memory:");
    const scope = { store, accounts: new IdentityDirectory(world, canonical, store), now: new Date("2026-06-01T00:00:00Z"), random };
    const other = parseWorld(`${ACCOUNTS}\norganization: { managementAccount: "222222222222", accounts: ["111111111111"] }`);
    applyWorldOrganization(scope, other.organization ?? assert.fail());
    assert.throws(() => applyWorldOrganization(scope, world.organization ?? assert.fail()), /account 111111111111 is a member of o-[a-z0-9]{10}, not its management account/);
  });
});
