/**
 * @module policy/conditions/bool
 * `Bool` (spec §3.8): `"true"`/`"false"`, compared without regard to case.
 */
import { MATCHES_NOTHING, readAll } from "./family.ts";
import type { FamilyCompiler } from "./family.ts";

/** @public Compiles a Bool test; a policy value other than true/false matches nothing. */
export const compileBool: FamilyCompiler = (_test, values) => {
  const wants = readAll(values, (v) => {
    const lower = v.text.toLowerCase();
    return lower === "true" || lower === "false" ? lower : undefined;
  });
  const wantTrue = wants.includes("true");
  const wantFalse = wants.includes("false");
  if (!wantTrue && !wantFalse) return MATCHES_NOTHING;
  return (v) => {
    const lower = v === "true" || v === "false" ? v : v.toLowerCase();
    return lower === "true" ? wantTrue : lower === "false" && wantFalse;
  };
};
