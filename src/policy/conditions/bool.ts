/**
 * @module policy/conditions/bool
 * `Bool` (spec §3.8): `"true"`/`"false"`, compared without regard to case.
 */
import type { FamilyCompiler } from "./family.ts";

/** @public Compiles a Bool test; a policy value other than true/false matches nothing. */
export const compileBool: FamilyCompiler = (_test, value) => {
  const want = value.text.toLowerCase();
  if (want !== "true" && want !== "false") return undefined;
  return (v) => v.toLowerCase() === want;
};
