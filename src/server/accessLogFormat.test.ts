import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACCESS_LOG_FIELDS, accessLogKey, accessLogOperation, accessLogTime, formatAccessLogRecord, logObjectKey, parseAccessLogRecord, type AccessLogRecord } from "./accessLogFormat.ts";

const OWNER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

const base: AccessLogRecord = {
  bucketOwner: OWNER,
  bucket: "amzn-s3-demo-bucket1",
  time: new Date(Date.UTC(2019, 1, 6, 0, 0, 38)),
  remoteIp: "192.0.2.3",
  requester: OWNER,
  requestId: "3E57427F3EXAMPLE",
  operation: "REST.GET.VERSIONING",
  method: "GET",
  requestUri: "/amzn-s3-demo-bucket1?versioning",
  httpVersion: "HTTP/1.1",
  status: 200,
  bytesSent: 113,
  totalTimeMs: 7,
  userAgent: "S3Console/0.4",
  hostId: "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=",
  signatureVersion: "SigV4",
  cipherSuite: "ECDHE-RSA-AES128-GCM-SHA256",
  authType: "AuthHeader",
  hostHeader: "amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com",
  tlsVersion: "TLSV1.2",
  accessPointArn: "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP",
  aclRequired: true,
  sourceRegion: "us-east-1",
};

describe("server access log records", () => {
  it("prints the fields in S3's order, with - for what is missing (the documented GET ?versioning example)", () => {
    assert.equal(
      formatAccessLogRecord(base),
      `${OWNER} amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ${OWNER} 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes us-east-1`,
    );
  });

  it("an anonymous 403 with no bytes sent: requester, bytes sent, signature and auth type are -", () => {
    const { requester: _r, signatureVersion: _s, authType: _a, aclRequired: _acl, ...rest } = base;
    const line = formatAccessLogRecord({ ...rest, status: 403, errorCode: "AccessDenied", bytesSent: 0, key: "a b/c+d.txt", operation: "REST.GET.OBJECT" });
    const f = parseAccessLogRecord(line);
    assert.equal(f.length, ACCESS_LOG_FIELDS.length);
    const at = (name: (typeof ACCESS_LOG_FIELDS)[number]): string | undefined => f[ACCESS_LOG_FIELDS.indexOf(name)];
    assert.equal(at("requester"), "-");
    assert.equal(at("status"), "403");
    assert.equal(at("errorCode"), "AccessDenied");
    assert.equal(at("bytesSent"), "-");
    assert.equal(at("key"), "a%20b/c%2Bd.txt");
    assert.equal(at("signatureVersion"), "-");
    assert.equal(at("authType"), "-");
    assert.equal(at("aclRequired"), "-");
  });

  it("quoted fields escape quotes and cannot be split; bare fields cannot contain spaces", () => {
    const line = formatAccessLogRecord({ ...base, userAgent: 'agent "x" \\ y', referer: "http://e.example/a b", hostHeader: "h h" });
    const f = parseAccessLogRecord(line);
    assert.equal(f.length, ACCESS_LOG_FIELDS.length);
    assert.equal(f[ACCESS_LOG_FIELDS.indexOf("userAgent")], 'agent "x" \\ y');
    assert.equal(f[ACCESS_LOG_FIELDS.indexOf("referer")], "http://e.example/a b");
    assert.equal(f[ACCESS_LOG_FIELDS.indexOf("hostHeader")], "h%20h");
  });

  it("time is [%d/%b/%Y:%H:%M:%S +0000] in UTC", () => {
    assert.equal(accessLogTime(new Date(Date.UTC(2024, 11, 3, 9, 5, 7))), "[03/Dec/2024:09:05:07 +0000]");
  });

  it("keys are URL-encoded with / kept", () => {
    assert.equal(accessLogKey("photos/2019/08/puppy dog.jpg"), "photos/2019/08/puppy%20dog.jpg");
  });

  it("operations are REST.<METHOD>.<RESOURCE>", () => {
    assert.equal(accessLogOperation("GetObject", "GET"), "REST.GET.OBJECT");
    assert.equal(accessLogOperation("HeadObject", "HEAD"), "REST.HEAD.OBJECT");
    assert.equal(accessLogOperation("PutObject", "PUT"), "REST.PUT.OBJECT");
    assert.equal(accessLogOperation("ListObjectsV2", "GET"), "REST.GET.BUCKET");
    assert.equal(accessLogOperation("GetBucketLogging", "GET"), "REST.GET.LOGGING_STATUS");
    assert.equal(accessLogOperation("GetBucketPolicy", "GET"), "REST.GET.BUCKETPOLICY");
    assert.equal(accessLogOperation("DeleteObjects", "POST"), "REST.POST.MULTI_OBJECT_DELETE");
    assert.equal(accessLogOperation("CopyObject", "PUT"), "REST.COPY.OBJECT");
    assert.equal(accessLogOperation("UploadPartCopy", "PUT"), "REST.COPY.PART");
    assert.equal(accessLogOperation("PutObjectRetention", "PUT"), "REST.PUT.OBJECT_RETENTION");
  });
});

describe("log object keys", () => {
  const at = new Date(Date.UTC(2023, 9, 12, 21, 2, 3));
  const earlier = new Date(Date.UTC(2023, 9, 11, 23, 59, 59));
  const input = { prefix: "logs/", sourceAccountId: "111111111111", sourceRegion: "us-east-1", sourceBucket: "src", deliveredAt: at, partitionAt: earlier, unique: "0123456789ABCDEF" };

  it("SimplePrefix (and no format): [prefix]YYYY-mm-DD-HH-MM-SS-UniqueString", () => {
    assert.equal(logObjectKey({ ...input, format: undefined }), "logs/2023-10-12-21-02-03-0123456789ABCDEF");
    assert.equal(logObjectKey({ ...input, format: { kind: "SimplePrefix" } }), "logs/2023-10-12-21-02-03-0123456789ABCDEF");
  });

  it("PartitionedPrefix: [prefix][account]/[region]/[bucket]/[YYYY]/[MM]/[DD]/ then the SimplePrefix name; the partition date is its own", () => {
    assert.equal(logObjectKey({ ...input, format: { kind: "PartitionedPrefix", dateSource: "EventTime" } }), "logs/111111111111/us-east-1/src/2023/10/11/2023-10-12-21-02-03-0123456789ABCDEF");
  });
});
