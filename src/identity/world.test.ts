import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_WORLD, parseWorld, validateWorld, WorldError, type World } from "./world.ts";
import { declaredUserKeys } from "./worldIam.ts";
import { ALL_USERS, LOG_DELIVERY } from "../acl/types.ts";

const ROOT = { accessKeyId: "AKIAROOT000000000001", secretAccessKey: "rootSecret" };
const TRUST = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole" }] };
const ALLOW_S3 = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };

function account(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: "111111111111", name: "alpha", root: ROOT, ...extra };
}

function world(extra: Record<string, unknown> = {}, accountExtra: Record<string, unknown> = {}): Record<string, unknown> {
  return { accounts: [account(accountExtra)], ...extra };
}

/** The world fails with a WorldError at exactly `path`, its message matching `message`. */
function rejects(doc: unknown, path: string, message: RegExp): void {
  assert.throws(
    () => validateWorld(doc),
    (e: unknown) => {
      assert.ok(e instanceof WorldError, `expected a WorldError, got ${String(e)}`);
      assert.equal(e.path, path, e.message);
      assert.match(e.message, message);
      assert.ok(e.message.startsWith(`${path}: `));
      return true;
    },
  );
}

describe("world file: accounts (the foundation's format stays valid)", () => {
  it("accepts the accounts-only format and fills the defaults", () => {
    const w = validateWorld({ accounts: [{ id: 111111111111, name: "alpha", root: ROOT }] });
    const a = w.accounts[0];
    assert.equal(a?.id, "111111111111");
    assert.equal(a?.email, "alpha@example.com");
    assert.deepEqual(a?.iam, { policies: [], groups: [], users: [], roles: [] });
    assert.equal(a?.publicAccessBlock, undefined);
    assert.deepEqual(w.buckets, []);
    assert.equal(w.bucketDefaults, undefined);
  });

  it("round-trips the default world through validation", () => {
    const w = validateWorld(JSON.parse(JSON.stringify(DEFAULT_WORLD)));
    assert.deepEqual(
      w.accounts.map((a) => [a.id, a.root.accessKeyId]),
      DEFAULT_WORLD.accounts.map((a) => [a.id, a.root.accessKeyId]),
    );
  });

  const cases: [string, unknown, string, RegExp][] = [
    ["a world that is not an object", [], "", /accounts/],
    ["no accounts", {}, "/accounts", /non-empty list/],
    ["an account that is not an object", { accounts: ["x"] }, "/accounts/0", /must be an object/],
    ["a bad account ID", { accounts: [account({ id: "12" })] }, "/accounts/0/id", /12-digit/],
    ["a missing name", { accounts: [account({ name: undefined })] }, "/accounts/0/name", /non-empty string/],
    ["a missing root", { accounts: [account({ root: undefined })] }, "/accounts/0/root", /accessKeyId and secretAccessKey/],
    ["a bad root key", { accounts: [account({ root: { accessKeyId: "short", secretAccessKey: "s" } })] }, "/accounts/0/root/accessKeyId", /16 to 128/],
    ["a missing root secret", { accounts: [account({ root: { accessKeyId: ROOT.accessKeyId } })] }, "/accounts/0/root/secretAccessKey", /non-empty string/],
    ["an unknown account field", { accounts: [account({ colour: "red" })] }, "/accounts/0/colour", /not a known account field/],
    ["a duplicate account ID", { accounts: [account(), account({ root: { accessKeyId: "AKIAROOT000000000002", secretAccessKey: "s" } })] }, "/accounts/1/id", /duplicate account ID/],
    ["a duplicate root key", { accounts: [account(), account({ id: "222222222222" })] }, "/accounts/1/root/accessKeyId", /duplicate access key/],
    ["an unknown section", world({ zones: [] }), "/zones", /not a known world section/],
  ];
  for (const [what, doc, path, message] of cases) it(`rejects ${what} at ${path || "the top"}`, () => rejects(doc, path, message));

  it("rejects text that is neither YAML nor JSON at the top", () => {
    assert.throws(() => parseWorld("accounts: [\n"), (e: unknown) => e instanceof WorldError && e.path === "" && /not valid YAML or JSON/.test(e.message));
  });
});

describe("world file: IAM entities", () => {
  it("reads users, groups, roles and managed policies with IAM's defaults", () => {
    const w = validateWorld(
      world({}, {
        policies: [{ name: "Read", path: "/team/", description: "d", document: ALLOW_S3 }],
        groups: [{ name: "readers", inlinePolicies: { g: ALLOW_S3 }, attachedPolicies: ["arn:aws:iam::111111111111:policy/team/Read"] }],
        users: [
          {
            name: "ann",
            path: "/people/",
            tags: { team: "data" },
            groups: ["readers"],
            inlinePolicies: { own: JSON.stringify(ALLOW_S3) },
            attachedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            permissionsBoundary: "arn:aws:iam::111111111111:policy/team/Read",
            accessKeys: [{ accessKeyId: "AKIAANN0000000000001", secretAccessKey: "annSecret" }, { accessKeyId: "AKIAANN0000000000002", secretAccessKey: "old", status: "Inactive" }],
          },
        ],
        roles: [{ name: "reader", trustPolicy: JSON.stringify(TRUST), tags: { purpose: "read" } }],
      }),
    );
    const iam = w.accounts[0]?.iam;
    assert.deepEqual(iam?.policies, [{ name: "Read", path: "/team/", description: "d", document: JSON.stringify(ALLOW_S3) }]);
    assert.deepEqual(iam?.groups, [{ name: "readers", path: "/", inlinePolicies: { g: JSON.stringify(ALLOW_S3) }, attachedPolicies: ["arn:aws:iam::111111111111:policy/team/Read"] }]);
    const ann = iam?.users[0];
    assert.equal(ann?.path, "/people/");
    assert.deepEqual(ann?.tags, [{ key: "team", value: "data" }]);
    assert.equal(ann?.inlinePolicies["own"], JSON.stringify(ALLOW_S3), "a JSON string document is kept as written");
    assert.deepEqual(
      ann?.accessKeys.map((k) => k.status),
      ["Active", "Inactive"],
    );
    const role = iam?.roles[0];
    assert.equal(role?.maxSessionDuration, 3600, "IAM's default MaxSessionDuration");
    assert.equal(role?.path, "/");
    assert.equal(role?.trustPolicy, JSON.stringify(TRUST));
    assert.deepEqual(declaredUserKeys(w.accounts), [
      { accountId: "111111111111", userArn: "arn:aws:iam::111111111111:user/people/ann", accessKeyId: "AKIAANN0000000000001", secretAccessKey: "annSecret", status: "Active" },
      { accountId: "111111111111", userArn: "arn:aws:iam::111111111111:user/people/ann", accessKeyId: "AKIAANN0000000000002", secretAccessKey: "old", status: "Inactive" },
    ]);
  });

  const A = "/accounts/0";
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["users that are not a list", { users: {} }, `${A}/users`, /must be a list/],
    ["a user that is not an object", { users: ["ann"] }, `${A}/users/0`, /must be an object/],
    ["an unknown user field", { users: [{ name: "ann", password: "x" }] }, `${A}/users/0/password`, /not a known user field/],
    ["a user without a name", { users: [{}] }, `${A}/users/0/name`, /non-empty string/],
    ["a user name IAM refuses", { users: [{ name: "ann smith" }] }, `${A}/users/0/name`, /^.*ValidationError: 1 validation error detected: Value 'ann smith' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern/],
    ["a user name too long", { users: [{ name: "u".repeat(65) }] }, `${A}/users/0/name`, /Member must have length less than or equal to 64/],
    ["a bad path", { users: [{ name: "ann", path: "people" }] }, `${A}/users/0/path`, /ValidationError: The specified value for path is invalid/],
    ["duplicate user names (case-insensitively)", { users: [{ name: "ann" }, { name: "ANN" }] }, `${A}/users/1/name`, /duplicate user name ANN/],
    ["a group membership that is not a name", { users: [{ name: "ann", groups: [3] }] }, `${A}/users/0/groups/0`, /must be a group name/],
    ["a bad group name in a membership", { users: [{ name: "ann", groups: ["a b"] }] }, `${A}/users/0/groups/0`, /ValidationError/],
    ["tags that are not a mapping", { users: [{ name: "ann", tags: ["a"] }] }, `${A}/users/0/tags`, /mapping of tag key to value/],
    ["a tag value that is not a string", { users: [{ name: "ann", tags: { cost: 42 } }] }, `${A}/users/0/tags/cost`, /quote it in YAML/],
    ["a reserved tag key", { users: [{ name: "ann", tags: { "aws:x": "y" } }] }, `${A}/users/0/tags`, /InvalidInput: User-defined tag keys can't start with 'aws:'/],
    ["inline policies that are not a mapping", { users: [{ name: "ann", inlinePolicies: [ALLOW_S3] }] }, `${A}/users/0/inlinePolicies`, /mapping of policy name/],
    ["a bad inline policy name", { users: [{ name: "ann", inlinePolicies: { "a/b": ALLOW_S3 } }] }, `${A}/users/0/inlinePolicies/a~1b`, /ValidationError/],
    ["an inline policy of the wrong type", { users: [{ name: "ann", inlinePolicies: { p: 3 } }] }, `${A}/users/0/inlinePolicies/p`, /an object, or a JSON string/],
    ["a malformed inline policy", { users: [{ name: "ann", inlinePolicies: { p: { Version: "2012-10-17", Statement: [{ Effect: "Perhaps", Action: "s3:*", Resource: "*" }] } } }] }, `${A}/users/0/inlinePolicies/p`, /MalformedPolicyDocument: /],
    ["an inline policy that is not JSON", { users: [{ name: "ann", inlinePolicies: { p: "{nope" } }] }, `${A}/users/0/inlinePolicies/p`, /MalformedPolicyDocument/],
    ["attached policies that are not a list", { users: [{ name: "ann", attachedPolicies: "arn" }] }, `${A}/users/0/attachedPolicies`, /must be a list/],
    ["an attached policy that is not an ARN", { users: [{ name: "ann", attachedPolicies: ["ReadOnlyAccess"] }] }, `${A}/users/0/attachedPolicies/0`, /managed policy ARN/],
    ["an attached policy of another account", { users: [{ name: "ann", attachedPolicies: ["arn:aws:iam::222222222222:policy/P"] }] }, `${A}/users/0/attachedPolicies/0`, /NoSuchEntity: Policy arn:aws:iam::222222222222:policy\/P does not exist or is not attachable\./],
    ["an AWS managed policy crossbucket does not know", { users: [{ name: "ann", attachedPolicies: ["arn:aws:iam::aws:policy/NoSuchPolicy"] }] }, `${A}/users/0/attachedPolicies/0`, /NoSuchEntity/],
    ["a boundary that is not a policy ARN", { users: [{ name: "ann", permissionsBoundary: 7 }] }, `${A}/users/0/permissionsBoundary`, /managed policy ARN/],
    ["more than two access keys", { users: [{ name: "ann", accessKeys: [{}, {}, {}] }] }, `${A}/users/0/accessKeys`, /LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2/],
    ["an access key that is not an object", { users: [{ name: "ann", accessKeys: ["AKIA"] }] }, `${A}/users/0/accessKeys/0`, /accessKeyId and secretAccessKey/],
    ["an unknown access key field", { users: [{ name: "ann", accessKeys: [{ accessKeyId: "AKIAANN0000000000001", secretAccessKey: "s", created: "x" }] }] }, `${A}/users/0/accessKeys/0/created`, /not a known access key field/],
    ["a bad access key ID", { users: [{ name: "ann", accessKeys: [{ accessKeyId: "akia-lower", secretAccessKey: "s" }] }] }, `${A}/users/0/accessKeys/0/accessKeyId`, /16 to 128 upper-case/],
    ["a missing secret", { users: [{ name: "ann", accessKeys: [{ accessKeyId: "AKIAANN0000000000001" }] }] }, `${A}/users/0/accessKeys/0/secretAccessKey`, /non-empty string/],
    ["a bad key status", { users: [{ name: "ann", accessKeys: [{ accessKeyId: "AKIAANN0000000000001", secretAccessKey: "s", status: "Disabled" }] }] }, `${A}/users/0/accessKeys/0/status`, /Member must satisfy enum value set: \[Active, Inactive\]/],
    ["a group that is not an object", { groups: [1] }, `${A}/groups/0`, /must be an object/],
    ["an unknown group field", { groups: [{ name: "g", users: [] }] }, `${A}/groups/0/users`, /not a known group field/],
    ["a bad group name", { groups: [{ name: "" }] }, `${A}/groups/0/name`, /non-empty string/],
    ["a malformed group inline policy", { groups: [{ name: "g", inlinePolicies: { p: { Statement: [] } } }] }, `${A}/groups/0/inlinePolicies/p`, /MalformedPolicyDocument/],
    ["a bad group attachment", { groups: [{ name: "g", attachedPolicies: ["arn:aws:s3:::bucket"] }] }, `${A}/groups/0/attachedPolicies/0`, /managed policy ARN/],
    ["duplicate group names", { groups: [{ name: "g" }, { name: "G" }] }, `${A}/groups/1/name`, /duplicate group name/],
    ["a role without a trust policy", { roles: [{ name: "r" }] }, `${A}/roles/0/trustPolicy`, /is required/],
    ["a malformed trust policy", { roles: [{ name: "r", trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] } }] }, `${A}/roles/0/trustPolicy`, /MalformedPolicyDocument/],
    ["a MaxSessionDuration that is not a number", { roles: [{ name: "r", trustPolicy: TRUST, maxSessionDuration: "1h" }] }, `${A}/roles/0/maxSessionDuration`, /number of seconds/],
    ["a MaxSessionDuration below IAM's minimum", { roles: [{ name: "r", trustPolicy: TRUST, maxSessionDuration: 60 }] }, `${A}/roles/0/maxSessionDuration`, /Member must have value greater than or equal to 3600/],
    ["a MaxSessionDuration above IAM's maximum", { roles: [{ name: "r", trustPolicy: TRUST, maxSessionDuration: 50000 }] }, `${A}/roles/0/maxSessionDuration`, /Member must have value less than or equal to 43200/],
    ["a role description too long", { roles: [{ name: "r", trustPolicy: TRUST, description: "d".repeat(1001) }] }, `${A}/roles/0/description`, /length less than or equal to 1000/],
    ["an unknown role field", { roles: [{ name: "r", trustPolicy: TRUST, assumeRolePolicyDocument: TRUST }] }, `${A}/roles/0/assumeRolePolicyDocument`, /not a known role field/],
    ["a bad role name", { roles: [{ name: "r!", trustPolicy: TRUST }] }, `${A}/roles/0/name`, /at 'roleName'/],
    ["duplicate role names", { roles: [{ name: "r", trustPolicy: TRUST }, { name: "R", trustPolicy: TRUST }] }, `${A}/roles/1/name`, /duplicate role name/],
    ["a role boundary of another account", { roles: [{ name: "r", trustPolicy: TRUST, permissionsBoundary: "arn:aws:iam::999999999999:policy/B" }] }, `${A}/roles/0/permissionsBoundary`, /NoSuchEntity/],
    ["a managed policy without a document", { policies: [{ name: "P" }] }, `${A}/policies/0/document`, /is required/],
    ["a malformed managed policy", { policies: [{ name: "P", document: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:GetObject" } } }] }, `${A}/policies/0/document`, /MalformedPolicyDocument/],
    ["a managed policy name too long", { policies: [{ name: "p".repeat(129), document: ALLOW_S3 }] }, `${A}/policies/0/name`, /less than or equal to 128/],
    ["a managed policy description too long", { policies: [{ name: "P", document: ALLOW_S3, description: "d".repeat(1001) }] }, `${A}/policies/0/description`, /less than or equal to 1000/],
    ["an unknown managed policy field", { policies: [{ name: "P", document: ALLOW_S3, versions: [] }] }, `${A}/policies/0/versions`, /not a known managed policy field/],
    ["duplicate managed policy names", { policies: [{ name: "P", document: ALLOW_S3 }, { name: "p", document: ALLOW_S3 }] }, `${A}/policies/1/name`, /duplicate policy name/],
  ];
  for (const [what, extra, path, message] of cases) it(`rejects ${what} at ${path}`, () => rejects(world({}, extra), path, message));

  it("rejects a user key that repeats a root key or another user's key, at the repeated key", () => {
    rejects(world({}, { users: [{ name: "ann", accessKeys: [{ accessKeyId: ROOT.accessKeyId, secretAccessKey: "s" }] }] }), `/accounts/0/users/0/accessKeys/0/accessKeyId`, /duplicate access key/);
    const key = { accessKeyId: "AKIAANN0000000000001", secretAccessKey: "s" };
    const doc = {
      accounts: [account({ users: [{ name: "ann", accessKeys: [key] }] }), { id: "222222222222", name: "bravo", root: { accessKeyId: "AKIAROOT000000000002", secretAccessKey: "s" }, users: [{ name: "bob", accessKeys: [key] }] }],
    };
    rejects(doc, `/accounts/1/users/0/accessKeys/0/accessKeyId`, /duplicate access key AKIAANN0000000000001/);
  });
});

describe("world file: buckets, bucketDefaults and Block Public Access", () => {
  it("reads a bucket with every setting", () => {
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "222222222222" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::lake/*" }] };
    const w = validateWorld(
      world({
        bucketDefaults: "legacy",
        buckets: [
          {
            name: "lake",
            owner: 111111111111,
            region: "eu-west-1",
            versioning: "Enabled",
            objectOwnership: "BucketOwnerPreferred",
            policy,
            acl: [
              { account: "222222222222", permission: "READ" },
              { group: "LogDelivery", permission: "WRITE" },
              { group: ALL_USERS, permission: "READ" },
              { canonicalUser: "a".repeat(64), permission: "READ_ACP" },
            ],
            publicAccessBlock: { BlockPublicAcls: true, RestrictPublicBuckets: true },
          },
          { name: "plain", owner: "alpha", acl: "log-delivery-write", objectOwnership: "none", publicAccessBlock: "none" },
        ],
      }),
    );
    assert.equal(w.bucketDefaults, "legacy");
    const [lake, plain] = w.buckets ?? [];
    assert.equal(lake?.owner, "111111111111", "an unquoted YAML account ID is read as the 12-digit ID");
    assert.equal(lake?.policy, JSON.stringify(policy));
    assert.deepEqual(lake?.acl, {
      kind: "grants",
      grants: [
        { grantee: { kind: "account", accountId: "222222222222" }, permission: "READ" },
        { grantee: { kind: "group", uri: LOG_DELIVERY }, permission: "WRITE" },
        { grantee: { kind: "group", uri: ALL_USERS }, permission: "READ" },
        { grantee: { kind: "canonicalUser", id: "a".repeat(64) }, permission: "READ_ACP" },
      ],
    });
    assert.deepEqual(lake?.publicAccessBlock, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true }, "an omitted flag is false, as in PutPublicAccessBlock");
    assert.deepEqual(plain, { name: "plain", owner: "alpha", objectOwnership: "none", acl: { kind: "canned", name: "log-delivery-write" }, publicAccessBlock: "none" });
  });

  it("reads account-level Block Public Access", () => {
    const w = validateWorld(world({}, { publicAccessBlock: { BlockPublicPolicy: true } }));
    assert.deepEqual(w.accounts[0]?.publicAccessBlock, { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false });
    assert.equal(validateWorld(world({}, { publicAccessBlock: "none" })).accounts[0]?.publicAccessBlock, "none");
  });

  const B = "/buckets/0";
  const bucket = (extra: Record<string, unknown>): Record<string, unknown> => world({ buckets: [{ name: "lake", owner: "111111111111", ...extra }] });
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["buckets that are not a list", world({ buckets: { lake: {} } }), "/buckets", /list of buckets/],
    ["a bucket that is not an object", world({ buckets: ["lake"] }), B, /must be an object/],
    ["a bucket without a name", world({ buckets: [{ owner: "alpha" }] }), `${B}/name`, /non-empty string/],
    ["a bucket without an owner", world({ buckets: [{ name: "lake" }] }), `${B}/owner`, /is required/],
    ["an owner that is a short number", bucket({ owner: 12.5 }), `${B}/owner`, /12-digit/],
    ["an unknown bucket field", bucket({ tags: {} }), `${B}/tags`, /not a known bucket field/],
    ["a bad region", bucket({ region: "Europe" }), `${B}/region`, /region name/],
    ["a bad versioning state", bucket({ versioning: "Disabled" }), `${B}/versioning`, /Enabled or Suspended/],
    ["a bad ownership setting", bucket({ objectOwnership: "BucketOwner" }), `${B}/objectOwnership`, /BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter, or none/],
    ["a policy of the wrong type", bucket({ policy: 42 }), `${B}/policy`, /policy document/],
    ["a policy on another bucket", bucket({ policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::other/*" }] } }), `${B}/policy`, /^\/buckets\/0\/policy: MalformedPolicy: Policy has invalid resource$/],
    ["a policy with an action that fits no resource", bucket({ policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake" }] } }), `${B}/policy`, /MalformedPolicy: Action does not apply to any resource\(s\) in statement/],
    ["a policy text that is not JSON", bucket({ policy: "Version: 2012-10-17" }), `${B}/policy`, /MalformedPolicy: Policies must be valid JSON and the first byte must be '\{'/],
    ["an unknown canned ACL", bucket({ acl: "owner-only" }), `${B}/acl`, /InvalidArgument: owner-only is not a canned ACL/],
    ["an ACL of the wrong type", bucket({ acl: { grants: [] } }), `${B}/acl`, /canned ACL name or a list of grants/],
    ["more than 100 grants", bucket({ acl: Array.from({ length: 101 }, () => ({ group: "AllUsers", permission: "READ" })) }), `${B}/acl`, /MalformedACLError/],
    ["a grant that is not an object", bucket({ acl: ["READ"] }), `${B}/acl/0`, /a grant/],
    ["an email grantee", bucket({ acl: [{ emailAddress: "a@example.com", permission: "READ" }] }), `${B}/acl/0/emailAddress`, /MethodNotAllowed/],
    ["an unknown grant field", bucket({ acl: [{ account: "111111111111", permission: "READ", expires: 1 }] }), `${B}/acl/0/expires`, /not a known grant field/],
    ["a grant without a grantee", bucket({ acl: [{ permission: "READ" }] }), `${B}/acl/0`, /exactly one grantee/],
    ["a grant with two grantees", bucket({ acl: [{ account: "111111111111", group: "AllUsers", permission: "READ" }] }), `${B}/acl/0`, /exactly one grantee/],
    ["a bad permission", bucket({ acl: [{ group: "AllUsers", permission: "read" }] }), `${B}/acl/0/permission`, /FULL_CONTROL, WRITE, WRITE_ACP, READ, READ_ACP/],
    ["a bad account grantee", bucket({ acl: [{ account: "alpha", permission: "READ" }] }), `${B}/acl/0/account`, /12-digit/],
    ["a bad canonical grantee", bucket({ acl: [{ canonicalUser: "ABC", permission: "READ" }] }), `${B}/acl/0/canonicalUser`, /64-hex/],
    ["an unknown group", bucket({ acl: [{ group: "Everyone", permission: "READ" }] }), `${B}/acl/0/group`, /AllUsers, AuthenticatedUsers, LogDelivery/],
    ["BPA settings of the wrong type", bucket({ publicAccessBlock: true }), `${B}/publicAccessBlock`, /four|BlockPublicAcls/],
    ["an unknown BPA flag", bucket({ publicAccessBlock: { BlockPublicAccess: true } }), `${B}/publicAccessBlock/BlockPublicAccess`, /not a known Block Public Access field/],
    ["a BPA flag that is not a boolean", bucket({ publicAccessBlock: { BlockPublicAcls: "yes" } }), `${B}/publicAccessBlock/BlockPublicAcls`, /true or false/],
    ["a duplicate bucket", world({ buckets: [{ name: "lake", owner: "alpha" }, { name: "lake", owner: "alpha" }] }), "/buckets/1/name", /duplicate bucket lake/],
    ["bad bucket defaults", world({ bucketDefaults: "2020" }), "/bucketDefaults", /current .* or legacy/],
    ["bad account-level BPA", world({}, { publicAccessBlock: "all" }), "/accounts/0/publicAccessBlock", /or none/],
  ];
  for (const [what, doc, path, message] of cases) it(`rejects ${what} at ${path}`, () => rejects(doc, path, message));
});

describe("examples/worlds/data-lake.yaml", () => {
  it("validates, with three accounts, two buckets, legacy defaults and two IAM users' keys", () => {
    const text = readFileSync(fileURLToPath(new URL("../../examples/worlds/data-lake.yaml", import.meta.url)), "utf8");
    const w: World = parseWorld(text);
    assert.deepEqual(
      w.accounts.map((a) => a.name),
      ["data-lake", "ingest", "analytics"],
    );
    assert.equal(w.bucketDefaults, "legacy");
    assert.deepEqual(
      w.buckets?.map((b) => b.name),
      ["data-lake", "analytics-results"],
    );
    assert.deepEqual(
      declaredUserKeys(w.accounts).map((k) => k.userArn),
      ["arn:aws:iam::222222222222:user/ingest/uploader", "arn:aws:iam::333333333333:user/analyst"],
    );
  });
});
