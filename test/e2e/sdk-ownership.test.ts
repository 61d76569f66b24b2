/**
 * End-to-end: object owners, ACLs and Object Ownership through the AWS SDK v3 (spec §4, §5, §12.1,
 * §12.3–§12.5, §12.15, §12.16): who owns what and which grants exist. The bucket owner lets account
 * bravo write through its bucket policy, as the seeds' stories do; what owners may then do is pinned here
 * and in test/scenarios.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  DeleteBucketOwnershipControlsCommand,
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetObjectAclCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { BRAVO, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { errorOf } from "../support/s3errors.ts";


describe("object ownership and ACLs", () => {
  let server: TestServer;
  let alpha: S3Client;
  let bravo: S3Client;
  let alphaId: string;
  let bravoId: string;
  before(async () => {
    server = await startTestServer({ legacyBucketDefaults: true });
    alpha = server.client();
    bravo = server.client(BRAVO);
    alphaId = server.services.accounts.get("111111111111")?.canonicalUserId ?? "";
    bravoId = server.services.accounts.get("222222222222")?.canonicalUserId ?? "";
  });
  after(async () => {
    await server.stop();
  });

  /** Creates a bucket of alpha's whose policy lets account bravo upload (spec §12.1 set-up). */
  async function bucketBravoWritesTo(name: string, ownership?: "BucketOwnerPreferred"): Promise<string> {
    const b = uniqueBucket(name);
    await alpha.send(new CreateBucketCommand({ Bucket: b, ...(ownership !== undefined ? { ObjectOwnership: ownership } : {}) }));
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${b}/*` }] };
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: JSON.stringify(policy) }));
    return b;
  }

  it("§12.1: under ObjectWriter an object another account uploads belongs to the uploader, with a private ACL", async () => {
    const b = await bucketBravoWritesTo("writer");
    await bravo.send(new PutObjectCommand({ Bucket: b, Key: "from-bravo", Body: "x" }));
    const acl = await bravo.send(new GetObjectAclCommand({ Bucket: b, Key: "from-bravo" }));
    assert.equal(acl.Owner?.ID, bravoId);
    assert.deepEqual(acl.Grants, [{ Grantee: { Type: "CanonicalUser", ID: bravoId }, Permission: "FULL_CONTROL" }]);
    const list = await alpha.send(new ListObjectsV2Command({ Bucket: b, FetchOwner: true }));
    assert.equal(list.Contents?.[0]?.Owner?.ID, bravoId, "the bucket owner sees a foreign owner in its own bucket");
    const read = await errorOf(alpha.send(new GetObjectCommand({ Bucket: b, Key: "from-bravo" })));
    assert.equal(read.name, "AccessDenied", "the bucket owner has no permission on an object it does not own");
    assert.equal(read.message, "Access Denied", "an ACL-only denial gets the generic message (spec §11.3.8)");
    const why = server.decisions.find(read.$metadata.requestId ?? "")[0]?.result.blockedBy;
    assert.equal(why?.layer, "object-acl", "refused by the object's ACL: bravo owns the object and grants only itself");
  });

  it("§12.5: bucket-owner-full-control keeps the uploader as owner and grants the bucket owner FULL_CONTROL", async () => {
    const b = await bucketBravoWritesTo("bofc");
    await bravo.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x", ACL: "bucket-owner-full-control" }));
    const acl = await bravo.send(new GetObjectAclCommand({ Bucket: b, Key: "k" }));
    assert.equal(acl.Owner?.ID, bravoId);
    assert.deepEqual(
      acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]),
      [[bravoId, "FULL_CONTROL"], [alphaId, "FULL_CONTROL"]],
    );
    assert.equal(await (await alpha.send(new GetObjectCommand({ Bucket: b, Key: "k" }))).Body?.transformToString(), "x", "the grant lets the bucket owner read");
  });

  it("§12.3: BucketOwnerPreferred moves ownership to the bucket owner only with bucket-owner-full-control", async () => {
    const b = await bucketBravoWritesTo("preferred", "BucketOwnerPreferred");
    await bravo.send(new PutObjectCommand({ Bucket: b, Key: "with", Body: "x", ACL: "bucket-owner-full-control" }));
    await bravo.send(new PutObjectCommand({ Bucket: b, Key: "without", Body: "x" }));
    assert.equal((await alpha.send(new GetObjectAclCommand({ Bucket: b, Key: "with" }))).Owner?.ID, alphaId);
    assert.equal((await bravo.send(new GetObjectAclCommand({ Bucket: b, Key: "without" }))).Owner?.ID, bravoId);
  });

  it("§12.4/§12.15: BucketOwnerEnforced shows every object as the bucket owner's, and switching back restores the stored owner", async () => {
    const b = await bucketBravoWritesTo("enforced");
    await bravo.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    await alpha.send(new PutBucketOwnershipControlsCommand({ Bucket: b, OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] } }));
    const enforced = await alpha.send(new GetObjectAclCommand({ Bucket: b, Key: "k" }));
    assert.equal(enforced.Owner?.ID, alphaId);
    assert.deepEqual(enforced.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[alphaId, "FULL_CONTROL"]]);
    const put = await errorOf(bravo.send(new PutObjectCommand({ Bucket: b, Key: "public", Body: "x", ACL: "public-read" })));
    assert.equal(put.name, "AccessControlListNotSupported");
    const putAcl = await errorOf(alpha.send(new PutObjectAclCommand({ Bucket: b, Key: "k", ACL: "public-read" })));
    assert.equal(putAcl.name, "AccessControlListNotSupported");
    await bravo.send(new PutObjectCommand({ Bucket: b, Key: "bofc-ok", Body: "x", ACL: "bucket-owner-full-control" }));
    await alpha.send(new DeleteBucketOwnershipControlsCommand({ Bucket: b }));
    assert.equal((await errorOf(alpha.send(new GetBucketOwnershipControlsCommand({ Bucket: b })))).name, "OwnershipControlsNotFoundError");
    assert.equal((await bravo.send(new GetObjectAclCommand({ Bucket: b, Key: "k" }))).Owner?.ID, bravoId, "the stored owner comes back");
  });

  it("§12.16: new buckets default to BucketOwnerEnforced under today's defaults, and refuse an ACL at creation", async () => {
    const current = await startTestServer();
    try {
      const s3 = current.client();
      const b = uniqueBucket("defaults");
      await s3.send(new CreateBucketCommand({ Bucket: b }));
      const oc = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: b }));
      assert.equal(oc.OwnershipControls?.Rules?.[0]?.ObjectOwnership, "BucketOwnerEnforced");
      const e = await errorOf(s3.send(new CreateBucketCommand({ Bucket: uniqueBucket("acl"), ACL: "public-read" })));
      assert.equal(e.name, "InvalidBucketAclWithObjectOwnership");
    } finally {
      await current.stop();
    }
  });

  it("refuses BucketOwnerEnforced while the bucket ACL grants another account", async () => {
    const b = uniqueBucket("blocked");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    await alpha.send(new PutBucketAclCommand({ Bucket: b, GrantRead: `id=${bravoId}` }));
    const acl = await alpha.send(new GetBucketAclCommand({ Bucket: b }));
    assert.ok(acl.Grants?.some((g) => g.Grantee?.ID === bravoId && g.Permission === "READ"));
    const e = await errorOf(alpha.send(new PutBucketOwnershipControlsCommand({ Bucket: b, OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] } })));
    assert.equal(e.name, "InvalidBucketAclWithObjectOwnership");
  });

  it("replaces an object ACL with an AccessControlPolicy body and rejects unknown canonical IDs", async () => {
    const b = uniqueBucket("aclbody");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    await alpha.send(
      new PutObjectAclCommand({
        Bucket: b,
        Key: "k",
        AccessControlPolicy: { Owner: { ID: alphaId }, Grants: [{ Grantee: { Type: "CanonicalUser", ID: alphaId }, Permission: "FULL_CONTROL" }, { Grantee: { Type: "CanonicalUser", ID: bravoId }, Permission: "READ" }] },
      }),
    );
    const acl = await alpha.send(new GetObjectAclCommand({ Bucket: b, Key: "k" }));
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[alphaId, "FULL_CONTROL"], [bravoId, "READ"]]);
    const e = await errorOf(alpha.send(new PutObjectAclCommand({ Bucket: b, Key: "k", GrantRead: `id=${"0".repeat(64)}` })));
    assert.equal(e.name, "InvalidArgument");
  });

  it("logs no internal error during the suite", () => {
    assert.deepEqual(server.logger.errors, []);
  });
});
