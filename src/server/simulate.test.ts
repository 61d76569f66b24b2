// simulate's input: operations named directly or through the IAM action they alone require, and resources.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SimulateError, operationOf, parseResource } from "./simulate.ts";

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
  it("refuses other ARNs (access points are not simulated) and a key without a bucket", () => {
    assert.throws(() => parseResource("arn:aws:s3:us-east-1:111111111111:accesspoint/ap"), /access points are not simulated/);
    assert.throws(() => parseResource("/k"), /no bucket/);
  });
});
