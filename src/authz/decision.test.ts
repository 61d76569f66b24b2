// The combining truth table of spec §1.7 (decision.ts): every row, with the rule it implements.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decide, rowOf } from "./decision.ts";
import type { ResourceSide, UserSide } from "./decision.ts";

describe("decision truth table", () => {
  it("lets an explicit deny win over every allow (IAM-EVAL-DA step 1)", () => {
    assert.deepEqual(decide(rowOf(true, true, "allows", "standalone")), { verdict: "ExplicitDeny", blame: "deny" });
  });
  it("denies when the organization policies do not allow, before looking at grants", () => {
    assert.deepEqual(decide(rowOf(false, false, "allows", "granted")), { verdict: "ImplicitDeny", blame: "organization" });
  });
  const expected: Record<`${UserSide}/${ResourceSide}`, string> = {
    "allows/standalone": "Allow",
    "silent/standalone": "Allow", // §2.3 same-account grant stands alone
    "allows/granted": "Allow", // cross-account: both sides
    "silent/granted": "ImplicitDeny:user", // §2.5.4
    "allows/unneeded": "Allow",
    "silent/unneeded": "ImplicitDeny:user",
    "allows/missing": "ImplicitDeny:resource",
    "silent/missing": "ImplicitDeny:user",
  };
  for (const [row, want] of Object.entries(expected)) {
    it(`decides ${row} as ${want}`, () => {
      const [user, resource] = row.split("/") as [UserSide, ResourceSide];
      const out = decide(rowOf(false, true, user, resource));
      assert.equal(out.verdict === "Allow" ? "Allow" : `${out.verdict}:${out.blame}`, want);
    });
  }
});
