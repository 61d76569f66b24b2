import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cloudTrailEvent, userIdentityOf } from "./eventLog.ts";
import type { AuthzResult } from "../authz/index.ts";

const time = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));

describe("event log records", () => {
  it("an allowed GetObject by a root user: CloudTrail's S3 data event shape plus decision", () => {
    const decision: AuthzResult = { verdict: "Allow", reasons: [] };
    const e = cloudTrailEvent({
      time,
      service: "s3",
      eventName: "GetObject",
      region: "us-east-1",
      sourceIp: "127.0.0.1",
      userAgent: "aws-cli/1.0",
      principal: { kind: "root", accountId: "111111111111", arn: "arn:aws:iam::111111111111:root", userId: "111111111111" },
      accessKeyId: "AKIAALPHA00000000001",
      authType: "REST-HEADER",
      bucketName: "b",
      key: "k/1",
      bucketOwnerAccountId: "111111111111",
      host: "127.0.0.1:9000",
      requestId: "REQ",
      hostId: "HOST",
      eventId: "EV",
      bytesOut: 12,
      decision,
    });
    assert.deepEqual(e, {
      eventVersion: "1.09",
      userIdentity: { type: "Root", principalId: "111111111111", arn: "arn:aws:iam::111111111111:root", accountId: "111111111111", accessKeyId: "AKIAALPHA00000000001" },
      eventTime: "2024-01-02T03:04:05Z",
      eventSource: "s3.amazonaws.com",
      eventName: "GetObject",
      awsRegion: "us-east-1",
      sourceIPAddress: "127.0.0.1",
      userAgent: "aws-cli/1.0",
      requestParameters: { bucketName: "b", Host: "127.0.0.1:9000", key: "k/1" },
      responseElements: null,
      additionalEventData: { SignatureVersion: "SigV4", AuthenticationMethod: "AuthHeader", bytesTransferredIn: 0, bytesTransferredOut: 12, "x-amz-id-2": "HOST" },
      requestID: "REQ",
      eventID: "EV",
      readOnly: true,
      resources: [
        { type: "AWS::S3::Object", ARN: "arn:aws:s3:::b/k/1" },
        { accountId: "111111111111", type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::b" },
      ],
      eventType: "AwsApiCall",
      managementEvent: false,
      recipientAccountId: "111111111111",
      eventCategory: "Data",
      decision: "Allow",
      blockedBy: null,
    });
  });

  it("a denied bucket call carries errorCode, errorMessage, the verdict and what blocked it", () => {
    const decision: AuthzResult = { verdict: "ExplicitDeny", reasons: [], blockedBy: { layer: "bucket-policy-deny", check: { action: "s3:GetBucketPolicy", on: "target", level: "bucket", resource: "arn:aws:s3:::b" } } };
    const e = cloudTrailEvent({ time, service: "s3", eventName: "GetBucketPolicy", region: "us-east-1", sourceIp: "10.0.0.1", requestId: "R", eventId: "E", bucketName: "b", bucketOwnerAccountId: "111111111111", errorCode: "AccessDenied", errorMessage: "Access Denied", decision });
    assert.equal(e["errorCode"], "AccessDenied");
    assert.equal(e["errorMessage"], "Access Denied");
    assert.equal(e["decision"], "ExplicitDeny");
    assert.deepEqual(e["blockedBy"], { layer: "bucket-policy-deny", action: "s3:GetBucketPolicy", resource: "arn:aws:s3:::b" });
    assert.equal(e["managementEvent"], true);
    assert.equal(e["eventCategory"], "Management");
    assert.equal(e["userIdentity"], null);
  });

  it("an IAM call: eventSource iam.amazonaws.com, no S3 resources, no decision when none was made", () => {
    const e = cloudTrailEvent({ time, service: "iam", eventName: "CreateUser", region: "us-east-1", sourceIp: "127.0.0.1", requestId: "R", eventId: "E", principal: { kind: "root", accountId: "222222222222", arn: "arn:aws:iam::222222222222:root" } });
    assert.equal(e["eventSource"], "iam.amazonaws.com");
    assert.deepEqual(e["resources"], []);
    assert.equal(e["requestParameters"], null);
    assert.equal(e["decision"], null);
    assert.equal(e["readOnly"], false);
    assert.equal(e["recipientAccountId"], "222222222222");
  });

  it("user identities: anonymous is AWSAccount 'anonymous', role sessions name their issuer", () => {
    assert.deepEqual(userIdentityOf({ kind: "anonymous", userId: "anonymous" }, undefined), { type: "AWSAccount", principalId: "", accountId: "anonymous" });
    assert.deepEqual(userIdentityOf({ kind: "assumed-role", accountId: "1", arn: "arn:aws:sts::1:assumed-role/R/s", principalArn: "arn:aws:iam::1:role/R", userId: "AROAX:s", uniqueId: "AROAX" }, "ASIA1"), {
      type: "AssumedRole",
      principalId: "AROAX:s",
      arn: "arn:aws:sts::1:assumed-role/R/s",
      accountId: "1",
      accessKeyId: "ASIA1",
      sessionContext: { sessionIssuer: { type: "Role", principalId: "AROAX", arn: "arn:aws:iam::1:role/R", accountId: "1" } },
    });
    assert.deepEqual(userIdentityOf({ kind: "service", service: "logging.s3.amazonaws.com" }, undefined), { type: "AWSService", invokedBy: "logging.s3.amazonaws.com" });
  });
});
