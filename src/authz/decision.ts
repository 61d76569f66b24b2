/**
 * @module authz/decision
 * The combining rule of spec §1.7 as one exhaustive truth table (after Cedar's `partial_response.rs::decision`).
 * The engine first reduces one required action, seen from one resource (the bucket, or the access point), to
 * a row: was there an explicit deny, did the organization policies allow, did the user context allow, and
 * what did the resource side contribute. Each row names the AWS rule it implements.
 */

/** @public The final answer for a request. */
export type Verdict = "Allow" | "ExplicitDeny" | "ImplicitDeny";

/** @public Whether the requester's own account (user context, spec §1.2) allows the action. */
export type UserSide = "allows" | "silent";

/**
 * @public What the resource side contributes (spec §1.2–§1.5, §2.3, §2.5):
 * - `standalone`: a same-account resource-policy grant that needs no identity-side allow (§2.3);
 * - `granted`: the resource owner grants, and the user context must allow too (cross-account, §2.5);
 * - `unneeded`: the user context alone decides (the requester's account owns the resource, or owns the object);
 * - `missing`: the resource side is needed and grants nothing.
 */
export type ResourceSide = "standalone" | "granted" | "unneeded" | "missing";

/** @public One row key of the table. */
export type DecisionRow = "explicit-deny" | "organization-denies" | `${UserSide}/${ResourceSide}`;

/** @public Which input a denial is to be blamed on; the engine turns it into the concrete layer. */
export type Blame = "deny" | "organization" | "user" | "resource";

/** @public The outcome of one row. */
export type RowOutcome = { readonly verdict: "Allow" } | { readonly verdict: "ExplicitDeny" | "ImplicitDeny"; readonly blame: Blame };

/** @public The row for a set of facts: an explicit deny and the organization policies come first. */
export function rowOf(denied: boolean, organizationAllows: boolean, user: UserSide, resource: ResourceSide): DecisionRow {
  if (denied) return "explicit-deny";
  if (!organizationAllows) return "organization-denies";
  return `${user}/${resource}`;
}

const ALLOW: RowOutcome = Object.freeze({ verdict: "Allow" });

/** @public The truth table. Every row is listed; adding a value to a side breaks the build here. */
export function decide(row: DecisionRow): RowOutcome {
  switch (row) {
    // An applicable Deny in any policy (identity, boundary, session, SCP, RCP, bucket or access point
    // policy) ends evaluation; nothing can override it. [IAM-EVAL-DA step 1, S3-403]
    case "explicit-deny":
      return { verdict: "ExplicitDeny", blame: "deny" };
    // SCPs of the principal's account and RCPs of the resource's account must allow at every level.
    // [IAM-EVAL-DA steps 2–3, ORG-RCP-EVAL]
    case "organization-denies":
      return { verdict: "ImplicitDeny", blame: "organization" };
    // Same-account grant in the resource policy plus an identity allow: union semantics. [IAM-EVAL]
    case "allows/standalone":
      return ALLOW;
    // Same-account resource-policy grant to the user, session or everyone needs no identity allow. [§2.3, IAM-EVAL]
    case "silent/standalone":
      return ALLOW;
    // Cross-account: both the requester's account and the resource owner allow. [IAM-XACCT, S3-AUTHZ-BKT ex. 4]
    case "allows/granted":
      return ALLOW;
    // Cross-account: the resource owner's grant is not enough without the requester's identity allow. [§2.5.4]
    case "silent/granted":
      return { verdict: "ImplicitDeny", blame: "user" };
    // The requester's account owns the bucket (or the object): its user context decides alone. [S3-AUTHZ user context]
    case "allows/unneeded":
      return ALLOW;
    // …and that user context has no allow: "no identity-based policy allows". [IAM-EVAL step 5, S3-403]
    case "silent/unneeded":
      return { verdict: "ImplicitDeny", blame: "user" };
    // The user context allows, but the bucket/object owner grants nothing. [S3-AUTHZ bucket/object context]
    case "allows/missing":
      return { verdict: "ImplicitDeny", blame: "resource" };
    // Neither side allows; the user context is evaluated first, so it is blamed. [S3-AUTHZ-BKT ex. 4: "deny immediately"]
    case "silent/missing":
      return { verdict: "ImplicitDeny", blame: "user" };
    default:
      return unreachable(row);
  }
}

function unreachable(row: never): never {
  throw new Error(`unhandled decision row ${String(row)}`);
}
