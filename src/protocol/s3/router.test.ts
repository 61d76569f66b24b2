import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { routeS3 } from "./router.ts";
import type { RouteInput, RouteResult } from "./router.ts";
import { resolveAddress } from "./addressing.ts";
import { S3_OPERATIONS, S3_OPERATION_NAMES, requiredActions } from "../../authz/catalogue.ts";
import type { S3OperationName } from "../../authz/catalogue.ts";

/** Splits a raw query string the way the protocol layer does: names → decoded values, "" when valueless. */
function parseQuery(raw: string): Map<string, string> {
  const q = new Map<string, string>();
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    q.set(decodeURIComponent(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1)));
  }
  return q;
}

/** Builds the router input of a request line such as `GET /?uploads&max-uploads=3 HTTP/1.1`. */
function request(line: string, host: string, headers: Record<string, string> = {}): RouteInput {
  const [method = "", target = ""] = line.split(" ");
  const q = target.indexOf("?");
  const address = resolveAddress(host, q < 0 ? target : target.slice(0, q), { baseDomains: ["s3.amazonaws.com", "s3.*.amazonaws.com"] });
  if ("error" in address || address.style === "control" || address.style === "accesspoint") throw new Error(`unexpected address for ${line}`);
  const h = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method,
    ...(address.bucket === undefined ? {} : { bucket: address.bucket }),
    ...(address.key === undefined ? {} : { key: address.key }),
    query: parseQuery(q < 0 ? "" : target.slice(q + 1)),
    headers: { get: (n) => h.get(n.toLowerCase()) },
  };
}

function operationOf(result: RouteResult): S3OperationName {
  if ("error" in result) throw new Error(`routed to ${result.error}: ${result.message}`);
  return result.operation;
}

const B = "amzn-s3-demo-bucket.s3.amazonaws.com";
const SRC = { "x-amz-copy-source": "/amzn-s3-demo-bucket2/my-image.jpg" };

/**
 * Request lines from the "Request Syntax" and "Examples" sections of the S3 API reference,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_<Operation>.html, with the operation they name
 * and the first IAM action the catalogue requires for them (spec §9.2).
 */
const AWS_DOC_EXAMPLES: readonly (readonly [line: string, host: string, headers: Record<string, string>, op: S3OperationName, action: string])[] = [
  ["GET / HTTP/1.1", "s3.amazonaws.com", {}, "ListBuckets", "s3:ListAllMyBuckets"],
  ["GET /?max-buckets=10&prefix=amzn HTTP/1.1", "s3.us-west-2.amazonaws.com", {}, "ListBuckets", "s3:ListAllMyBuckets"],
  ["PUT / HTTP/1.1", B, {}, "CreateBucket", "s3:CreateBucket"],
  ["PUT / HTTP/1.1", B, { "x-amz-acl": "public-read" }, "CreateBucket", "s3:CreateBucket"],
  ["DELETE / HTTP/1.1", "quotes.s3.amazonaws.com", {}, "DeleteBucket", "s3:DeleteBucket"],
  ["HEAD / HTTP/1.1", B, {}, "HeadBucket", "s3:ListBucket"],
  ["GET /?location HTTP/1.1", "myBucket.s3.amazonaws.com", {}, "GetBucketLocation", "s3:GetBucketLocation"],
  ["PUT /my-image.jpg HTTP/1.1", "myBucket.s3.us-west-2.amazonaws.com", {}, "PutObject", "s3:PutObject"],
  ["GET /my-image.jpg HTTP/1.1", B, {}, "GetObject", "s3:GetObject"],
  ["GET /myObject?versionId=3/L4kqtJlcpXroDTDmpUMLUo HTTP/1.1", B, {}, "GetObject", "s3:GetObjectVersion"],
  ["GET /example-object?response-content-type=application/json HTTP/1.1", B, {}, "GetObject", "s3:GetObject"],
  ["HEAD /my-image.jpg HTTP/1.1", B, {}, "HeadObject", "s3:GetObject"],
  ["HEAD /my-image.jpg?versionId=3HL4kqCxf3vjVBH40Nrjfkd HTTP/1.1", B, {}, "HeadObject", "s3:GetObjectVersion"],
  ["GET /example-object?attributes HTTP/1.1", B, { "x-amz-object-attributes": "ETag" }, "GetObjectAttributes", "s3:GetObject"],
  ["DELETE /my-second-image.jpg HTTP/1.1", B, {}, "DeleteObject", "s3:DeleteObject"],
  ["DELETE /my-third-image.jpg?versionId=UIORUnfndfiufdisojhr398493jfdkjFJjkndnqUifhnw89493jJFJ HTTP/1.1", B, {}, "DeleteObject", "s3:DeleteObjectVersion"],
  ["POST /?delete HTTP/1.1", B, { "content-md5": "p5/WA/oEr30qrEEl21PAqw==" }, "DeleteObjects", "s3:DeleteObject"],
  ["PUT /my-second-image.jpg HTTP/1.1", B, SRC, "CopyObject", "s3:GetObject"],
  ["PUT /my-second-image.jpg HTTP/1.1", B, { "x-amz-copy-source": "/amzn-s3-demo-bucket2/my-image.jpg?versionId=3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" }, "CopyObject", "s3:GetObjectVersion"],
  ["GET /?prefix=N&marker=Ned&max-keys=40 HTTP/1.1", "quotes.s3.amazonaws.com", {}, "ListObjects", "s3:ListBucket"],
  ["GET / HTTP/1.1", "quotes.s3.amazonaws.com", {}, "ListObjects", "s3:ListBucket"],
  ["GET /?list-type=2 HTTP/1.1", "bucket.s3.amazonaws.com", {}, "ListObjectsV2", "s3:ListBucket"],
  ["GET /?list-type=2&max-keys=3&prefix=E&start-after=ExampleGuide.pdf HTTP/1.1", "quotes.s3.amazonaws.com", {}, "ListObjectsV2", "s3:ListBucket"],
  ["GET /?list-type=2&delimiter=/&prefix=photos/2006/ HTTP/1.1", B, {}, "ListObjectsV2", "s3:ListBucket"],
  ["POST /example-object?uploads HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "CreateMultipartUpload", "s3:PutObject"],
  ["PUT /my-movie.m2ts?partNumber=1&uploadId=VCVsb2FkIElEIGZvciBlbZZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZR HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "UploadPart", "s3:PutObject"],
  ["PUT /newobject?partNumber=2&uploadId=VCVsb2FkIElEIGZvciBlbZZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZR HTTP/1.1", "target-bucket.s3.amazonaws.com", { "x-amz-copy-source": "/source-bucket/sourceobject" }, "UploadPartCopy", "s3:GetObject"],
  ["PUT /newobject?partNumber=2&uploadId=VCVsb2FkIElEIGZvciBlbZZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZR HTTP/1.1", "target-bucket.s3.amazonaws.com", { "x-amz-copy-source": "/source-bucket/sourceobject?versionId=3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo" }, "UploadPartCopy", "s3:GetObjectVersion"],
  ["POST /example-object?uploadId=AAAsb2FkIElEIGZvciBlbHZpbmcncyBtbSBtb3ZpZS5tMnRzIRRwbG9hZA HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "CompleteMultipartUpload", "s3:PutObject"],
  ["DELETE /example-object?uploadId=VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZ HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "AbortMultipartUpload", "s3:AbortMultipartUpload"],
  ["GET /example-object?uploadId=XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA&max-parts=2&part-number-marker=1 HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "ListParts", "s3:ListMultipartUploadParts"],
  ["GET /?uploads&max-uploads=3 HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "ListMultipartUploads", "s3:ListBucketMultipartUploads"],
  ["GET /?uploads&delimiter=/&prefix=photos/2006/ HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "ListMultipartUploads", "s3:ListBucketMultipartUploads"],
  ["PUT /?versioning HTTP/1.1", "bucket.s3.amazonaws.com", {}, "PutBucketVersioning", "s3:PutBucketVersioning"],
  ["GET /?versioning HTTP/1.1", "myBucket.s3.amazonaws.com", {}, "GetBucketVersioning", "s3:GetBucketVersioning"],
  ["GET /?versions HTTP/1.1", B, {}, "ListObjectVersions", "s3:ListBucketVersions"],
  ["GET /?versions&key-marker=key2 HTTP/1.1", B, {}, "ListObjectVersions", "s3:ListBucketVersions"],
  ["PUT /object-key?tagging HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutObjectTagging", "s3:PutObjectTagging"],
  ["GET /example-object?tagging HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetObjectTagging", "s3:GetObjectTagging"],
  ["GET /example-object?tagging&versionId=ydlaNkwWm0SfKJR.T1b1fIdPRbldTYRI HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetObjectTagging", "s3:GetObjectVersionTagging"],
  ["DELETE /exampleobject?tagging HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "DeleteObjectTagging", "s3:DeleteObjectTagging"],
  ["GET /?acl HTTP/1.1", B, {}, "GetBucketAcl", "s3:GetBucketAcl"],
  ["PUT /?acl HTTP/1.1", "examplebucket.s3.amazonaws.com", { "x-amz-acl": "public-read" }, "PutBucketAcl", "s3:PutBucketAcl"],
  ["GET /my-image.jpg?acl HTTP/1.1", "bucket.s3.amazonaws.com", {}, "GetObjectAcl", "s3:GetObjectAcl"],
  ["GET /my-image.jpg?versionId=3/L4kqtJlcpXroDVBH40Nr8X8gdRQBpUMLUo&acl HTTP/1.1", "bucket.s3.amazonaws.com", {}, "GetObjectAcl", "s3:GetObjectVersionAcl"],
  ["PUT /my-image.jpg?acl HTTP/1.1", "bucket.s3.amazonaws.com", {}, "PutObjectAcl", "s3:PutObjectAcl"],
  ["PUT /my-image.jpg?acl&versionId=3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nrjfkd HTTP/1.1", "bucket.s3.amazonaws.com", {}, "PutObjectAcl", "s3:PutObjectVersionAcl"],
  ["PUT /?ownershipControls HTTP/1.1", B, {}, "PutBucketOwnershipControls", "s3:PutBucketOwnershipControls"],
  ["GET /?ownershipControls HTTP/1.1", B, {}, "GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"],
  ["DELETE /?ownershipControls HTTP/1.1", B, {}, "DeleteBucketOwnershipControls", "s3:PutBucketOwnershipControls"],
  ["PUT /?policy HTTP/1.1", "bucket.s3.amazonaws.com", {}, "PutBucketPolicy", "s3:PutBucketPolicy"],
  ["GET /?policy HTTP/1.1", "bucket.s3.amazonaws.com", {}, "GetBucketPolicy", "s3:GetBucketPolicy"],
  ["DELETE /?policy HTTP/1.1", "bucket.s3.amazonaws.com", {}, "DeleteBucketPolicy", "s3:DeleteBucketPolicy"],
  ["GET /?policyStatus HTTP/1.1", B, {}, "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"],
  ["PUT /?publicAccessBlock HTTP/1.1", B, {}, "PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock"],
  ["GET /?publicAccessBlock HTTP/1.1", B, {}, "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"],
  ["DELETE /?publicAccessBlock HTTP/1.1", B, {}, "DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock"],
  ["PUT /?tagging HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketTagging", "s3:PutBucketTagging"],
  ["GET /?tagging HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketTagging", "s3:GetBucketTagging"],
  ["DELETE /?tagging HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "DeleteBucketTagging", "s3:PutBucketTagging"],
  ["PUT /?logging HTTP/1.1", "quotes.s3.amazonaws.com", {}, "PutBucketLogging", "s3:PutBucketLogging"],
  ["GET /?logging HTTP/1.1", "quotes.s3.amazonaws.com", {}, "GetBucketLogging", "s3:GetBucketLogging"],
  ["PUT /?cors HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketCors", "s3:PutBucketCORS"],
  ["GET /?cors HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketCors", "s3:GetBucketCORS"],
  ["DELETE /?cors HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "DeleteBucketCors", "s3:PutBucketCORS"],
  ["PUT /?lifecycle HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"],
  ["GET /?lifecycle HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"],
  ["DELETE /?lifecycle HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "DeleteBucketLifecycle", "s3:PutLifecycleConfiguration"],
  ["PUT /?encryption HTTP/1.1", B, {}, "PutBucketEncryption", "s3:PutEncryptionConfiguration"],
  ["GET /?encryption HTTP/1.1", B, {}, "GetBucketEncryption", "s3:GetEncryptionConfiguration"],
  ["DELETE /?encryption HTTP/1.1", B, {}, "DeleteBucketEncryption", "s3:PutEncryptionConfiguration"],
  ["PUT /?website HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "PutBucketWebsite", "s3:PutBucketWebsite"],
  ["GET /?website HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "GetBucketWebsite", "s3:GetBucketWebsite"],
  ["DELETE /?website HTTP/1.1", "example-bucket.s3.amazonaws.com", {}, "DeleteBucketWebsite", "s3:DeleteBucketWebsite"],
  ["PUT /?notification HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketNotificationConfiguration", "s3:PutBucketNotification"],
  ["GET /?notification HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketNotificationConfiguration", "s3:GetBucketNotification"],
  ["PUT /?requestPayment HTTP/1.1", "colorpictures.s3.amazonaws.com", {}, "PutBucketRequestPayment", "s3:PutBucketRequestPayment"],
  ["GET /?requestPayment HTTP/1.1", "colorpictures.s3.amazonaws.com", {}, "GetBucketRequestPayment", "s3:GetBucketRequestPayment"],
  ["PUT /?object-lock HTTP/1.1", B, {}, "PutObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration"],
  ["GET /?object-lock HTTP/1.1", B, {}, "GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"],
  ["PUT /?accelerate HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketAccelerateConfiguration", "s3:PutAccelerateConfiguration"],
  ["GET /?accelerate HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketAccelerateConfiguration", "s3:GetAccelerateConfiguration"],
  ["PUT /?replication HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketReplication", "s3:PutReplicationConfiguration"],
  ["GET /?replication HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketReplication", "s3:GetReplicationConfiguration"],
  ["DELETE /?replication HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "DeleteBucketReplication", "s3:PutReplicationConfiguration"],
  ["PUT /?analytics&id=report1 HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketAnalyticsConfiguration", "s3:PutAnalyticsConfiguration"],
  ["GET /?analytics&id=list1 HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketAnalyticsConfiguration", "s3:GetAnalyticsConfiguration"],
  ["DELETE /?analytics&id=list1 HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "DeleteBucketAnalyticsConfiguration", "s3:PutAnalyticsConfiguration"],
  ["GET /?analytics HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "ListBucketAnalyticsConfigurations", "s3:GetAnalyticsConfiguration"],
  ["PUT /?inventory&id=report1 HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketInventoryConfiguration", "s3:PutInventoryConfiguration"],
  ["GET /?inventory&id=list1 HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketInventoryConfiguration", "s3:GetInventoryConfiguration"],
  ["DELETE /?inventory&id=list1 HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "DeleteBucketInventoryConfiguration", "s3:PutInventoryConfiguration"],
  ["GET /?inventory&continuation-token=71626 HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "ListBucketInventoryConfigurations", "s3:GetInventoryConfiguration"],
  ["PUT /?metrics&id=EntireBucket HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "PutBucketMetricsConfiguration", "s3:PutMetricsConfiguration"],
  ["GET /?metrics&id=Documents HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "GetBucketMetricsConfiguration", "s3:GetMetricsConfiguration"],
  ["DELETE /?metrics&id=Documents HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "DeleteBucketMetricsConfiguration", "s3:PutMetricsConfiguration"],
  ["GET /?metrics HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "ListBucketMetricsConfigurations", "s3:GetMetricsConfiguration"],
  ["PUT /?intelligent-tiering&id=Id HTTP/1.1", B, {}, "PutBucketIntelligentTieringConfiguration", "s3:PutIntelligentTieringConfiguration"],
  ["GET /?intelligent-tiering&id=Id HTTP/1.1", B, {}, "GetBucketIntelligentTieringConfiguration", "s3:GetIntelligentTieringConfiguration"],
  ["DELETE /?intelligent-tiering&id=Id HTTP/1.1", B, {}, "DeleteBucketIntelligentTieringConfiguration", "s3:PutIntelligentTieringConfiguration"],
  ["GET /?intelligent-tiering HTTP/1.1", B, {}, "ListBucketIntelligentTieringConfigurations", "s3:GetIntelligentTieringConfiguration"],
  ["PUT /example-object?retention&versionId=VersionId HTTP/1.1", B, {}, "PutObjectRetention", "s3:PutObjectRetention"],
  ["GET /example-object?retention HTTP/1.1", B, {}, "GetObjectRetention", "s3:GetObjectRetention"],
  ["PUT /example-object?legal-hold HTTP/1.1", B, {}, "PutObjectLegalHold", "s3:PutObjectLegalHold"],
  ["GET /example-object?legal-hold HTTP/1.1", B, {}, "GetObjectLegalHold", "s3:GetObjectLegalHold"],
  ["POST /photo1.jpg?restore&versionId=3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nrjfkd HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "RestoreObject", "s3:RestoreObject"],
  ["POST /exampleobject.csv?select&select-type=2 HTTP/1.1", "examplebucket.s3.amazonaws.com", {}, "SelectObjectContent", "s3:GetObject"],
  ["GET /quotes/Nelson?torrent HTTP/1.0", "bucket.s3.amazonaws.com", {}, "GetObjectTorrent", "s3:GetObjectTorrent"],
  ["POST / HTTP/1.1", "destinationBucket.s3.amazonaws.com", { "content-type": "multipart/form-data; boundary=9431149156168" }, "PostObject", "s3:PutObject"],
  // Path style: the same operations with the bucket in the path.
  ["GET /amzn-s3-demo-bucket?list-type=2 HTTP/1.1", "s3.us-west-2.amazonaws.com", {}, "ListObjectsV2", "s3:ListBucket"],
  ["PUT /amzn-s3-demo-bucket/photos/puppy.jpg HTTP/1.1", "s3.amazonaws.com", {}, "PutObject", "s3:PutObject"],
  ["GET /amzn-s3-demo-bucket/photos/puppy.jpg?acl HTTP/1.1", "s3.amazonaws.com", {}, "GetObjectAcl", "s3:GetObjectAcl"],
  // The AWS SDKs add `x-id=<Operation>` to some requests; it is not a subresource.
  ["GET /my-image.jpg?x-id=GetObject HTTP/1.1", B, {}, "GetObject", "s3:GetObject"],
  ["PUT /my-image.jpg?x-id=PutObject HTTP/1.1", B, {}, "PutObject", "s3:PutObject"],
];

describe("routeS3 against the AWS API reference examples (test_aws_doc_examples)", () => {
  for (const [line, host, headers, expected, action] of AWS_DOC_EXAMPLES) {
    it(`routes \`${line}\` on ${host}${"x-amz-copy-source" in headers ? " with x-amz-copy-source" : ""} to ${expected} needing ${action}`, () => {
      const input = request(line, host, headers);
      const operation = operationOf(routeS3(input));
      assert.equal(operation, expected);
      const source = input.headers.get("x-amz-copy-source");
      const first = requiredActions(S3_OPERATIONS[operation], { versioned: input.query.has("versionId"), sourceVersioned: source?.includes("?versionId=") === true })[0];
      assert.equal(first?.action, action);
    });
  }

  it("covers every operation of the catalogue", () => {
    const covered = new Set(AWS_DOC_EXAMPLES.map((row) => row[3]));
    assert.deepEqual(S3_OPERATION_NAMES.filter((n) => !covered.has(n)), []);
  });
});

describe("requests S3 refuses", () => {
  const errorOf = (line: string, host = B, headers: Record<string, string> = {}) => {
    const result = routeS3(request(line, host, headers));
    return "error" in result ? result.error : result.operation;
  };

  // Observed AWS answer: <Code>MethodNotAllowed</Code> … <Method>POST</Method><ResourceType>OBJECT</ResourceType>
  // (https://github.com/mhart/aws4fetch/issues/14).
  it("answers MethodNotAllowed to a POST on an object without a known subresource", () => {
    assert.equal(errorOf("POST /my-image.jpg HTTP/1.1"), "MethodNotAllowed");
  });

  it("answers MethodNotAllowed to methods S3 does not have", () => {
    assert.equal(errorOf("PATCH /my-image.jpg HTTP/1.1"), "MethodNotAllowed");
    assert.equal(errorOf("OPTIONS / HTTP/1.1"), "MethodNotAllowed");
  });

  it("answers MethodNotAllowed to anything but GET on the service", () => {
    assert.equal(errorOf("PUT / HTTP/1.1", "s3.amazonaws.com"), "MethodNotAllowed");
    assert.equal(errorOf("DELETE / HTTP/1.1", "s3.amazonaws.com"), "MethodNotAllowed");
  });

  it("answers MethodNotAllowed to a known subresource with a method it does not support", () => {
    assert.equal(errorOf("DELETE /?versioning HTTP/1.1"), "MethodNotAllowed");
    assert.equal(errorOf("POST /?acl HTTP/1.1"), "MethodNotAllowed");
    assert.equal(errorOf("GET /?delete HTTP/1.1"), "MethodNotAllowed");
    assert.equal(errorOf("DELETE /my-image.jpg?acl HTTP/1.1"), "MethodNotAllowed");
  });

  it("answers InvalidRequest to a bucket subresource on an object and an object subresource on a bucket", () => {
    assert.equal(errorOf("GET /my-image.jpg?uploads HTTP/1.1"), "InvalidRequest");
    assert.equal(errorOf("DELETE /my-image.jpg?policy HTTP/1.1"), "InvalidRequest");
    assert.equal(errorOf("POST /?uploads HTTP/1.1"), "InvalidRequest");
    assert.equal(errorOf("GET /?attributes HTTP/1.1"), "InvalidRequest");
  });

  it("answers InvalidRequest to an upload part without a part number", () => {
    assert.equal(errorOf("PUT /my-movie.m2ts?uploadId=abc HTTP/1.1"), "InvalidRequest");
  });

  it("answers NotImplemented to subresources outside the catalogue", () => {
    assert.equal(errorOf("GET /?session HTTP/1.1"), "NotImplemented");
    assert.equal(errorOf("GET /?metadataTable HTTP/1.1"), "NotImplemented");
    assert.equal(errorOf("PUT /my-image.jpg?annotation HTTP/1.1"), "NotImplemented");
    assert.equal(errorOf("DELETE /my-image.jpg?annotation HTTP/1.1"), "NotImplemented");
    assert.equal(errorOf("PUT /my-image.jpg?renameObject HTTP/1.1"), "NotImplemented");
    assert.equal(errorOf("PUT /my-image.jpg?encryption HTTP/1.1"), "NotImplemented");
  });

  it("ignores query parameters that are not subresources", () => {
    assert.equal(errorOf("GET /?foo=bar HTTP/1.1"), "ListObjects");
    assert.equal(errorOf("GET /my-image.jpg?partNumber=2 HTTP/1.1"), "GetObject");
  });

  it("does not let x-amz-copy-source change operations other than PutObject and UploadPart", () => {
    assert.equal(errorOf("PUT /my-image.jpg?tagging HTTP/1.1", B, SRC), "PutObjectTagging");
    assert.equal(errorOf("PUT /my-image.jpg?acl HTTP/1.1", B, SRC), "PutObjectAcl");
  });
});
