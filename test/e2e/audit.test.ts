/**
 * End-to-end: `crossbucket audit` (issue #6, "Audit findings on a world seeded with each trap"). A world with
 * the legacy bucket defaults (ObjectWriter, no Block Public Access), seeded through the AWS SDK and the `aws`
 * CLI with each of the seeds' traps, is audited through the admin API (NDJSON, per-account scoping) and through
 * `crossbucket audit` as a child process (text, NDJSON, CSV; against the server and on the data folder).
 *
 * Buckets (all alpha's unless said): `lake` lets bravo read and write and charlie write through its policy, and
 * bravo and charlie upload without an ACL (foreign-owned objects); `preferred` is BucketOwnerPreferred, with
 * one upload carrying bucket-owner-full-control and one not; `shared` has a bucket ACL granting bravo READ;
 * `pubobj` holds an object with a public-read ACL; `pubpol` has a policy with Principal "*"; `bofc` requires
 * bucket-owner-full-control on bravo's writes, `reqacl` requires public-read on charlie's; `bravos` is bravo's.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, CHARLIE, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { awsOk, clientEnv } from "../support/cli.ts";
import { signRequest } from "../../src/cli/sign.ts";
import type { WorldAccount } from "../../src/identity/world.ts";
import type { AccessCell, AclGrantFinding, AuditRecord, EnforcedReadiness, ForeignOwnedObjects, PublicBucket } from "../../src/audit/findings.ts";
import { CSV_COLUMNS } from "../../src/cli/audit.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

async function adminAudit(server: TestServer, account: WorldAccount, query = ""): Promise<{ status: number; type: string | null; body: string; records: AuditRecord[] }> {
  const url = new URL(`/_crossbucket/audit${query}`, server.endpoint);
  const { host: _host, ...headers } = signRequest({ method: "GET", url }, { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey }, "us-east-1", new Date());
  const res = await fetch(url, { headers });
  const body = await res.text();
  const records = res.status === 200 ? body.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as AuditRecord) : [];
  return { status: res.status, type: res.headers.get("content-type"), body, records };
}

function crossbucket(account: WorldAccount, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", "src/server/main.ts", "audit", ...args], { cwd: ROOT, env: clientEnv(account, { CROSSBUCKET_LOG: "silent" }), timeout: 120_000, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") return reject(error);
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

const arn = (a: WorldAccount): string => `arn:aws:iam::${a.id}:root`;

function policy(statements: unknown[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

describe("crossbucket audit on a world seeded with each trap", () => {
  let server: TestServer;
  let alpha: S3Client;
  let bravo: S3Client;
  let charlie: S3Client;
  const b = {
    lake: uniqueBucket("lake"),
    preferred: uniqueBucket("pref"),
    shared: uniqueBucket("shared"),
    pubobj: uniqueBucket("pubobj"),
    pubpol: uniqueBucket("pubpol"),
    bofc: uniqueBucket("bofc"),
    reqacl: uniqueBucket("reqacl"),
    bravos: uniqueBucket("bravos"),
  };
  let records: AuditRecord[];
  let bravoCanonical: string;
  const work = mkdtempSync(join(tmpdir(), "cb-audit-"));
  const file = join(work, "body.txt");

  before(async () => {
    writeFileSync(file, "body");
    server = await startTestServer({ legacyBucketDefaults: true });
    alpha = server.client(ALPHA);
    bravo = server.client(BRAVO);
    charlie = server.client(CHARLIE);
    bravoCanonical = server.services.accounts.get(BRAVO.id)?.canonicalUserId ?? "";
    for (const name of [b.lake, b.preferred, b.shared, b.pubobj, b.pubpol, b.bofc, b.reqacl]) await alpha.send(new CreateBucketCommand({ Bucket: name }));
    await bravo.send(new CreateBucketCommand({ Bucket: b.bravos }));

    // lake: the seeds' trap: cross-account uploads without bucket-owner-full-control stay the uploader's.
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b.lake, Policy: policy([
      { Sid: "BravoReadWrite", Effect: "Allow", Principal: { AWS: arn(BRAVO) }, Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::${b.lake}/*` },
      { Sid: "CharlieWrite", Effect: "Allow", Principal: { AWS: arn(CHARLIE) }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${b.lake}/*` },
    ]) }));
    await alpha.send(new PutObjectCommand({ Bucket: b.lake, Key: "a-own.txt", Body: "alpha" }));
    await bravo.send(new PutObjectCommand({ Bucket: b.lake, Key: "raw/1.csv", Body: "1" }));
    await awsOk(server, BRAVO, ["s3api", "put-object", "--bucket", b.lake, "--key", "raw/2.csv", "--body", file]);
    await charlie.send(new PutObjectCommand({ Bucket: b.lake, Key: "raw/3.csv", Body: "3" }));

    // preferred: BucketOwnerPreferred takes ownership only with the canned ACL.
    await alpha.send(new PutBucketOwnershipControlsCommand({ Bucket: b.preferred, OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerPreferred" }] } }));
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b.preferred, Policy: policy([{ Sid: "BravoWrite", Effect: "Allow", Principal: { AWS: arn(BRAVO) }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${b.preferred}/*` }]) }));
    await bravo.send(new PutObjectCommand({ Bucket: b.preferred, Key: "with.csv", Body: "w", ACL: "bucket-owner-full-control" }));
    await bravo.send(new PutObjectCommand({ Bucket: b.preferred, Key: "without.csv", Body: "w" }));

    // shared: the bucket ACL grants another account (aws CLI).
    await awsOk(server, ALPHA, ["s3api", "put-bucket-acl", "--bucket", b.shared, "--grant-full-control", `id=${server.services.accounts.get(ALPHA.id)?.canonicalUserId ?? ""}`, "--grant-read", `id=${bravoCanonical}`]);

    // pubobj: an object ACL public-read with Block Public Access off (aws CLI).
    await awsOk(server, ALPHA, ["s3api", "put-object", "--bucket", b.pubobj, "--key", "pub.txt", "--body", file, "--acl", "public-read"]);
    await alpha.send(new PutObjectCommand({ Bucket: b.pubobj, Key: "private.txt", Body: "p" }));

    // pubpol: Principal "*".
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b.pubpol, Policy: policy([{ Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${b.pubpol}/*` }]) }));

    // bofc / reqacl: policies requiring an ACL on writes.
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b.bofc, Policy: policy([{ Sid: "RequireBofc", Effect: "Allow", Principal: { AWS: arn(BRAVO) }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${b.bofc}/*`, Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } }]) }));
    await alpha.send(new PutBucketPolicyCommand({ Bucket: b.reqacl, Policy: policy([{ Sid: "RequirePublicRead", Effect: "Allow", Principal: { AWS: arn(CHARLIE) }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${b.reqacl}/*`, Condition: { StringEquals: { "s3:x-amz-acl": "public-read" } } }]) }));

    const answer = await adminAudit(server, ALPHA);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.type, "application/x-ndjson");
    records = answer.records;
  });

  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const of = <K extends AuditRecord["kind"]>(kind: K, bucket?: string): Extract<AuditRecord, { kind: K }>[] =>
    records.filter((r): r is Extract<AuditRecord, { kind: K }> => r.kind === kind && (bucket === undefined || (r as { bucket?: string }).bucket === bucket));

  it("reports foreign-owned objects with counts per owner (ObjectWriter and BucketOwnerPreferred without the canned ACL)", () => {
    const lake: ForeignOwnedObjects[] = of("foreign-owned-objects", b.lake);
    assert.deepEqual(lake, [
      { kind: "foreign-owned-objects", bucket: b.lake, bucketOwner: ALPHA.id, owner: BRAVO.id, ownerCanonicalId: bravoCanonical, count: 2, enforced: false },
      { kind: "foreign-owned-objects", bucket: b.lake, bucketOwner: ALPHA.id, owner: CHARLIE.id, ownerCanonicalId: server.services.accounts.get(CHARLIE.id)?.canonicalUserId, count: 1, enforced: false },
    ]);
    const preferred = of("foreign-owned-objects", b.preferred);
    assert.equal(preferred.length, 1, "the upload with bucket-owner-full-control is alpha's");
    assert.equal(preferred[0]?.owner, BRAVO.id);
    assert.equal(preferred[0]?.count, 1);
    for (const name of [b.shared, b.pubobj, b.pubpol, b.bofc, b.reqacl]) assert.deepEqual(of("foreign-owned-objects", name), []);
  });

  it("reports bucket and object ACL grants to other accounts and to public groups", () => {
    const shared: AclGrantFinding[] = of("acl-grant", b.shared);
    assert.deepEqual(shared, [{ kind: "acl-grant", bucket: b.shared, resource: "bucket", owner: ALPHA.id, grant: { grantee: { type: "account", canonicalId: bravoCanonical, accountId: BRAVO.id }, permission: "READ", public: false }, effective: true }]);
    const pub = of("acl-grant", b.pubobj);
    assert.equal(pub.length, 1, "the private object has no finding");
    assert.equal(pub[0]?.resource, "object");
    assert.equal(pub[0]?.key, "pub.txt");
    assert.equal(pub[0]?.versionId, "null");
    assert.equal(pub[0]?.owner, ALPHA.id);
    assert.deepEqual(pub[0]?.grant, { grantee: { type: "group", group: "AllUsers" }, permission: "READ", public: true });
    assert.equal(pub[0]?.effective, true);
    // bucket-owner-full-control by bravo in an ObjectWriter-like bucket would grant alpha; here ownership moved, so no grant remains.
    assert.deepEqual(of("acl-grant", b.preferred), []);
  });

  it("tells which buckets are not ready for BucketOwnerEnforced and what blocks each", () => {
    const shared: EnforcedReadiness | undefined = of("enforced-readiness", b.shared)[0];
    assert.equal(shared?.ready, false);
    assert.equal(shared?.ownership, "ObjectWriter");
    assert.deepEqual(shared?.blockers, [{ reason: "bucket-acl-grants", refusedWith: "InvalidBucketAclWithObjectOwnership", grants: [{ grantee: { type: "account", canonicalId: bravoCanonical, accountId: BRAVO.id }, permission: "READ", public: false }] }]);
    const reqacl = of("enforced-readiness", b.reqacl)[0];
    assert.equal(reqacl?.ready, false);
    assert.deepEqual(reqacl?.blockers, [{ reason: "policy-requires-acl", statement: "RequirePublicRead", key: "s3:x-amz-acl", values: ["public-read"] }]);
    const bofc = of("enforced-readiness", b.bofc)[0];
    assert.equal(bofc?.ready, true);
    assert.deepEqual(bofc?.notes, [{ reason: "policy-requires-bucket-owner-full-control", statement: "RequireBofc", key: "s3:x-amz-acl" }]);
    const lake = of("enforced-readiness", b.lake)[0];
    assert.equal(lake?.ready, true);
    assert.deepEqual(lake?.notes, [{ reason: "foreign-owned-objects", objects: 3 }]);
    const pubobj = of("enforced-readiness", b.pubobj)[0];
    assert.deepEqual(pubobj?.notes, [{ reason: "object-acl-grants", objects: 1 }]);
    assert.equal(of("enforced-readiness", b.preferred)[0]?.ownership, "BucketOwnerPreferred");
  });

  it("reports public buckets per the Block Public Access definition", () => {
    const pol: PublicBucket | undefined = of("public-bucket", b.pubpol)[0];
    assert.deepEqual(pol, { kind: "public-bucket", bucket: b.pubpol, owner: ALPHA.id, policyPublic: true, aclPublic: false, objectsWithPublicAcl: 0, blockPublicAccess: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false }, public: true, neutralisedBy: [] });
    const obj = of("public-bucket", b.pubobj)[0];
    assert.equal(obj?.objectsWithPublicAcl, 1);
    assert.equal(obj?.public, false, "a public object does not make the bucket public");
    for (const name of [b.lake, b.shared, b.bofc, b.reqacl, b.preferred]) assert.deepEqual(of("public-bucket", name), []);
  });

  it("computes the effective-access matrix through the authorization engine", () => {
    const cell = (bucket: string, principal: string, operation: string): AccessCell | undefined => of("access", bucket).find((c) => c.principal === principal && c.operation === operation);
    assert.deepEqual(cell(b.lake, arn(BRAVO), "GetObject"), { kind: "access", bucket: b.lake, principal: arn(BRAVO), operation: "GetObject", action: "s3:GetObject", key: "a-own.txt", verdict: "allowed" });
    const charlieGet = cell(b.lake, arn(CHARLIE), "GetObject");
    assert.equal(charlieGet?.verdict, "denied");
    assert.equal(charlieGet?.blockedBy, "bucket-policy-no-grant");
    assert.equal(charlieGet?.status, 403);
    assert.equal(charlieGet?.code, "AccessDenied");
    assert.equal(cell(b.lake, arn(CHARLIE), "PutObject")?.verdict, "allowed");
    assert.equal(cell(b.lake, arn(ALPHA), "PutBucketPolicy")?.verdict, "allowed");
    assert.equal(cell(b.lake, arn(BRAVO), "PutBucketPolicy")?.blockedBy, "bucket-policy-no-grant");
    assert.equal(cell(b.lake, "anonymous", "GetObject")?.verdict, "denied");
    assert.deepEqual(cell(b.pubpol, "anonymous", "GetObject"), { kind: "access", bucket: b.pubpol, principal: "anonymous", operation: "GetObject", action: "s3:GetObject", key: "crossbucket-audit-probe", verdict: "allowed" });
    assert.equal(cell(b.pubpol, "anonymous", "ListObjectsV2")?.verdict, "denied");
    assert.equal(cell(b.shared, arn(BRAVO), "ListObjectsV2")?.verdict, "allowed", "the bucket ACL's READ grants listing");
    assert.equal(cell(b.shared, arn(CHARLIE), "ListObjectsV2")?.blockedBy, "bucket-acl");
    const summary = records[records.length - 1];
    assert.equal(summary?.kind, "summary");
    if (summary?.kind === "summary") {
      assert.equal(summary.buckets, 7);
      assert.equal(summary.objects, 8);
      assert.equal(summary.principals, 4);
      assert.equal(summary.findings.access, 7 * 4 * 9);
    }
  });

  it("scopes the admin route to the caller's own buckets", async () => {
    assert.equal(of("foreign-owned-objects", b.bravos).length + of("access", b.bravos).length, 0, "alpha does not see bravo's bucket");
    const mine = await adminAudit(server, BRAVO);
    assert.equal(mine.status, 200);
    const buckets = new Set(mine.records.map((r) => (r as { bucket?: string }).bucket).filter((x) => x !== undefined));
    assert.deepEqual([...buckets], [b.bravos]);
    const foreign = await adminAudit(server, BRAVO, `?bucket=${b.lake}`);
    assert.equal(foreign.status, 403);
    assert.equal((JSON.parse(foreign.body) as { error: { code: string } }).error.code, "AccessDenied");
    const missing = await adminAudit(server, ALPHA, "?bucket=no-such-bucket-here");
    assert.equal(missing.status, 404);
    assert.equal((JSON.parse(missing.body) as { error: { code: string } }).error.code, "NoSuchBucket");
    const unsigned = await fetch(new URL("/_crossbucket/audit", server.endpoint));
    assert.equal(unsigned.status, 403);
  });

  it("crossbucket audit renders text, NDJSON and CSV from the server", async () => {
    const text = await crossbucket(ALPHA, ["--endpoint", server.endpoint, "--bucket", b.lake]);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stderr, "", "no progress bar when stderr is not a terminal");
    assert.match(text.stdout, /^Objects not owned by the bucket owner\n/);
    assert.ok(text.stdout.includes(`  ${b.lake} (owner ${ALPHA.id}): 2 object(s) owned by ${BRAVO.id}\n`), text.stdout);
    assert.ok(text.stdout.includes(`  per owner:\n    ${BRAVO.id}: 2\n    ${CHARLIE.id}: 1\n`), text.stdout);
    assert.ok(text.stdout.includes(`  ${b.lake} (ObjectWriter): ready\n    note: 3 object(s) owned by other accounts would become the bucket owner's\n`), text.stdout);
    assert.ok(text.stdout.includes(`    ${arn(CHARLIE)}: GetObject=denied(bucket-policy-no-grant) PutObject=allowed`), text.stdout);
    assert.match(text.stdout, /Audited 1 bucket\(s\), 4 object\(s\), 4 principal\(s\)\.\n$/);

    const json = await crossbucket(ALPHA, ["--endpoint", server.endpoint, "--bucket", b.shared, "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const lines = json.stdout.trim().split("\n").map((l) => JSON.parse(l) as AuditRecord);
    assert.ok(lines.every((l) => l.kind !== "progress"));
    assert.equal(lines[0]?.kind, "acl-grant");
    assert.equal(lines[lines.length - 1]?.kind, "summary");

    const csv = await crossbucket(ALPHA, ["--endpoint", server.endpoint, "--bucket", b.pubobj, "--csv"]);
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.trim().split("\n");
    assert.equal(rows[0], CSV_COLUMNS.join(","));
    assert.equal(rows[1], `acl-grant,${b.pubobj},pub.txt,${ALPHA.id},AllUsers,READ,effective,object,public`);
    assert.ok(rows.includes(`enforced-readiness,${b.pubobj},,${ALPHA.id},,ObjectWriter,ready,,note: 1 object(s) have ACL grants to others that would stop counting`), csv.stdout);
    assert.ok(rows.includes(`access,${b.pubobj},private.txt,,anonymous,s3:GetObject,denied,object-acl,403 AccessDenied`), csv.stdout);
    assert.equal(rows.length, 1 + 1 + 1 + 1 + 4 * 9);

    const refused = await crossbucket(BRAVO, ["--endpoint", server.endpoint, "--bucket", b.lake]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /AccessDenied/);
  });

  it("crossbucket audit --data reads the data folder read-only, with every account's buckets", async () => {
    const out = await crossbucket(ALPHA, ["--data", server.dataDir, "--json"]);
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.trim().split("\n").map((l) => JSON.parse(l) as AuditRecord);
    const summary = lines[lines.length - 1];
    assert.equal(summary?.kind, "summary");
    if (summary?.kind === "summary") assert.equal(summary.buckets, 8, "offline, the whole world is audited");
    const lake = lines.filter((l): l is ForeignOwnedObjects => l.kind === "foreign-owned-objects" && l.bucket === b.lake);
    assert.deepEqual(lake.map((l) => [l.owner, l.count]), [[BRAVO.id, 2], [CHARLIE.id, 1]]);
    const usage = await crossbucket(ALPHA, ["--data", server.dataDir, "--endpoint", server.endpoint]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /not both/);
  });

  // Last: the IAM user it creates would join the matrix of the cases above.
  it("answers the account's root user only: an IAM user of the account, whatever its policies, gets AccessDenied", async () => {
    await awsOk(server, ALPHA, ["iam", "create-user", "--user-name", "auditor"]);
    await awsOk(server, ALPHA, ["iam", "put-user-policy", "--user-name", "auditor", "--policy-name", "all", "--policy-document", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] })]);
    const key = (await awsOk(server, ALPHA, ["iam", "create-access-key", "--user-name", "auditor"])).json<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>().AccessKey;
    const url = new URL("/_crossbucket/audit", server.endpoint);
    const { host: _host, ...headers } = signRequest({ method: "GET", url }, { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, "us-east-1", new Date());
    const res = await fetch(url, { headers });
    assert.equal(res.status, 403);
    assert.equal((JSON.parse(await res.text()) as { error: { code: string } }).error.code, "AccessDenied");
  });
});
