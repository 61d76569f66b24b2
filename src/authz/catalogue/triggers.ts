/**
 * @module authz/catalogue/triggers
 * Which request features that add actions (spec §9.2 "Extra" column) a request's headers show.
 */

import type { ExtraActionTrigger } from "./types.ts";

const GRANT_HEADERS = ["x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control"] as const;

/** @public Reads the request features that call for extra actions from its headers (names case-insensitive). */
export function extraTriggers(headers: { get(name: string): string | undefined }): Set<ExtraActionTrigger> {
  const out = new Set<ExtraActionTrigger>();
  if (headers.get("x-amz-tagging") !== undefined) out.add("tagging-header");
  const acl = headers.get("x-amz-acl");
  if ((acl !== undefined && acl.trim() !== "private") || GRANT_HEADERS.some((h) => headers.get(h) !== undefined)) out.add("non-private-acl");
  if (headers.get("x-amz-object-ownership") !== undefined) out.add("object-ownership-header");
  if (headers.get("x-amz-bucket-object-lock-enabled")?.trim().toLowerCase() === "true") out.add("object-lock-enabled-header");
  if (headers.get("x-amz-object-lock-mode") !== undefined || headers.get("x-amz-object-lock-retain-until-date") !== undefined) out.add("object-lock-retention-headers");
  if (headers.get("x-amz-object-lock-legal-hold") !== undefined) out.add("object-lock-legal-hold-header");
  if (headers.get("x-amz-bypass-governance-retention")?.trim().toLowerCase() === "true") out.add("bypass-governance-header");
  return out;
}
