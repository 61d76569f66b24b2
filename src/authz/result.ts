/**
 * @module authz/result
 * What the engine answers: the verdict, the layer that blocked a denied request, the reasons (statements,
 * ACL grants and rules that decided) and, on request, a per-layer trace.
 */
import type { StatementRef, StatementTrace } from "../policy/index.ts";
import type { BpaSetting } from "./blockPublicAccess.ts";
import type { Verdict } from "./decision.ts";
import type { AuthzCheck } from "./request.ts";

/** @public The layers a denial can be blamed on (issue #5). */
export type BlockedLayer =
  | "identity-policy"
  | "permissions-boundary"
  | "session-policy"
  | "scp"
  | "rcp"
  | "bucket-policy-deny"
  | "bucket-policy-no-grant"
  | "object-acl" // object ACL / object owner
  | "bucket-acl"
  | "block-public-access"
  | "access-point-policy"
  | "access-point-delegation"
  | "ownership"; // ACLs disabled by BucketOwnerEnforced

/** @public Where a denied request was stopped. */
export interface BlockedBy {
  readonly layer: BlockedLayer;
  /** For `block-public-access`: the setting that blocked. */
  readonly setting?: BpaSetting;
  /** The action and resource that were refused (the first failing required action). */
  readonly check: AuthzCheck;
}

/** @public One thing that decided: a policy statement, an ACL grant, or a fixed rule of S3. */
export interface Reason {
  readonly layer: string;
  readonly text: string;
  readonly statement?: StatementRef;
}

/** @public One layer's part in deciding one required action. */
export interface LayerTrace {
  readonly check: number;
  readonly action: string;
  readonly layer: string;
  readonly outcome: string;
  readonly statements?: readonly StatementTrace[];
}

/** @public The decision. */
export interface AuthzResult {
  readonly verdict: Verdict;
  readonly reasons: readonly Reason[];
  readonly blockedBy?: BlockedBy;
  readonly trace?: readonly LayerTrace[];
}

/** @public Options of `authorize`. */
export interface AuthorizeOptions {
  /** Record every layer, explaining each candidate policy statement and counting the rest (slower; for `explain`). */
  readonly trace?: boolean;
}
