/**
 * End-to-end: bucket policies, Block Public Access and cross-account access through the `aws` CLI v1
 * (s3api put/get/delete-bucket-policy, get-bucket-policy-status, put/get/delete-public-access-block).
 * The CLI suite's server uses today's bucket defaults: BucketOwnerEnforced and all four BPA settings on.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALPHA, BRAVO, uniqueBucket } from "../support/server.ts";
import { aws, awsOk, type RunResult, useCliSuite } from "../support/cli.ts";

function assertCliError(r: RunResult, code: string, operation: string): void {
  assert.ok(r.code === 254 || r.code === 255, `exit code ${r.code}, stderr: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`An error occurred \\(${code}\\) when calling the ${operation} operation`), r.stderr);
}

describe("aws s3api: bucket policies and Block Public Access (CLI v1)", () => {
  const ctx = useCliSuite("aws");

  it("new buckets block public access; a public policy is refused until the owner turns BlockPublicPolicy off", async () => {
    const b = uniqueBucket("cli-bpa");
    await awsOk(ctx.server, ALPHA, ["s3api", "create-bucket", "--bucket", b]);
    const bpa = (await awsOk(ctx.server, ALPHA, ["s3api", "get-public-access-block", "--bucket", b])).json<{ PublicAccessBlockConfiguration: Record<string, boolean> }>();
    assert.deepEqual(bpa.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const file = join(ctx.work, `${b}.json`);
    writeFileSync(file, JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${b}/*` }] }));
    assertCliError(await aws(ctx.server, ALPHA, ["s3api", "put-bucket-policy", "--bucket", b, "--policy", `file://${file}`]), "AccessDenied", "PutBucketPolicy");
    await awsOk(ctx.server, ALPHA, ["s3api", "put-public-access-block", "--bucket", b, "--public-access-block-configuration", "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false"]);
    await awsOk(ctx.server, ALPHA, ["s3api", "put-bucket-policy", "--bucket", b, "--policy", `file://${file}`]);
    const status = (await awsOk(ctx.server, ALPHA, ["s3api", "get-bucket-policy-status", "--bucket", b])).json<{ PolicyStatus: { IsPublic: boolean } }>();
    assert.equal(status.PolicyStatus.IsPublic, true);
    const got = (await awsOk(ctx.server, ALPHA, ["s3api", "get-bucket-policy", "--bucket", b])).json<{ Policy: string }>();
    assert.equal(JSON.parse(got.Policy).Statement[0].Principal, "*");
    await awsOk(ctx.server, ALPHA, ["s3api", "delete-bucket-policy", "--bucket", b]);
    assertCliError(await aws(ctx.server, ALPHA, ["s3api", "get-bucket-policy", "--bucket", b]), "NoSuchBucketPolicy", "GetBucketPolicy");
    await awsOk(ctx.server, ALPHA, ["s3api", "delete-public-access-block", "--bucket", b]);
    assertCliError(await aws(ctx.server, ALPHA, ["s3api", "get-public-access-block", "--bucket", b]), "NoSuchPublicAccessBlockConfiguration", "GetPublicAccessBlock");
  });

  it("another account reads only what the bucket policy grants it, and gets 405 on the policy APIs even when granted", async () => {
    const b = uniqueBucket("cli-xacct");
    await awsOk(ctx.server, ALPHA, ["s3api", "create-bucket", "--bucket", b]);
    const body = join(ctx.work, `${b}.txt`);
    writeFileSync(body, "shared");
    await awsOk(ctx.server, ALPHA, ["s3api", "put-object", "--bucket", b, "--key", "k", "--body", body]);
    assertCliError(await aws(ctx.server, BRAVO, ["s3api", "get-object", "--bucket", b, "--key", "k", join(ctx.work, "out1")]), "AccessDenied", "GetObject");
    const file = join(ctx.work, `${b}.json`);
    writeFileSync(
      file,
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: ["s3:GetObject", "s3:GetBucketPolicy"], Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`] }] }),
    );
    await awsOk(ctx.server, ALPHA, ["s3api", "put-bucket-policy", "--bucket", b, "--policy", `file://${file}`]);
    await awsOk(ctx.server, BRAVO, ["s3api", "get-object", "--bucket", b, "--key", "k", join(ctx.work, "out2")]);
    assertCliError(await aws(ctx.server, BRAVO, ["s3api", "get-bucket-policy", "--bucket", b]), "MethodNotAllowed", "GetBucketPolicy");
  });
});
