/**
 * End-to-end: `why` and `simulate` (issue #6) on the seeds' trap. Account alpha owns bucket `data` (legacy
 * defaults: ObjectWriter, no Block Public Access) and lets account bravo write and read through its bucket
 * policy; bravo uploads without an ACL, so bravo owns the object and alpha's GetObject is refused. The
 * request ID from the SDK error is explained through the admin API and through `crossbucket why` run as a
 * child process; `simulate` evaluates hypothetical requests; the admin API shows an account only what concerns
 * it.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, DeleteObjectsCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, CHARLIE, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { clientEnv } from "../support/cli.ts";
import { signRequest } from "../../src/cli/sign.ts";
import type { WorldAccount } from "../../src/identity/world.ts";
import type { Explanation } from "../../src/explain/index.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Answer {
  readonly status: number;
  readonly body: string;
  json<T>(): T;
}

/** A SigV4-signed admin API call as `account` (unsigned when `account` is undefined). */
async function admin(server: TestServer, account: WorldAccount | undefined, method: "GET" | "POST", path: string, body?: unknown): Promise<Answer> {
  const url = new URL(path, server.endpoint);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers =
    account === undefined
      ? {}
      : signRequest({ method, url, ...(text !== undefined ? { body: text } : {}) }, { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey }, "us-east-1", new Date());
  const { host: _host, ...sent } = headers as Record<string, string>;
  const res = await fetch(url, { method, headers: sent, ...(text !== undefined ? { body: text } : {}) });
  const out = await res.text();
  return { status: res.status, body: out, json: <T>() => JSON.parse(out) as T };
}

/** Runs `crossbucket <args>` (src/server/main.ts under tsx) as `account`. */
function crossbucket(server: TestServer, account: WorldAccount, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", "src/server/main.ts", ...args, "--endpoint", server.endpoint], { cwd: ROOT, env: clientEnv(account), timeout: 60_000, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") return reject(error);
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

async function deniedRequestId(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
    assert.equal(err.name, "AccessDenied");
    assert.equal(err.$metadata?.httpStatusCode, 403);
    const id = err.$metadata?.requestId;
    assert.ok(id !== undefined && id !== "", "the SDK error carries x-amz-request-id");
    return id;
  }
  throw new Error("expected the request to be denied");
}

/** Joins wrapped lines so that phrases can be matched across line breaks. */
function flat(text: string): string {
  return text.replace(/\n +/g, " ");
}

describe("crossbucket why and simulate", () => {
  let server: TestServer;
  let alpha: S3Client;
  let bravo: S3Client;
  let bucket: string;
  let requestId: string;

  before(async () => {
    server = await startTestServer({ legacyBucketDefaults: true });
    alpha = server.client();
    bravo = server.client(BRAVO);
    bucket = uniqueBucket("why");
    await alpha.send(new CreateBucketCommand({ Bucket: bucket }));
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Sid: "BravoReadsAndWrites", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: ["s3:PutObject", "s3:GetObject"], Resource: `arn:aws:s3:::${bucket}/*` }],
    };
    await alpha.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
    await bravo.send(new PutObjectCommand({ Bucket: bucket, Key: "report.csv", Body: "a,b\n" }));
    requestId = await deniedRequestId(alpha.send(new GetObjectCommand({ Bucket: bucket, Key: "report.csv" })));
  });
  after(async () => {
    await server.stop();
  });

  it("explains the bucket owner's 403 through the admin API, field by field", async () => {
    const res = await admin(server, ALPHA, "GET", `/_crossbucket/decisions/${requestId}`);
    assert.equal(res.status, 200, res.body);
    const body = res.json<{ requestId: string; decisions: Explanation[] }>();
    assert.equal(body.requestId, requestId);
    assert.equal(body.decisions.length, 1);
    const e = body.decisions[0] as Explanation;
    assert.equal(e.requestId, requestId);
    assert.equal(e.operation, "GetObject");
    assert.equal(e.simulated, false);
    assert.equal(e.verdict, "ImplicitDeny");
    assert.deepEqual(e.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
    assert.equal(e.principal.kind, "root");
    assert.equal(e.principal.arn, "arn:aws:iam::111111111111:root");
    assert.equal(e.principal.accountId, "111111111111");
    assert.equal(e.authentication.signed, true);
    assert.equal(e.authentication.authType, "REST-HEADER");
    assert.equal(e.authentication.signatureVersion, "AWS4-HMAC-SHA256");
    assert.equal(e.authentication.accessKeyId, "AKIAALPHA00000000001", "the live decision names the key that signed it");
    assert.deepEqual(e.required, [{ action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/report.csv`, on: "target" }]);
    assert.deepEqual(e.blockedBy, { layer: "object-acl", action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/report.csv` });
    assert.equal(e.target?.bucket, bucket);
    assert.equal(e.target?.key, "report.csv");
    assert.equal(e.target?.ownerAccountId, "111111111111");
    assert.equal(e.target?.objectOwnership, "ObjectWriter");
    assert.equal(e.target?.object?.ownerAccountId, "222222222222");
    assert.equal(e.target?.object?.ownedByBucketOwner, false);
    assert.deepEqual(e.target?.object?.acl.map((g) => [g.granteeAccountId, g.permission]), [["222222222222", "FULL_CONTROL"]]);
    const layers = e.checks[0]?.layers ?? [];
    assert.deepEqual(layers.filter((l) => l.decisive === true).map((l) => l.layer), ["object-acl", "object-owner"]);
    const policyLayer = layers.find((l) => l.layer === "bucket-policy");
    assert.equal(policyLayer?.status, "no-allow");
    assert.match(policyLayer?.summary ?? "", /no statement of the bucket policy allows arn:aws:iam::111111111111:root s3:GetObject/);
    // "BravoReadsAndWrites" names only account 222222222222: the principal index rules it out for alpha's root,
    // so the trace counts it instead of explaining it (candidate-only traces) and no statement is listed.
    assert.deepEqual(policyLayer?.statements ?? [], []);
    assert.equal(e.remedies[0]?.id, "foreign-object-owner");
    assert.match(e.remedies[0]?.text ?? "", /owned by account 222222222222, not by the bucket owner account 111111111111/);
    assert.match(e.remedies[0]?.text ?? "", /bucket-owner-full-control/);
    assert.match(e.remedies[0]?.text ?? "", /BucketOwnerEnforced/);
    assert.equal(e.replayConsistent, true);
  });

  it("prints the same explanation in plain language with ?format=text", async () => {
    const res = await admin(server, ALPHA, "GET", `/_crossbucket/decisions/${requestId}?format=text`);
    assert.equal(res.status, 200, res.body);
    const text = flat(res.body);
    assert.match(text, new RegExp(`^Request ${requestId} at .*: GetObject\\n`));
    assert.match(text, /Answer: 403 AccessDenied "Access Denied"/);
    assert.match(text, /the root user of account 111111111111 may not s3:GetObject/);
    assert.match(text, /object report\.csv: owned by account 222222222222 — NOT the bucket owner/);
    assert.match(text, /the bucket policy's Allow does not apply to it/);
    assert.match(text, /bucket-owner-full-control/);
    assert.match(text, /set Object Ownership to BucketOwnerEnforced/);
  });

  it("crossbucket why prints the explanation (--json field by field, and plain text)", async () => {
    const json = await crossbucket(server, ALPHA, ["why", requestId, "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const e = (JSON.parse(json.stdout) as { decisions: Explanation[] }).decisions[0] as Explanation;
    assert.equal(e.blockedBy?.layer, "object-acl");
    assert.equal(e.target?.object?.ownerAccountId, "222222222222");
    assert.equal(e.target?.ownerAccountId, "111111111111");
    assert.match(e.remedies[0]?.text ?? "", /bucket-owner-full-control.*BucketOwnerEnforced/s);
    const text = await crossbucket(server, ALPHA, ["why", requestId]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Verdict: Denied \(no grant\): the root user of account 111111111111 may not s3:GetObject/);
    assert.match(text.stdout, /▶ object ACL/);
    assert.match(flat(text.stdout), /Remedy - Object report\.csv is owned by account 222222222222, not by the bucket owner account 111111111111/);
  });

  it("shows the object owner the decision on its object, and another account nothing", async () => {
    const owner = await admin(server, BRAVO, "GET", `/_crossbucket/decisions/${requestId}`);
    assert.equal(owner.status, 200, "bravo owns the object the decision is about");
    const other = await admin(server, CHARLIE, "GET", `/_crossbucket/decisions/${requestId}`);
    assert.equal(other.status, 403);
    assert.equal(other.json<{ error: { code: string } }>().error.code, "AccessDenied");
    assert.doesNotMatch(other.body, /report\.csv/);
    const cli = await crossbucket(server, CHARLIE, ["why", requestId]);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /^crossbucket: AccessDenied: /);
  });

  it("explains a live 403 for a missing key: bravo may read objects but not list the bucket", async () => {
    const id = await deniedRequestId(bravo.send(new GetObjectCommand({ Bucket: bucket, Key: "no-such-key" })));
    const res = await admin(server, BRAVO, "GET", `/_crossbucket/decisions/${id}`);
    assert.equal(res.status, 200, res.body);
    const e = res.json<{ decisions: Explanation[] }>().decisions[0] as Explanation;
    assert.equal(e.missingKey, true);
    assert.deepEqual(e.required, [{ action: "s3:ListBucket", resource: `arn:aws:s3:::${bucket}`, on: "target" }]);
    assert.equal(e.remedies[0]?.id, "missing-key-needs-list");
    assert.match(e.summary, /without s3:ListBucket S3 answers 403 instead of 404/);
  });

  it("explains each key of a DeleteObjects request", async () => {
    await alpha.send(new PutObjectCommand({ Bucket: bucket, Key: "alpha-1", Body: "1" }));
    await alpha.send(new PutObjectCommand({ Bucket: bucket, Key: "alpha-2", Body: "2" }));
    const out = await bravo.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "alpha-1" }, { Key: "alpha-2" }] } }));
    assert.deepEqual(out.Errors?.map((e) => [e.Key, e.Code]), [["alpha-1", "AccessDenied"], ["alpha-2", "AccessDenied"]]);
    const id = out.$metadata.requestId ?? "";
    const res = await admin(server, ALPHA, "GET", `/_crossbucket/decisions/${id}`);
    assert.equal(res.status, 200, res.body);
    const decisions = res.json<{ decisions: Explanation[] }>().decisions;
    assert.deepEqual(decisions.map((d) => [d.operation, d.required[0]?.resource, d.blockedBy?.layer]), [
      ["DeleteObjects", `arn:aws:s3:::${bucket}/alpha-1`, "bucket-policy-no-grant"],
      ["DeleteObjects", `arn:aws:s3:::${bucket}/alpha-2`, "bucket-policy-no-grant"],
    ]);
  });

  it("answers 404 NoSuchDecision for an unknown request ID, and refuses unsigned or badly signed calls", async () => {
    const unknown = await admin(server, ALPHA, "GET", "/_crossbucket/decisions/0123456789ABCDEF");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json<{ error: { code: string } }>().error.code, "NoSuchDecision");
    const unsigned = await admin(server, undefined, "GET", `/_crossbucket/decisions/${requestId}`);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.json<{ error: { code: string } }>().error.code, "AccessDenied");
    const forged = await admin(server, { ...ALPHA, root: { ...ALPHA.root, secretAccessKey: "wrong-secret-0000000000000000000000000000" } }, "GET", `/_crossbucket/decisions/${requestId}`);
    assert.equal(forged.status, 403);
    assert.equal(forged.json<{ error: { code: string } }>().error.code, "SignatureDoesNotMatch");
    const post = await admin(server, ALPHA, "POST", `/_crossbucket/decisions/${requestId}`, {});
    assert.equal(post.status, 405);
  });

  it("simulate: an allowed request (bravo reads its own object), JSON and text", async () => {
    const res = await admin(server, BRAVO, "POST", "/_crossbucket/simulate", { as: "arn:aws:iam::222222222222:root", action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/report.csv` });
    assert.equal(res.status, 200, res.body);
    const sim = res.json<{ simulated: boolean; operation: string; answer: { allowed: boolean }; decisions: Explanation[] }>();
    assert.equal(sim.simulated, true);
    assert.equal(sim.operation, "GetObject");
    assert.deepEqual(sim.answer, { allowed: true });
    const e = sim.decisions[0] as Explanation;
    assert.equal(e.simulated, true);
    assert.equal(e.verdict, "Allow");
    assert.equal(e.blockedBy, undefined);
    assert.deepEqual(e.remedies, []);
    assert.equal(e.checks[0]?.layers.find((l) => l.layer === "object-owner")?.status, "allow");
    const text = await crossbucket(server, BRAVO, ["simulate", "--as", "arn:aws:iam::222222222222:root", "s3:GetObject", `${bucket}/report.csv`]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /\(simulated: nothing was performed\)\nAnswer: would be allowed by authorization/);
    assert.match(text.stdout, /Verdict: Allowed: the root user of account 222222222222 may s3:GetObject/);
  });

  it("simulate: a denied request gives the same explanation as the live one, JSON and text", async () => {
    const res = await admin(server, ALPHA, "POST", "/_crossbucket/simulate", { as: "111111111111", operation: "GetObject", resource: `${bucket}/report.csv` });
    assert.equal(res.status, 200, res.body);
    const sim = res.json<{ answer: unknown; decisions: Explanation[] }>();
    assert.deepEqual(sim.answer, { allowed: false, status: 403, code: "AccessDenied", message: "Access Denied" });
    const e = sim.decisions[0] as Explanation;
    assert.equal(e.blockedBy?.layer, "object-acl");
    assert.equal(e.remedies[0]?.id, "foreign-object-owner");
    const json = await crossbucket(server, ALPHA, ["simulate", "--as", "arn:aws:iam::111111111111:root", "GetObject", `arn:aws:s3:::${bucket}/report.csv`, "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const cli = JSON.parse(json.stdout) as { decisions: Explanation[] };
    assert.equal(cli.decisions[0]?.blockedBy?.layer, "object-acl");
    assert.equal(cli.decisions[0]?.target?.object?.ownerAccountId, "222222222222");
    const text = await crossbucket(server, ALPHA, ["simulate", "--as", "arn:aws:iam::111111111111:root", "GetObject", `${bucket}/report.csv`]);
    assert.match(text.stdout, /Answer: would get 403 AccessDenied "Access Denied"/);
    assert.match(flat(text.stdout), /have the writer grant the bucket owner access/);
  });

  it("simulate: a missing key read without s3:ListBucket is a 403, and the explanation says why", async () => {
    const res = await admin(server, BRAVO, "POST", "/_crossbucket/simulate", { as: "222222222222", operation: "GetObject", resource: `${bucket}/no-such-key` });
    const sim = res.json<{ answer: { code?: string }; decisions: Explanation[] }>();
    assert.equal(sim.answer.code, "AccessDenied");
    const e = sim.decisions[0] as Explanation;
    assert.equal(e.missingKey, true);
    assert.equal(e.required[0]?.action, "s3:ListBucket");
    assert.equal(e.remedies[0]?.id, "missing-key-needs-list");
  });

  it("simulate honours headers and condition keys", async () => {
    const acl = await admin(server, BRAVO, "POST", "/_crossbucket/simulate", { as: "222222222222", operation: "PutObject", resource: `${bucket}/new.csv`, headers: { "x-amz-acl": "bucket-owner-full-control" } });
    assert.deepEqual(acl.json<{ answer: unknown }>().answer, { allowed: true });
    const ip = await admin(server, ALPHA, "POST", "/_crossbucket/simulate", { as: "111111111111", operation: "ListObjectsV2", resource: bucket, context: { "aws:SourceIp": "10.9.8.7" } });
    assert.equal(ip.json<{ decisions: Explanation[] }>().decisions[0]?.authentication.sourceIp, "10.9.8.7");
  });

  it("simulate is authorized: own principals anywhere, anyone only against one's own buckets", async () => {
    const foreign = await admin(server, CHARLIE, "POST", "/_crossbucket/simulate", { as: "arn:aws:iam::111111111111:root", operation: "GetObject", resource: `${bucket}/report.csv` });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json<{ error: { code: string } }>().error.code, "AccessDenied");
    const anonymousByOwner = await admin(server, ALPHA, "POST", "/_crossbucket/simulate", { as: "anonymous", operation: "GetObject", resource: `${bucket}/report.csv` });
    assert.equal(anonymousByOwner.status, 200);
    assert.equal(anonymousByOwner.json<{ decisions: Explanation[] }>().decisions[0]?.principal.kind, "anonymous");
    const anonymousByOther = await admin(server, CHARLIE, "POST", "/_crossbucket/simulate", { as: "anonymous", operation: "GetObject", resource: `${bucket}/report.csv` });
    assert.equal(anonymousByOther.status, 403);
    const bad = await admin(server, ALPHA, "POST", "/_crossbucket/simulate", { as: "111111111111", operation: "NoSuchOperation", resource: bucket });
    assert.equal(bad.status, 400);
    assert.equal(bad.json<{ error: { code: string } }>().error.code, "InvalidRequest");
    const missing = await admin(server, ALPHA, "POST", "/_crossbucket/simulate", { as: "111111111111", operation: "GetObject", resource: "no-such-bucket-here/k" });
    assert.equal(missing.status, 404);
    assert.equal(missing.json<{ error: { code: string } }>().error.code, "NoSuchBucket");
  });

  it("logged nothing as an error", () => {
    assert.deepEqual(server.logger.errors, []);
  });

  it("keeps decisions across a restart (persisted in the metadata store)", async () => {
    const dataDir = server.dataDir;
    await server.close(); // flushes the decision log before the store closes
    const again = await startTestServer({ legacyBucketDefaults: true, dataDir });
    try {
      const res = await admin(again, ALPHA, "GET", `/_crossbucket/decisions/${requestId}`);
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json<{ decisions: Explanation[] }>().decisions[0]?.blockedBy?.layer, "object-acl");
      assert.deepEqual(again.logger.errors, []);
    } finally {
      await again.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    server = await startTestServer({ legacyBucketDefaults: true });
  });
});
