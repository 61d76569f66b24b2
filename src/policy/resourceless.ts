/**
 * @module policy/resourceless
 * Actions with no resource-level permissions (e.g. `s3:ListAllMyBuckets`) are requested with no resource. Such
 * a request matches a `Resource` of `"*"` and, as AWS's own examples rely on, ARNs like `arn:aws:s3:::*` whose
 * region, account and resource parts are all wildcards (spec §9.1, Appendix A20).
 */

const ANY_RESOURCE_ARN = /^arn:[^:]+:[^:]+:\*?:\*?:\*+$/;

/** @public Whether a resource pattern matches a request that names no resource. */
export function matchesNoResource(pattern: string): boolean {
  return pattern === "*" || ANY_RESOURCE_ARN.test(pattern);
}
