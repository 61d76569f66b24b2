/**
 * End-to-end: S3 authorization through the AWS SDK v3 — bucket policy and Block Public Access APIs, who may
 * call them (spec §12.9), what a bucket policy grants across accounts (§12.1, §12.2, §12.13), the object
 * owner's and the bucket owner's powers (§12.7, §12.8), Block Public Access (§6, §12.12), 404 vs 403 (§9.3),
 * `x-amz-expected-bucket-owner` (§12.17), DeleteObjects per key, and AWS's access-denied messages (§11.3).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  AbortMultipartUploadCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type S3Client as S3ClientType,
} from "@aws-sdk/client-s3";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { ALPHA, BRAVO, CHARLIE, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { errorOf, rejectsWith } from "../support/s3errors.ts";
import type { S3ServiceException } from "@aws-sdk/client-s3";

const A = "111111111111";
const B = "222222222222";
const C = "333333333333";

let server: TestServer;
let alpha: S3ClientType;
let bravo: S3ClientType;
let charlie: S3ClientType;
let anonymous: S3ClientType;

type Statement = Record<string, unknown>;
const policy = (...statements: Statement[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (principal: unknown, action: string | string[], resource: string | string[], extra: Statement = {}): Statement => ({ Effect: "Allow", Principal: principal, Action: action, Resource: resource, ...extra });
const deny = (principal: unknown, action: string | string[], resource: string | string[], extra: Statement = {}): Statement => ({ Effect: "Deny", Principal: principal, Action: action, Resource: resource, ...extra });

/** An IAM user of `account` with an inline identity policy, as an S3 client. */
async function iamUser(account: typeof ALPHA, name: string, identityPolicy?: string): Promise<{ s3: S3ClientType; arn: string }> {
  const iam = new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey } });
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (identityPolicy !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: identityPolicy }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return { s3: server.client(account, { credentials: { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" } }), arn: `arn:aws:iam::${account.id}:user/${name}` };
}

/**
 * Asserts a 403 AccessDenied and that the decision behind it (found in the decision log by the request ID the
 * client got) was blocked by `layer` (and `setting`, for Block Public Access).
 */
async function deniedBy(p: Promise<unknown>, layer: string, setting?: string): Promise<S3ServiceException> {
  const e = await rejectsWith(p, "AccessDenied", 403);
  const blocked = server.decisions.find(e.$metadata.requestId ?? "").map((d) => d.result.blockedBy).find((b) => b !== undefined);
  assert.equal(blocked?.layer, layer, `request ${e.$metadata.requestId}`);
  if (setting !== undefined) assert.equal(blocked?.setting, setting);
  return e;
}

/** A bucket of alpha's under the pre-2023 defaults (ObjectWriter, no Block Public Access). */
async function legacyBucket(prefix: string): Promise<string> {
  const b = uniqueBucket(prefix);
  await alpha.send(new CreateBucketCommand({ Bucket: b }));
  return b;
}

before(async () => {
  server = await startTestServer({ legacyBucketDefaults: true });
  alpha = server.client(ALPHA);
  bravo = server.client(BRAVO);
  charlie = server.client(CHARLIE);
  // An unsigned client: the signer passes requests through untouched.
  anonymous = new S3Client({ endpoint: server.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "", secretAccessKey: "" }, signer: { sign: async (r) => r } });
});
after(async () => {
  await server.stop();
});

describe("bucket policy APIs", () => {
  it("puts, gets (verbatim), reports status of and deletes a bucket policy", async () => {
    const b = await legacyBucket("pol");
    await rejectsWith(alpha.send(new GetBucketPolicyCommand({ Bucket: b })), "NoSuchBucketPolicy", 404);
    const text = policy(allow({ AWS: `arn:aws:iam::${B}:root` }, "s3:GetObject", `arn:aws:s3:::${b}/*`));
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: text }));
    assert.equal((await alpha.send(new GetBucketPolicyCommand({ Bucket: b }))).Policy, text);
    assert.equal((await alpha.send(new GetBucketPolicyStatusCommand({ Bucket: b }))).PolicyStatus?.IsPublic, false);
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow("*", "s3:GetObject", `arn:aws:s3:::${b}/*`)) }));
    assert.equal((await alpha.send(new GetBucketPolicyStatusCommand({ Bucket: b }))).PolicyStatus?.IsPublic, true);
    await alpha.send(new DeleteBucketPolicyCommand({ Bucket: b }));
    await rejectsWith(alpha.send(new GetBucketPolicyCommand({ Bucket: b })), "NoSuchBucketPolicy", 404);
    await alpha.send(new DeleteBucketPolicyCommand({ Bucket: b }));
  });

  it("§3.12: rejects malformed policies with S3's MalformedPolicy messages", async () => {
    const b = await legacyBucket("malformed");
    const cases: [string, RegExp][] = [
      ["not json", /first byte must be '\{'/],
      [policy(allow({ AWS: `arn:aws:iam::${B}:root` }, "s3:GetObject", "arn:aws:s3:::other-bucket/*")), /Policy has invalid resource/],
      [policy(allow({ AWS: `arn:aws:iam::${B}:user/nobody-here` }, "s3:GetObject", `arn:aws:s3:::${b}/*`)), /Invalid principal in policy/],
      [policy(allow({ AWS: `arn:aws:iam::${B}:root` }, "s3:ListBucket", `arn:aws:s3:::${b}/*`)), /Action does not apply to any resource\(s\) in statement/],
      [policy({ ...allow({ AWS: `arn:aws:iam::${B}:root` }, "s3:GetObject", `arn:aws:s3:::${b}/*`), Sid: "x".repeat(21_000) }), /Policy exceeds the maximum allowed document size/],
    ];
    for (const [text, message] of cases) {
      const e = await rejectsWith(alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: text })), "MalformedPolicy", 400);
      assert.match(e.message, message);
    }
  });

  it("§12.9: another account gets 403 without a grant and 405 with one; the owner's root manages the policy even against a Deny", async () => {
    const b = await legacyBucket("pol-apis");
    await rejectsWith(bravo.send(new GetBucketPolicyCommand({ Bucket: b })), "AccessDenied", 403);
    await alpha.send(
      new PutBucketPolicyCommand({
        Bucket: b,
        Policy: policy(allow({ AWS: `arn:aws:iam::${B}:root` }, ["s3:GetBucketPolicy", "s3:PutBucketPolicy"], `arn:aws:s3:::${b}`), deny("*", ["s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy"], `arn:aws:s3:::${b}`, { Condition: { StringNotEquals: { "aws:PrincipalAccount": B } } })),
      }),
    );
    const e = await rejectsWith(bravo.send(new GetBucketPolicyCommand({ Bucket: b })), "MethodNotAllowed", 405);
    assert.equal(e.message, "The specified method is not allowed against this resource.");
    const admin = await iamUser(ALPHA, `poladmin-${b.slice(-6)}`, policy({ Effect: "Allow", Action: "s3:*", Resource: "*" }));
    await rejectsWith(admin.s3.send(new GetBucketPolicyCommand({ Bucket: b })), "AccessDenied", 403);
    assert.ok((await alpha.send(new GetBucketPolicyCommand({ Bucket: b }))).Policy, "the owner's root is never locked out");
    await alpha.send(new DeleteBucketPolicyCommand({ Bucket: b }));
  });
});

describe("cross-account grants and owners", () => {
  it("§12.13: a bucket-policy grant to an account covers its root, and its IAM users only with their own identity allow", async () => {
    const b = await legacyBucket("xacct");
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "data" }));
    // Nothing of alpha's grants bravo: the object's ACL (its owner's grants) is what refuses.
    await deniedBy(bravo.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "object-acl");
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow({ AWS: B }, "s3:GetObject", `arn:aws:s3:::${b}/*`)) }));
    assert.equal(await (await bravo.send(new GetObjectCommand({ Bucket: b, Key: "k" }))).Body?.transformToString(), "data");
    const bare = await iamUser(BRAVO, `bare-${b.slice(-6)}`);
    const e = await deniedBy(bare.s3.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "identity-policy");
    assert.equal(e.message, "Access Denied", "cross-account denials outside an organization say nothing more (spec §11.3.5)");
    const reader = await iamUser(BRAVO, `reader-${b.slice(-6)}`, policy({ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${b}/*` }));
    assert.equal(await (await reader.s3.send(new GetObjectCommand({ Bucket: b, Key: "k" }))).Body?.transformToString(), "data");
    // Charlie is named by neither the bucket policy nor the ACL; with a bucket policy in place, it is the policy's missing grant.
    await deniedBy(charlie.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "bucket-policy-no-grant");
  });

  it("§12.1 steps 5–8 and §12.7: the uploader keeps access to its object, the bucket owner may only delete it, and cannot pass it on", async () => {
    const b = await legacyBucket("owners");
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow({ AWS: B }, "s3:PutObject", `arn:aws:s3:::${b}/*`), allow({ AWS: C }, "s3:GetObject", `arn:aws:s3:::${b}/*`)) }));
    await bravo.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "bravo's" }));
    assert.equal(await (await bravo.send(new GetObjectCommand({ Bucket: b, Key: "k" }))).Body?.transformToString(), "bravo's");
    // The bucket owner is refused by the object's ACL: the object is bravo's, and its ACL grants only bravo.
    await deniedBy(alpha.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "object-acl");
    await deniedBy(alpha.send(new GetObjectAclCommand({ Bucket: b, Key: "k" })), "object-acl");
    // Charlie's bucket-policy grant does not reach an object alpha does not own.
    await deniedBy(charlie.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "object-acl");
    await bravo.send(new PutObjectAclCommand({ Bucket: b, Key: "k", ACL: "bucket-owner-full-control" }));
    assert.equal(await (await alpha.send(new GetObjectCommand({ Bucket: b, Key: "k" }))).Body?.transformToString(), "bravo's");
    // Alpha now holds FULL_CONTROL through the ACL, but cannot pass it on to another account.
    await deniedBy(charlie.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "object-acl");
    await alpha.send(new DeleteObjectCommand({ Bucket: b, Key: "k" }));
  });

  it("§12.2: a bucket-policy Deny binds even the object owner's root", async () => {
    const b = await legacyBucket("deny-all");
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow({ AWS: B }, "s3:PutObject", `arn:aws:s3:::${b}/*`)) }));
    await bravo.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(deny({ AWS: `arn:aws:iam::${B}:root` }, "s3:GetObject", `arn:aws:s3:::${b}/*`)) }));
    await deniedBy(bravo.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "bucket-policy-deny");
  });

  it("§12.7: the bucket owner may abort another account's multipart upload", async () => {
    const b = await legacyBucket("mpu");
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow({ AWS: B }, "s3:PutObject", `arn:aws:s3:::${b}/*`)) }));
    const up = await bravo.send(new CreateMultipartUploadCommand({ Bucket: b, Key: "big" }));
    await alpha.send(new AbortMultipartUploadCommand({ Bucket: b, Key: "big", UploadId: up.UploadId }));
  });

  it("same account: an IAM user without an allow gets AWS's enhanced message naming the missing identity-policy grant", async () => {
    const b = await legacyBucket("samemsg");
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    const u = await iamUser(ALPHA, `nobody-${b.slice(-6)}`);
    const e = await rejectsWith(u.s3.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "AccessDenied", 403);
    assert.equal(e.message, `User: ${u.arn} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${b}/k" because no identity-based policy allows the s3:GetObject action`);
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(deny({ AWS: u.arn }, "s3:GetObject", `arn:aws:s3:::${b}/*`)) }));
    const d = await rejectsWith(u.s3.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "AccessDenied", 403);
    assert.equal(d.message, `User: ${u.arn} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${b}/k" with an explicit deny in a resource-based policy`);
  });
});

describe("missing keys, expected owner, DeleteObjects", () => {
  it("§9.3: a missing key is 404 NoSuchKey only for callers allowed s3:ListBucket, else 403", async () => {
    const b = await legacyBucket("missing");
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow({ AWS: B }, "s3:GetObject", `arn:aws:s3:::${b}/*`)) }));
    await rejectsWith(alpha.send(new GetObjectCommand({ Bucket: b, Key: "nope" })), "NoSuchKey", 404);
    await deniedBy(bravo.send(new GetObjectCommand({ Bucket: b, Key: "nope" })), "bucket-policy-no-grant");
    assert.equal((await errorOf(bravo.send(new HeadObjectCommand({ Bucket: b, Key: "nope" })))).$metadata.httpStatusCode, 403);
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow({ AWS: B }, "s3:GetObject", `arn:aws:s3:::${b}/*`), allow({ AWS: B }, "s3:ListBucket", `arn:aws:s3:::${b}`)) }));
    await rejectsWith(bravo.send(new GetObjectCommand({ Bucket: b, Key: "nope" })), "NoSuchKey", 404);
    assert.equal((await errorOf(bravo.send(new HeadObjectCommand({ Bucket: b, Key: "nope" })))).$metadata.httpStatusCode, 404);
  });

  it("§12.17: x-amz-expected-bucket-owner that is not the owner is 403 AccessDenied, even for the owner", async () => {
    const b = await legacyBucket("expected");
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    await rejectsWith(alpha.send(new GetObjectCommand({ Bucket: b, Key: "k", ExpectedBucketOwner: B })), "AccessDenied", 403);
    await alpha.send(new GetObjectCommand({ Bucket: b, Key: "k", ExpectedBucketOwner: A }));
    await rejectsWith(alpha.send(new ListObjectsV2Command({ Bucket: b, ExpectedBucketOwner: C })), "AccessDenied", 403);
  });

  it("DeleteObjects authorizes each key as s3:DeleteObject and reports AccessDenied per key", async () => {
    const b = await legacyBucket("multidel");
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "open/a", Body: "x" }));
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "closed/b", Body: "x" }));
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow({ AWS: B }, "s3:DeleteObject", `arn:aws:s3:::${b}/open/*`)) }));
    const out = await bravo.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: "open/a" }, { Key: "closed/b" }] } }));
    assert.deepEqual(out.Deleted?.map((d) => d.Key), ["open/a"]);
    assert.deepEqual(out.Errors?.map((e) => [e.Key, e.Code, e.Message]), [["closed/b", "AccessDenied", "Access Denied"]]);
  });
});

describe("Block Public Access and anonymous requests", () => {
  it("puts, gets and deletes a bucket's Block Public Access configuration", async () => {
    const b = await legacyBucket("bpa");
    await rejectsWith(alpha.send(new GetPublicAccessBlockCommand({ Bucket: b })), "NoSuchPublicAccessBlockConfiguration", 404);
    await alpha.send(new PutPublicAccessBlockCommand({ Bucket: b, PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true } }));
    const got = await alpha.send(new GetPublicAccessBlockCommand({ Bucket: b }));
    assert.deepEqual(got.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true });
    await alpha.send(new DeletePublicAccessBlockCommand({ Bucket: b }));
    await rejectsWith(alpha.send(new GetPublicAccessBlockCommand({ Bucket: b })), "NoSuchPublicAccessBlockConfiguration", 404);
  });

  it("§12.11: anonymous callers are denied unless something public grants them, and then may read", async () => {
    const b = await legacyBucket("public");
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "hello" }));
    await rejectsWith(anonymous.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "AccessDenied", 403);
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow("*", "s3:GetObject", `arn:aws:s3:::${b}/*`)) }));
    assert.equal(await (await anonymous.send(new GetObjectCommand({ Bucket: b, Key: "k" }))).Body?.transformToString(), "hello");
    await alpha.send(new PutPublicAccessBlockCommand({ Bucket: b, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    await deniedBy(anonymous.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "block-public-access", "RestrictPublicBuckets");
  });

  it("§6.4: BlockPublicPolicy refuses a public policy and BlockPublicAcls a public ACL, with 403", async () => {
    const b = await legacyBucket("blocks");
    await alpha.send(new PutPublicAccessBlockCommand({ Bucket: b, PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true } }));
    await rejectsWith(alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow("*", "s3:GetObject", `arn:aws:s3:::${b}/*`)) })), "AccessDenied", 403);
    await rejectsWith(alpha.send(new PutBucketAclCommand({ Bucket: b, ACL: "public-read" })), "AccessDenied", 403);
    await rejectsWith(alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x", ACL: "public-read" })), "AccessDenied", 403);
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x", ACL: "bucket-owner-full-control" }));
  });

  it("§6.4: IgnorePublicAcls makes stored public ACL grants count for nothing", async () => {
    const b = await legacyBucket("ignore");
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x", ACL: "public-read" }));
    await anonymous.send(new GetObjectCommand({ Bucket: b, Key: "k" }));
    await alpha.send(new PutPublicAccessBlockCommand({ Bucket: b, PublicAccessBlockConfiguration: { IgnorePublicAcls: true } }));
    await deniedBy(anonymous.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "block-public-access", "IgnorePublicAcls");
  });

  it("§12.12: RestrictPublicBuckets cuts a named account's grant while the policy also has a public statement", async () => {
    const b = await legacyBucket("restrict");
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    const named = allow({ AWS: B }, "s3:GetObject", `arn:aws:s3:::${b}/*`);
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(named, allow("*", "s3:GetObject", `arn:aws:s3:::${b}/public/*`)) }));
    await bravo.send(new GetObjectCommand({ Bucket: b, Key: "k" }));
    await alpha.send(new PutPublicAccessBlockCommand({ Bucket: b, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    await deniedBy(bravo.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "block-public-access", "RestrictPublicBuckets");
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(named) }));
    await bravo.send(new GetObjectCommand({ Bucket: b, Key: "k" }));
  });

  it("§12.16: buckets created under today's defaults block public access from the start", async () => {
    const current = await startTestServer();
    try {
      const s3 = current.client(ALPHA);
      const b = uniqueBucket("today");
      await s3.send(new CreateBucketCommand({ Bucket: b }));
      const got = await s3.send(new GetPublicAccessBlockCommand({ Bucket: b }));
      assert.deepEqual(got.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      await rejectsWith(s3.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy(allow("*", "s3:GetObject", `arn:aws:s3:::${b}/*`)) })), "AccessDenied", 403);
    } finally {
      await current.stop();
    }
  });
});

describe("logging", () => {
  it("logs no internal error during the suite", () => {
    assert.deepEqual(server.logger.errors, []);
  });
});
