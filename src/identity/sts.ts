/**
 * @module identity/sts
 * STS: AssumeRole (trust policy, and for cross-account or account-trusting policies the caller's
 * identity policies, must allow `sts:AssumeRole`; ExternalId; DurationSeconds 900..role maximum, one
 * hour when chaining; inline session policy; session tags) and GetSessionToken (spec §10,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
 */
import type { Principal } from "../kernel/principal.ts";
import { ContextKeys, compilePolicy, evaluatePolicy, parsePolicy, type ContextValue } from "../policy/index.ts";
import type { IamTag, SessionRecord } from "../storage/identityPort.ts";
import { accessDeniedMessage, decideIdentity, decideRcp, decideScp } from "./identityDecision.ts";
import { IamError, validationError } from "./iamError.ts";
import { newId, newSecret, newSessionToken } from "./iamIds.ts";
import { parseRoleArn } from "./iamNames.ts";
import type { IamScope } from "./iamScope.ts";
import { checkPolicyDocument, isoSeconds } from "./iamScope.ts";
import { assumedRoleArn } from "./principals.ts";
import { mergeTags } from "./iamTags.ts";
import { findPolicy } from "./iamManagedPolicies.ts";

/** @public The caller of an STS operation. */
export interface StsCaller {
  readonly principal: Principal;
  readonly session?: SessionRecord | undefined;
}

/** @public AssumeRole parameters. */
export interface AssumeRoleInput {
  readonly roleArn: string | undefined;
  readonly roleSessionName: string | undefined;
  readonly durationSeconds?: number | undefined;
  readonly externalId?: string | undefined;
  readonly policy?: string | undefined;
  /** Managed session policies: ARNs of policies of the role's account or AWS managed policies. */
  readonly policyArns?: readonly string[];
  readonly tags?: readonly IamTag[];
  readonly sourceIdentity?: string | undefined;
}

/** @public The result of AssumeRole. */
export interface AssumedRole {
  readonly session: SessionRecord;
  readonly assumedRoleId: string;
  readonly arn: string;
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** At most this many managed session policies (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). */
const MAX_POLICY_ARNS = 10;
/** The plaintext of the inline session policy and the managed policy ARNs together may not exceed this. */
const SESSION_POLICY_PLAINTEXT = 2048;

/**
 * @public The size of the session's policies and tags as a percentage of STS's packed limit
 * (`PackedPolicySize`). AWS compresses them into a binary form whose size is not published; this
 * counts their plaintext against {@link SESSION_POLICY_PLAINTEXT}, so the figure grows with what
 * was passed and reaches 100 where the plaintext rule refuses the request.
 */
export function packedPolicySize(session: Pick<SessionRecord, "sessionPolicy" | "sessionPolicyArns" | "tags">): number | undefined {
  if (session.sessionPolicy === undefined && session.sessionPolicyArns === undefined && session.tags.length === 0) return undefined;
  const chars = sessionPolicyPlaintext(session.sessionPolicy, session.sessionPolicyArns ?? []) + session.tags.reduce((n, t) => n + t.key.length + t.value.length, 0);
  return Math.max(1, Math.ceil((100 * chars) / SESSION_POLICY_PLAINTEXT));
}

function sessionPolicyPlaintext(policy: string | undefined, arns: readonly string[]): number {
  return (policy ?? "").length + arns.reduce((n, a) => n + a.length, 0);
}

/**
 * Validates `PolicyArns`: at most 10, each 20..2048 characters, each naming an AWS managed policy or
 * a customer managed policy of the role's account (the policies must exist in the same account as
 * the role). Returns the ARNs.
 */
function checkPolicyArns(scope: IamScope, roleAccount: string, arns: readonly string[]): string[] {
  if (arns.length > MAX_POLICY_ARNS) throw validationError("policyArns", `[${arns.join(", ")}]`, `Member must have length less than or equal to ${MAX_POLICY_ARNS}`);
  for (const arn of arns) {
    if (arn.length < 20) throw validationError("policyArns.member.arn", arn, "Member must have length greater than or equal to 20");
    if (arn.length > 2048) throw validationError("policyArns.member.arn", arn, "Member must have length less than or equal to 2048");
    if (findPolicy({ store: scope.store, accountId: roleAccount }, arn) === undefined) {
      throw new IamError("MalformedPolicyDocument", `Policy ${arn} does not exist or is not attachable.`);
    }
  }
  return [...arns];
}

function checkDuration(v: number | undefined, max: number, chained: boolean): number {
  const d = v ?? 3600;
  if (!Number.isInteger(d) || d < 900) throw validationError("durationSeconds", String(v), "Member must have value greater than or equal to 900");
  if (d > 43200) throw validationError("durationSeconds", String(v), "Member must have value less than or equal to 43200");
  if (chained && d > 3600) {
    throw new IamError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  if (d > max) throw new IamError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  return d;
}

/** @public AssumeRole; `scope.accountId` is unused (the role's account comes from the ARN). */
export function assumeRole(scope: IamScope, caller: StsCaller, p: AssumeRoleInput): AssumedRole {
  const roleArn = p.roleArn ?? "";
  if (roleArn.length < 20) throw validationError("roleArn", roleArn, "Member must have length greater than or equal to 20");
  const sessionName = p.roleSessionName ?? "";
  if (!SESSION_NAME.test(sessionName)) throw validationError("roleSessionName", sessionName, "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  if (p.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(p.externalId)) throw validationError("externalId", p.externalId, "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
  const sessionPolicy = p.policy !== undefined ? checkPolicyDocument(p.policy, "session", "policy") : undefined;
  if (sessionPolicyPlaintext(sessionPolicy, p.policyArns ?? []) > SESSION_POLICY_PLAINTEXT) {
    throw new IamError("PackedPolicyTooLarge", `Packed size of consumed session policies exceeds ${SESSION_POLICY_PLAINTEXT} characters.`);
  }
  const principal = caller.principal;
  const denied = (reason: string): IamError => new IamError("AccessDenied", accessDeniedMessage(principal, "sts:AssumeRole", roleArn, reason));
  if (principal.kind === "root") throw new IamError("AccessDenied", "Roles may not be assumed by root accounts.");
  const parts = parseRoleArn(roleArn);
  const role = parts !== undefined ? scope.store.get("role", parts.account, parts.name) : undefined;
  if (parts === undefined || role === undefined || role.path !== parts.path) throw denied("because no role trust policy allows the sts:AssumeRole action");

  // The trust policy must allow the caller, in every case.
  const context: Record<string, ContextValue> = { "sts:RoleSessionName": sessionName };
  if (p.externalId !== undefined) context["sts:ExternalId"] = p.externalId;
  if (p.sourceIdentity !== undefined) context["sts:SourceIdentity"] = p.sourceIdentity;
  for (const t of p.tags ?? []) context[`aws:RequestTag/${t.key}`] = t.value;
  if ((p.tags ?? []).length > 0) context["aws:TagKeys"] = (p.tags ?? []).map((t) => t.key);
  const trustParsed = parsePolicy(role.trustPolicy, "trust");
  const compiled = trustParsed.policy !== undefined ? compilePolicy(trustParsed.policy, "trust") : undefined;
  if (compiled === undefined) throw denied("because no role trust policy allows the sts:AssumeRole action");
  const trust = evaluatePolicy(compiled, { principal, action: "sts:AssumeRole", resource: roleArn, context: ContextKeys.of(context) });
  if (trust.effect === "Deny") throw denied("with an explicit deny in the role trust policy");
  if (trust.effect !== "Allow") throw denied("because no role trust policy allows the sts:AssumeRole action");
  if ((p.tags ?? []).length > 0) {
    const tagTrust = evaluatePolicy(compiled, { principal, action: "sts:TagSession", resource: roleArn, context: ContextKeys.of(context) });
    if (tagTrust.effect !== "Allow") throw new IamError("AccessDenied", accessDeniedMessage(principal, "sts:TagSession", roleArn, "because no role trust policy allows the sts:TagSession action"));
  }

  // The RCPs of the role's account (STS is a service RCPs govern).
  const rcp = decideRcp(scope.store, parts.account, principal, "sts:AssumeRole", roleArn, context);
  if (!rcp.allowed) throw denied(rcp.reason);

  // The caller's identity policies must also allow it, unless the trust policy names the caller itself in the same account.
  const namedDirectly = trust.deciding.some((s) => s.principalMatch !== undefined && s.principalMatch !== "account");
  if (principal.accountId !== parts.account || !namedDirectly) {
    const identity = decideIdentity(scope.store, principal, caller.session, "sts:AssumeRole", roleArn, context);
    if (!identity.allowed) throw denied(identity.reason);
  } else {
    // Even then the SCPs of the caller's account apply (spec §2.2).
    const scp = decideScp(scope.store, principal, "sts:AssumeRole", roleArn, context);
    if (!scp.allowed) throw denied(scp.reason);
  }

  const policyArns = p.policyArns !== undefined && p.policyArns.length > 0 ? checkPolicyArns(scope, parts.account, p.policyArns) : undefined;
  const chained = principal.kind === "assumed-role";
  const duration = checkDuration(p.durationSeconds, role.maxSessionDuration, chained);
  const transitive = chained && caller.session !== undefined ? caller.session.tags : [];
  const session: SessionRecord = {
    accessKeyId: newId(scope.random, "ASIA"),
    secretAccessKey: newSecret(scope.random),
    sessionToken: newSessionToken(scope.random),
    accountId: parts.account,
    expiration: isoSeconds(new Date(scope.now.getTime() + duration * 1000)),
    subject: { kind: "role", roleName: role.name, rolePath: role.path, roleId: role.id, sessionName },
    tags: mergeTags(transitive, p.tags ?? []),
    ...(sessionPolicy !== undefined ? { sessionPolicy } : {}),
    ...(policyArns !== undefined ? { sessionPolicyArns: policyArns } : {}),
    ...(p.sourceIdentity !== undefined ? { sourceIdentity: p.sourceIdentity } : caller.session?.sourceIdentity !== undefined ? { sourceIdentity: caller.session.sourceIdentity } : {}),
  };
  scope.store.putSession(session);
  return { session, assumedRoleId: `${role.id}:${sessionName}`, arn: assumedRoleArn(parts.account, role.name, sessionName) };
}

/** @public GetSessionToken: 900..129600 seconds (root: at most 3600), default 43200; not from session credentials. */
export function getSessionToken(scope: IamScope, caller: StsCaller, durationSeconds: number | undefined): SessionRecord {
  const p = caller.principal;
  if (caller.session !== undefined || p.kind === "assumed-role") throw new IamError("AccessDenied", "Cannot call GetSessionToken with session credentials");
  const max = p.kind === "root" ? 3600 : 129600;
  const d = Math.min(durationSeconds ?? 43200, max);
  if (!Number.isInteger(d) || d < 900) throw validationError("durationSeconds", String(durationSeconds), "Member must have value greater than or equal to 900");
  if (durationSeconds !== undefined && durationSeconds > 129600) throw validationError("durationSeconds", String(durationSeconds), "Member must have value less than or equal to 129600");
  const accountId = p.accountId ?? scope.accountId;
  const session: SessionRecord = {
    accessKeyId: newId(scope.random, "ASIA"),
    secretAccessKey: newSecret(scope.random),
    sessionToken: newSessionToken(scope.random),
    accountId,
    expiration: isoSeconds(new Date(scope.now.getTime() + d * 1000)),
    subject: p.kind === "user" && p.username !== undefined ? { kind: "user", userName: p.username } : { kind: "root" },
    tags: [],
  };
  scope.store.putSession(session);
  return session;
}
