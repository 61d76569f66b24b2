/**
 * @module sigv4/canonicalUri
 * The canonical URI of an S3 request. Unlike other AWS services, S3 does not normalise the path:
 * `//`, `.` and `..` segments are part of the object key and stay. The raw path is percent-decoded
 * once and re-encoded with the SigV4 rule, keeping `/`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
import { percentDecode, uriEncodeBytes } from "./uriEncode.ts";

/** @public Canonical URI of a raw request path; an empty path is `/`. */
export function canonicalUri(rawPath: string): string {
  if (rawPath === "") return "/";
  return uriEncodeBytes(percentDecode(rawPath), true);
}
