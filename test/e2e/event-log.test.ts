/**
 * End-to-end: the event log (`crossbucket serve --event-log FILE`): one CloudTrail-style JSON object per
 * request, one per line, with the requester, the operation, the resources, the error of a failed request and
 * crossbucket's `decision` / `blockedBy` — for S3 through the SDK and for STS on the same port.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { BRAVO, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { rejectsWith } from "../support/s3errors.ts";

type Event = Record<string, unknown> & { requestID: string; userIdentity: Record<string, unknown> | null };

describe("event log", () => {
  let server: TestServer;
  let alpha: S3Client;
  let bravo: S3Client;
  let dir: string;
  let file: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "crossbucket-events-"));
    file = join(dir, "events.jsonl");
    server = await startTestServer({ serve: { eventLog: file } });
    alpha = server.client();
    bravo = server.client(BRAVO);
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The events written so far (the file is appended one line per request; a stopped server has flushed it). */
  async function events(): Promise<Event[]> {
    // Appends are asynchronous writes of a stream; give them a tick to reach the file.
    await new Promise((r) => setTimeout(r, 50));
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Event);
  }

  it("an allowed GetObject, a GetObject denied by a bucket policy, and a 404, each as one JSON line", async () => {
    const b = uniqueBucket("ev");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "hello" }));
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${b}/*` }] };
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b, Policy: JSON.stringify(policy) }));
    const ok = await alpha.send(new GetObjectCommand({ Bucket: b, Key: "k" }));
    await ok.Body?.transformToString();
    const denied = await rejectsWith(bravo.send(new GetObjectCommand({ Bucket: b, Key: "k" })), "AccessDenied", 403);
    const missing = await rejectsWith(alpha.send(new GetObjectCommand({ Bucket: b, Key: "nope" })), "NoSuchKey", 404);

    const all = await events();
    const byId = (id: string | undefined): Event => {
      const e = all.find((x) => x.requestID === id);
      assert.ok(e, `an event for ${String(id)}`);
      return e;
    };
    const g = byId(ok.$metadata.requestId);
    assert.equal(g["eventSource"], "s3.amazonaws.com");
    assert.equal(g["eventName"], "GetObject");
    assert.equal(g["awsRegion"], "us-east-1");
    assert.equal(g["sourceIPAddress"], "127.0.0.1");
    assert.match(String(g["userAgent"]), /aws-sdk-js/);
    assert.deepEqual(g.userIdentity, { type: "Root", principalId: "111111111111", arn: "arn:aws:iam::111111111111:root", accountId: "111111111111", accessKeyId: "AKIAALPHA00000000001" });
    assert.deepEqual(g["requestParameters"], { bucketName: b, Host: (g["requestParameters"] as Record<string, string>)["Host"], key: "k" });
    assert.equal(g["responseElements"], null);
    assert.deepEqual(g["resources"], [
      { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${b}/k` },
      { accountId: "111111111111", type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${b}` },
    ]);
    assert.equal(g["decision"], "Allow");
    assert.equal(g["blockedBy"], null);
    assert.equal(g["errorCode"], undefined);
    assert.equal((g["additionalEventData"] as Record<string, unknown>)["bytesTransferredOut"], 5);

    const d = byId(denied.$metadata.requestId);
    assert.equal((d.userIdentity ?? {})["accountId"], "222222222222");
    assert.equal(d["errorCode"], "AccessDenied");
    assert.equal(d["errorMessage"], denied.message);
    assert.equal(d["decision"], "ExplicitDeny");
    assert.deepEqual(d["blockedBy"], { layer: "bucket-policy-deny", action: "s3:GetObject", resource: `arn:aws:s3:::${b}/k` });

    const m = byId(missing.$metadata.requestId);
    assert.equal(m["errorCode"], "NoSuchKey");
    assert.equal(m["decision"], "Allow");
  });

  it("an unsigned request to a private bucket: an anonymous identity and an implicit deny", async () => {
    const b = uniqueBucket("ev-anon");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const res = await fetch(`${server.endpoint}/${b}/x`);
    assert.equal(res.status, 403);
    const id = res.headers.get("x-amz-request-id") ?? "";
    const e = (await events()).find((x) => x.requestID === id);
    assert.ok(e);
    assert.deepEqual(e.userIdentity, { type: "AWSAccount", principalId: "", accountId: "anonymous" });
    assert.equal(e["decision"], "ImplicitDeny");
    assert.equal((e["blockedBy"] as Record<string, unknown>)["action"], "s3:GetObject");
  });

  it("an STS call on the same port is an sts.amazonaws.com event named after its action", async () => {
    const sts = new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: BRAVO.root.accessKeyId, secretAccessKey: BRAVO.root.secretAccessKey } });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, "222222222222");
    const e = (await events()).find((x) => x.requestID === out.$metadata.requestId);
    assert.ok(e);
    assert.equal(e["eventSource"], "sts.amazonaws.com");
    assert.equal(e["eventName"], "GetCallerIdentity");
    assert.equal((e.userIdentity ?? {})["accountId"], "222222222222");
    assert.equal(e["decision"], null);
  });

  it("an STS call whose signature does not verify names nobody, not the owner of the access key it carries", async () => {
    const forged = new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: BRAVO.root.accessKeyId, secretAccessKey: "not-bravos-secret-key-0000000000000000000" } });
    const err = await forged.send(new GetCallerIdentityCommand({})).catch((x: { name?: string; $metadata?: { requestId?: string } }) => x);
    assert.equal((err as { name?: string }).name, "SignatureDoesNotMatch");
    const e = (await events()).find((x) => x.requestID === (err as { $metadata?: { requestId?: string } }).$metadata?.requestId);
    assert.ok(e);
    assert.equal(e["errorCode"], "SignatureDoesNotMatch");
    assert.notEqual((e.userIdentity ?? {})["accountId"], "222222222222");
    assert.equal((e.userIdentity ?? {})["arn"], undefined);
  });
});
