/**
 * @module protocol/s3/ops/publicAccessBlock
 * PutPublicAccessBlock, GetPublicAccessBlock, DeletePublicAccessBlock for a bucket (spec §6.5). A setting
 * left out of the configuration is false. The account level is the S3 Control API's.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
 */
import type { PublicAccessBlockFlags } from "../../../authz/index.ts";
import type { HttpResponse } from "../../http.ts";
import type { S3Request, Services } from "../context.ts";
import { S3Error } from "../errors.ts";
import { PUBLIC_ACCESS_BLOCK_CONFIG } from "../bucketState.ts";
import { bucketPublicAccessBlock, publicAccessBlockJson } from "../resourceContext.ts";
import { childText, parseXml } from "../xml/parse.ts";
import { document, leaf } from "../xml/write.ts";
import { bucketOf, emptyResponse, xmlResponse } from "./common.ts";

const SETTINGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

/** @public Parses a `PublicAccessBlockConfiguration` document; each setting is `true` or `false` (absent: false). */
export function parsePublicAccessBlockXml(body: string): PublicAccessBlockFlags {
  const root = parseXml(body, "PublicAccessBlockConfiguration");
  const flag = (name: (typeof SETTINGS)[number]): boolean => {
    const v = childText(root, name)?.trim();
    if (v === undefined) return false;
    if (v !== "true" && v !== "false") throw new S3Error("MalformedXML");
    return v === "true";
  };
  return { BlockPublicAcls: flag("BlockPublicAcls"), IgnorePublicAcls: flag("IgnorePublicAcls"), BlockPublicPolicy: flag("BlockPublicPolicy"), RestrictPublicBuckets: flag("RestrictPublicBuckets") };
}

/** @public The `PublicAccessBlockConfiguration` document of some flags. */
export function publicAccessBlockXml(flags: PublicAccessBlockFlags): string {
  return document("PublicAccessBlockConfiguration", SETTINGS.map((s) => leaf(s, flags[s])));
}

/** @public PutPublicAccessBlock (bucket level). */
export async function putPublicAccessBlock(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const flags = parsePublicAccessBlockXml((await req.payload.readAll(64 * 1024)).toString("utf8"));
  svc.meta.putBucketConfig(bucket.name, PUBLIC_ACCESS_BLOCK_CONFIG, publicAccessBlockJson(flags));
  return emptyResponse(200);
}

/** @public GetPublicAccessBlock (bucket level). */
export async function getPublicAccessBlock(req: S3Request, svc: Services): Promise<HttpResponse> {
  const bucket = bucketOf(req);
  const flags = bucketPublicAccessBlock(svc, bucket.name);
  if (flags === undefined) throw new S3Error("NoSuchPublicAccessBlockConfiguration", { fields: [["BucketName", bucket.name]] });
  return xmlResponse(publicAccessBlockXml(flags));
}

/** @public DeletePublicAccessBlock (bucket level): 204 whether or not one was set. */
export async function deletePublicAccessBlock(req: S3Request, svc: Services): Promise<HttpResponse> {
  svc.meta.putBucketConfig(bucketOf(req).name, PUBLIC_ACCESS_BLOCK_CONFIG, undefined);
  return emptyResponse(204);
}
