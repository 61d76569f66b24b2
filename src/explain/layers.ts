/**
 * @module explain/layers
 * Each layer's part in one required action, in evaluation order: identity policies, permissions boundary,
 * session policy, SCPs, RCPs, bucket policy, access point policy, the ACL S3 consults, the object owner and
 * Block Public Access. Policy layers come from the engine's trace (replayed with `trace: true`); organization
 * levels are re-evaluated here for their statements; ACLs, owners and Block Public Access are restated from
 * the request (the engine reports them only through `blockedBy` and `reasons`).
 */
import { granteeMatches, permissionCovers } from "../acl/acl-allows.ts";
import type { Grant } from "../acl/types.ts";
import { isPublicGrant } from "../acl/public.ts";
import { aclGrant, aclPermission } from "../authz/aclGrant.ts";
import type { AuthzRequest, BpaSetting, OrgPolicyLevels } from "../authz/index.ts";
import { evaluatePolicies } from "../policy/index.ts";
import type { StatementTrace } from "../policy/index.ts";
import type { CheckFacts } from "./facts.ts";
import type { LayerExplanation, LayerStatus, NotCandidatesExplanation, StatementExplanation } from "./types.ts";
import { describeCanonical, describeGrant, grantOf, statementName, statementOf, explainedOnly } from "./words.ts";
import type { AccountOf } from "./words.ts";

/** @internal The layers of one evaluated check, in evaluation order. */
export function layersOf(req: AuthzRequest, f: CheckFacts, accountOf: AccountOf | undefined): LayerExplanation[] {
  return [
    identityLayer(req, f),
    boundaryLayer(req, f),
    sessionLayer(req, f),
    orgLayer(req, f, "scp"),
    orgLayer(req, f, "rcp"),
    bucketPolicyLayer(req, f, accountOf),
    accessPointLayer(req, f),
    aclLayer(f, accountOf),
    ownerLayer(f, accountOf),
    bpaLayer(req, f),
  ];
}

/** A policy layer's statements: the candidates evaluated one by one, and how many others were not candidates. */
interface Traced {
  readonly statements: readonly StatementExplanation[];
  readonly notCandidates?: NotCandidatesExplanation;
}

function layer(name: LayerExplanation["layer"], status: LayerStatus, summary: string, t?: Traced): LayerExplanation {
  const out: { -readonly [K in keyof LayerExplanation]: LayerExplanation[K] } = { layer: name, status, summary };
  if (t !== undefined && t.statements.length > 0) out.statements = t.statements;
  if (t?.notCandidates !== undefined) out.notCandidates = t.notCandidates;
  return out;
}

/**
 * @internal Counts the statements the engine's indexes ruled out (the trace's `notCandidate` entries, one per
 * policy and index) and says so in words; undefined when there are none.
 */
export function notCandidatesOf(trace: readonly StatementTrace[], action: string, explained: number): NotCandidatesExplanation | undefined {
  let byAction = 0;
  let byPrincipal = 0;
  for (const s of trace) {
    if (!("notCandidate" in s) || s.notCandidate === undefined) continue;
    if (s.notCandidate === "action") byAction += s.count;
    else byPrincipal += s.count;
  }
  const total = byAction + byPrincipal;
  if (total === 0) return undefined;
  const why =
    byPrincipal === 0
      ? byAction === 1
        ? "its Action does not cover it"
        : "their Action does not cover it"
      : byAction === 0
        ? byPrincipal === 1
          ? "its Principal names other identities"
          : "their Principal names other identities"
        : `${byAction} by their Action, ${byPrincipal} by their Principal, which names other identities`;
  const text = `${total} ${explained > 0 ? "other " : ""}statement${total === 1 ? " does" : "s do"} not apply to ${action} (${why})`;
  return { byAction, byPrincipal, text };
}

const POLICY_STATUS: Readonly<Record<string, LayerStatus>> = { Allow: "allow", Deny: "deny", NoMatch: "no-allow" };

function traced(f: CheckFacts, name: string): (Traced & { outcome: string; statements: StatementExplanation[] }) | undefined {
  const t = f.trace.find((e) => e.layer === name);
  if (t === undefined) return undefined;
  const statements = explainedOnly(t.statements).map(statementOf);
  const notCandidates = notCandidatesOf(t.statements ?? [], f.check.action, statements.length);
  return notCandidates === undefined ? { outcome: t.outcome, statements } : { outcome: t.outcome, statements, notCandidates };
}

function deciders(statements: readonly StatementExplanation[], effect: "Allow" | "Deny"): string {
  const names = statements.filter((s) => s.matched && s.effect === effect).map((s) => `${s.policyId} ${statementName(s)}`);
  return names.length === 0 ? "" : names.join(", ");
}

function identityLayer(req: AuthzRequest, f: CheckFacts): LayerExplanation {
  const p = req.principal;
  if (p.kind === "root") return layer("identity-policy", "not-applicable", "root user: needs no permission from its own account");
  if (p.kind === "anonymous" || p.kind === "service") {
    const who = p.kind === "anonymous" ? "an unsigned request" : "an AWS service principal";
    if (!f.hasResource) return layer("identity-policy", "no-allow", `${who} has no identity side, and ${f.check.action} has no resource whose policy could grant it`);
    return layer("identity-policy", "not-applicable", `${who} has no identity side: only resource grants count`);
  }
  const t = traced(f, "identity-policy");
  const count = req.identity?.policies.length ?? 0;
  if (t === undefined) return layer("identity-policy", "no-allow", "no identity policy was evaluated");
  const status = POLICY_STATUS[t.outcome] ?? "no-allow";
  if (status === "allow") return layer("identity-policy", status, `allowed by ${deciders(t.statements, "Allow")}`, t);
  if (status === "deny") return layer("identity-policy", status, `explicitly denied by ${deciders(t.statements, "Deny")}`, t);
  const none = count === 0 ? "no identity policy is attached to the principal (or its groups/role)" : `none of its ${count} identity ${count === 1 ? "policy allows" : "policies allows"} ${f.check.action}${f.check.resource === undefined ? "" : ` on ${f.check.resource}`}`;
  return layer("identity-policy", status, none, t);
}

function boundaryLayer(req: AuthzRequest, f: CheckFacts): LayerExplanation {
  const t = traced(f, "permissions-boundary");
  if (t === undefined) return layer("permissions-boundary", "not-applicable", req.identity?.permissionsBoundary === undefined ? "no permissions boundary" : "not evaluated for this principal");
  const status = POLICY_STATUS[t.outcome] ?? "no-allow";
  const id = req.identity?.permissionsBoundary?.id ?? "the boundary";
  const summary = status === "allow" ? `boundary ${id} allows the action` : status === "deny" ? `boundary ${id} explicitly denies (${deciders(t.statements, "Deny")})` : `boundary ${id} does not allow ${f.check.action}: a boundary limits, it never grants`;
  return layer("permissions-boundary", status, summary, t);
}

function sessionLayer(req: AuthzRequest, f: CheckFacts): LayerExplanation {
  const t = traced(f, "session-policy");
  const kind = req.principal.kind;
  if (t === undefined) {
    if (kind === "federated-user") return layer("session-policy", "no-allow", "a federated user's session without a session policy allows nothing");
    if (kind === "assumed-role") return layer("session-policy", "not-applicable", "no session policy was passed: the session has the role's permissions");
    return layer("session-policy", "not-applicable", "no session policy");
  }
  const status = POLICY_STATUS[t.outcome] ?? "no-allow";
  const summary = status === "allow" ? "the session policy allows the action" : status === "deny" ? `the session policy explicitly denies (${deciders(t.statements, "Deny")})` : `the session policy does not allow ${f.check.action}`;
  return layer("session-policy", status, summary, t);
}

function orgLayer(req: AuthzRequest, f: CheckFacts, kind: "scp" | "rcp"): LayerExplanation {
  const p = req.principal;
  const name = kind === "scp" ? "SCPs" : "RCPs";
  let levels: OrgPolicyLevels | undefined;
  let resource = f.check.resource;
  if (kind === "scp") {
    if (p.kind === "anonymous" || p.kind === "service") return layer(kind, "not-applicable", `${name} bind only principals of an account`);
    levels = req.scps;
    if (levels === undefined) return layer(kind, "not-applicable", "the requester's account is not governed by SCPs");
  } else {
    if (p.kind === "service") return layer(kind, "not-applicable", "RCPs do not restrict AWS service principals");
    if (!f.hasResource) return layer(kind, "not-applicable", "the action has no resource");
    levels = f.side?.rcps ?? f.accessPoint?.rcps;
    if (f.side?.rcps === undefined && f.accessPoint?.rcps !== undefined) resource = f.check.level === "object" ? `${f.accessPoint.arn}/object/${f.side?.key ?? ""}` : f.accessPoint.arn;
    if (levels === undefined) return layer(kind, "not-applicable", "the resource owner's account is not governed by RCPs");
  }
  const statements: StatementExplanation[] = [];
  const raw: StatementTrace[] = [];
  let denied = false;
  const missing: number[] = [];
  levels.forEach((level, n) => {
    const r = evaluatePolicies(level, { principal: p, action: f.check.action, resource, context: req.context }, { trace: true });
    raw.push(...(r.trace ?? []));
    statements.push(...explainedOnly(r.trace).map(statementOf));
    if (r.effect === "Deny") denied = true;
    else if (r.effect !== "Allow") missing.push(n);
  });
  const notCandidates = notCandidatesOf(raw, f.check.action, statements.length);
  const org: Traced = notCandidates === undefined ? { statements } : { statements, notCandidates };
  if (denied) return layer(kind, "deny", `explicitly denied by ${deciders(statements, "Deny")}`, org);
  if (missing.length > 0) return layer(kind, "no-allow", `level ${missing.join(", ")} of the organization (root = 0) has no ${kind === "scp" ? "SCP" : "RCP"} allowing ${f.check.action}: every level must allow`, org);
  return layer(kind, "allow", `every level of the organization allows ${f.check.action}`, org);
}

function bucketPolicyLayer(req: AuthzRequest, f: CheckFacts, accountOf: AccountOf | undefined): LayerExplanation {
  if (!f.hasResource || f.side === undefined) return layer("bucket-policy", "not-applicable", `${f.check.action} has no bucket or object resource`);
  const t = traced(f, "bucket-policy");
  if (t === undefined || t.outcome === "absent") return layer("bucket-policy", "not-applicable", `bucket ${f.side.bucket} has no bucket policy`);
  const status = POLICY_STATUS[t.outcome] ?? "no-allow";
  if (status === "deny") {
    const rootKeeps = f.sameAccount && req.principal.kind === "root" && req.ownerRootAlwaysAllowed === true;
    if (rootKeeps) return layer("bucket-policy", "info", `denies (${deciders(t.statements, "Deny")}), but the bucket owner's root user may always call this API (spec §12.9)`, t);
    return layer("bucket-policy", "deny", `explicitly denied by ${deciders(t.statements, "Deny")}; a bucket policy Deny covers every object, whoever owns it`, t);
  }
  if (status === "allow") {
    const by = deciders(t.statements, "Allow");
    if (f.bucketRpbCut) return layer("bucket-policy", "no-allow", `${by} allows, but the policy is public and RestrictPublicBuckets limits its grants to principals of account ${f.side.ownerAccountId} and AWS services`, t);
    if (f.ownedByOther && f.ownerCanonicalId !== undefined) {
      const owner = describeCanonical(f.ownerCanonicalId, accountOf);
      if (f.sameAccount) return layer("bucket-policy", "info", `${by} allows, but the object is owned by ${owner}: the bucket owner can pass on only what the object ACL grants it`, t);
      return layer("bucket-policy", "no-allow", `${by} allows, but its Allow does not apply: the object is owned by ${owner}, not by the bucket owner (a bucket policy can only deny on such objects)`, t);
    }
    return layer("bucket-policy", "allow", `allowed by ${by}`, t);
  }
  return layer("bucket-policy", "no-allow", `no statement of the bucket policy allows ${describeRequesterShort(req)} ${f.check.action} on ${f.check.resource ?? "?"}`, t);
}

function describeRequesterShort(req: AuthzRequest): string {
  return req.principal.arn ?? (req.principal.kind === "anonymous" ? "anonymous requesters" : (req.principal.service ?? "the requester"));
}

function accessPointLayer(req: AuthzRequest, f: CheckFacts): LayerExplanation {
  const ap = f.accessPoint;
  if (ap === undefined) return layer("access-point-policy", "not-applicable", "not through an access point");
  const t = traced(f, "access-point-policy");
  if (t === undefined || t.outcome === "absent") return layer("access-point-policy", "no-allow", `access point ${ap.arn} has no policy`);
  const status = POLICY_STATUS[t.outcome] ?? "no-allow";
  if (status !== "deny" && req.principal.kind === "anonymous") return layer("access-point-policy", "no-allow", "anonymous requests cannot use access points", t);
  if (status === "deny") return layer("access-point-policy", "deny", `explicitly denied by ${deciders(t.statements, "Deny")}`, t);
  if (status === "allow" && f.accessPointRpbCut) return layer("access-point-policy", "no-allow", `${deciders(t.statements, "Allow")} allows, but the policy is public and RestrictPublicBuckets limits it to account ${ap.accountId}`, t);
  if (status === "allow") return layer("access-point-policy", "allow", `allowed by ${deciders(t.statements, "Allow")}`, t);
  return layer("access-point-policy", "no-allow", `no statement of the access point policy allows ${f.check.action}`, t);
}

function aclLayer(f: CheckFacts, accountOf: AccountOf | undefined): LayerExplanation {
  const name = f.aclKind === "object" ? "object-acl" : "bucket-acl";
  const side = f.side;
  if (!f.hasResource || side === undefined) return layer(name, "not-applicable", `${f.check.action} has no bucket or object resource`);
  const permission = aclPermission(f.check.action, f.aclKind);
  if (!f.aclsEnabled) {
    return layer(name, "not-applicable", "ACLs are disabled by BucketOwnerEnforced: stored grants are ignored");
  }
  if (f.sameAccount && !f.ownedByOther) return layer(name, "not-applicable", `not consulted: account ${side.ownerAccountId} owns the bucket${f.stored !== undefined ? " and the object" : ""}, so its own policies decide`);
  if (f.ownerPower) return layer(name, "not-applicable", "not needed: the bucket owner may do this to any object in its bucket (spec §1.5)");
  if (permission === undefined) return layer(name, "not-applicable", `an ${f.aclKind} ACL cannot grant ${f.check.action}`);
  const acl = f.aclKind === "object" && f.stored !== undefined ? f.stored.acl : side.bucketAcl;
  const who = f.requester.anonymous ? "anonymous requesters" : f.requester.canonicalUserId !== undefined ? describeCanonical(f.requester.canonicalUserId, accountOf) : "the requester";
  if (f.aclKind === "bucket" && f.stored !== undefined && f.requester.canonicalUserId !== f.ownerCanonicalId) {
    return layer(name, "no-allow", `bucket ACL WRITE lets other accounts create new keys only, not overwrite an existing object they do not own`);
  }
  const ignorePublic = f.pab?.IgnorePublicAcls === true;
  const outcome = aclGrant(acl, f.requester, permission, ignorePublic);
  const grants = acl.grants.map((g, i) => grantOf(g, i, accountOf));
  if (outcome === "yes") {
    const i = acl.grants.findIndex((g) => granteeMatches(g.grantee, f.requester) && permissionCovers(g.permission, permission) && !(ignorePublic && isPublicGrant(g)));
    const grant = grants[i];
    return layer(name, "allow", `the ${f.aclKind} ACL grants ${who} ${permission}${grant === undefined ? "" : ` (grant ${describeGrant(grant)})`}`);
  }
  if (outcome === "public-only") {
    const publicGrants = grants.filter((_, i) => isPublicGrant(acl.grants[i] as Grant)).map(describeGrant).join(", ");
    return layer(name, "no-allow", `only public grants (${publicGrants}) give ${permission}, and IgnorePublicAcls ignores them`);
  }
  const weaker = acl.grants.some((g) => granteeMatches(g.grantee, f.requester));
  return layer(name, "no-allow", `the ${f.aclKind} ACL does not grant ${who} ${permission}${weaker ? " (it names it, with a weaker permission)" : ""}; its grants: ${grants.length === 0 ? "none" : grants.map(describeGrant).join(", ")}`);
}

function ownerLayer(f: CheckFacts, accountOf: AccountOf | undefined): LayerExplanation {
  const side = f.side;
  if (!f.hasResource || side === undefined || f.check.level !== "object") return layer("object-owner", "not-applicable", "a bucket-level action: objects' owners do not matter");
  const stored = f.stored;
  if (stored === undefined) return layer("object-owner", "not-applicable", `no existing object version at ${side.key ?? "?"}: bucket-level grants decide`);
  const bucketOwner = `account ${side.ownerAccountId}`;
  if (f.check.action.toLowerCase() === "s3:putobject") return layer("object-owner", "not-applicable", "overwriting needs only bucket-level permission: the existing object's owner does not matter");
  if (!f.aclsEnabled) {
    const was = stored.ownerCanonicalId === side.ownerCanonicalId ? "" : ` (written by ${describeCanonical(stored.ownerCanonicalId, accountOf)})`;
    return layer("object-owner", "info", `owned by the bucket owner ${bucketOwner}${was}: BucketOwnerEnforced makes it own every object`);
  }
  const owner = describeCanonical(stored.ownerCanonicalId, accountOf);
  if (!f.ownedByOther) return layer("object-owner", "info", `owned by the bucket owner ${bucketOwner}`);
  if (f.requesterOwnsObject) return layer("object-owner", "allow", `owned by the requester's own ${owner}: its user context grants, the bucket owner ${bucketOwner} can only deny`);
  if (f.ownerPower) return layer("object-owner", "allow", `owned by ${owner}, not by the bucket owner; the bucket owner may still ${f.check.action} any object in its bucket (spec §1.5)`);
  return layer("object-owner", "info", `owned by ${owner}, not by the bucket owner ${bucketOwner}: only the object owner can grant, through the object ACL`);
}

function bpaLayer(req: AuthzRequest, f: CheckFacts): LayerExplanation {
  const pab = f.pab;
  if (!f.hasResource || pab === undefined) return layer("block-public-access", "not-applicable", `${f.check.action} has no bucket or object resource`);
  const on = (Object.keys(pab) as BpaSetting[]).filter((k) => pab[k]);
  if (on.length === 0) return layer("block-public-access", "not-applicable", "no setting is on");
  if (f.check.on === "target" && req.storesPublicAcl === true && pab.BlockPublicAcls) return layer("block-public-access", "deny", "BlockPublicAcls rejects a request that stores a public ACL");
  if (f.check.on === "target" && req.storesPublicPolicy === true && pab.BlockPublicPolicy) return layer("block-public-access", "deny", "BlockPublicPolicy rejects storing a public policy");
  if (f.bucketRpbCut || f.accessPointRpbCut) return layer("block-public-access", "deny", `RestrictPublicBuckets: the ${f.bucketRpbCut ? "bucket" : "access point"} policy is public, so its grants count only for the owner's principals and AWS services`);
  if (f.aclsEnabled && f.side !== undefined && pab.IgnorePublicAcls) {
    const permission = aclPermission(f.check.action, f.aclKind);
    const acl = f.aclKind === "object" && f.stored !== undefined ? f.stored.acl : f.side.bucketAcl;
    if (permission !== undefined && aclGrant(acl, f.requester, permission, true) === "public-only") return layer("block-public-access", "deny", "IgnorePublicAcls: the only ACL grant that would allow is to a public group");
  }
  return layer("block-public-access", "info", `${on.length === 4 ? "all four settings" : on.join(", ")} on; nothing public involved`);
}
