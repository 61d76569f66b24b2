import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LeaseQueue } from "./leaseQueue.ts";

function queue() {
  const ran: string[] = [];
  return { ran, q: new LeaseQueue<string>((items) => ran.push(...items)) };
}

describe("LeaseQueue", () => {
  it("runs a deferral at once when no lease is held", () => {
    const { ran, q } = queue();
    q.defer(["a"]);
    assert.deepEqual(ran, ["a"]);
  });
  it("waits for every lease taken before the deferral, in any release order", () => {
    const { ran, q } = queue();
    const l1 = q.lease();
    const l2 = q.lease();
    q.defer(["a"]);
    l2.release();
    assert.deepEqual(ran, []);
    l1.release();
    assert.deepEqual(ran, ["a"]);
  });
  it("is not held back by a lease taken after the deferral", () => {
    const { ran, q } = queue();
    const early = q.lease();
    q.defer(["a"]);
    const late = q.lease();
    q.defer(["b"]);
    early.release();
    assert.deepEqual(ran, ["a"]);
    assert.equal(q.waiting, 1);
    late.release();
    assert.deepEqual(ran, ["a", "b"]);
  });
  it("ignores a second release of the same lease", () => {
    const { ran, q } = queue();
    const l1 = q.lease();
    const l2 = q.lease();
    q.defer(["a"]);
    l1.release();
    l1.release();
    assert.deepEqual(ran, []);
    l2.release();
    assert.deepEqual(ran, ["a"]);
  });
});
