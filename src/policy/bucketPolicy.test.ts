import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MALFORMED, MAX_POLICY_BYTES, validateBucketPolicy } from "./bucketPolicy.ts";
import { s3ActionResourceTypes, RT } from "./s3Actions.ts";

const B = "amzn-s3-demo-bucket";
const stmt = (s: Record<string, unknown>): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${B}/*`, ...s }] });
const message = (text: string, extra: Partial<Parameters<typeof validateBucketPolicy>[1]> = {}): string | undefined => {
  const r = validateBucketPolicy(text, { bucket: B, ...extra });
  return r.ok ? undefined : r.message;
};

// spec §3.12: S3's MalformedPolicy messages for a corpus of broken bucket policies.
// Which texts a source confirms (a client error recorded against AWS itself, not an emulator's expectation):
//   firstByte          CONFIRMED: aws/aws-cli#2779; cloud-gov/terraform-provision PR #574 (Terraform against AWS).
//   missingElement     CONFIRMED: ansible/ansible#38741.
//   invalidPrincipal   CONFIRMED: cloud-custodian/cloud-custodian#4948; aws-samples/aws-batch-architecture-for-alphafold#1.
//   invalidResource    CONFIRMED: aws-samples/aws-serverless-appsync-app#4; noobaa/noobaa-core#10058.
//   actionNotApplicable, conditionsNotApplicable
//                      CONFIRMED: humanmade/S3-Uploads#239.
//   invalidAction, invalidEffect("…")
//                      UNCONFIRMED: only S3-compatible gateways' expectations (versity/versitygw#650, #647).
//   invalidJson        UNCONFIRMED: versity/versitygw PR #1156 (gateway text).
//   emptyStatement     UNCONFIRMED: gateway text; versitygw PR #1176 answers a *missing* Statement with
//                      "Missing required field Statement" instead, also unrecorded against AWS.
//   invalidConditionType("…"), unknownField("…"), tooLarge
//                      UNCONFIRMED: emulator texts, no record from AWS found.
describe("validateBucketPolicy: MalformedPolicy messages", () => {
  const corpus: [string, string, string | undefined][] = [
    ["a valid policy is accepted", stmt({}), undefined],
    // https://github.com/aws/aws-cli/issues/2779
    ["a body not starting with { is rejected by its first byte", "[]", MALFORMED.firstByte],
    ["invalid JSON", '{"Version": "2012-10-17", "Statement": [}', MALFORMED.invalidJson],
    ["an empty Statement array", JSON.stringify({ Version: "2012-10-17", Statement: [] }), MALFORMED.emptyStatement],
    ["a missing Statement", JSON.stringify({ Version: "2012-10-17" }), MALFORMED.emptyStatement],
    // https://github.com/ansible/ansible/issues/38741
    ["a statement without Principal", stmt({ Principal: undefined }), MALFORMED.missingElement],
    ["a statement without Resource", stmt({ Resource: undefined }), MALFORMED.missingElement],
    ["a statement without Effect", stmt({ Effect: undefined }), MALFORMED.missingElement],
    // https://github.com/versity/versitygw/issues/649
    ["a malformed principal", stmt({ Principal: { AWS: "bob" } }), MALFORMED.invalidPrincipal],
    ["a principal with a partial wildcard", stmt({ Principal: { AWS: "arn:aws:iam::111122223333:user/*" } }), MALFORMED.invalidPrincipal],
    ["an unknown principal type", stmt({ Principal: { User: "x" } }), MALFORMED.invalidPrincipal],
    // https://github.com/noobaa/noobaa-core/issues/10058
    ["Resource \"*\"", stmt({ Resource: "*" }), MALFORMED.invalidResource],
    ["a resource of another bucket", stmt({ Resource: "arn:aws:s3:::other-bucket/*" }), MALFORMED.invalidResource],
    ["a resource that is not an ARN", stmt({ Resource: B }), MALFORMED.invalidResource],
    ["a non-S3 ARN", stmt({ Resource: "arn:aws:iam::111122223333:user/x" }), MALFORMED.invalidResource],
    ["an unknown S3 action", stmt({ Action: "s3:GetObjekt" }), MALFORMED.invalidAction],
    ["an action of another service", stmt({ Action: "iam:ListUsers" }), MALFORMED.invalidAction],
    ["an action without a service prefix", stmt({ Action: "GetObject" }), MALFORMED.invalidAction],
    // https://github.com/humanmade/S3-Uploads/issues/239
    ["an object action with only the bucket ARN", stmt({ Resource: `arn:aws:s3:::${B}` }), MALFORMED.actionNotApplicable],
    ["a bucket action with only an object ARN", stmt({ Action: "s3:ListBucket" }), MALFORMED.actionNotApplicable],
    ["s3:prefix on an object action", stmt({ Condition: { StringEquals: { "s3:prefix": "a" } } }), MALFORMED.conditionsNotApplicable],
    ["an unknown condition operator", stmt({ Condition: { StringEqualz: { "aws:SourceIp": "a" } } }), MALFORMED.invalidConditionType("StringEqualz")],
    ["an unknown statement element", stmt({ Actions: "s3:GetObject" }), MALFORMED.unknownField("Actions")],
    ["a bad Effect", stmt({ Effect: "allow" }), MALFORMED.invalidEffect("allow")],
  ];
  for (const [name, text, want] of corpus) it(`${want === undefined ? "accepts" : "rejects"}: ${name}`, () => assert.equal(message(text), want));

  it("accepts s3:* with both the bucket and object ARNs, and s3:prefix on ListBucket", () => {
    assert.equal(message(stmt({ Action: "s3:*", Resource: [`arn:aws:s3:::${B}`, `arn:aws:s3:::${B}/*`] })), undefined);
    assert.equal(message(stmt({ Action: "s3:ListBucket", Resource: `arn:aws:s3:::${B}`, Condition: { StringLike: { "s3:prefix": "home/*" } } })), undefined);
  });
  it("accepts a wildcard bucket part that covers the bucket", () => {
    assert.equal(message(stmt({ Resource: "arn:aws:s3:::amzn-s3-*/*" })), undefined);
  });
  // https://github.com/versity/versitygw/issues/649 (AWS resolves principals when storing the policy)
  it("rejects a policy naming a user or role that does not exist", () => {
    const exists = (v: string): boolean => v.endsWith("user/Alice");
    assert.equal(message(stmt({ Principal: { AWS: "arn:aws:iam::111122223333:user/Alice" } }), { principalExists: exists }), undefined);
    assert.equal(message(stmt({ Principal: { AWS: "arn:aws:iam::111122223333:user/Ghost" } }), { principalExists: exists }), MALFORMED.invalidPrincipal);
  });
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-policy-alternatives-guidelines.html (20 KB)
  it("enforces the 20 KB limit in bytes", () => {
    const big = stmt({ Sid: "x".repeat(MAX_POLICY_BYTES) });
    assert.equal(message(big), MALFORMED.tooLarge);
    const multibyte = stmt({ Sid: "é".repeat(10300) });
    assert.equal(message(multibyte), MALFORMED.tooLarge);
  });
});

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
describe("validateBucketPolicy: access point policies", () => {
  const ap = "arn:aws:s3:us-west-2:111122223333:accesspoint/my-ap";
  it("accepts access point ARNs for bucket actions and /object/ ARNs for object actions", () => {
    assert.equal(message(stmt({ Resource: `${ap}/object/*` }), { accessPointArn: ap }), undefined);
    assert.equal(message(stmt({ Action: "s3:ListBucket", Resource: ap }), { accessPointArn: ap }), undefined);
  });
  it("rejects bucket ARNs and other access points", () => {
    assert.equal(message(stmt({}), { accessPointArn: ap }), MALFORMED.invalidResource);
    assert.equal(message(stmt({ Resource: "arn:aws:s3:us-west-2:111122223333:accesspoint/other/object/*" }), { accessPointArn: ap }), MALFORMED.invalidResource);
  });
  it("rejects an object action on the access point ARN alone", () => {
    assert.equal(message(stmt({ Resource: ap }), { accessPointArn: ap }), MALFORMED.actionNotApplicable);
  });
});

describe("s3Actions", () => {
  it("knows the resource types of actions in any case", () => {
    assert.equal(s3ActionResourceTypes("S3:GETOBJECT"), RT.object | RT.accesspointobject);
    assert.equal(s3ActionResourceTypes("s3:ListAllMyBuckets"), RT.none);
    assert.equal(s3ActionResourceTypes("s3:Nope"), undefined);
  });
});
