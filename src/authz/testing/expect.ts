/**
 * @module authz/testing/expect
 * The comparable core of a decision for engine tests: verdict, blocking layer and Block Public Access
 * setting. Also runs the request in trace mode and fails loudly if tracing changes the decision.
 */
import { authorize } from "../authorize.ts";
import type { BpaSetting } from "../blockPublicAccess.ts";
import type { Verdict } from "../decision.ts";
import type { AuthzRequest } from "../request.ts";
import type { BlockedLayer } from "../result.ts";

/** A decision reduced to what tests compare. Absent fields are omitted, so `{ verdict: "Allow" }` compares. */
export interface DecisionCore {
  readonly verdict: Verdict;
  readonly layer?: BlockedLayer;
  readonly setting?: BpaSetting;
}

/** The decision of a request, checked to be the same with and without a trace. */
export function decisionOf(req: AuthzRequest): DecisionCore {
  const plain = core(req, false);
  const traced = core(req, true);
  if (JSON.stringify(plain) !== JSON.stringify(traced)) throw new Error(`trace changes the decision: ${JSON.stringify(plain)} vs ${JSON.stringify(traced)}`);
  return plain;
}

function core(req: AuthzRequest, trace: boolean): DecisionCore {
  const r = authorize(req, { trace });
  const b = r.blockedBy;
  if (b === undefined) return { verdict: r.verdict };
  return b.setting === undefined ? { verdict: r.verdict, layer: b.layer } : { verdict: r.verdict, layer: b.layer, setting: b.setting };
}
