/**
 * @module authz/checks
 * The engine's list of checks for a request, from the catalogue row and the request's facts: each required
 * action with the resource ARN it is checked on (spec §9.1, §9.2, §9.4).
 */
import { bucketArn, objectArn } from "../kernel/arn.ts";
import { requiredActions } from "./catalogue.ts";
import type { ActionFacts, OperationSpec } from "./catalogue.ts";
import type { AuthzCheck } from "./request.ts";

/** @public Where a request points: a bucket and, for object operations, a key. */
export interface Addressed {
  readonly bucket: string;
  readonly key?: string;
}

/** @public The checks for an operation: copy source first (on its object), then the target's actions. */
export function checksFor(spec: OperationSpec, facts: ActionFacts, target: Addressed | undefined, source?: Addressed): AuthzCheck[] {
  return requiredActions(spec, facts).map(({ action, on }): AuthzCheck => {
    if (on === "source") return { action, on, level: "object", resource: source === undefined ? undefined : objectArn(source.bucket, source.key ?? "") };
    if (spec.resource === "none" || target === undefined) return { action, on, level: spec.resource, resource: undefined };
    if (spec.resource === "bucket") return { action, on, level: "bucket", resource: bucketArn(target.bucket) };
    return { action, on, level: "object", resource: objectArn(target.bucket, target.key ?? "") };
  });
}
