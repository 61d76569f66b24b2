import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bucketNameViolation, isValidBucketName } from "./bucketName.ts";

// Every rule: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
describe("bucket naming rules", () => {
  it("accepts the documented example names", () => {
    for (const name of ["docexamplebucket1", "log-delivery-march-2020", "my-hosted-content", "my.example.s3.bucket", "abc", "a".repeat(63)]) {
      assert.equal(isValidBucketName(name), true, name);
    }
  });

  it("requires between 3 and 63 characters", () => {
    assert.equal(bucketNameViolation("ab"), "length");
    assert.equal(bucketNameViolation("a".repeat(64)), "length");
    assert.equal(bucketNameViolation(""), "length");
  });

  it("allows only lowercase letters, digits, dots and hyphens", () => {
    for (const name of ["MyBucket", "my_bucket", "my bucket", "bücket", "my/bucket"]) assert.equal(bucketNameViolation(name), "characters", name);
  });

  it("requires a letter or digit at the beginning and the end", () => {
    for (const name of ["-bucket", "bucket-", ".bucket", "bucket."]) assert.equal(bucketNameViolation(name), "edges", name);
  });

  it("rejects two adjacent periods", () => {
    assert.equal(bucketNameViolation("my..bucket"), "adjacent-dots");
  });

  it("rejects names formatted as an IP address", () => {
    assert.equal(bucketNameViolation("192.168.5.4"), "ip-address");
    assert.equal(isValidBucketName("192.168.5.4.example"), true);
  });

  it("rejects the reserved prefixes xn--, sthree-, sthree-configurator and amzn-s3-demo-", () => {
    for (const name of ["xn--bucket", "sthree-bucket", "sthree-configurator-x", "amzn-s3-demo-bucket"]) assert.equal(bucketNameViolation(name), "reserved-prefix", name);
  });

  it("rejects the reserved suffixes -s3alias, --ol-s3, .mrap, --x-s3 and --table-s3", () => {
    for (const name of ["bucket-s3alias", "bucket--ol-s3", "bucket.mrap", "bucket--usw2-az1--x-s3", "bucket--table-s3"]) {
      assert.equal(bucketNameViolation(name), "reserved-suffix", name);
    }
  });
});
