/**
 * End-to-end: server access logging through the AWS SDK v3. PutBucketLogging / GetBucketLogging round trips
 * and errors; delivery of records as objects into the target bucket when the log delivery service may write
 * there (LogDelivery group grant on an ACL-enabled target; a bucket policy naming logging.s3.amazonaws.com,
 * with its aws:SourceArn / aws:SourceAccount conditions, on a BucketOwnerEnforced target), and nothing
 * delivered otherwise; the record fields of a GET, a 403 and a 404; PartitionedPrefix keys.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLoggingCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { BRAVO, startTestServer, uniqueBucket, type TestServer } from "../support/server.ts";
import { rejectsWith } from "../support/s3errors.ts";
import { ACCESS_LOG_FIELDS, parseAccessLogRecord } from "../../src/server/accessLogFormat.ts";

const LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";

type Fields = Record<(typeof ACCESS_LOG_FIELDS)[number], string>;

function fieldsOf(line: string): Fields {
  const values = parseAccessLogRecord(line);
  assert.equal(values.length, ACCESS_LOG_FIELDS.length, `field count of ${line}`);
  return Object.fromEntries(ACCESS_LOG_FIELDS.map((name, i) => [name, values[i] as string])) as Fields;
}

describe("server access logs", () => {
  let server: TestServer;
  let alpha: S3Client;
  let bravo: S3Client;
  let alphaId: string;
  before(async () => {
    server = await startTestServer({ serve: { accessLogFlushSeconds: 0 } });
    alpha = server.client();
    bravo = server.client(BRAVO);
    alphaId = server.services.accounts.get("111111111111")?.canonicalUserId ?? "";
  });
  after(async () => {
    await server.stop();
    assert.deepEqual(server.logger.errors, []);
  });

  /** A target bucket with ACLs enabled that grants the LogDelivery group WRITE and READ_ACP. */
  async function aclTarget(): Promise<string> {
    const t = uniqueBucket("logs");
    await alpha.send(new CreateBucketCommand({ Bucket: t, ObjectOwnership: "ObjectWriter" }));
    await alpha.send(new PutBucketAclCommand({ Bucket: t, GrantWrite: `uri="${LOG_DELIVERY}"`, GrantReadACP: `uri="${LOG_DELIVERY}"`, GrantFullControl: `id="${alphaId}"` }));
    return t;
  }

  async function logLines(target: string, prefix = ""): Promise<{ keys: string[]; lines: string[] }> {
    const listed = await alpha.send(new ListObjectsV2Command({ Bucket: target, Prefix: prefix }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? "");
    const lines: string[] = [];
    for (const key of keys) {
      const got = await alpha.send(new GetObjectCommand({ Bucket: target, Key: key }));
      lines.push(...(await got.Body?.transformToString() ?? "").split("\n").filter((l) => l !== ""));
    }
    return { keys, lines };
  }

  it("a bucket without a logging setting answers an empty BucketLoggingStatus", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const got = await alpha.send(new GetBucketLoggingCommand({ Bucket: b }));
    assert.equal(got.LoggingEnabled, undefined);
  });

  it("PutBucketLogging round-trips the target, prefix, grants and key format; an empty status turns logging off", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const t = await aclTarget();
    const bravoId = server.services.accounts.get("222222222222")?.canonicalUserId ?? "";
    await alpha.send(
      new PutBucketLoggingCommand({
        Bucket: b,
        BucketLoggingStatus: {
          LoggingEnabled: {
            TargetBucket: t,
            TargetPrefix: "access/",
            TargetGrants: [{ Grantee: { Type: "CanonicalUser", ID: bravoId }, Permission: "READ" }],
            TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: "EventTime" } },
          },
        },
      }),
    );
    const got = await alpha.send(new GetBucketLoggingCommand({ Bucket: b }));
    assert.equal(got.LoggingEnabled?.TargetBucket, t);
    assert.equal(got.LoggingEnabled?.TargetPrefix, "access/");
    assert.deepEqual(got.LoggingEnabled?.TargetGrants, [{ Grantee: { Type: "CanonicalUser", ID: bravoId }, Permission: "READ" }]);
    assert.deepEqual(got.LoggingEnabled?.TargetObjectKeyFormat, { PartitionedPrefix: { PartitionDateSource: "EventTime" } });

    await alpha.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: {} }));
    assert.equal((await alpha.send(new GetBucketLoggingCommand({ Bucket: b }))).LoggingEnabled, undefined);
  });

  it("a missing target bucket is InvalidTargetBucketForLogging", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const e = await rejectsWith(alpha.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: uniqueBucket("nope"), TargetPrefix: "" } } })), "InvalidTargetBucketForLogging", 400);
    assert.equal(e.message, "The target bucket for logging does not exist");
  });

  it("a target owned by another account is InvalidTargetBucketForLogging (owners must be the same)", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const t = uniqueBucket("bravo-logs");
    await bravo.send(new CreateBucketCommand({ Bucket: t }));
    const e = await rejectsWith(alpha.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: t, TargetPrefix: "" } } })), "InvalidTargetBucketForLogging", 400);
    assert.equal(e.message, "The owner for the bucket to be logged and the target bucket must be the same.");
  });

  it("target grants for a BucketOwnerEnforced target are AccessControlListNotSupported", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const t = uniqueBucket("enforced");
    await alpha.send(new CreateBucketCommand({ Bucket: t }));
    const e = await rejectsWith(
      alpha.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: t, TargetPrefix: "", TargetGrants: [{ Grantee: { Type: "Group", URI: LOG_DELIVERY }, Permission: "READ" }] } } })),
      "AccessControlListNotSupported",
      400,
    );
    assert.equal(e.message, "Target grants not allowed for bucket owner enforced buckets");
  });

  it("only the bucket owner may set or read the logging setting (bravo gets AccessDenied)", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    await rejectsWith(bravo.send(new GetBucketLoggingCommand({ Bucket: b })), "AccessDenied", 403);
    await rejectsWith(bravo.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: {} })), "AccessDenied", 403);
  });

  it("delivers records into an ACL-enabled target that grants the LogDelivery group; fields of a GET, a 403 and a 404", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const t = await aclTarget();
    await alpha.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: t, TargetPrefix: "logs/" } } }));
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "dir/hello world.txt", Body: "hello" }));
    const get = await alpha.send(new GetObjectCommand({ Bucket: b, Key: "dir/hello world.txt" }));
    assert.equal(await get.Body?.transformToString(), "hello");
    const getId = get.$metadata.requestId;
    const denied = await rejectsWith(bravo.send(new GetObjectCommand({ Bucket: b, Key: "dir/hello world.txt" })), "AccessDenied", 403);
    const missing = await rejectsWith(alpha.send(new GetObjectCommand({ Bucket: b, Key: "absent" })), "NoSuchKey", 404);

    const flushed = await server.flushAccessLogs();
    assert.equal(flushed.delivered.filter((k) => k.startsWith(`${t}/`)).length, 1);
    const { keys, lines } = await logLines(t, "logs/");
    assert.equal(keys.length, 1);
    assert.match(keys[0] ?? "", /^logs\/\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9A-F]{16}$/);
    const records = lines.map(fieldsOf);
    const byId = (id: string | undefined): Fields => {
      const r = records.find((f) => f.requestId === id);
      assert.ok(r, `a record for request ${String(id)} in ${lines.join("\n")}`);
      return r;
    };

    const g = byId(getId);
    assert.equal(g.bucketOwner, alphaId);
    assert.equal(g.bucket, b);
    assert.match(g.time, /^\[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\]$/);
    assert.equal(g.remoteIp, "127.0.0.1");
    assert.equal(g.requester, alphaId);
    assert.equal(g.operation, "REST.GET.OBJECT");
    assert.equal(g.key, "dir/hello%20world.txt");
    assert.match(g.requestLine, new RegExp(`^GET /${b}/dir/hello%20world\\.txt(\\?[^ ]*)? HTTP/1\\.1$`));
    assert.equal(g.status, "200");
    assert.equal(g.errorCode, "-");
    assert.equal(g.bytesSent, "5");
    assert.equal(g.objectSize, "5");
    assert.match(g.totalTime, /^\d+$/);
    assert.match(g.turnAroundTime, /^\d+$/);
    assert.match(g.userAgent, /aws-sdk-js/);
    assert.equal(g.hostId, get.$metadata.extendedRequestId);
    assert.equal(g.signatureVersion, "SigV4");
    assert.equal(g.authType, "AuthHeader");
    assert.match(g.hostHeader, /^127\.0\.0\.1:\d+$/);

    const d = byId(denied.$metadata.requestId);
    assert.equal(d.status, "403");
    assert.equal(d.errorCode, "AccessDenied");
    assert.equal(d.requester, server.services.accounts.get("222222222222")?.canonicalUserId);
    assert.equal(d.operation, "REST.GET.OBJECT");
    assert.notEqual(d.bytesSent, "-");

    const m = byId(missing.$metadata.requestId);
    assert.equal(m.status, "404");
    assert.equal(m.errorCode, "NoSuchKey");
    assert.equal(m.key, "absent");
    assert.equal(m.objectSize, "-");

    const put = records.find((f) => f.operation === "REST.PUT.OBJECT");
    assert.ok(put);
    assert.equal(put.objectSize, "5", JSON.stringify(put));

    // The log object belongs to the target bucket's owner, who has FULL_CONTROL.
    const acl = await alpha.send(new GetObjectAclCommand({ Bucket: t, Key: keys[0] }));
    assert.equal(acl.Owner?.ID, alphaId);
    assert.deepEqual(acl.Grants, [{ Grantee: { Type: "CanonicalUser", ID: alphaId }, Permission: "FULL_CONTROL" }]);
  });

  it("delivers nothing into an ACL-enabled target without the LogDelivery grant", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const t = uniqueBucket("private-logs");
    await alpha.send(new CreateBucketCommand({ Bucket: t, ObjectOwnership: "ObjectWriter" }));
    await alpha.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: t, TargetPrefix: "" } } }));
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    const flushed = await server.flushAccessLogs();
    assert.ok(flushed.dropped >= 1);
    assert.equal(flushed.delivered.filter((k) => k.startsWith(`${t}/`)).length, 0);
    assert.equal((await logLines(t)).keys.length, 0);
  });

  it("delivers into a BucketOwnerEnforced target whose policy allows logging.s3.amazonaws.com, with its SourceArn/SourceAccount conditions", async () => {
    const good = uniqueBucket("src");
    const other = uniqueBucket("src-other");
    await alpha.send(new CreateBucketCommand({ Bucket: good }));
    await alpha.send(new CreateBucketCommand({ Bucket: other }));
    const t = uniqueBucket("enforced-logs");
    await alpha.send(new CreateBucketCommand({ Bucket: t }));
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "S3ServerAccessLogsPolicy",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${t}/*`,
          Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:::${good}` }, StringEquals: { "aws:SourceAccount": "111111111111" } },
        },
      ],
    };
    await alpha.send(new PutBucketPolicyCommand({ Bucket: t, Policy: JSON.stringify(policy) }));
    await alpha.send(new PutBucketLoggingCommand({ Bucket: good, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: t, TargetPrefix: "good/" } } }));
    await alpha.send(new PutBucketLoggingCommand({ Bucket: other, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: t, TargetPrefix: "other/" } } }));
    await alpha.send(new PutObjectCommand({ Bucket: good, Key: "a", Body: "1" }));
    await alpha.send(new PutObjectCommand({ Bucket: other, Key: "b", Body: "2" }));
    await server.flushAccessLogs();
    const delivered = await logLines(t, "good/");
    assert.equal(delivered.keys.length, 1);
    assert.ok(delivered.lines.some((l) => fieldsOf(l).key === "a"));
    // aws:SourceArn names the other bucket: the service may not write its logs.
    assert.equal((await logLines(t, "other/")).keys.length, 0);
  });

  it("never delivers into a target that another account re-created under the same name, whatever its policy allows", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const t = uniqueBucket("taken-logs");
    await alpha.send(new CreateBucketCommand({ Bucket: t }));
    await alpha.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: t, TargetPrefix: "" } } }));
    await alpha.send(new DeleteBucketCommand({ Bucket: t }));
    await bravo.send(new CreateBucketCommand({ Bucket: t }));
    const open = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${t}/*` }] };
    await bravo.send(new PutBucketPolicyCommand({ Bucket: t, Policy: JSON.stringify(open) }));
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "secret-name", Body: "x" }));
    const flushed = await server.flushAccessLogs();
    assert.equal(flushed.delivered.filter((k) => k.startsWith(`${t}/`)).length, 0);
    assert.ok(flushed.dropped >= 1);
    assert.equal((await bravo.send(new ListObjectsV2Command({ Bucket: t }))).KeyCount, 0);
  });

  it("PartitionedPrefix keys: prefix/account/region/bucket/YYYY/MM/DD/YYYY-MM-DD-hh-mm-ss-unique", async () => {
    const b = uniqueBucket("src");
    await alpha.send(new CreateBucketCommand({ Bucket: b }));
    const t = await aclTarget();
    await alpha.send(new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: t, TargetPrefix: "p/", TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: "DeliveryTime" } } } } }));
    await alpha.send(new PutObjectCommand({ Bucket: b, Key: "k", Body: "x" }));
    await server.flushAccessLogs();
    const { keys } = await logLines(t, "p/");
    assert.equal(keys.length, 1);
    const m = new RegExp(`^p/111111111111/us-east-1/${b}/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{4})-(\\d{2})-(\\d{2})-\\d{2}-\\d{2}-\\d{2}-[0-9A-F]{16}$`).exec(keys[0] ?? "");
    assert.ok(m, keys[0]);
    assert.deepEqual(m.slice(1, 4), m.slice(4, 7));
  });
});
