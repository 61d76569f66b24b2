import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { aclFromJson } from "../acl/acl-json.ts";
import { ALL_USERS } from "../acl/types.ts";
import { createAccessKey } from "../identity/accessKeys.ts";
import { IdentityDirectory } from "../identity/credentials.ts";
import { parseWorld, validateWorld, WorldError, type World } from "../identity/world.ts";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { openSqliteMetadataStore } from "../storage/meta-sqlite/sqliteMetadataStore.ts";
import type { BucketDefaults } from "../identity/worldBuckets.ts";
import { seedWorld } from "./seedWorld.ts";
import { canonicalUserId } from "./system.ts";
import { IdentityPolicies } from "../identity/identityPolicies.ts";

const ROOT_A = { accessKeyId: "AKIAROOT000000000001", secretAccessKey: "rootA" };
const ROOT_B = { accessKeyId: "AKIAROOT000000000002", secretAccessKey: "rootB" };
const TRUST = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole" }] };
const doc = (action: string, resource = "*") => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: resource }] });
const ALL_ON = '{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}';

/** Two accounts; `a` and `b` extend the accounts, `rest` the world. */
function world(a: Record<string, unknown> = {}, rest: Record<string, unknown> = {}, b: Record<string, unknown> = {}): World {
  return validateWorld({ accounts: [{ id: "111111111111", name: "alpha", root: ROOT_A, ...a }, { id: "222222222222", name: "bravo", root: ROOT_B, ...b }], ...rest });
}

const DATA_LAKE = parseWorld(readFileSync(fileURLToPath(new URL("../../examples/worlds/data-lake.yaml", import.meta.url)), "utf8"));
const opened: { close(): void }[] = [];
after(() => opened.forEach((s) => s.close()));

/** Fresh in-memory stores for the accounts of `accountsOf`. */
function stores(accountsOf: World = world()) {
  const meta = openSqliteMetadataStore(":memory:");
  const store = openSqliteIdentityStore(":memory:");
  opened.push(meta, store);
  const identity = new IdentityDirectory(accountsOf, canonicalUserId, store);
  const policies = new IdentityPolicies(store, () => identity.list().map((a) => a.id));
  const now = new Date("2026-01-02T03:04:05Z");
  const apply = (w: World, bucketDefaults: BucketDefaults = "current") => seedWorld(w, { meta, identity, region: "us-east-1", bucketDefaults, now, random: (n) => new Uint8Array(randomBytes(n)), principalExists: (v) => policies.principalExists(v) });
  const scope = (accountId = "111111111111") => ({ store, accountId, now, random: (n: number) => new Uint8Array(randomBytes(n)) });
  /** Everything the stores hold about the world's accounts and buckets. */
  const snapshot = () =>
    JSON.stringify({
      iam: identity.list().map((a) => ({
        users: store.list("user", a.id).map((u) => ({ ...u, keys: store.listAccessKeys(a.id, u.name) })),
        groups: store.list("group", a.id),
        roles: store.list("role", a.id),
        policies: store.list("policy", a.id),
        bpa: meta.getAccountConfig(a.id, "publicAccessBlock"),
      })),
      buckets: meta.listBuckets().map((b) => ({ ...b, config: ["ownership", "acl", "policy", "publicAccessBlock"].map((n) => meta.getBucketConfig(b.name, n)) })),
    });
  return { meta, store, identity, apply, scope, snapshot, now };
}

function failsAt(fn: () => unknown, path: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WorldError, `expected a WorldError, got ${String(e)}`);
    assert.equal(e.path, path, e.message);
    assert.match(e.message, message);
    return true;
  });
}

describe("seedWorld: the data-lake example", () => {
  it("creates its IAM entities and buckets, and a second application changes nothing", () => {
    const s = stores(DATA_LAKE);
    assert.deepEqual(s.apply(DATA_LAKE, "legacy").createdBuckets, ["data-lake", "analytics-results"]);
    const first = s.snapshot();
    assert.deepEqual(s.apply(DATA_LAKE, "legacy").createdBuckets, []);
    assert.equal(s.snapshot(), first, "same state: no duplicates, same unique IDs and dates");

    const uploader = s.store.get("user", "222222222222", "uploader");
    assert.equal(uploader?.path, "/ingest/");
    assert.deepEqual(uploader?.groups, ["uploaders"]);
    assert.equal(uploader?.permissionsBoundary, "arn:aws:iam::222222222222:policy/IngestBoundary");
    assert.deepEqual(uploader?.tags, [{ key: "team", value: "ingest" }]);
    assert.deepEqual(Object.keys(uploader?.inlinePolicies ?? {}), ["self-and-role"]);
    assert.deepEqual(s.store.get("group", "222222222222", "uploaders")?.attachedPolicies, ["arn:aws:iam::222222222222:policy/DataLakeWrite"]);
    const reader = s.store.get("role", "111111111111", "lake-reader");
    assert.equal(reader?.maxSessionDuration, 7200);
    assert.match(reader?.id ?? "", /^AROA[A-Z2-7]{17}$/);
    assert.deepEqual(reader?.attachedPolicies, ["arn:aws:iam::111111111111:policy/data-lake/DataLakeRead"]);
    assert.equal(s.store.get("role", "222222222222", "ingest-writer")?.permissionsBoundary, "arn:aws:iam::222222222222:policy/IngestBoundary");
    assert.equal(s.store.get("policy", "111111111111", "DataLakeRead")?.path, "/data-lake/");

    assert.equal(s.meta.getBucket("data-lake")?.versioning, "Enabled");
    assert.equal(s.meta.getBucketConfig("data-lake", "ownership"), "ObjectWriter");
    assert.equal(s.meta.getBucketConfig("data-lake", "publicAccessBlock"), ALL_ON);
    assert.equal(s.meta.getAccountConfig("111111111111", "publicAccessBlock"), ALL_ON);
    const acl = aclFromJson(s.meta.getBucketConfig("data-lake", "acl") ?? "");
    assert.deepEqual(acl, {
      owner: { id: canonicalUserId("111111111111") },
      grants: [
        { grantee: { type: "CanonicalUser", id: canonicalUserId("111111111111") }, permission: "FULL_CONTROL" },
        { grantee: { type: "CanonicalUser", id: canonicalUserId("333333333333") }, permission: "READ" },
      ],
    });
    assert.equal(JSON.parse(s.meta.getBucketConfig("data-lake", "policy") ?? "{}").Statement[1].Principal.AWS, "arn:aws:iam::333333333333:role/transform");
    assert.equal(s.meta.getBucket("analytics-results")?.ownerAccountId, "333333333333", "owner given as an account ID");
    assert.equal(s.meta.getBucketConfig("analytics-results", "ownership"), undefined, "legacy defaults: no ownership controls");
    assert.equal(s.meta.getBucketConfig("analytics-results", "publicAccessBlock"), undefined, "legacy defaults: no BPA");
  });

  it("makes the declared keys resolve to their IAM users", () => {
    const s = stores(DATA_LAKE);
    s.apply(DATA_LAKE, "legacy");
    const found = s.identity.resolve("AKIAINGESTUPLOADER01", s.now);
    assert.equal(found.kind, "found");
    assert.equal(found.kind === "found" ? found.principal.arn : "", "arn:aws:iam::222222222222:user/ingest/uploader");
    assert.equal(found.kind === "found" ? found.secretAccessKey : "", "ingestUploaderSecret0000000000000000000001");
  });
});

describe("seedWorld: IAM entities are brought to their declared state", () => {
  const first = world({
    policies: [{ name: "P", document: doc("s3:GetObject") }, { name: "B", document: doc("s3:*") }],
    groups: [{ name: "g1", inlinePolicies: { gp: doc("s3:ListBucket") } }, { name: "g2" }],
    users: [
      {
        name: "ann",
        tags: { team: "a", cost: "1" },
        groups: ["g1", "g2"],
        inlinePolicies: { keep: doc("s3:GetObject"), drop: doc("s3:PutObject") },
        attachedPolicies: ["arn:aws:iam::111111111111:policy/P", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
        permissionsBoundary: "arn:aws:iam::111111111111:policy/B",
        accessKeys: [{ accessKeyId: "AKIAANN0000000000001", secretAccessKey: "one" }],
      },
    ],
    roles: [{ name: "r", description: "first", trustPolicy: TRUST, maxSessionDuration: 7200, tags: { a: "1" }, permissionsBoundary: "arn:aws:iam::111111111111:policy/B", inlinePolicies: { x: doc("s3:GetObject") } }],
  });
  const second = world({
    policies: [{ name: "P", document: doc("s3:GetObjectVersion"), description: "now described" }, { name: "B", document: doc("s3:*") }],
    groups: [{ name: "g1", path: "/moved/" }, { name: "g2" }],
    users: [
      {
        name: "ann",
        path: "/people/",
        tags: { team: "b" },
        groups: ["g2"],
        inlinePolicies: { keep: doc("s3:GetObjectAcl") },
        attachedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        accessKeys: [{ accessKeyId: "AKIAANN0000000000001", secretAccessKey: "rotated", status: "Inactive" }],
      },
    ],
    roles: [{ name: "r", trustPolicy: { ...TRUST, Statement: [{ ...TRUST.Statement[0], Principal: { AWS: "arn:aws:iam::222222222222:user/bob" } }] } }],
  });

  it("updates what changed and removes what the world no longer declares, keeping identities", () => {
    const s = stores();
    s.apply(first);
    const ann1 = s.store.get("user", "111111111111", "ann");
    const role1 = s.store.get("role", "111111111111", "r");
    s.apply(second);
    const ann = s.store.get("user", "111111111111", "ann");
    assert.equal(ann?.id, ann1?.id, "the user keeps its unique ID");
    assert.equal(ann?.path, "/people/");
    assert.deepEqual(ann?.tags, [{ key: "team", value: "b" }]);
    assert.deepEqual(ann?.groups, ["g2"]);
    assert.deepEqual(ann?.inlinePolicies, { keep: JSON.stringify(doc("s3:GetObjectAcl")) });
    assert.deepEqual(ann?.attachedPolicies, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    assert.equal(ann?.permissionsBoundary, undefined);
    assert.deepEqual(s.store.listAccessKeys("111111111111", "ann").map((k) => [k.accessKeyId, k.secretAccessKey, k.status]), [["AKIAANN0000000000001", "rotated", "Inactive"]]);
    assert.equal(s.identity.resolve("AKIAANN0000000000001", s.now).kind, "unknown", "an Inactive key signs nothing");

    const g1 = s.store.get("group", "111111111111", "g1");
    assert.equal(g1?.path, "/moved/");
    assert.deepEqual(g1?.inlinePolicies, {});

    const role = s.store.get("role", "111111111111", "r");
    assert.equal(role?.id, role1?.id);
    assert.match(role?.trustPolicy ?? "", /user\/bob/);
    assert.equal(role?.maxSessionDuration, 3600);
    assert.equal(role?.description, undefined);
    assert.deepEqual(role?.tags, []);
    assert.equal(role?.permissionsBoundary, undefined);
    assert.deepEqual(role?.inlinePolicies, {});

    const p = s.store.get("policy", "111111111111", "P");
    assert.deepEqual(p?.versions.map((v) => v.versionId), ["v1", "v2"], "a changed document becomes a new default version");
    assert.equal(p?.defaultVersionId, "v2");
    assert.equal(p?.description, "now described");
    const again = s.snapshot();
    s.apply(second);
    assert.equal(s.snapshot(), again);
  });

  it("keeps the five-version limit by dropping the oldest non-default version", () => {
    const s = stores();
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetObjectAcl", "s3:PutObjectAcl", "s3:DeleteObject", "s3:GetObjectTagging"]) {
      s.apply(world({ policies: [{ name: "P", document: doc(action) }] }));
    }
    const p = s.store.get("policy", "111111111111", "P");
    assert.deepEqual(p?.versions.map((v) => v.versionId), ["v3", "v4", "v5", "v6", "v7"]);
    assert.equal(p?.defaultVersionId, "v7");
  });

  it("keeps keys created through the API, and reports the quota at the key that exceeds it", () => {
    const s = stores();
    const one = { accessKeyId: "AKIAANN0000000000001", secretAccessKey: "one" };
    s.apply(world({ users: [{ name: "ann", accessKeys: [one] }] }));
    const api = createAccessKey(s.scope(), "ann");
    s.apply(world({ users: [{ name: "ann", accessKeys: [one] }] }));
    assert.deepEqual(
      s.store.listAccessKeys("111111111111", "ann").map((k) => k.accessKeyId).sort(),
      [one.accessKeyId, api.accessKeyId].sort(),
    );
    failsAt(() => s.apply(world({ users: [{ name: "ann", accessKeys: [one, { accessKeyId: "AKIAANN0000000000002", secretAccessKey: "two" }] }] })), "/accounts/0/users/0/accessKeys/1", /LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2/);
  });

  it("refuses a key that belongs to another user, and rolls the whole world back", () => {
    const s = stores();
    const key = { accessKeyId: "AKIAANN0000000000001", secretAccessKey: "one" };
    s.apply(world({ users: [{ name: "ann", accessKeys: [key] }] }));
    const before = s.snapshot();
    failsAt(() => s.apply(world({ users: [{ name: "ann" }, { name: "bob", accessKeys: [key] }] })), "/accounts/0/users/1/accessKeys/0", /EntityAlreadyExists: The access key AKIAANN0000000000001 already belongs to user ann of account 111111111111\./);
    assert.equal(s.snapshot(), before, "bob was not created");
  });
});

describe("seedWorld: checks that need the stores, each at its path", () => {
  const big = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: Array.from({ length: 80 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) }] };
  const cases: [string, World, string, RegExp][] = [
    ["a membership of a group that does not exist", world({ users: [{ name: "ann", groups: ["nope"] }] }), "/accounts/0/users/0/groups/0", /NoSuchEntity: The group with name nope cannot be found\./],
    ["an attached policy of the account that does not exist", world({ users: [{ name: "ann", attachedPolicies: ["arn:aws:iam::111111111111:policy/Nope"] }] }), "/accounts/0/users/0/attachedPolicies/0", /NoSuchEntity: Policy arn:aws:iam::111111111111:policy\/Nope does not exist or is not attachable\./],
    ["a policy attached with the wrong path", world({ policies: [{ name: "P", path: "/a/", document: doc("s3:GetObject") }], groups: [{ name: "g", attachedPolicies: ["arn:aws:iam::111111111111:policy/P"] }] }), "/accounts/0/groups/0/attachedPolicies/0", /NoSuchEntity/],
    ["a user boundary that does not exist", world({ users: [{ name: "ann", permissionsBoundary: "arn:aws:iam::111111111111:policy/B" }] }), "/accounts/0/users/0/permissionsBoundary", /NoSuchEntity: Policy arn:aws:iam::111111111111:policy\/B/],
    ["a role boundary that does not exist", world({ roles: [{ name: "r", trustPolicy: TRUST, permissionsBoundary: "arn:aws:iam::111111111111:policy/B" }] }), "/accounts/0/roles/0/permissionsBoundary", /NoSuchEntity/],
    ["inline policies over IAM's size limit", world({ users: [{ name: "ann", inlinePolicies: { big } }] }), "/accounts/0/users/0/inlinePolicies/big", /LimitExceeded: Maximum policy size of 2048 bytes exceeded for user ann/],
    [
      "more than ten attached policies",
      world({ policies: Array.from({ length: 11 }, (_, i) => ({ name: `P${i}`, document: doc("s3:GetObject") })), roles: [{ name: "r", trustPolicy: TRUST, attachedPolicies: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::111111111111:policy/P${i}`) }] }),
      "/accounts/0/roles/0/attachedPolicies/10",
      /LimitExceeded: Cannot exceed quota for PoliciesPerRole: 10/,
    ],
    ["an invalid bucket name", world({}, { buckets: [{ name: "Data_Lake", owner: "alpha" }] }), "/buckets/0/name", /InvalidBucketName: Data_Lake breaks the bucket naming rule "characters"/],
    ["an owner that is no account", world({}, { buckets: [{ name: "lake", owner: "zulu" }] }), "/buckets/0/owner", /zulu is neither the ID nor the name of an account/],
    ["grants to others under BucketOwnerEnforced", world({}, { buckets: [{ name: "lake", owner: "alpha", objectOwnership: "BucketOwnerEnforced", acl: [{ account: "222222222222", permission: "READ" }] }] }), "/buckets/0/acl", /^\/buckets\/0\/acl: InvalidBucketAclWithObjectOwnership: Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting$/],
    ["a public canned ACL under the current defaults' BucketOwnerEnforced", world({}, { buckets: [{ name: "lake", owner: "alpha", acl: "public-read" }] }), "/buckets/0/acl", /InvalidBucketAclWithObjectOwnership: .* \(objectOwnership is BucketOwnerEnforced by default under the current bucket defaults\)/],
    ["a grant to an account outside the world", world({}, { buckets: [{ name: "lake", owner: "alpha", objectOwnership: "ObjectWriter", acl: [{ account: "999999999999", permission: "READ" }] }] }), "/buckets/0/acl/0/account", /999999999999 is not an account of the world/],
    ["a grant to an unknown canonical ID", world({}, { buckets: [{ name: "lake", owner: "alpha", objectOwnership: "ObjectWriter", acl: [{ group: "AllUsers", permission: "READ" }, { canonicalUser: "b".repeat(64), permission: "READ" }] }] }), "/buckets/0/acl/1", /InvalidArgument: Invalid id/],
    [
      "a bucket policy naming a role that does not exist",
      world({}, { buckets: [{ name: "lake", owner: "alpha", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/ghost" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::lake/*" }] } }] }),
      "/buckets/0/policy",
      /^\/buckets\/0\/policy: MalformedPolicy: Invalid principal in policy$/,
    ],
  ];
  for (const [what, w, path, message] of cases) {
    it(`refuses ${what} at ${path}, leaving the stores untouched`, () => {
      const s = stores();
      const before = s.snapshot();
      failsAt(() => s.apply(w), path, message);
      assert.equal(s.snapshot(), before);
    });
  }

  it("refuses a bucket of the data folder owned by another account, or in another region", () => {
    const s = stores();
    s.meta.createBucket({ name: "lake", ownerAccountId: "222222222222", region: "us-east-1", createdAt: s.now, versioning: "Unversioned" });
    failsAt(() => s.apply(world({}, { buckets: [{ name: "lake", owner: "alpha" }] })), "/buckets/0/owner", /BucketAlreadyExists: bucket lake exists in the data folder and belongs to account 222222222222/);
    failsAt(() => s.apply(world({}, { buckets: [{ name: "lake", owner: "bravo", region: "eu-west-1" }] })), "/buckets/0/region", /exists in region us-east-1; a bucket's region cannot change/);
  });

  it("refuses to move a managed policy or a role, as IAM cannot", () => {
    const s = stores();
    s.apply(world({ policies: [{ name: "P", document: doc("s3:GetObject") }], roles: [{ name: "r", trustPolicy: TRUST }] }));
    failsAt(() => s.apply(world({ policies: [{ name: "P", path: "/x/", document: doc("s3:GetObject") }] })), "/accounts/0/policies/0/path", /IAM cannot move a managed policy/);
    failsAt(() => s.apply(world({ roles: [{ name: "r", path: "/x/", trustPolicy: TRUST }] })), "/accounts/0/roles/0/path", /IAM cannot move a role/);
  });

  it("rolls the IAM part back when a bucket fails", () => {
    const s = stores();
    failsAt(() => s.apply(world({ users: [{ name: "ann" }] }, { buckets: [{ name: "ok-bucket", owner: "alpha" }, { name: "x", owner: "alpha" }] })), "/buckets/1/name", /InvalidBucketName/);
    assert.equal(s.store.get("user", "111111111111", "ann"), undefined);
    assert.deepEqual(s.meta.listBuckets(), []);
  });
});

describe("seedWorld: buckets", () => {
  it("gives an undeclared setting the current defaults, as CreateBucket does", () => {
    const s = stores();
    s.apply(world({}, { buckets: [{ name: "lake", owner: "alpha" }] }));
    assert.equal(s.meta.getBucketConfig("lake", "ownership"), "BucketOwnerEnforced");
    assert.equal(s.meta.getBucketConfig("lake", "publicAccessBlock"), ALL_ON);
    assert.equal(s.meta.getBucketConfig("lake", "policy"), undefined);
    assert.deepEqual(aclFromJson(s.meta.getBucketConfig("lake", "acl") ?? "").grants, [{ grantee: { type: "CanonicalUser", id: canonicalUserId("111111111111") }, permission: "FULL_CONTROL" }]);
    assert.equal(s.meta.getBucket("lake")?.region, "us-east-1");
    assert.equal(s.meta.getBucket("lake")?.versioning, "Unversioned");
  });

  it("gives an undeclared setting the legacy defaults: no ownership controls, no BPA", () => {
    const s = stores();
    s.apply(world({}, { buckets: [{ name: "lake", owner: "alpha", acl: "public-read" }] }), "legacy");
    assert.equal(s.meta.getBucketConfig("lake", "ownership"), undefined);
    assert.equal(s.meta.getBucketConfig("lake", "publicAccessBlock"), undefined);
    assert.deepEqual(aclFromJson(s.meta.getBucketConfig("lake", "acl") ?? "").grants.map((g) => g.grantee.type === "Group" && g.grantee.uri), [false, ALL_USERS]);
  });

  it("stores no ownership controls or BPA for `none`, and a public ACL beside BPA (BPA refuses later requests; it removes no ACL)", () => {
    const s = stores();
    s.apply(world({}, { buckets: [{ name: "lake", owner: "alpha", objectOwnership: "none", publicAccessBlock: "none" }, { name: "old-public", owner: "alpha", objectOwnership: "ObjectWriter", acl: "public-read" }] }));
    assert.equal(s.meta.getBucketConfig("lake", "ownership"), undefined);
    assert.equal(s.meta.getBucketConfig("lake", "publicAccessBlock"), undefined);
    assert.equal(s.meta.getBucketConfig("old-public", "publicAccessBlock"), ALL_ON);
    assert.equal(aclFromJson(s.meta.getBucketConfig("old-public", "acl") ?? "").grants.length, 2);
  });

  it("brings a declared bucket back to its declared state", () => {
    const s = stores();
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "222222222222" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::lake/*" }] };
    s.apply(world({}, { buckets: [{ name: "lake", owner: "alpha", versioning: "Enabled", objectOwnership: "BucketOwnerPreferred", policy, acl: [{ account: "222222222222", permission: "WRITE" }], publicAccessBlock: { BlockPublicAcls: true } }] }));
    assert.equal(s.meta.getBucketConfig("lake", "policy"), JSON.stringify(policy));
    assert.equal(s.meta.getBucketConfig("lake", "publicAccessBlock"), '{"BlockPublicAcls":true,"IgnorePublicAcls":false,"BlockPublicPolicy":false,"RestrictPublicBuckets":false}');
    s.apply(world({}, { buckets: [{ name: "lake", owner: "111111111111", versioning: "Suspended" }] }));
    assert.equal(s.meta.getBucket("lake")?.versioning, "Suspended");
    assert.equal(s.meta.getBucketConfig("lake", "ownership"), "BucketOwnerEnforced");
    assert.equal(s.meta.getBucketConfig("lake", "policy"), undefined);
    assert.equal(s.meta.getBucketConfig("lake", "publicAccessBlock"), ALL_ON);
    assert.equal(aclFromJson(s.meta.getBucketConfig("lake", "acl") ?? "").grants.length, 1);
    s.apply(world({}, { buckets: [{ name: "lake", owner: "alpha" }] }));
    assert.equal(s.meta.getBucket("lake")?.versioning, "Suspended", "S3 never returns a bucket to unversioned");
  });

  it("accepts a bucket policy naming the world's users and roles, by ARN or unique ID", () => {
    const s = stores();
    const iam = { users: [{ name: "bob", path: "/team/" }], roles: [{ name: "reader", trustPolicy: TRUST }] };
    s.apply(world({}, {}, iam));
    const roleId = s.store.get("role", "222222222222", "reader")?.id ?? "";
    const principals = ["arn:aws:iam::222222222222:user/team/bob", "arn:aws:iam::222222222222:role/reader", roleId];
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: principals }, Action: "s3:GetObject", Resource: "arn:aws:s3:::lake/*" }] };
    s.apply(world({}, { buckets: [{ name: "lake", owner: "alpha", policy }] }, iam));
    assert.equal(s.meta.getBucketConfig("lake", "policy"), JSON.stringify(policy));
    const wrongPath = { ...policy, Statement: [{ ...policy.Statement[0], Principal: { AWS: "arn:aws:iam::222222222222:user/bob" } }] };
    failsAt(() => s.apply(world({}, { buckets: [{ name: "lake", owner: "alpha", policy: wrongPath }] }, iam)), "/buckets/0/policy", /Invalid principal in policy/);
  });

  it("sets account-level BPA when declared, removes it for `none`, leaves it alone when omitted", () => {
    const s = stores();
    s.apply(world({ publicAccessBlock: { IgnorePublicAcls: true } }));
    assert.equal(s.meta.getAccountConfig("111111111111", "publicAccessBlock"), '{"BlockPublicAcls":false,"IgnorePublicAcls":true,"BlockPublicPolicy":false,"RestrictPublicBuckets":false}');
    s.apply(world());
    assert.notEqual(s.meta.getAccountConfig("111111111111", "publicAccessBlock"), undefined);
    s.apply(world({ publicAccessBlock: "none" }));
    assert.equal(s.meta.getAccountConfig("111111111111", "publicAccessBlock"), undefined);
  });
});
