/**
 * The importer on hand-written folders: real IDs kept, documents in every form the CLI prints them, absent
 * configurations, unknown fields and failed collections reported with file and field, referenced accounts
 * known without credentials.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openSqliteIdentityStore } from "../storage/meta-sqlite/identityStore.ts";
import { openSqliteMetadataStore } from "../storage/meta-sqlite/sqliteMetadataStore.ts";
import { aclFromJson } from "../acl/acl-json.ts";
import { importWorld } from "./importWorld.ts";
import type { WorldFolder } from "./report.ts";

const A = "444455556666";
const OWNER = "a".repeat(64);
const OTHER = "b".repeat(64);
const POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };

function folder(files: Record<string, unknown>): WorldFolder {
  const text = new Map(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  return {
    list: (dir) => {
      const prefix = dir === "" ? "" : `${dir}/`;
      const names = new Set<string>();
      for (const k of text.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split("/")[0] as string);
      return [...names].sort();
    },
    read: (p) => text.get(p),
  };
}

function run(files: Record<string, unknown>) {
  const identity = openSqliteIdentityStore(":memory:");
  const meta = openSqliteMetadataStore(":memory:");
  const result = importWorld(folder(files), { identity, meta, accountExists: () => false, fallbackCanonicalId: (id) => `fallback-${id}`, defaultRegion: "us-east-1", now: new Date("2026-01-01T00:00:00Z") });
  return { identity, meta, result };
}

const base = `accounts/${A}`;

describe("importWorld", () => {
  it("keeps real IDs and reads documents as objects, URL-encoded text or JSON text", () => {
    const { identity, meta, result } = run({
      [`${base}/get-caller-identity.json`]: { Account: A, UserId: A, Arn: `arn:aws:iam::${A}:root` },
      [`${base}/s3/list-buckets.json`]: { Buckets: [{ Name: "bkt", CreationDate: "2025-01-02T03:04:05+00:00" }], Owner: { ID: OWNER, DisplayName: "prod" } },
      [`${base}/iam/get-account-authorization-details.json`]: {
        UserDetailList: [{ Path: "/", UserName: "u", UserId: "AIDAEXAMPLEEXAMPLE001", Arn: `arn:aws:iam::${A}:user/u`, CreateDate: "2024-01-01T00:00:00Z", UserPolicyList: [{ PolicyName: "p", PolicyDocument: encodeURIComponent(JSON.stringify(POLICY)) }], GroupList: [], AttachedManagedPolicies: [], Tags: [] }],
        GroupDetailList: [],
        RoleDetailList: [{ Path: "/", RoleName: "r", RoleId: "AROAEXAMPLEEXAMPLE001", Arn: `arn:aws:iam::${A}:role/r`, CreateDate: "2024-01-01T00:00:00Z", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::777788889999:root" }, Action: "sts:AssumeRole" }] }, InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [], RoleLastUsed: {} }],
        Policies: [],
      },
      [`${base}/buckets/bkt/get-bucket-location.json`]: { LocationConstraint: "eu-west-3" },
      [`${base}/buckets/bkt/get-bucket-policy.json`]: { Policy: JSON.stringify(POLICY) },
      [`${base}/buckets/bkt/get-bucket-acl.json`]: { Owner: { ID: OWNER }, Grants: [{ Grantee: { Type: "CanonicalUser", ID: OWNER }, Permission: "FULL_CONTROL" }, { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" }] },
      [`${base}/buckets/bkt/get-bucket-ownership-controls.absent`]: "OwnershipControlsNotFoundError\n",
      [`${base}/buckets/bkt/get-public-access-block.json`]: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false } },
      [`${base}/buckets/bkt/list-objects-v2.json`]: { Contents: [{ Key: "k 1", LastModified: "2025-01-01T00:00:00Z", ETag: '"abc"', Size: 5, StorageClass: "STANDARD", Owner: { ID: OTHER } }] },
      [`${base}/buckets/bkt/objects/k%201.get-object-acl.json`]: { Owner: { ID: OTHER }, Grants: [{ Grantee: { Type: "CanonicalUser", ID: OTHER }, Permission: "FULL_CONTROL" }, { Grantee: { Type: "CanonicalUser", ID: OWNER }, Permission: "READ" }] },
    });
    assert.equal(identity.get("user", A, "u")?.id, "AIDAEXAMPLEEXAMPLE001");
    assert.deepEqual(JSON.parse(identity.get("user", A, "u")?.inlinePolicies["p"] ?? "null"), POLICY);
    assert.equal(identity.get("role", A, "r")?.id, "AROAEXAMPLEEXAMPLE001");
    assert.equal(identity.getStoredAccount(A)?.canonicalUserId, OWNER);
    // Named only as a principal: a known account without credentials, its canonical ID assumed and reported.
    assert.equal(identity.getStoredAccount("777788889999")?.canonicalUserId, "fallback-777788889999");
    assert.deepEqual(result.accounts.map((a) => [a.id, a.collected]), [[A, true], ["777788889999", false]]);
    const bucket = meta.getBucket("bkt");
    assert.equal(bucket?.region, "eu-west-3");
    assert.equal(bucket?.ownerAccountId, A);
    assert.equal(meta.getBucketConfig("bkt", "ownership"), undefined);
    assert.equal(meta.getBucketConfig("bkt", "policy"), JSON.stringify(POLICY));
    assert.equal(aclFromJson(meta.getBucketConfig("bkt", "acl") ?? "").grants.length, 2);
    const obj = meta.getObject("bkt", "k 1");
    // The owner's canonical ID is no collected account's: kept as the canonical ID, and reported.
    assert.equal(obj?.ownerAccountId, OTHER);
    assert.equal(obj?.size, 0);
    assert.equal(obj?.userMetadata["crossbucket-imported-size"], "5");
    assert.equal(aclFromJson(obj?.acl ?? "").grants.length, 2);
    assert.ok(result.report.some((e) => e.kind === "assumed" && e.field === "/Contents/0/Owner/ID"));
    assert.deepEqual(result.report.filter((e) => e.kind === "unknown-field" || e.kind === "invalid" || e.kind === "collection-error"), []);
  });

  it("reports every unknown field with its file and path, and every failed collection", () => {
    const { identity, result } = run({
      [`${base}/iam/get-account-authorization-details.json`]: {
        UserDetailList: [{ Path: "/", UserName: "u", UserId: "AIDAEXAMPLEEXAMPLE002", Arn: "x", CreateDate: "2024-01-01T00:00:00Z", Surprise: 1, Tags: [{ Key: "k", Value: "v", Extra: true }] }],
        FutureList: [],
      },
      [`${base}/s3control/get-public-access-block.json`]: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true, BlockEverything: true } },
      [`${base}/buckets/bkt/get-bucket-acl.json`]: { Owner: { ID: OWNER }, Grants: [{ Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "x@example.com" }, Permission: "READ" }] },
      [`${base}/buckets/bkt/get-bucket-policy.error`]: "An error occurred (AccessDenied) when calling the GetBucketPolicy operation: Access Denied\n",
      "notes.txt": "hello",
    });
    assert.equal(identity.get("user", A, "u")?.id, "AIDAEXAMPLEEXAMPLE002");
    const where = (kind: string) => result.report.filter((e) => e.kind === kind).map((e) => `${e.file} ${e.field}`).sort();
    assert.deepEqual(where("unknown-field"), [
      `${base}/iam/get-account-authorization-details.json /FutureList`,
      `${base}/iam/get-account-authorization-details.json /UserDetailList/0/Surprise`,
      `${base}/iam/get-account-authorization-details.json /UserDetailList/0/Tags/0/Extra`,
      `${base}/s3control/get-public-access-block.json /PublicAccessBlockConfiguration/BlockEverything`,
      `${base}/buckets/bkt/get-bucket-acl.json /Grants/0/Grantee/EmailAddress`,
      "notes.txt ",
    ].sort());
    assert.deepEqual(where("unsupported"), [`${base}/buckets/bkt/get-bucket-acl.json /Grants/0/Grantee/Type`]);
    assert.deepEqual(where("collection-error"), [`${base}/buckets/bkt/get-bucket-policy.error `]);
  });
});
