/**
 * End-to-end: condition keys whose values come from the request, body included (spec §8.1), through the SDK:
 * - `s3:RequestObjectTag/<key>` and `s3:RequestObjectTagKeys` from PutObjectTagging's `<Tagging>` body, and from
 *   `x-amz-tagging` on PutObject, CreateMultipartUpload and CopyObject;
 * - `s3:locationconstraint` from CreateBucket's `<CreateBucketConfiguration>` body.
 * Bodies that carry keys are read (size-limited) before authorization, so a malformed one is refused with S3's
 * MalformedXML before any policy is consulted. Every denial is checked against the decision log's `blockedBy`.
 * Condition keys: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
  type S3ServiceException,
} from "@aws-sdk/client-s3";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { ALPHA, BRAVO, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { rejectsWith } from "../support/s3errors.ts";
import { errorCode, rawRequest } from "../support/raw.ts";

let server: TestServer;
let alpha: S3Client;
let bravo: S3Client;
let bucket: string;

const doc = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const tagging = (pairs: Record<string, string>) => ({ TagSet: Object.entries(pairs).map(([Key, Value]) => ({ Key, Value })) });

/** Asserts 403 AccessDenied and the layer the decision log blames for it. */
async function deniedBy(p: Promise<unknown>, layer: string): Promise<S3ServiceException> {
  const e = await rejectsWith(p, "AccessDenied", 403);
  const blocked = server.decisions.find(e.$metadata.requestId ?? "").map((d) => d.result.blockedBy).find((b) => b !== undefined);
  assert.equal(blocked?.layer, layer, `request ${e.$metadata.requestId}`);
  return e;
}

async function iamUser(name: string, identityPolicy: string): Promise<S3Client> {
  const iam = new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: ALPHA.root.accessKeyId, secretAccessKey: ALPHA.root.secretAccessKey } });
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: identityPolicy }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return server.client(ALPHA, { credentials: { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" } });
}

before(async () => {
  server = await startTestServer();
  alpha = server.client(ALPHA);
  bravo = server.client(BRAVO);
  bucket = uniqueBucket("body-keys");
  await alpha.send(new CreateBucketCommand({ Bucket: bucket }));
  await alpha.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
  await alpha.send(
    new PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: doc(
        // bravo may tag, write and copy only with team=blue.
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: ["s3:PutObjectTagging", "s3:PutObject"], Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { "s3:RequestObjectTag/team": "blue" } } },
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` },
        // Nobody, the owner included, may set a tag named "secret".
        { Effect: "Deny", Principal: "*", Action: ["s3:PutObjectTagging", "s3:PutObject"], Resource: `arn:aws:s3:::${bucket}/*`, Condition: { "ForAnyValue:StringEquals": { "s3:RequestObjectTagKeys": "secret" } } },
      ),
    }),
  );
});
after(async () => {
  await server.stop();
});

describe("s3:RequestObjectTag and s3:RequestObjectTagKeys from the PutObjectTagging body", () => {
  it("a bucket policy granting on s3:RequestObjectTag/team=blue allows the body that carries team=blue", async () => {
    await bravo.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: tagging({ team: "blue" }) }));
    const got = await alpha.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "k" }));
    assert.deepEqual(got.TagSet, [{ Key: "team", Value: "blue" }]);
  });

  it("…and grants nothing to a body with another value or without the tag (bucket-policy-no-grant)", async () => {
    await deniedBy(bravo.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: tagging({ team: "red" }) })), "bucket-policy-no-grant");
    await deniedBy(bravo.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: tagging({ other: "blue" }) })), "bucket-policy-no-grant");
    const got = await alpha.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "k" }));
    assert.deepEqual(got.TagSet, [{ Key: "team", Value: "blue" }], "a denied request changes nothing");
  });

  it("a Deny on s3:RequestObjectTagKeys binds the bucket owner's root too (bucket-policy-deny); other keys pass", async () => {
    await deniedBy(alpha.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: tagging({ a: "1", secret: "2" }) })), "bucket-policy-deny");
    await alpha.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: tagging({ a: "1" }) }));
  });

  it("tag keys are matched case-insensitively as condition key names are (s3:RequestObjectTag/TEAM)", async () => {
    await bravo.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: tagging({ TEAM: "blue" }) }));
  });

  it("a malformed Tagging body is MalformedXML (400), answered before authorization, even to a caller with no grant", async () => {
    const res = await rawRequest(server.endpoint, BRAVO, { method: "PUT", path: `/${bucket}/k?tagging`, headers: { "content-type": "application/xml" }, body: "<Tagging><TagSet><Tag><Key>team</Key>" });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res), "MalformedXML");
  });

  it("S3's tag limits are checked after authorization: an unauthorized caller gets AccessDenied, the owner InvalidTag", async () => {
    const tooLong = tagging({ ["x".repeat(129)]: "v" });
    await deniedBy(bravo.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: tooLong })), "bucket-policy-no-grant");
    await rejectsWith(alpha.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: tooLong })), "InvalidTag", 400);
  });
});

describe("s3:RequestObjectTag from x-amz-tagging on object writes", () => {
  it("PutObject with Tagging team=blue is allowed, team=red is not, a secret tag is denied", async () => {
    await bravo.send(new PutObjectCommand({ Bucket: bucket, Key: "put-blue", Body: "b", Tagging: "team=blue" }));
    await deniedBy(bravo.send(new PutObjectCommand({ Bucket: bucket, Key: "put-red", Body: "r", Tagging: "team=red" })), "bucket-policy-no-grant");
    await deniedBy(alpha.send(new PutObjectCommand({ Bucket: bucket, Key: "put-secret", Body: "s", Tagging: "secret=1" })), "bucket-policy-deny");
  });

  it("CreateMultipartUpload reads the same keys from x-amz-tagging", async () => {
    const ok = await bravo.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "mpu-blue", Tagging: "team=blue" }));
    assert.ok(ok.UploadId);
    await deniedBy(bravo.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "mpu-red", Tagging: "team=red" })), "bucket-policy-no-grant");
  });

  it("CopyObject with TaggingDirective REPLACE reads the destination's x-amz-tagging", async () => {
    await bravo.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy-blue", CopySource: `${bucket}/k`, TaggingDirective: "REPLACE", Tagging: "team=blue" }));
    await deniedBy(bravo.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy-red", CopySource: `${bucket}/k`, TaggingDirective: "REPLACE", Tagging: "team=red" })), "bucket-policy-no-grant");
  });
});

describe("s3:locationconstraint from the CreateBucket body", () => {
  it("an identity-policy Deny on s3:LocationConstraint=eu-west-1 refuses that body before its region is checked (identity-policy deny)", async () => {
    const user = await iamUser("creator-deny-eu", doc({ Effect: "Allow", Action: "s3:CreateBucket", Resource: "*" }, { Effect: "Deny", Action: "s3:CreateBucket", Resource: "*", Condition: { StringEquals: { "s3:LocationConstraint": "eu-west-1" } } }));
    await deniedBy(user.send(new CreateBucketCommand({ Bucket: uniqueBucket("lc-eu"), CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })), "identity-policy");
    // Without a constraint the key is absent, the Deny does not apply, and the bucket is created in us-east-1.
    await user.send(new CreateBucketCommand({ Bucket: uniqueBucket("lc-none") }));
  });

  it("an Allow only for s3:LocationConstraint=eu-west-1 lets that body through authorization (then the us-east-1 endpoint refuses the region) and nothing else", async () => {
    const user = await iamUser("creator-only-eu", doc({ Effect: "Allow", Action: "s3:CreateBucket", Resource: "*", Condition: { StringEquals: { "s3:LocationConstraint": "eu-west-1" } } }));
    await rejectsWith(user.send(new CreateBucketCommand({ Bucket: uniqueBucket("lc-eu2"), CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })), "IllegalLocationConstraintException", 400);
    await deniedBy(user.send(new CreateBucketCommand({ Bucket: uniqueBucket("lc-none2") })), "identity-policy");
  });

  it("a malformed CreateBucketConfiguration is MalformedXML (400), answered before authorization", async () => {
    const res = await rawRequest(server.endpoint, BRAVO, { method: "PUT", path: `/${uniqueBucket("lc-bad")}`, body: "<CreateBucketConfiguration><LocationConstraint>" });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res), "MalformedXML");
  });
});
