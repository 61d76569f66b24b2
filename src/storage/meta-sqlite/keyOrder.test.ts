import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { commonPrefixOf, encodeKey, hasPrefix, prefixSuccessor } from "./keyOrder.ts";

describe("keyOrder", () => {
  it("gives the successor of a prefix as the prefix with its last byte incremented", () => {
    assert.deepEqual(prefixSuccessor(encodeKey("a/")), encodeKey("a0"));
    assert.deepEqual(prefixSuccessor(Buffer.from([0x61, 0xff, 0xff])), Buffer.from([0x62]));
    assert.equal(prefixSuccessor(Buffer.from([0xff])), undefined);
    assert.equal(prefixSuccessor(Buffer.alloc(0)), undefined);
  });
  it("sorts every key with the prefix below the successor and at or above the prefix", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 6 }), fc.uint8Array({ maxLength: 6 }), (prefix, rest) => {
        const key = Buffer.concat([prefix, rest]);
        const next = prefixSuccessor(prefix);
        assert.ok(Buffer.compare(key, prefix) >= 0);
        if (next !== undefined) assert.ok(Buffer.compare(key, next) < 0);
        if (next !== undefined) assert.equal(hasPrefix(next, prefix), false);
      }),
    );
  });
  it("cuts a common prefix at the first delimiter after the prefix, not inside it", () => {
    const cp = (k: string, p: string, d: string) => commonPrefixOf(encodeKey(k), encodeKey(p), encodeKey(d))?.toString();
    assert.equal(cp("a/b/c", "", "/"), "a/");
    assert.equal(cp("a/b/c", "a/", "/"), "a/b/");
    assert.equal(cp("a/b", "a/", "/"), undefined);
    assert.equal(cp("a/b", "", ""), undefined);
    assert.equal(cp("éaéb", "é", "é"), "éaé");
  });
});
