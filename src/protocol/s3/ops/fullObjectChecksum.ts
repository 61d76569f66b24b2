/**
 * @module protocol/s3/ops/fullObjectChecksum
 * The FULL_OBJECT checksum of a multipart object, computed from its parts' CRCs without re-reading
 * any byte: CRC(A ++ B) follows from CRC(A), CRC(B) and len(B).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
import { combineDigests, type CrcAlgorithm } from "../../../checksum/checksum.ts";
import { S3Error } from "../errors.ts";
import type { ChecksumAlgorithm } from "../payload.ts";

/** @public Combines per-part base64 CRCs into the whole object's base64 CRC. */
export function combineFullObjectChecksum(algorithm: ChecksumAlgorithm, parts: readonly { value: string; size: number }[]): string {
  if (algorithm === "SHA1" || algorithm === "SHA256") {
    throw new S3Error("InvalidRequest", { message: `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.` });
  }
  const crc = algorithm as CrcAlgorithm;
  let acc: Uint8Array | undefined;
  for (const p of parts) {
    const digest = new Uint8Array(Buffer.from(p.value, "base64"));
    acc = acc === undefined ? digest : combineDigests(crc, acc, digest, p.size);
  }
  return Buffer.from(acc ?? new Uint8Array(crc === "CRC64NVME" ? 8 : 4)).toString("base64");
}
