/**
 * @module authz/aclGrant
 * Whether an ACL grants the requester the permission an action maps to (spec §4.3), telling apart a grant
 * that only a public grantee (AllUsers / AuthenticatedUsers) gave, which IgnorePublicAcls removes (§6.1).
 */
import { granteeMatches, permissionCovers } from "../acl/acl-allows.ts";
import type { AclRequester } from "../acl/acl-allows.ts";
import { aclPermissionFor } from "../acl/permission-map.ts";
import { isPublicGrant } from "../acl/public.ts";
import type { AccessControlList, AclResource, Permission } from "../acl/types.ts";

/** @internal `yes`, `public-only` (every matching grant is public), or `no`. */
export type AclOutcome = "yes" | "public-only" | "no";

const PERMISSION_CACHE: Record<AclResource, Map<string, Permission | null>> = { bucket: new Map(), object: new Map() };

/** @internal {@link aclPermissionFor}, memoized per action spelling. */
export function aclPermission(action: string, resource: AclResource): Permission | undefined {
  const cache = PERMISSION_CACHE[resource];
  let hit = cache.get(action);
  if (hit === undefined) {
    hit = aclPermissionFor(action, resource) ?? null;
    cache.set(action, hit);
  }
  return hit ?? undefined;
}

/** @internal Checks an ACL; `ignorePublic` applies IgnorePublicAcls. */
export function aclGrant(acl: AccessControlList, requester: AclRequester, needed: Permission, ignorePublic: boolean): AclOutcome {
  let publicOnly = false;
  for (const grant of acl.grants) {
    if (!granteeMatches(grant.grantee, requester) || !permissionCovers(grant.permission, needed)) continue;
    if (ignorePublic && isPublicGrant(grant)) publicOnly = true;
    else return "yes";
  }
  return publicOnly ? "public-only" : "no";
}
