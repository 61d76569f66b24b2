/**
 * End-to-end: DeleteBucket refuses a bucket that still has access points attached, whoever owns them, with
 * AWS's BucketHasAccessPointsAttached (400, "Bucket has access points attached and cannot be deleted.", as
 * clients recorded it from AWS: aws-sdk-java-v2 PR #2596, rebuy-de/aws-nuke issue #660); once the access
 * points are deleted the bucket can be.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, DeleteBucketCommand, HeadBucketCommand, PutObjectCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { CreateAccessPointCommand, DeleteAccessPointCommand } from "@aws-sdk/client-s3-control";
import { ALPHA, BRAVO, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { controlClient } from "../support/s3control.ts";
import { rejectsWith } from "../support/s3errors.ts";

let server: TestServer;

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

describe("DeleteBucket with access points attached", () => {
  it("BucketHasAccessPointsAttached: 400 with AWS's message while the owner's access point exists; 204 after it is deleted", async () => {
    const bucket = uniqueBucket("ap-del");
    const s3 = server.client(ALPHA);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await controlClient(server, ALPHA).send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: "del-ap-one", Bucket: bucket }));
    const e = await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: bucket })), "BucketHasAccessPointsAttached", 400);
    assert.equal(e.message, "Bucket has access points attached and cannot be deleted.");
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    await controlClient(server, ALPHA).send(new DeleteAccessPointCommand({ AccountId: ALPHA.id, Name: "del-ap-one" }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    await rejectsWith(s3.send(new HeadBucketCommand({ Bucket: bucket })), "NotFound", 404);
  });

  it("BucketHasAccessPointsAttached: an access point another account owns (cross-account) blocks the deletion too", async () => {
    const bucket = uniqueBucket("ap-del-x");
    const s3 = server.client(ALPHA);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await controlClient(server, BRAVO).send(new CreateAccessPointCommand({ AccountId: BRAVO.id, Name: "del-ap-bravo", Bucket: bucket, BucketAccountId: ALPHA.id }));
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: bucket })), "BucketHasAccessPointsAttached", 400);
    await controlClient(server, BRAVO).send(new DeleteAccessPointCommand({ AccountId: BRAVO.id, Name: "del-ap-bravo" }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  });

  it("BucketHasAccessPointsAttached is answered only to a caller allowed to delete the bucket: others get AccessDenied", async () => {
    const bucket = uniqueBucket("ap-del-deny");
    const s3 = server.client(ALPHA);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    await controlClient(server, ALPHA).send(new CreateAccessPointCommand({ AccountId: ALPHA.id, Name: "del-ap-deny", Bucket: bucket }));
    await rejectsWith(server.client(BRAVO).send(new DeleteBucketCommand({ Bucket: bucket })), "AccessDenied", 403);
    await controlClient(server, ALPHA).send(new DeleteAccessPointCommand({ AccountId: ALPHA.id, Name: "del-ap-deny" }));
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: bucket })), "BucketNotEmpty", 409);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  });
});
