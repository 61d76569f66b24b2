/**
 * @module policy
 * The IAM policy language: parse → validate → compile → evaluate, plus S3 bucket-policy validation.
 * This is the surface other layers use; see README.md.
 */
export type { ConditionClause, ConditionKeyEntry, ConditionValue, Diagnostic, Effect, Located, Location, ParseResult, Policy, PolicyKind, PolicyVersion, PrincipalBlock, PrincipalEntry, PrincipalType, Statement, StringList } from "./types.ts";
export { parsePolicy, readPolicyDocument } from "./parse.ts";
export { validatePolicy } from "./validate.ts";
export { printPolicy } from "./print.ts";
export { compilePolicy } from "./compile.ts";
export type { CompiledPolicy } from "./compile.ts";
export { evaluatePolicy, evaluatePolicies } from "./evaluate.ts";
export type { ConditionTrace, EvaluateOptions, ExplainedStatementTrace, NotCandidateTrace, PolicyRequest, PolicyResult, StatementElement, StatementRef, StatementTrace } from "./evaluate.ts";
export { ContextKeys, MULTIVALUED_KEYS } from "./context.ts";
export type { ContextValue } from "./context.ts";
export { compilePrincipal, matchPrincipal, principalMatchKind, notPrincipalExempts, MATCH_STRENGTH } from "./principalMatch.ts";
export type { CompiledPrincipal, PrincipalMatchKind } from "./principalMatch.ts";
export { principalKey } from "./principalKeys.ts";
export { classifyAwsPrincipal } from "./principalForms.ts";
export { PolicyCache, hashPolicyText } from "./cache.ts";
export type { CachedPolicy } from "./cache.ts";
export { validateBucketPolicy, MALFORMED, MAX_POLICY_BYTES } from "./bucketPolicy.ts";
export type { BucketPolicyContext, BucketPolicyValidation } from "./bucketPolicy.ts";
export { S3_ACTIONS, RT, s3ActionResourceTypes } from "./s3Actions.ts";
export { Glob } from "./wildcard.ts";
