/**
 * @module authz/policyLayers
 * Evaluating one policy layer for one required action: a list of same-type policies against one or two
 * resource ARNs (access point requests are checked on the access point ARN and on the bucket ARN, spec
 * §7.2.5, UNCONFIRMED which one identity policies must name: either is accepted), and organization policies
 * level by level (every level must allow, spec §2.2).
 */
import type { Principal } from "../kernel/principal.ts";
import { evaluatePolicies } from "../policy/index.ts";
import type { CompiledPolicy, ContextKeys, PolicyResult, StatementRef } from "../policy/index.ts";
import type { OrgPolicyLevels } from "./request.ts";

/** @internal The question every layer is asked. */
export interface LayerQuery {
  readonly principal: Principal;
  readonly action: string;
  readonly context: ContextKeys;
  readonly trace: boolean;
}

const NONE: PolicyResult = Object.freeze({ effect: "NoMatch", deciding: Object.freeze([]) });

/** @internal Evaluates `list` on each resource: any Deny wins, else any Allow. */
export function evaluateLayer(list: readonly CompiledPolicy[], q: LayerQuery, resources: readonly (string | undefined)[]): PolicyResult {
  if (list.length === 0) return NONE;
  const options = q.trace ? { trace: true } : undefined;
  const first = evaluatePolicies(list, { principal: q.principal, action: q.action, resource: resources[0], context: q.context }, options);
  if (resources.length < 2 || first.effect === "Deny") return first;
  const second = evaluatePolicies(list, { principal: q.principal, action: q.action, resource: resources[1], context: q.context }, options);
  if (second.effect === "Deny" || first.effect === "NoMatch") return merged(second, first);
  return merged(first, second);
}

function merged(winner: PolicyResult, other: PolicyResult): PolicyResult {
  if (winner.trace === undefined && other.trace === undefined) return winner;
  return { ...winner, trace: [...(winner.trace ?? []), ...(other.trace ?? [])] };
}

/** @internal An organization layer: Deny anywhere, NoMatch when some level has no Allow, else Allow. */
export interface OrgResult {
  readonly effect: "Deny" | "Allow" | "NoMatch";
  readonly deciding: readonly StatementRef[];
}

const ORG_ALLOW: OrgResult = Object.freeze({ effect: "Allow", deciding: Object.freeze([]) });

/** @internal Evaluates SCPs or RCPs level by level (spec §2.2 steps 2–3). */
export function evaluateLevels(levels: OrgPolicyLevels | undefined, q: LayerQuery, resource: string | undefined): OrgResult {
  if (levels === undefined || levels.length === 0) return ORG_ALLOW;
  let missing = false;
  for (const level of levels) {
    const r = evaluateLayer(level, q, [resource]);
    if (r.effect === "Deny") return { effect: "Deny", deciding: r.deciding };
    if (r.effect !== "Allow") missing = true;
  }
  return missing ? { effect: "NoMatch", deciding: [] } : ORG_ALLOW;
}
