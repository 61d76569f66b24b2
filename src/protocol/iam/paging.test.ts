import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IamError } from "../../identity/iamError.ts";
import { paginate, pageRequest } from "./paging.ts";

/** Every item, page after page of `size`, following the markers; also the markers issued. */
function walk(items: readonly string[], size: number, keepOrder = false, op = "ListPolicies"): { seen: string[]; markers: string[] } {
  const seen: string[] = [];
  const markers: string[] = [];
  let marker: string | undefined;
  for (;;) {
    const params = new Map<string, string>([["MaxItems", String(size)], ...(marker !== undefined ? ([["Marker", marker]] as const) : [])]);
    const page = paginate(items, (x) => x, pageRequest(params, op), keepOrder);
    seen.push(...page.items);
    const next = page.fields.find(([k]) => k === "Marker")?.[1];
    if (typeof next !== "string") return { seen, markers };
    markers.push(next);
    marker = next;
  }
}

describe("IAM markers", () => {
  it("stay within the 320 characters IAM accepts back, for the longest names and non-Latin tag keys, and still list everything", () => {
    const longAscii = Array.from({ length: 5 }, (_, i) => `${String(i)}${"p".repeat(127)}`);
    const longWide = Array.from({ length: 5 }, (_, i) => `${String(i)}${"鍵".repeat(127)}`);
    for (const [items, keepOrder] of [[longAscii, false], [longWide, true], [longWide, false]] as const) {
      const { seen, markers } = walk(items, 1, keepOrder);
      assert.deepEqual(keepOrder ? seen : [...seen].sort(), [...items].sort());
      assert.equal(markers.length, items.length - 1);
      for (const m of markers) assert.ok(m.length <= 320, `marker of ${m.length} characters`);
    }
  });

  it("are refused by another listing, and when garbled", () => {
    const { markers } = walk(["a", "b", "c"], 1);
    const marker = markers[0] as string;
    assert.throws(() => pageRequest(new Map([["Marker", marker]]), "ListUsers"), (e: unknown) => e instanceof IamError && e.message === "Invalid Marker.");
    assert.throws(() => pageRequest(new Map([["Marker", "bm90IGEgbWFya2Vy"]]), "ListPolicies"), (e: unknown) => e instanceof IamError && e.message === "Invalid Marker.");
  });
});
