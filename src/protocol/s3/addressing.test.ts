import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_ADDRESSING, MAX_KEY_BYTES, resolveAddress } from "./addressing.ts";

const cfg = DEFAULT_ADDRESSING;

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
describe("virtual-hosted-style addressing", () => {
  it("takes the bucket from the first labels of Host and the key from the whole path", () => {
    assert.deepEqual(resolveAddress("amzn-s3-demo-bucket1.s3.us-west-2.amazonaws.com", "/puppy.png", cfg), { style: "virtual", bucket: "amzn-s3-demo-bucket1", key: "puppy.png" });
    assert.deepEqual(resolveAddress("bucket.s3.amazonaws.com", "/photos/2006/February/sample.jpg", cfg), { style: "virtual", bucket: "bucket", key: "photos/2006/February/sample.jpg" });
  });

  it("allows dots in a virtual-hosted bucket name", () => {
    assert.deepEqual(resolveAddress("my.bucket.localhost", "/k", cfg), { style: "virtual", bucket: "my.bucket", key: "k" });
    assert.deepEqual(resolveAddress("my.bucket.s3.localhost:9000", "/", cfg), { style: "virtual", bucket: "my.bucket" });
  });

  it("ignores the port and the letter case of Host", () => {
    assert.deepEqual(resolveAddress("Photos.LocalHost:8080", "/a", cfg), { style: "virtual", bucket: "photos", key: "a" });
  });

  it("recognises the legacy dash-region and dualstack endpoints", () => {
    assert.deepEqual(resolveAddress("b.s3-us-west-2.amazonaws.com", "/k", cfg), { style: "virtual", bucket: "b", key: "k" });
    assert.deepEqual(resolveAddress("b.s3.dualstack.eu-west-1.amazonaws.com", "/k", cfg), { style: "virtual", bucket: "b", key: "k" });
  });

  it("treats the path after the host-named bucket as the key, including a leading slash from //", () => {
    assert.deepEqual(resolveAddress("b.localhost", "//a//b", cfg), { style: "virtual", bucket: "b", key: "/a//b" });
  });
});

describe("path-style addressing", () => {
  it("is used when Host equals a base domain", () => {
    assert.deepEqual(resolveAddress("s3.us-west-2.amazonaws.com", "/amzn-s3-demo-bucket1/puppy.jpg", cfg), { style: "path", bucket: "amzn-s3-demo-bucket1", key: "puppy.jpg" });
    assert.deepEqual(resolveAddress("localhost:9000", "/b/k", cfg), { style: "path", bucket: "b", key: "k" });
  });

  it("is used for IP addresses, never virtual", () => {
    assert.deepEqual(resolveAddress("127.0.0.1:9000", "/b/k", cfg), { style: "path", bucket: "b", key: "k" });
    assert.deepEqual(resolveAddress("[::1]:9000", "/b/k", cfg), { style: "path", bucket: "b", key: "k" });
  });

  it("is used for unknown hosts and a missing Host", () => {
    assert.deepEqual(resolveAddress("example.org", "/b/k", cfg), { style: "path", bucket: "b", key: "k" });
    assert.deepEqual(resolveAddress(undefined, "/b", cfg), { style: "path", bucket: "b" });
  });

  it("names no bucket for / and no key for /bucket and /bucket/", () => {
    assert.deepEqual(resolveAddress("localhost", "/", cfg), { style: "path" });
    assert.deepEqual(resolveAddress("localhost", "/b", cfg), { style: "path", bucket: "b" });
    assert.deepEqual(resolveAddress("localhost", "/b/", cfg), { style: "path", bucket: "b" });
  });

  it("ignores a query string left on the path", () => {
    assert.deepEqual(resolveAddress("localhost", "/b/k?acl", cfg), { style: "path", bucket: "b", key: "k" });
  });
});

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
describe("object keys", () => {
  it("percent-decodes the key exactly once", () => {
    assert.deepEqual(resolveAddress("localhost", "/b/a%2Fb", cfg), { style: "path", bucket: "b", key: "a/b" });
    assert.deepEqual(resolveAddress("localhost", "/b/100%2525", cfg), { style: "path", bucket: "b", key: "100%25" });
  });

  it("keeps + as + in the path (it is not a space)", () => {
    assert.deepEqual(resolveAddress("localhost", "/b/a+b%20c", cfg), { style: "path", bucket: "b", key: "a+b c" });
  });

  it("keeps // inside keys", () => {
    assert.deepEqual(resolveAddress("localhost", "/b/a//b/", cfg), { style: "path", bucket: "b", key: "a//b/" });
  });

  it("decodes UTF-8 keys", () => {
    assert.deepEqual(resolveAddress("localhost", "/b/%E6%97%A5%E6%9C%AC/%F0%9F%98%80", cfg), { style: "path", bucket: "b", key: "日本/😀" });
  });

  it("answers InvalidURI for malformed percent-encoding", () => {
    assert.equal((resolveAddress("localhost", "/b/%zz", cfg) as { error: string }).error, "InvalidURI");
    assert.equal((resolveAddress("localhost", "/b/%C3", cfg) as { error: string }).error, "InvalidURI");
  });

  it("accepts keys of up to 1024 UTF-8 bytes and answers KeyTooLongError beyond", () => {
    assert.deepEqual(resolveAddress("localhost", `/b/${"a".repeat(MAX_KEY_BYTES)}`, cfg), { style: "path", bucket: "b", key: "a".repeat(1024) });
    assert.equal((resolveAddress("localhost", `/b/${"a".repeat(1025)}`, cfg) as { error: string }).error, "KeyTooLongError");
    // "é" is 2 bytes of UTF-8: 513 of them are 1026 bytes, 512 are exactly 1024
    assert.equal((resolveAddress("localhost", `/b/${"%C3%A9".repeat(513)}`, cfg) as { error: string }).error, "KeyTooLongError");
    assert.equal("key" in resolveAddress("localhost", `/b/${"%C3%A9".repeat(512)}`, cfg), true);
  });
});

describe("S3 Control and access point hosts (extension point)", () => {
  it("reads the account id of an S3 Control host", () => {
    assert.deepEqual(resolveAddress("123456789012.s3-control.us-west-2.amazonaws.com", "/v20180820/accesspoint/ap", cfg), { style: "control", accountId: "123456789012", path: "/v20180820/accesspoint/ap" });
  });

  it("reads the name and account id of an access point host", () => {
    assert.deepEqual(resolveAddress("finance-docs-123456789012.s3-accesspoint.us-west-2.amazonaws.com", "/report.csv", cfg), { style: "accesspoint", name: "finance-docs", accountId: "123456789012", key: "report.csv" });
    assert.deepEqual(resolveAddress("ap-111122223333.s3-accesspoint.localhost:9000", "/", cfg), { style: "accesspoint", name: "ap", accountId: "111122223333" });
  });

  it("reads an S3 Control request from <account-id>.<base domain> with a /v20180820/ path (what clients send for a custom endpoint)", () => {
    assert.deepEqual(resolveAddress("111111111111.localhost:9000", "/v20180820/configuration/publicAccessBlock", cfg), { style: "control", accountId: "111111111111", path: "/v20180820/configuration/publicAccessBlock" });
    assert.deepEqual(resolveAddress("111111111111.s3.localhost", "/v20180820/accesspoint?bucket=b", cfg), { style: "control", accountId: "111111111111", path: "/v20180820/accesspoint" });
  });

  it("keeps a 12-digit bucket name virtual-hosted for any other path", () => {
    assert.deepEqual(resolveAddress("111111111111.localhost:9000", "/v20180820", cfg), { style: "virtual", bucket: "111111111111", key: "v20180820" });
    assert.deepEqual(resolveAddress("111111111111.localhost", "/photos/cat.jpg", cfg), { style: "virtual", bucket: "111111111111", key: "photos/cat.jpg" });
    assert.deepEqual(resolveAddress("1111111111112.localhost", "/v20180820/accesspoint", cfg), { style: "virtual", bucket: "1111111111112", key: "v20180820/accesspoint" });
    assert.deepEqual(resolveAddress("localhost", "/111111111111/v20180820/accesspoint", cfg), { style: "path", bucket: "111111111111", key: "v20180820/accesspoint" });
  });

  it("rejects a control host without a 12-digit account id", () => {
    assert.equal((resolveAddress("abc.s3-control.localhost", "/", cfg) as { error: string }).error, "InvalidRequest");
  });

  it("serves only the configured domains", () => {
    const only = { baseDomains: ["store.test"] };
    assert.deepEqual(resolveAddress("b.store.test", "/k", only), { style: "virtual", bucket: "b", key: "k" });
    assert.deepEqual(resolveAddress("b.localhost", "/k", only), { style: "path", bucket: "k" });
  });
});
