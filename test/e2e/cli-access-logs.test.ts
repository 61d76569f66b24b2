/**
 * End-to-end: `aws s3api put-bucket-logging` / `get-bucket-logging` (CLI v1) against a real server: the
 * setting round-trips, an empty status turns logging off, and a missing target is the CLI's
 * InvalidTargetBucketForLogging error.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ALPHA, uniqueBucket } from "../support/server.ts";
import { aws, awsOk, useCliSuite } from "../support/cli.ts";

describe("aws s3api put-bucket-logging / get-bucket-logging", () => {
  const suite = useCliSuite("aws");

  it("round-trips a logging setting and turns it off with an empty status", async () => {
    const source = uniqueBucket("cli-src");
    const target = uniqueBucket("cli-logs");
    await awsOk(suite.server, ALPHA, ["s3api", "create-bucket", "--bucket", source]);
    await awsOk(suite.server, ALPHA, ["s3api", "create-bucket", "--bucket", target]);
    const status = { LoggingEnabled: { TargetBucket: target, TargetPrefix: "logs/", TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: "EventTime" } } } };
    await awsOk(suite.server, ALPHA, ["s3api", "put-bucket-logging", "--bucket", source, "--bucket-logging-status", JSON.stringify(status)]);
    const got = (await awsOk(suite.server, ALPHA, ["s3api", "get-bucket-logging", "--bucket", source])).json<{ LoggingEnabled?: unknown }>();
    assert.deepEqual(got, status);

    await awsOk(suite.server, ALPHA, ["s3api", "put-bucket-logging", "--bucket", source, "--bucket-logging-status", "{}"]);
    const off = await awsOk(suite.server, ALPHA, ["s3api", "get-bucket-logging", "--bucket", source]);
    assert.equal(off.stdout.trim(), "");
  });

  it("a missing target bucket is InvalidTargetBucketForLogging", async () => {
    const source = uniqueBucket("cli-src");
    await awsOk(suite.server, ALPHA, ["s3api", "create-bucket", "--bucket", source]);
    const r = await aws(suite.server, ALPHA, ["s3api", "put-bucket-logging", "--bucket", source, "--bucket-logging-status", JSON.stringify({ LoggingEnabled: { TargetBucket: uniqueBucket("absent"), TargetPrefix: "" } })]);
    assert.ok(r.code === 254 || r.code === 255, r.stderr);
    assert.match(r.stderr, /An error occurred \(InvalidTargetBucketForLogging\) when calling the PutBucketLogging operation: The target bucket for logging does not exist/);
  });
});
