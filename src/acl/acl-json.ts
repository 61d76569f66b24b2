/**
 * @module acl/acl-json
 * The storage form of an ACL: compact, stable JSON (same ACL → same text), with a format version.
 *
 * `{"v":1,"owner":"<id>","grants":[["id","<id>","READ"],["uri","<group uri>","WRITE"]]}`; a grant to an
 * account may carry a fourth element, its DisplayName, and the owner an `"ownerName"`. Grant order is kept.
 */

import { type AccessControlList, type Grant, groupGrant, isGroupUri, isPermission, userGrant } from "./types.ts";

/** @public The storage format version written by {@link aclToJson}. */
export const ACL_JSON_VERSION = 1;

type StoredGrant = [kind: "id" | "uri", value: string, permission: string, displayName?: string];

/** @public Serialises an ACL for storage. */
export function aclToJson(acl: AccessControlList): string {
  const grants: StoredGrant[] = acl.grants.map((g) => {
    if (g.grantee.type === "Group") return ["uri", g.grantee.uri, g.permission];
    const stored: StoredGrant = ["id", g.grantee.id, g.permission];
    if (g.grantee.displayName !== undefined) stored.push(g.grantee.displayName);
    return stored;
  });
  const doc: Record<string, unknown> = { v: ACL_JSON_VERSION, owner: acl.owner.id };
  if (acl.owner.displayName !== undefined) doc["ownerName"] = acl.owner.displayName;
  doc["grants"] = grants;
  return JSON.stringify(doc);
}

/**
 * @public Reads an ACL written by {@link aclToJson}. Stored data that does not parse is a server fault, so
 * this throws an `Error` (the protocol layer reports `InternalError`) rather than returning an S3 error.
 */
export function aclFromJson(text: string): AccessControlList {
  const doc: unknown = JSON.parse(text);
  if (!isRecord(doc) || doc["v"] !== ACL_JSON_VERSION) throw new Error("stored ACL: unknown format version");
  const owner = doc["owner"];
  const ownerName = doc["ownerName"];
  const grants = doc["grants"];
  if (typeof owner !== "string" || !Array.isArray(grants)) throw new Error("stored ACL: missing owner or grants");
  return {
    owner: typeof ownerName === "string" ? { id: owner, displayName: ownerName } : { id: owner },
    grants: grants.map(readGrant),
  };
}

/** @internal One stored grant tuple. */
function readGrant(item: unknown): Grant {
  if (!Array.isArray(item)) throw new Error("stored ACL: grant is not a tuple");
  const [kind, value, permission, displayName] = item as unknown[];
  if (typeof value !== "string" || typeof permission !== "string" || !isPermission(permission)) {
    throw new Error("stored ACL: bad grant");
  }
  if (kind === "uri" && isGroupUri(value)) return groupGrant(value, permission);
  if (kind !== "id") throw new Error("stored ACL: bad grantee");
  if (typeof displayName === "string") return { grantee: { type: "CanonicalUser", id: value, displayName }, permission };
  return userGrant(value, permission);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
