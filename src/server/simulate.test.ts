// simulate's input: operations named directly or through the IAM action they alone require, and resources.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { S3Error } from "../protocol/s3/errors.ts";
import type { AccessPointRecord, MetadataStore } from "../storage/ports.ts";
import { SimulateError, operationOf, parseResource, resolveTarget } from "./simulate.ts";

describe("operationOf", () => {
  it("takes an operation name in any case", () => {
    assert.equal(operationOf({ operation: "GetObject" }), "GetObject");
    assert.equal(operationOf({ operation: "listobjectsv2" }), "ListObjectsV2");
  });
  it("maps an action to the served operation that needs only it, preferring the one with the most condition keys", () => {
    assert.equal(operationOf({ action: "s3:GetObject" }), "GetObject");
    assert.equal(operationOf({ action: "s3:PutObject" }), "PutObject");
    assert.equal(operationOf({ action: "S3:ListBucket" }), "ListObjects", "not HeadBucket: the list keys (s3:prefix, …) apply");
    assert.equal(operationOf({ action: "s3:DeleteObject" }), "DeleteObject");
    assert.equal(operationOf({ action: "s3:ListAllMyBuckets" }), "ListBuckets");
  });
  it("points a versioned action to its operation and a versionId", () => {
    assert.throws(() => operationOf({ action: "s3:GetObjectVersion" }), (e: unknown) => e instanceof SimulateError && /operation GetObject with a versionId/.test(e.message));
  });
  it("refuses unknown or unserved operations, actions no operation needs alone, and both at once", () => {
    assert.throws(() => operationOf({ operation: "Frobnicate" }), /unknown S3 operation Frobnicate/);
    assert.throws(() => operationOf({ operation: "GetBucketCors" }), /does not serve GetBucketCors/);
    assert.throws(() => operationOf({ action: "s3:GetObjectAttributes" }), /no S3 operation crossbucket serves requires only s3:GetObjectAttributes/);
    assert.throws(() => operationOf({ operation: "GetObject", action: "s3:GetObject" }), /not both/);
    assert.throws(() => operationOf({}), /name an operation/);
  });
});

describe("parseResource", () => {
  it("reads ARNs, s3:// URLs and bucket/key paths", () => {
    assert.deepEqual(parseResource("arn:aws:s3:::bkt/a/b.txt"), { bucket: "bkt", key: "a/b.txt" });
    assert.deepEqual(parseResource("arn:aws:s3:::bkt"), { bucket: "bkt" });
    assert.deepEqual(parseResource("s3://bkt/k"), { bucket: "bkt", key: "k" });
    assert.deepEqual(parseResource("bkt/k"), { bucket: "bkt", key: "k" });
    assert.deepEqual(parseResource("bkt/"), { bucket: "bkt" });
    assert.deepEqual(parseResource(""), {});
    assert.deepEqual(parseResource(undefined), {});
  });
  it("reads access point ARNs, for the access point itself and for an object through it", () => {
    const accessPoint = { region: "us-east-1", accountId: "111111111111", name: "dev-share" };
    assert.deepEqual(parseResource("arn:aws:s3:us-east-1:111111111111:accesspoint/dev-share"), { accessPoint });
    assert.deepEqual(parseResource("arn:aws:s3:us-east-1:111111111111:accesspoint/dev-share/object/builds/app 1.tgz"), { key: "builds/app 1.tgz", accessPoint });
  });
  it("refuses malformed access point ARNs, other ARNs and a key without a bucket", () => {
    assert.throws(() => parseResource("arn:aws:s3:us-east-1:111111111111:accesspoint/dev-share/object/"), (e: unknown) => e instanceof SimulateError && e.code === "InvalidRequest" && /no key after \/object\//.test(e.message));
    assert.throws(() => parseResource("arn:aws:s3:us-east-1:1111:accesspoint/dev-share"), /not an access point ARN/);
    assert.throws(() => parseResource("arn:aws:s3:us-east-1:111111111111:accesspoint/Dev_Share"), /not an access point ARN/);
    assert.throws(() => parseResource("arn:aws:s3:us-east-1:111111111111:accesspoint/dev-share/policy"), /not an access point ARN/);
    assert.throws(() => parseResource("arn:aws:iam::111111111111:root"), /not an S3 bucket, object or access point ARN/);
    assert.throws(() => parseResource("/k"), /no bucket/);
  });
});

describe("resolveTarget", () => {
  const ap: AccessPointRecord = {
    name: "dev-share",
    accountId: "111111111111",
    bucket: "prod-shared-artifacts",
    bucketAccountId: "111111111111",
    alias: "dev-share-abcdefghijklmnopqrstuvwxyz012-s3alias",
    networkOrigin: "Internet",
    createdAt: new Date(0),
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  };
  const meta = {
    getAccessPoint: (accountId: string, name: string) => (accountId === ap.accountId && name === ap.name ? ap : undefined),
    getAccessPointByAlias: (alias: string) => (alias === ap.alias ? ap : undefined),
  } as unknown as MetadataStore;

  it("maps an access point ARN and an alias to the bucket behind the access point, like live addressing", () => {
    assert.deepEqual(resolveTarget("arn:aws:s3:us-east-1:111111111111:accesspoint/dev-share/object/builds/a.tgz", { meta }), { bucket: "prod-shared-artifacts", key: "builds/a.tgz", accessPoint: ap });
    assert.deepEqual(resolveTarget("arn:aws:s3:us-east-1:111111111111:accesspoint/dev-share", { meta }), { bucket: "prod-shared-artifacts", accessPoint: ap });
    assert.deepEqual(resolveTarget(`${ap.alias}/builds/a.tgz`, { meta }), { bucket: "prod-shared-artifacts", key: "builds/a.tgz", accessPoint: ap });
  });
  it("leaves buckets, and an alias-like name no access point has, as buckets", () => {
    assert.deepEqual(resolveTarget("bkt/k", { meta }), { bucket: "bkt", key: "k" });
    assert.deepEqual(resolveTarget("other-s3alias/k", { meta }), { bucket: "other-s3alias", key: "k" });
    assert.deepEqual(resolveTarget(undefined, { meta }), {});
  });
  it("answers 404 NoSuchAccessPoint for an access point that does not exist", () => {
    assert.throws(
      () => resolveTarget("arn:aws:s3:us-east-1:222222222222:accesspoint/dev-share/object/k", { meta }),
      (e: unknown) => e instanceof S3Error && e.code === "NoSuchAccessPoint" && e.status === 404,
    );
  });
});
