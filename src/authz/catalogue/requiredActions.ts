/**
 * @module authz/catalogue/requiredActions
 * Turns a catalogue row and the facts of one request into the ordered list of IAM actions the request
 * needs, each marked with the resource it is checked on (spec §9.2, §9.4).
 */

import type { ExtraActionTrigger, OperationSpec } from "./types.ts";

/** @public The facts of a request that change which actions it needs. */
export interface ActionFacts {
  /** The request names a version of its target (`versionId`). */
  readonly versioned: boolean;
  /** Copy operations: the `x-amz-copy-source` names a version (`?versionId=`). */
  readonly sourceVersioned?: boolean;
  /** Features present in the request (see {@link ExtraActionTrigger}). */
  readonly triggers?: ReadonlySet<ExtraActionTrigger>;
}

/** @public One action to authorize, on the copy source or on the request's own target. */
export interface RequiredAction {
  readonly action: string;
  readonly on: "source" | "target";
}

/**
 * @public The actions a request needs, in evaluation order: the copy source first (spec §9.4; which
 * failure AWS reports first is UNCONFIRMED), then the target's own actions, then the extras its
 * headers call for. Every action must be allowed.
 */
export function requiredActions(spec: OperationSpec, facts: ActionFacts): RequiredAction[] {
  const out: RequiredAction[] = [];
  const source = facts.sourceVersioned === true ? (spec.sourceVersionActions ?? spec.sourceActions) : spec.sourceActions;
  for (const action of source ?? []) out.push({ action, on: "source" });
  const target = facts.versioned ? (spec.versionActions ?? spec.actions) : spec.actions;
  for (const action of target) out.push({ action, on: "target" });
  for (const extra of spec.extra ?? []) {
    if (facts.triggers?.has(extra.when) === true && !out.some((a) => a.on === "target" && a.action === extra.action)) {
      out.push({ action: extra.action, on: "target" });
    }
  }
  return out;
}
