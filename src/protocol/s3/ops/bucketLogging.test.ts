import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bucketLoggingXml, parseBucketLoggingXml } from "./bucketLogging.ts";
import { S3Error } from "../errors.ts";

const NS = `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`;

function malformed(body: string): void {
  assert.throws(() => parseBucketLoggingXml(body), (e: unknown) => e instanceof S3Error && e.code === "MalformedXML", body);
}

describe("BucketLoggingStatus", () => {
  it("an empty status turns logging off", () => {
    assert.equal(parseBucketLoggingXml(`<BucketLoggingStatus ${NS}/>`), undefined);
    assert.equal(bucketLoggingXml(undefined), `<?xml version="1.0" encoding="UTF-8"?>\n<BucketLoggingStatus ${NS}></BucketLoggingStatus>`);
  });

  it("reads and writes target, grants, prefix and key format in the API's order", () => {
    const body = `<BucketLoggingStatus ${NS}><LoggingEnabled><TargetBucket>logs</TargetBucket><TargetGrants><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AuthenticatedUsers</URI></Grantee><Permission>READ</Permission></Grant></TargetGrants><TargetPrefix>p/</TargetPrefix><TargetObjectKeyFormat><PartitionedPrefix><PartitionDateSource>DeliveryTime</PartitionDateSource></PartitionedPrefix></TargetObjectKeyFormat></LoggingEnabled></BucketLoggingStatus>`;
    const config = parseBucketLoggingXml(body);
    assert.deepEqual(config, {
      targetBucket: "logs",
      targetPrefix: "p/",
      targetGrants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, permission: "READ" }],
      keyFormat: { kind: "PartitionedPrefix", dateSource: "DeliveryTime" },
    });
    assert.equal(bucketLoggingXml(config), `<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  });

  it("SimplePrefix is an empty element", () => {
    const config = parseBucketLoggingXml(`<BucketLoggingStatus><LoggingEnabled><TargetBucket>l</TargetBucket><TargetPrefix></TargetPrefix><TargetObjectKeyFormat><SimplePrefix/></TargetObjectKeyFormat></LoggingEnabled></BucketLoggingStatus>`);
    assert.deepEqual(config?.keyFormat, { kind: "SimplePrefix" });
    assert.match(bucketLoggingXml(config), /<TargetObjectKeyFormat><SimplePrefix><\/SimplePrefix><\/TargetObjectKeyFormat>/);
  });

  it("MalformedXML: not XML, wrong root, no target bucket or prefix, bad grant, both key formats, bad date source", () => {
    malformed("not xml");
    malformed(`<LoggingStatus/>`);
    malformed(`<BucketLoggingStatus><LoggingEnabled><TargetPrefix>p</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`);
    malformed(`<BucketLoggingStatus><LoggingEnabled><TargetBucket>l</TargetBucket></LoggingEnabled></BucketLoggingStatus>`);
    malformed(`<BucketLoggingStatus><LoggingEnabled><TargetBucket>l</TargetBucket><TargetPrefix/><TargetGrants><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>WRITE_ACP</Permission></Grant></TargetGrants></LoggingEnabled></BucketLoggingStatus>`);
    malformed(`<BucketLoggingStatus><LoggingEnabled><TargetBucket>l</TargetBucket><TargetPrefix/><TargetObjectKeyFormat><SimplePrefix/><PartitionedPrefix/></TargetObjectKeyFormat></LoggingEnabled></BucketLoggingStatus>`);
    malformed(`<BucketLoggingStatus><LoggingEnabled><TargetBucket>l</TargetBucket><TargetPrefix/><TargetObjectKeyFormat><PartitionedPrefix><PartitionDateSource>Now</PartitionDateSource></PartitionedPrefix></TargetObjectKeyFormat></LoggingEnabled></BucketLoggingStatus>`);
    malformed(`<BucketLoggingStatus><Other/></BucketLoggingStatus>`);
  });
});
