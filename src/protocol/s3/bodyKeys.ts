/**
 * @module protocol/s3/bodyKeys
 * The operations whose condition keys are in the request body (spec §8.1): PutObjectTagging's tag set
 * (`s3:RequestObjectTag/<key>`, `s3:RequestObjectTagKeys`) and CreateBucket's location constraint
 * (`s3:locationconstraint`). The pipeline reads their body (at most {@link BODY_KEYS_MAX_BYTES}; malformed
 * XML is refused with MalformedXML) before the authorize stage, which needs the keys, and hands what it read
 * to the handler on the request, so that the body is read once.
 */
import type { S3OperationName } from "../../authz/catalogue.ts";
import type { S3Request } from "./context.ts";
import type { BodyKeys } from "./requestContext.ts";
import { readTaggingXml } from "./tags.ts";
import { child, parseXml } from "./xml/parse.ts";

/** @public The largest body read for its keys (a tag set or a bucket configuration is far smaller). */
export const BODY_KEYS_MAX_BYTES = 64 * 1024;

/** The `LocationConstraint` of a CreateBucket body (undefined when it names none); MalformedXML if the body is not XML. */
function locationConstraintOf(body: string): string | undefined {
  if (body.trim() === "") return undefined;
  const root = parseXml(body, "CreateBucketConfiguration");
  return child(root, "LocationConstraint")?.text.trim() || undefined;
}

const READERS: Partial<Record<S3OperationName, (body: string) => BodyKeys>> = {
  PutObjectTagging: (body) => ({ tags: readTaggingXml(body) }),
  CreateBucket: (body) => {
    const constraint = locationConstraintOf(body);
    return constraint !== undefined ? { locationConstraint: constraint } : {};
  },
};

/** @public Whether an operation's condition keys include keys from its body. */
export function hasBodyKeys(operation: S3OperationName): boolean {
  return READERS[operation] !== undefined;
}

/** @public Reads the body of an operation that has body keys; undefined (body untouched) for any other. */
export async function readBodyKeys(req: S3Request): Promise<BodyKeys | undefined> {
  const reader = READERS[req.operation];
  if (reader === undefined) return undefined;
  return reader((await req.payload.readAll(BODY_KEYS_MAX_BYTES)).toString("utf8"));
}
