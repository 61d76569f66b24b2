/**
 * @module explain/explain
 * `explain(decision)`: replays a recorded decision through the pure engine with a trace (deterministic: the
 * request holds compiled policies and every resource fact) and turns it into an {@link Explanation}.
 */
import { aclsEnabled } from "../acl/ownership.ts";
import { ANONYMOUS_CANONICAL_ID } from "../acl/types.ts";
import { authorize, combinePublicAccessBlock } from "../authz/index.ts";
import type { AccessPointContext, AuthzCheck, AuthzRequest, AuthzResult, BlockedLayer, LayerTrace, Reason, ResourceContext } from "../authz/index.ts";
import { isPolicyPublicCached } from "../authz/publicPolicy.ts";
import type { Principal } from "../kernel/principal.ts";
import type { ExplainedStatementTrace, StatementRef } from "../policy/index.ts";
import { checkFacts } from "./facts.ts";
import type { CheckFacts } from "./facts.ts";
import { layersOf } from "./layers.ts";
import { remediesFor } from "./remedies.ts";
import type {
  AccessPointExplanation,
  AuthenticationExplanation,
  CheckExplanation,
  DecidingExplanation,
  DecisionInput,
  ExplainOptions,
  Explanation,
  LayerExplanation,
  LayerName,
  ObjectExplanation,
  PrincipalExplanation,
  ResourceExplanation,
  StatementExplanation,
} from "./types.ts";
import { describeCanonical, describePrincipal, grantOf, statementName, statementOf, explainedOnly } from "./words.ts";
import type { AccountOf } from "./words.ts";

/**
 * @public The condition keys an explanation reads besides those the engine reads (how the request was
 * authenticated). A decision kept for later must have them resolved (see server/decisionSnapshot).
 */
export const CONTEXT_KEYS_EXPLAINED: readonly string[] = ["s3:authType", "s3:signatureversion", "aws:SourceIp", "aws:SecureTransport"];

/** @public Explains one decision. Pure: the same input gives the same explanation. */
export function explain(input: DecisionInput, options: ExplainOptions = {}): Explanation {
  const req = input.request;
  const replay = authorize(req, { trace: true });
  const trace = replay.trace ?? [];
  const consistent = replay.verdict === input.result.verdict && replay.blockedBy?.layer === input.result.blockedBy?.layer;
  const failing = replay.blockedBy === undefined ? -1 : indexOfCheck(req, replay);
  const checks: CheckExplanation[] = [];
  let failingFacts: CheckFacts | undefined;
  let failingLayers: LayerExplanation[] = [];
  for (let i = 0; i < req.checks.length; i++) {
    const check = req.checks[i];
    if (check === undefined) continue;
    if (failing >= 0 && i > failing) {
      checks.push(checkOf(i, check, "not-evaluated", []));
      continue;
    }
    const facts = checkFacts(req, i, trace);
    let layers = layersOf(req, facts, options.accountOf);
    if (i === failing && replay.blockedBy !== undefined) {
      layers = markDecisive(layers, replay.blockedBy.layer, facts);
      failingFacts = facts;
      failingLayers = layers;
    }
    checks.push(checkOf(i, check, i === failing ? "denied" : "allowed", layers));
  }
  const remedies =
    failingFacts === undefined ? [] : remediesFor({ req, result: replay, facts: failingFacts, layers: failingLayers, accountOf: options.accountOf, missingKey: options.missingKey === true });
  const allowed = input.answeredWith === undefined && input.result.verdict === "Allow";
  const blocked = replay.blockedBy;
  // Built by assignment, not by conditional spreads: this runs for every decision the log keeps.
  const out = {} as Writable<Explanation>;
  if (input.requestId !== undefined) out.requestId = input.requestId;
  if (input.time !== undefined) out.time = input.time.toISOString();
  out.simulated = options.simulated === true;
  out.operation = req.operation;
  out.verdict = input.result.verdict;
  const answer: Writable<Explanation["answer"]> = { allowed };
  if (options.status !== undefined) answer.status = options.status;
  if (input.answeredWith !== undefined) answer.code = input.answeredWith;
  if (input.message !== undefined) answer.message = input.message;
  out.answer = answer;
  out.summary = summaryOf(req, replay, input, failingFacts, options);
  out.principal = principalOf(req.principal);
  out.authentication = authenticationOf(req, options.accessKeyId);
  out.required = req.checks.map((c) => (c.resource !== undefined ? { action: c.action, resource: c.resource, on: c.on } : { action: c.action, on: c.on }));
  if (req.target !== undefined) out.target = resourceOf(req.target, req.accessPoint, options.accountOf);
  if (req.source !== undefined) out.source = resourceOf(req.source, undefined, options.accountOf);
  if (req.accessPoint !== undefined) out.accessPoint = accessPointOf(req.accessPoint);
  out.checks = checks;
  if (blocked !== undefined) {
    const b: Writable<NonNullable<Explanation["blockedBy"]>> = { layer: blocked.layer, action: blocked.check.action };
    if (blocked.setting !== undefined) b.setting = blocked.setting;
    if (blocked.check.resource !== undefined) b.resource = blocked.check.resource;
    out.blockedBy = b;
  }
  out.deciding = decidingOf(replay.reasons, trace);
  out.remedies = remedies;
  if (options.missingKey === true) out.missingKey = true;
  out.replayConsistent = consistent;
  return out;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function principalOf(p: Principal): PrincipalExplanation {
  const out = { kind: p.kind } as Writable<PrincipalExplanation>;
  if (p.arn !== undefined) out.arn = p.arn;
  if (p.accountId !== undefined) out.accountId = p.accountId;
  if (p.principalArn !== undefined && p.principalArn !== p.arn) out.principalArn = p.principalArn;
  if (p.userId !== undefined) out.userId = p.userId;
  if (p.service !== undefined) out.service = p.service;
  out.description = describePrincipal(p);
  return out;
}

function checkOf(index: number, check: AuthzCheck, outcome: CheckExplanation["outcome"], layers: readonly LayerExplanation[]): CheckExplanation {
  const out = { index, action: check.action } as Writable<CheckExplanation>;
  if (check.resource !== undefined) out.resource = check.resource;
  out.on = check.on;
  out.level = check.level;
  out.outcome = outcome;
  out.layers = layers;
  return out;
}

function indexOfCheck(req: AuthzRequest, result: AuthzResult): number {
  const b = result.blockedBy;
  if (b === undefined) return -1;
  const same = req.checks.indexOf(b.check);
  if (same >= 0) return same;
  return req.checks.findIndex((c) => c.action === b.check.action && c.resource === b.check.resource && c.on === b.check.on);
}

/** The explanation layers a blocked layer stands for. */
function decisiveLayers(blocked: BlockedLayer, f: CheckFacts): readonly LayerName[] {
  switch (blocked) {
    case "bucket-policy-deny":
    case "bucket-policy-no-grant":
    case "access-point-delegation":
      return ["bucket-policy"];
    case "object-acl":
      return f.ownedByOther ? ["object-acl", "object-owner"] : ["object-acl"];
    case "ownership":
      return [f.aclKind === "object" ? "object-acl" : "bucket-acl"];
    case "access-point-policy":
      return ["access-point-policy"];
    default:
      return [blocked];
  }
}

function markDecisive(layers: LayerExplanation[], blocked: BlockedLayer, f: CheckFacts): LayerExplanation[] {
  const names = decisiveLayers(blocked, f);
  return layers.map((l) => {
    if (!names.includes(l.layer)) return l;
    // A layer that did not take part becomes "no-allow" when the engine blames it (e.g. ACLs disabled).
    const status = l.status === "not-applicable" ? "no-allow" : l.status;
    return { ...l, status, decisive: true };
  });
}

function authenticationOf(req: AuthzRequest, accessKeyId: string | undefined): AuthenticationExplanation {
  const value = (k: string): string | undefined => {
    const v = req.context.get(k);
    return typeof v === "string" ? v : undefined;
  };
  const signed = req.principal.kind !== "anonymous" && req.principal.kind !== "service";
  const [authType, signatureVersion, sourceIp, secureTransport] = CONTEXT_KEYS_EXPLAINED.map(value);
  const temporary = accessKeyId !== undefined ? accessKeyId.startsWith("ASIA") : req.principal.kind === "assumed-role" || req.principal.kind === "federated-user";
  const out = { signed } as Writable<AuthenticationExplanation>;
  if (authType !== undefined) out.authType = authType;
  if (signatureVersion !== undefined) out.signatureVersion = signatureVersion;
  if (accessKeyId !== undefined) out.accessKeyId = accessKeyId;
  out.temporaryCredentials = signed && temporary;
  if (sourceIp !== undefined) out.sourceIp = sourceIp;
  if (secureTransport !== undefined) out.secureTransport = secureTransport;
  return out;
}

function resourceOf(side: ResourceContext, ap: AccessPointContext | undefined, accountOf: AccountOf | undefined): ResourceExplanation {
  const acls = aclsEnabled(side.ownership);
  const stored = side.object;
  const account: AccountOf = (id) => (id === side.ownerCanonicalId ? side.ownerAccountId : id === ANONYMOUS_CANONICAL_ID ? undefined : accountOf?.(id));
  const out = { bucket: side.bucket } as Writable<ResourceExplanation>;
  if (side.key !== undefined) out.key = side.key;
  out.ownerAccountId = side.ownerAccountId;
  out.ownerCanonicalId = side.ownerCanonicalId;
  out.objectOwnership = side.ownership;
  out.aclsEnabled = acls;
  out.publicAccessBlock = ap === undefined ? side.publicAccessBlock : combinePublicAccessBlock(side.publicAccessBlock, ap.publicAccessBlock);
  if (side.bucketPolicy !== undefined) {
    out.bucketPolicy = { id: side.bucketPolicy.id, public: side.bucketPolicyPublic ?? isPolicyPublicCached(side.bucketPolicy.policy, "bucket"), statements: side.bucketPolicy.statements.length };
  }
  out.bucketAcl = side.bucketAcl.grants.map((g, i) => grantOf(g, i, account));
  if (stored !== undefined) {
    const owner = acls ? stored.ownerCanonicalId : side.ownerCanonicalId;
    const storedAccount = account(stored.ownerCanonicalId);
    const ownerAccount = account(owner);
    const o = { ownerCanonicalId: owner } as Writable<ObjectExplanation>;
    if (ownerAccount !== undefined) o.ownerAccountId = ownerAccount;
    o.ownedByBucketOwner = owner === side.ownerCanonicalId;
    if (stored.ownerCanonicalId !== owner) {
      o.storedOwnerCanonicalId = stored.ownerCanonicalId;
      if (storedAccount !== undefined) o.storedOwnerAccountId = storedAccount;
    }
    o.acl = stored.acl.grants.map((g, i) => grantOf(g, i, account));
    out.object = o;
  }
  return out;
}

function accessPointOf(ap: AccessPointContext): AccessPointExplanation {
  return { arn: ap.arn, accountId: ap.accountId, networkOrigin: ap.networkOrigin, hasPolicy: ap.policy !== undefined, publicAccessBlock: ap.publicAccessBlock };
}

function decidingOf(reasons: readonly Reason[], trace: readonly LayerTrace[]): DecidingExplanation[] {
  return reasons.map((r) => {
    const ref = r.statement;
    let t: ExplainedStatementTrace | undefined;
    if (ref !== undefined) for (const layer of trace) t ??= explainedOnly(layer.statements).find((s) => s.policyId === ref.policyId && s.index === ref.index && s.matched);
    const statement: StatementExplanation | undefined = t !== undefined ? statementOf(t) : ref !== undefined ? refOf(ref) : undefined;
    const text = ref !== undefined ? `${ref.policyId} ${statementName(ref)}: ${r.text}` : r.text.startsWith("blocked by ") && r.layer in LAYER_WORDS ? `blocked by ${LAYER_WORDS[r.layer as BlockedLayer]}` : r.text;
    return statement !== undefined ? { layer: r.layer, text, statement } : { layer: r.layer, text };
  });
}

function refOf(ref: StatementRef): StatementExplanation {
  const out = { policyId: ref.policyId, index: ref.index } as Writable<StatementExplanation>;
  if (ref.sid !== undefined) out.sid = ref.sid;
  out.effect = "Allow";
  out.matched = true;
  out.conditions = [];
  return out;
}

const LAYER_WORDS: Readonly<Record<BlockedLayer, string>> = {
  "identity-policy": "the requester's identity policies",
  "permissions-boundary": "the permissions boundary",
  "session-policy": "the session policy",
  scp: "a service control policy (SCP)",
  rcp: "a resource control policy (RCP)",
  "bucket-policy-deny": "an explicit deny in the bucket policy",
  "bucket-policy-no-grant": "the bucket policy, which grants nothing for it",
  "object-acl": "the object ACL / object owner",
  "bucket-acl": "the bucket ACL",
  "block-public-access": "Block Public Access",
  "access-point-policy": "the access point policy",
  "access-point-delegation": "the bucket policy, which does not delegate to access points",
  ownership: "Object Ownership BucketOwnerEnforced (ACLs disabled)",
};

function summaryOf(req: AuthzRequest, result: AuthzResult, input: DecisionInput, f: CheckFacts | undefined, options: ExplainOptions): string {
  const who = describePrincipal(req.principal);
  const b = result.blockedBy;
  if (b === undefined) {
    const extra = input.answeredWith !== undefined ? `, but S3 answered ${input.answeredWith} (${input.message ?? ""})` : "";
    return `Allowed: ${who} may ${req.checks.map((c) => c.action).join(" + ") || req.operation}${req.target !== undefined ? ` on ${req.target.bucket}${req.target.key !== undefined ? `/${req.target.key}` : ""}` : ""}${extra}.`;
  }
  const kind = result.verdict === "ExplicitDeny" ? "explicitly denied" : "denied (no grant)";
  const on = `${b.check.action} on ${b.check.resource ?? "*"}`;
  let why = `blocked by ${LAYER_WORDS[b.layer]}${b.setting !== undefined ? ` (${b.setting})` : ""}`;
  if ((b.layer === "object-acl" || b.layer === "bucket-acl") && f !== undefined && !f.aclsEnabled && f.side !== undefined) {
    why = `nothing grants it: bucket ${f.side.bucket} ${f.side.bucketPolicy === undefined ? "has no bucket policy" : "has a bucket policy that grants nothing for it"}, and ACLs are disabled (Object Ownership BucketOwnerEnforced)`;
  } else if (b.layer === "object-acl" && f?.ownedByOther === true && f.ownerCanonicalId !== undefined && f.side !== undefined) {
    why = `the object is owned by ${describeCanonical(f.ownerCanonicalId, options.accountOf)}, not by the bucket owner account ${f.side.ownerAccountId}, and its ACL grants the requester nothing`;
  }
  const missing = options.missingKey === true ? " The key does not exist; without s3:ListBucket S3 answers 403 instead of 404." : "";
  return `${kind[0]?.toUpperCase() ?? ""}${kind.slice(1)}: ${who} may not ${on}: ${why}.${missing}`;
}
