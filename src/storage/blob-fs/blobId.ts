/**
 * @module storage/blob-fs/blobId
 * Blob IDs are 32 random hex digits, generated here and never derived from user input. A blob lives
 * at `<root>/<id[0..2]>/<id[2..4]>/<id>`; only well-formed IDs are ever turned into paths, so no ID
 * can reach outside the store.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";

const BLOB_ID = /^[0-9a-f]{32}$/;

/** @internal A fresh random blob ID. */
export function newBlobId(): string {
  return randomUUID().replaceAll("-", "");
}

/** @internal Whether `id` is a well-formed blob ID. */
export function isBlobId(id: string): boolean {
  return BLOB_ID.test(id);
}

/** @internal The shard directory of a blob, relative to the root: `ab/cd`. */
export function shardOf(id: string): string {
  return join(id.slice(0, 2), id.slice(2, 4));
}

/** @internal The file of a well-formed blob ID under `root`; throws on a malformed ID. */
export function blobPath(root: string, id: string): string {
  if (!isBlobId(id)) throw new Error(`malformed blob ID \`${id}\``);
  return join(root, shardOf(id), id);
}
