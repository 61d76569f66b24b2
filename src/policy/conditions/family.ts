/**
 * @module policy/conditions/family
 * The shape shared by every condition operator family: turn one policy value into a test of one request value.
 */
import type { ResolvedValue } from "../variables.ts";

/** @public A test of one request value against one (already resolved) policy value. */
export type ValueTest = (requestValue: string) => boolean;

/**
 * @public Builds the test for one policy value; `test` names the comparison within the family (`eq`, `like`, `lt`…).
 * Returns undefined when the policy value cannot be read by this family (it then matches no request value).
 */
export type FamilyCompiler = (test: string, policyValue: ResolvedValue) => ValueTest | undefined;
