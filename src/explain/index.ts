/**
 * @module explain
 * Explanations of authorization decisions (issue #6): `explain(decision, options)` replays a recorded or
 * simulated decision through the pure engine with a trace and returns a structured {@link Explanation};
 * `renderText` prints it in plain language. Pure: no I/O, clock or `node:` imports.
 */
export { CONTEXT_KEYS_EXPLAINED, explain } from "./explain.ts";
export { renderText } from "./render.ts";
export type {
  AccessPointExplanation,
  AuthenticationExplanation,
  CheckExplanation,
  ConditionExplanation,
  DecidingExplanation,
  DecisionInput,
  ExplainOptions,
  Explanation,
  GrantExplanation,
  LayerExplanation,
  LayerName,
  LayerStatus,
  NotCandidatesExplanation,
  ObjectExplanation,
  PrincipalExplanation,
  Remedy,
  ResourceExplanation,
  StatementExplanation,
} from "./types.ts";
