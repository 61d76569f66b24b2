import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { blobPath, isBlobId, newBlobId } from "./blobId.ts";

describe("blobId", () => {
  it("generates 32 lower-case hex digits, sharded two levels deep", () => {
    const id = newBlobId();
    assert.ok(isBlobId(id));
    assert.equal(blobPath("/r", id), `/r/${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`);
  });
  it("refuses to build a path from anything but a well-formed ID", () => {
    for (const bad of ["../../etc/passwd", "ABCDEF0123456789ABCDEF0123456789", "abc", `${"a".repeat(32)}/x`, ""]) {
      assert.equal(isBlobId(bad), false);
      assert.throws(() => blobPath("/r", bad));
    }
  });
});
