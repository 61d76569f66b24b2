import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { routeS3 } from "./router.ts";
import type { RouteInput } from "./router.ts";

function req(method: string, bucket: string | undefined, key: string | undefined, query: string, headers: Record<string, string> = {}): RouteInput {
  const q = new Map<string, string>();
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    q.set(decodeURIComponent(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1)));
  }
  const h = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, ...(bucket === undefined ? {} : { bucket }), ...(key === undefined ? {} : { key }), query: q, headers: { get: (n) => h.get(n.toLowerCase()) } };
}

describe("routeS3 basics", () => {
  it("routes GET / to ListBuckets", () => {
    assert.deepEqual(routeS3(req("GET", undefined, undefined, "")), { operation: "ListBuckets" });
  });
  it("turns PutObject into CopyObject when x-amz-copy-source is sent", () => {
    assert.deepEqual(routeS3(req("PUT", "b", "k", "", { "x-amz-copy-source": "/src/k" })), { operation: "CopyObject" });
  });
});
