/**
 * @module authz
 * The S3 authorization engine (spec §1.7) and its helpers: the surface other layers use. The operation
 * catalogue stays in `catalogue.ts`.
 */
export { authorize } from "./authorize.ts";
export type { AuthorizeOptions, AuthzResult, BlockedBy, BlockedLayer, LayerTrace, Reason } from "./result.ts";
export type { Verdict } from "./decision.ts";
export type { AccessPointContext, AuthzCheck, AuthzRequest, CheckLevel, IdentityContext, OrgPolicyLevels, ResourceContext, StoredObject } from "./request.ts";
export { checksFor } from "./checks.ts";
export type { Addressed } from "./checks.ts";
export { BLOCK_ALL, NO_BLOCK, combinePublicAccessBlock } from "./blockPublicAccess.ts";
export type { BpaSetting, PublicAccessBlockFlags } from "./blockPublicAccess.ts";
export { isPolicyPublic, isStatementPublic } from "./publicPolicy.ts";
export type { PublicPolicyKind } from "./publicPolicy.ts";
export { ACCESS_DENIED, accessDeniedMessage } from "./messages.ts";
export type { ResourceOwner } from "./messages.ts";
export { accessPointResource } from "./accessPointSide.ts";
