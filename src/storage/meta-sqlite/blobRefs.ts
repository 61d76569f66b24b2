/**
 * @module storage/meta-sqlite/blobRefs
 * Reference counts of blobs. Every object part and uploaded part adds one reference to its blob; a
 * blob whose count drops to zero is reported as released, in the same transaction as the change.
 */
import type { Database } from "better-sqlite3";

/** @internal Reference counting over the `blob_refs` table. Call inside a transaction. */
export interface BlobRefs {
  add(blobIds: readonly string[]): void;
  /** Drops one reference per ID; returns the IDs whose last reference went away. */
  drop(blobIds: readonly string[]): string[];
  all(): Set<string>;
}

/** @internal Prepares the reference-count statements once. */
export function blobRefs(db: Database): BlobRefs {
  const add = db.prepare<[string]>("INSERT INTO blob_refs (blob_id, refs) VALUES (?, 1) ON CONFLICT (blob_id) DO UPDATE SET refs = refs + 1");
  const dec = db.prepare<[string], { refs: number }>("UPDATE blob_refs SET refs = refs - 1 WHERE blob_id = ? RETURNING refs");
  const del = db.prepare<[string]>("DELETE FROM blob_refs WHERE blob_id = ?");
  const all = db.prepare<[], { blob_id: string }>("SELECT blob_id FROM blob_refs");
  return {
    add(ids) {
      for (const id of ids) add.run(id);
    },
    drop(ids) {
      const released: string[] = [];
      for (const id of ids) {
        const left = dec.get(id);
        if (left !== undefined && left.refs <= 0) {
          del.run(id);
          released.push(id);
        }
      }
      return released;
    },
    all: () => new Set(all.all().map((r) => r.blob_id)),
  };
}
