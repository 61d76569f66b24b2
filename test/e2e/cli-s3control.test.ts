/**
 * End-to-end: `aws s3control` (CLI v1) against a real server, and `crossbucket hosts`, whose lines make
 * the CLI's S3 Control host names resolve.
 *
 * With `--endpoint-url http://localhost:<port>` the CLI sends S3 Control calls to
 * `<account-id>.localhost:<port>` (with an IP endpoint it would form `111111111111.127.0.0.1`, which
 * nothing resolves). `*.localhost` does not resolve on this machine's glibc, and tests may not edit
 * /etc/hosts, so the CLI runs with test/support/python/hosts-file on PYTHONPATH: its sitecustomize
 * resolves the names of a hosts-format file — the one `crossbucket hosts` printed — as /etc/hosts would.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { ALPHA, BRAVO, uniqueBucket } from "../support/server.ts";
import { aws, awsOk, useCliSuite, type RunOptions, type RunResult } from "../support/cli.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RESOLVER = join(ROOT, "test", "support", "python", "hosts-file");

/** Runs `crossbucket hosts <args>` from the source tree and returns its stdout. */
function crossbucketHosts(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", join(ROOT, "src", "server", "main.ts"), "hosts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`crossbucket hosts failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** v1 prints "An error occurred (<Code>) when calling the <Operation> operation: <Message>" and exits 254 or 255. */
function assertCliError(r: RunResult, code: string, operation: string, message?: string): void {
  assert.ok(r.code === 254 || r.code === 255, `exit code ${r.code}, stderr: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`An error occurred \\(${code}\\) when calling the ${operation} operation`), r.stderr);
  if (message !== undefined) assert.ok(r.stderr.includes(`operation: ${message}`), r.stderr);
}

describe("aws s3control (CLI v1) and crossbucket hosts", () => {
  const ctx = useCliSuite("aws");
  let hostsFile = "";
  let bucket = "";
  /** The CLI pointed at `localhost`, resolving through the hosts file. */
  const local = (): RunOptions => ({ endpoint: `http://localhost:${ctx.server.port}`, env: { PYTHONPATH: RESOLVER, PYTHONDONTWRITEBYTECODE: "1", CROSSBUCKET_HOSTS_FILE: hostsFile } });

  before(async () => {
    bucket = uniqueBucket("cli-ap");
    await ctx.server.client(ALPHA).send(new CreateBucketCommand({ Bucket: bucket }));
    hostsFile = join(ctx.work, "hosts");
    writeFileSync(hostsFile, await crossbucketHosts(["--data", ctx.server.dataDir]));
  });

  it("crossbucket hosts prints one line per account of the world", async () => {
    const text = await crossbucketHosts(["--data", ctx.server.dataDir]);
    for (const id of ctx.server.world.accounts.map((a) => a.id)) assert.match(text, new RegExp(`^127\\.0\\.0\\.1 ${id}\\.localhost$`, "m"));
  });

  it("manages the account's Block Public Access", async () => {
    const missing = await aws(ctx.server, ALPHA, ["s3control", "get-public-access-block", "--account-id", ALPHA.id], local());
    assertCliError(missing, "NoSuchPublicAccessBlockConfiguration", "GetPublicAccessBlock", "The public access block configuration was not found");
    await awsOk(ctx.server, ALPHA, ["s3control", "put-public-access-block", "--account-id", ALPHA.id, "--public-access-block-configuration", "BlockPublicAcls=true,IgnorePublicAcls=true"], local());
    const got = (await awsOk(ctx.server, ALPHA, ["s3control", "get-public-access-block", "--account-id", ALPHA.id], local())).json();
    assert.deepEqual(got, { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    const deleted = await awsOk(ctx.server, ALPHA, ["s3control", "delete-public-access-block", "--account-id", ALPHA.id], local());
    assert.equal(deleted.stdout, "");
  });

  it("creates, reads, lists, guards with a policy and deletes an access point; crossbucket hosts then lists its name", async () => {
    const created = (await awsOk(ctx.server, ALPHA, ["s3control", "create-access-point", "--account-id", ALPHA.id, "--name", "cli-ap", "--bucket", bucket], local())).json<{ AccessPointArn: string; Alias: string }>();
    assert.equal(created.AccessPointArn, `arn:aws:s3:us-east-1:${ALPHA.id}:accesspoint/cli-ap`);
    assert.match(created.Alias, /^cli-ap-[a-z0-9]{34}-s3alias$/);

    const got = (await awsOk(ctx.server, ALPHA, ["s3control", "get-access-point", "--account-id", ALPHA.id, "--name", "cli-ap"], local())).json<Record<string, unknown>>();
    assert.equal(got["Bucket"], bucket);
    assert.equal(got["NetworkOrigin"], "Internet");
    assert.equal(got["Alias"], created.Alias);
    assert.deepEqual(got["PublicAccessBlockConfiguration"], { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });

    const listed = (await awsOk(ctx.server, ALPHA, ["s3control", "list-access-points", "--account-id", ALPHA.id, "--bucket", bucket], local())).json<{ AccessPointList: { Name: string }[] }>();
    assert.deepEqual(listed.AccessPointList.map((a) => a.Name), ["cli-ap"]);

    const hosts = await crossbucketHosts(["--data", ctx.server.dataDir]);
    assert.match(hosts, new RegExp(`^127\\.0\\.0\\.1 cli-ap-${ALPHA.id}\\.localhost$`, "m"));

    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: BRAVO.id }, Action: "s3:GetObject", Resource: `${created.AccessPointArn}/object/*` }] });
    await awsOk(ctx.server, ALPHA, ["s3control", "put-access-point-policy", "--account-id", ALPHA.id, "--name", "cli-ap", "--policy", policy], local());
    const stored = (await awsOk(ctx.server, ALPHA, ["s3control", "get-access-point-policy", "--account-id", ALPHA.id, "--name", "cli-ap"], local())).json<{ Policy: string }>();
    assert.equal(stored.Policy, policy);
    const status = (await awsOk(ctx.server, ALPHA, ["s3control", "get-access-point-policy-status", "--account-id", ALPHA.id, "--name", "cli-ap"], local())).json();
    assert.deepEqual(status, { PolicyStatus: { IsPublic: false } });

    const publicPolicy = policy.replace(`{"AWS":"${BRAVO.id}"}`, '"*"');
    const refused = await aws(ctx.server, ALPHA, ["s3control", "put-access-point-policy", "--account-id", ALPHA.id, "--name", "cli-ap", "--policy", publicPolicy], local());
    assertCliError(refused, "AccessDenied", "PutAccessPointPolicy", "Access Denied");

    await awsOk(ctx.server, ALPHA, ["s3control", "delete-access-point-policy", "--account-id", ALPHA.id, "--name", "cli-ap"], local());
    await awsOk(ctx.server, ALPHA, ["s3control", "delete-access-point", "--account-id", ALPHA.id, "--name", "cli-ap"], local());
    const gone = await aws(ctx.server, ALPHA, ["s3control", "get-access-point", "--account-id", ALPHA.id, "--name", "cli-ap"], local());
    assertCliError(gone, "NoSuchAccessPoint", "GetAccessPoint", "The specified accesspoint does not exist");
  });

  it("§7.2: s3api reads an object through an access point ARN once the bucket delegates and the access point policy grants", async () => {
    const created = (await awsOk(ctx.server, ALPHA, ["s3control", "create-access-point", "--account-id", ALPHA.id, "--name", "cli-data", "--bucket", bucket], local())).json<{ AccessPointArn: string }>();
    writeFileSync(join(ctx.work, "hosts"), await crossbucketHosts(["--data", ctx.server.dataDir]));
    const body = join(ctx.work, "body.txt");
    writeFileSync(body, "through the access point");
    await awsOk(ctx.server, ALPHA, ["s3api", "put-object", "--bucket", bucket, "--key", "shared/k", "--body", body], local());
    const delegate = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": ALPHA.id } } }] };
    await awsOk(ctx.server, ALPHA, ["s3api", "put-bucket-policy", "--bucket", bucket, "--policy", JSON.stringify(delegate)], local());
    const out = join(ctx.work, "out.txt");
    const before = await aws(ctx.server, BRAVO, ["s3api", "get-object", "--bucket", created.AccessPointArn, "--key", "shared/k", out], local());
    assertCliError(before, "AccessDenied", "GetObject", "Access Denied");
    const grant = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO.id}:root` }, Action: "s3:GetObject", Resource: `${created.AccessPointArn}/object/shared/*` }] };
    await awsOk(ctx.server, ALPHA, ["s3control", "put-access-point-policy", "--account-id", ALPHA.id, "--name", "cli-data", "--policy", JSON.stringify(grant)], local());
    await awsOk(ctx.server, BRAVO, ["s3api", "get-object", "--bucket", created.AccessPointArn, "--key", "shared/k", out], local());
    assert.equal(readFileSync(out, "utf8"), "through the access point");
  });

  it("reports the naming and bucket errors AWS gives", async () => {
    const badName = await aws(ctx.server, ALPHA, ["s3control", "create-access-point", "--account-id", ALPHA.id, "--name", "Bad_Name", "--bucket", bucket], local());
    assertCliError(badName, "InvalidURI", "CreateAccessPoint", "Couldn't parse the specified URI.");
    const noBucket = await aws(ctx.server, ALPHA, ["s3control", "create-access-point", "--account-id", ALPHA.id, "--name", "orphan", "--bucket", uniqueBucket("none")], local());
    assertCliError(noBucket, "InvalidRequest", "CreateAccessPoint", "Amazon S3 AccessPoint can only be created for existing bucket");
  });

  it("denies another account's caller", async () => {
    const r = await aws(ctx.server, BRAVO, ["s3control", "list-access-points", "--account-id", ALPHA.id], local());
    assertCliError(r, "AccessDenied", "ListAccessPoints", "Access Denied");
  });
});
