import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as s3 from "@aws-sdk/client-s3";
import { routeS3 } from "./router.ts";
import { resolveAddress } from "./addressing.ts";
import { isS3OperationName } from "../../authz/catalogue.ts";

/** The parts of the SDK's HTTP request the router needs (structurally, @smithy/protocol-http's HttpRequest). */
interface HttpRequest {
  readonly method: string;
  readonly hostname: string;
  readonly port?: number;
  readonly path: string;
  readonly query: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
}

/** A request handler that records the request the SDK built and sends nothing. */
class Capture extends Error {
  constructor(readonly request: HttpRequest) {
    super("captured");
  }
}

const client = new s3.S3Client({
  region: "us-east-1",
  endpoint: "http://localhost:9000",
  forcePathStyle: true,
  maxAttempts: 1,
  credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  requestHandler: {
    handle: async (request: HttpRequest) => {
      throw new Capture(request);
    },
  },
});

/** One input that satisfies every command's required URI members. */
const INPUT = {
  Bucket: "amzn-s3-demo-bucket",
  Key: "photos/2006/puppy+1 %.jpg",
  UploadId: "VXBsb2FkIElE",
  PartNumber: 2,
  CopySource: "source-bucket/source%20key",
  Id: "report1",
  Body: "x",
  Policy: "{}",
  ObjectAttributes: ["ETag"],
  Delete: { Objects: [{ Key: "a" }] },
  MultipartUpload: { Parts: [] },
  ContentMD5: "1B2M2Y8AsgTpgAmY7PhCfg==",
  Expression: "SELECT * FROM S3Object",
  ExpressionType: "SQL",
  InputSerialization: { CSV: {} },
  OutputSerialization: { CSV: {} },
  RequestRoute: "r",
  RequestToken: "t",
  RenameSource: "old",
  SessionMode: "ReadWrite",
};

type CommandCtor = new (input: typeof INPUT) => Parameters<typeof client.send>[0];

async function capture(name: string): Promise<HttpRequest> {
  const Ctor = (s3 as unknown as Record<string, CommandCtor>)[`${name}Command`];
  if (Ctor === undefined) throw new Error(`no ${name}Command`);
  try {
    await client.send(new Ctor(INPUT));
  } catch (e) {
    if (e instanceof Capture) return e.request;
    throw e;
  }
  throw new Error("the SDK sent nothing");
}

function route(req: HttpRequest) {
  const address = resolveAddress(`${req.hostname}:${req.port ?? 80}`, req.path, { baseDomains: ["localhost"] });
  if ("error" in address || address.style === "control" || address.style === "accesspoint") throw new Error(`address ${JSON.stringify(address)}`);
  const query = new Map<string, string>();
  for (const [k, v] of Object.entries(req.query)) query.set(k, typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? "") : "");
  const headers = new Map(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return routeS3({
    method: req.method,
    ...(address.bucket === undefined ? {} : { bucket: address.bucket }),
    ...(address.key === undefined ? {} : { key: address.key }),
    query,
    headers: { get: (n: string) => headers.get(n.toLowerCase()) },
  });
}

const COMMANDS = Object.keys(s3)
  .filter((k) => k.endsWith("Command") && k !== "$Command")
  .map((k) => k.slice(0, -"Command".length));

/** SDK commands that are not S3 REST calls on a bucket endpoint (served by another host or protocol). */
const OTHER_ENDPOINTS = new Set(["WriteGetObjectResponse", "ListDirectoryBuckets", "CreateSession"]);

// The SDK serialises each operation exactly as the S3 API reference specifies it
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).
describe("routeS3 against requests built by @aws-sdk/client-s3", () => {
  for (const name of COMMANDS.filter((n) => !OTHER_ENDPOINTS.has(n))) {
    if (isS3OperationName(name)) {
      it(`routes the SDK's ${name} request to ${name}`, async () => {
        const req = await capture(name);
        assert.deepEqual(route(req), { operation: name }, `${req.method} ${req.path} ${JSON.stringify(req.query)}`);
      });
    } else {
      it(`never routes the SDK's uncatalogued ${name} request to another operation`, async () => {
        const req = await capture(name);
        const result = route(req);
        assert.ok("error" in result, `${name} (${req.method} ${req.path} ${JSON.stringify(req.query)}) routed to ${JSON.stringify(result)}`);
      });
    }
  }
});
