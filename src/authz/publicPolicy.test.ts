// Spec §6.3: when a bucket or access point policy is public.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isPolicyPublic } from "./publicPolicy.ts";
import { policy } from "./testing/world.ts";

const stmt = (extra: Record<string, unknown>) => policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*", ...extra }] }, "bucket").policy;

describe("isPolicyPublic", () => {
  it("treats Principal \"*\" without conditions as public", () => assert.equal(isPolicyPublic(stmt({ Principal: "*" }), "bucket"), true));
  it("treats a specific account principal as non-public", () => assert.equal(isPolicyPublic(stmt({ Principal: { AWS: "111111111111" } }), "bucket"), false));
  it("treats a Federated principal as public", () => assert.equal(isPolicyPublic(stmt({ Principal: { Federated: "graph.facebook.com" } }), "bucket"), true));
  it("treats a wildcard aws:SourceVpc as public and a fixed one as non-public", () => {
    assert.equal(isPolicyPublic(stmt({ Principal: "*", Condition: { StringLike: { "aws:SourceVpc": "vpc-*" } } }), "bucket"), true);
    assert.equal(isPolicyPublic(stmt({ Principal: "*", Condition: { StringEquals: { "aws:SourceVpc": "vpc-91237329" } } }), "bucket"), false);
  });
  it("treats aws:SourceIp broader than /8 as public", () => {
    assert.equal(isPolicyPublic(stmt({ Principal: "*", Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/1" } } }), "bucket"), true);
    assert.equal(isPolicyPublic(stmt({ Principal: "*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }), "bucket"), false);
  });
  it("fixes by aws:PrincipalOrgID and aws:SourceAccount", () => {
    assert.equal(isPolicyPublic(stmt({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-123" } } }), "bucket"), false);
    assert.equal(isPolicyPublic(stmt({ Principal: "*", Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } }), "bucket"), false);
  });
  it("does not count negated or IfExists operators as fixing (UNCONFIRMED, spec A15)", () => {
    assert.equal(isPolicyPublic(stmt({ Principal: "*", Condition: { StringNotEquals: { "aws:SourceAccount": "111111111111" } } }), "bucket"), true);
    assert.equal(isPolicyPublic(stmt({ Principal: "*", Condition: { StringEqualsIfExists: { "aws:SourceAccount": "111111111111" } } }), "bucket"), true);
  });
  it("accepts a wildcard access point name with a fixed account in a bucket policy only", () => {
    const d = stmt({ Principal: "*", Condition: { ArnLike: { "s3:DataAccessPointArn": "arn:aws:s3:us-west-2:123456789012:accesspoint/*" } } });
    assert.equal(isPolicyPublic(d, "bucket"), false);
    assert.equal(isPolicyPublic(d, "access-point"), true);
  });
  it("never counts Deny statements, and ignores statements granting no bad action (UNCONFIRMED, spec A15)", () => {
    assert.equal(isPolicyPublic(policy({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] }, "bucket").policy, "bucket"), false);
    assert.equal(isPolicyPublic(policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:ReplicateObject", Resource: "arn:aws:s3:::bkt/*" }] }, "bucket").policy, "bucket"), false);
  });
  it("is public when any one statement is public", () => {
    const p = policy({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Principal: { AWS: "222222222222" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" },
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" },
    ] }, "bucket").policy;
    assert.equal(isPolicyPublic(p, "bucket"), true);
  });
});
