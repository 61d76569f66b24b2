/**
 * @module protocol/s3control/controlRouter
 * Which S3 Control operation a request is: method and path under `/v20180820/` (the request URIs of
 * the S3 Control API model, https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_AWS_S3_Control.html).
 * Only the access point and account Block Public Access operations are served; other S3 Control paths
 * (jobs, Storage Lens, Multi-Region Access Points, …) answer NotImplemented.
 */
import { ControlError } from "./controlErrors.ts";

/** @public The operations this endpoint serves, named as in the API. */
export type ControlOperation =
  | "CreateAccessPoint"
  | "GetAccessPoint"
  | "DeleteAccessPoint"
  | "ListAccessPoints"
  | "PutAccessPointPolicy"
  | "GetAccessPointPolicy"
  | "DeleteAccessPointPolicy"
  | "GetAccessPointPolicyStatus"
  | "PutPublicAccessBlock"
  | "GetPublicAccessBlock"
  | "DeletePublicAccessBlock";

/** @public A routed request: the operation and, for access point operations, the decoded name. */
export interface ControlRoute {
  readonly operation: ControlOperation;
  readonly name?: string;
}

const PREFIX = "/v20180820/";

/** Methods → operation, per path shape. */
const SHAPES: readonly { readonly pattern: RegExp; readonly methods: Readonly<Record<string, ControlOperation>> }[] = [
  { pattern: /^configuration\/publicAccessBlock$/, methods: { PUT: "PutPublicAccessBlock", GET: "GetPublicAccessBlock", DELETE: "DeletePublicAccessBlock" } },
  { pattern: /^accesspoint$/, methods: { GET: "ListAccessPoints" } },
  { pattern: /^accesspoint\/([^/]+)$/, methods: { PUT: "CreateAccessPoint", GET: "GetAccessPoint", DELETE: "DeleteAccessPoint" } },
  { pattern: /^accesspoint\/([^/]+)\/policy$/, methods: { PUT: "PutAccessPointPolicy", GET: "GetAccessPointPolicy", DELETE: "DeleteAccessPointPolicy" } },
  { pattern: /^accesspoint\/([^/]+)\/policyStatus$/, methods: { GET: "GetAccessPointPolicyStatus" } },
];

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ControlError("InvalidURI");
  }
}

/** @public Routes a request by method and raw path (query removed); throws the error AWS would answer otherwise. */
export function routeControl(method: string, rawPath: string): ControlRoute {
  if (!rawPath.startsWith(PREFIX)) throw new ControlError("InvalidURI");
  const rest = rawPath.slice(PREFIX.length);
  for (const shape of SHAPES) {
    const m = shape.pattern.exec(rest);
    if (m === null) continue;
    const operation = shape.methods[method];
    if (operation === undefined) throw new ControlError("MethodNotAllowed");
    return m[1] === undefined ? { operation } : { operation, name: decodeSegment(m[1]) };
  }
  throw new ControlError("NotImplemented", { message: `crossbucket serves only the access point and account Block Public Access operations of S3 Control, not ${method} ${rawPath}.` });
}
