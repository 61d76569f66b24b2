/**
 * End-to-end: S3 data requests through access points (spec §7), with the SDK v3 addressing them by ARN (the
 * SDK sends those to `<name>-<account-id>.<endpoint host>`) and by alias (a bucket name). Both the access
 * point policy and the bucket policy's delegation to access points must allow (spec §7.2).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { S3Client } from "@aws-sdk/client-s3";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateAccessPointCommand, PutAccessPointPolicyCommand } from "@aws-sdk/client-s3-control";
import { ALPHA, BRAVO, CHARLIE, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { accessPointClient, controlClient } from "../support/s3control.ts";
import { rejectsWith } from "../support/s3errors.ts";
import type { WorldAccount } from "../../src/identity/world.ts";

let server: TestServer;

const s3 = (account: WorldAccount): S3Client => accessPointClient(server, account);

const statement = (s: Record<string, unknown>): string => JSON.stringify({ Version: "2012-10-17", Statement: [s] });

describe("data requests through an access point", () => {
  let bucket: string;
  let apArn: string;
  let alias: string;

  before(async () => {
    server = await startTestServer();
    bucket = uniqueBucket("ap-data");
    await s3(ALPHA).send(new CreateBucketCommand({ Bucket: bucket }));
    await s3(ALPHA).send(new PutObjectCommand({ Bucket: bucket, Key: "reports/q1.csv", Body: "a,b\n" }));
    const created = await controlClient(server, ALPHA).send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: "reports", Bucket: bucket }));
    apArn = created.AccessPointArn ?? "";
    alias = created.Alias ?? "";
    await controlClient(server, ALPHA).send(
      new PutAccessPointPolicyCommand({ AccountId: ALPHA.id, Name: "reports", Policy: statement({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [apArn, `${apArn}/object/reports/*`] }) }),
    );
  });
  after(async () => {
    await server.stop();
  });

  it("§7.2: the access point policy alone is not enough: the bucket policy must delegate to access points", async () => {
    await rejectsWith(s3(BRAVO).send(new GetObjectCommand({ Bucket: apArn, Key: "reports/q1.csv" })), "AccessDenied", 403);
  });

  it("§7.2: with the bucket delegating to the owner's access points, the access point policy grants another account by ARN and by alias", async () => {
    await s3(ALPHA).send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: statement({ Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": ALPHA.id } } }),
      }),
    );
    const byArn = await s3(BRAVO).send(new GetObjectCommand({ Bucket: apArn, Key: "reports/q1.csv" }));
    assert.equal(await byArn.Body?.transformToString(), "a,b\n");
    const byAlias = await s3(BRAVO).send(new GetObjectCommand({ Bucket: alias, Key: "reports/q1.csv" }));
    assert.equal(await byAlias.Body?.transformToString(), "a,b\n");
    const listed = await s3(BRAVO).send(new ListObjectsV2Command({ Bucket: apArn, Prefix: "reports/" }));
    assert.deepEqual(listed.Contents?.map((o) => o.Key), ["reports/q1.csv"]);
  });

  it("§7.2: the grant covers only what the access point policy names, and only through the access point", async () => {
    await s3(ALPHA).send(new PutObjectCommand({ Bucket: bucket, Key: "private/x", Body: "x" }));
    await rejectsWith(s3(BRAVO).send(new GetObjectCommand({ Bucket: apArn, Key: "private/x" })), "AccessDenied", 403);
    await rejectsWith(s3(BRAVO).send(new GetObjectCommand({ Bucket: bucket, Key: "reports/q1.csv" })), "AccessDenied", 403);
    await rejectsWith(s3(CHARLIE).send(new GetObjectCommand({ Bucket: apArn, Key: "reports/q1.csv" })), "AccessDenied", 403);
  });

  it("answers NoSuchAccessPoint for an access point that does not exist", async () => {
    await rejectsWith(s3(BRAVO).send(new GetObjectCommand({ Bucket: `arn:aws:s3:us-east-1:${ALPHA.id}:accesspoint/absent`, Key: "k" })), "NoSuchAccessPoint", 404);
  });

  it("logs no internal error", () => {
    assert.deepEqual(server.logger.errors, []);
  });
});
