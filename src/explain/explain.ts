/**
 * @module explain/explain
 * `explain(decision)`: replays a recorded decision through the pure engine with a trace (deterministic: the
 * request holds compiled policies and every resource fact) and turns it into an {@link Explanation}.
 */
import { aclsEnabled } from "../acl/ownership.ts";
import { ANONYMOUS_CANONICAL_ID } from "../acl/types.ts";
import { authorize, combinePublicAccessBlock, isPolicyPublic } from "../authz/index.ts";
import type { AccessPointContext, AuthzRequest, AuthzResult, BlockedLayer, Reason, ResourceContext } from "../authz/index.ts";
import type { StatementTrace } from "../policy/index.ts";
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
  ResourceExplanation,
} from "./types.ts";
import { describeCanonical, describePrincipal, grantOf, statementName, statementOf } from "./words.ts";
import type { AccountOf } from "./words.ts";

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
    const base = { index: i, action: check.action, ...(check.resource !== undefined ? { resource: check.resource } : {}), on: check.on, level: check.level };
    if (failing >= 0 && i > failing) {
      checks.push({ ...base, outcome: "not-evaluated", layers: [] });
      continue;
    }
    const facts = checkFacts(req, i, trace);
    let layers = layersOf(req, facts, options.accountOf);
    if (i === failing && replay.blockedBy !== undefined) {
      layers = markDecisive(layers, replay.blockedBy.layer, facts);
      failingFacts = facts;
      failingLayers = layers;
    }
    checks.push({ ...base, outcome: i === failing ? "denied" : "allowed", layers });
  }
  const remedies =
    failingFacts === undefined ? [] : remediesFor({ req, result: replay, facts: failingFacts, layers: failingLayers, accountOf: options.accountOf, missingKey: options.missingKey === true });
  const allowed = input.answeredWith === undefined && input.result.verdict === "Allow";
  const blocked = replay.blockedBy;
  return {
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
    ...(input.time !== undefined ? { time: input.time.toISOString() } : {}),
    simulated: options.simulated === true,
    operation: req.operation,
    verdict: input.result.verdict,
    answer: {
      allowed,
      ...(options.status !== undefined ? { status: options.status } : {}),
      ...(input.answeredWith !== undefined ? { code: input.answeredWith } : {}),
      ...(input.message !== undefined ? { message: input.message } : {}),
    },
    summary: summaryOf(req, replay, input, failingFacts, options),
    principal: {
      kind: req.principal.kind,
      ...(req.principal.arn !== undefined ? { arn: req.principal.arn } : {}),
      ...(req.principal.accountId !== undefined ? { accountId: req.principal.accountId } : {}),
      ...(req.principal.principalArn !== undefined && req.principal.principalArn !== req.principal.arn ? { principalArn: req.principal.principalArn } : {}),
      ...(req.principal.userId !== undefined ? { userId: req.principal.userId } : {}),
      ...(req.principal.service !== undefined ? { service: req.principal.service } : {}),
      description: describePrincipal(req.principal),
    },
    authentication: authenticationOf(req, options.accessKeyId),
    required: req.checks.map((c) => ({ action: c.action, ...(c.resource !== undefined ? { resource: c.resource } : {}), on: c.on })),
    ...(req.target !== undefined ? { target: resourceOf(req.target, req.accessPoint, options.accountOf) } : {}),
    ...(req.source !== undefined ? { source: resourceOf(req.source, undefined, options.accountOf) } : {}),
    ...(req.accessPoint !== undefined ? { accessPoint: accessPointOf(req.accessPoint) } : {}),
    checks,
    ...(blocked !== undefined
      ? { blockedBy: { layer: blocked.layer, ...(blocked.setting !== undefined ? { setting: blocked.setting } : {}), action: blocked.check.action, ...(blocked.check.resource !== undefined ? { resource: blocked.check.resource } : {}) } }
      : {}),
    deciding: decidingOf(replay.reasons, trace.flatMap((t) => t.statements ?? [])),
    remedies,
    ...(options.missingKey === true ? { missingKey: true } : {}),
    replayConsistent: consistent,
  };
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
  const authType = value("s3:authType");
  const signatureVersion = value("s3:signatureversion");
  const sourceIp = value("aws:SourceIp");
  const secureTransport = value("aws:SecureTransport");
  const temporary = accessKeyId !== undefined ? accessKeyId.startsWith("ASIA") : req.principal.kind === "assumed-role" || req.principal.kind === "federated-user";
  return {
    signed,
    ...(authType !== undefined ? { authType } : {}),
    ...(signatureVersion !== undefined ? { signatureVersion } : {}),
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    temporaryCredentials: signed && temporary,
    ...(sourceIp !== undefined ? { sourceIp } : {}),
    ...(secureTransport !== undefined ? { secureTransport } : {}),
  };
}

function resourceOf(side: ResourceContext, ap: AccessPointContext | undefined, accountOf: AccountOf | undefined): ResourceExplanation {
  const acls = aclsEnabled(side.ownership);
  const stored = side.object;
  const account = (id: string): string | undefined => (id === side.ownerCanonicalId ? side.ownerAccountId : id === ANONYMOUS_CANONICAL_ID ? undefined : accountOf?.(id));
  const withBucketOwner: AccountOf = (id) => account(id);
  return {
    bucket: side.bucket,
    ...(side.key !== undefined ? { key: side.key } : {}),
    ownerAccountId: side.ownerAccountId,
    ownerCanonicalId: side.ownerCanonicalId,
    objectOwnership: side.ownership,
    aclsEnabled: acls,
    publicAccessBlock: ap === undefined ? side.publicAccessBlock : combinePublicAccessBlock(side.publicAccessBlock, ap.publicAccessBlock),
    ...(side.bucketPolicy !== undefined
      ? { bucketPolicy: { id: side.bucketPolicy.id, public: side.bucketPolicyPublic ?? isPolicyPublic(side.bucketPolicy.policy, "bucket"), statements: side.bucketPolicy.statements.length } }
      : {}),
    bucketAcl: side.bucketAcl.grants.map((g, i) => grantOf(g, i, withBucketOwner)),
    ...(stored !== undefined
      ? {
          object: (() => {
            const owner = acls ? stored.ownerCanonicalId : side.ownerCanonicalId;
            const storedAccount = account(stored.ownerCanonicalId);
            const ownerAccount = account(owner);
            return {
              storedOwnerCanonicalId: stored.ownerCanonicalId,
              ...(storedAccount !== undefined ? { storedOwnerAccountId: storedAccount } : {}),
              ownerCanonicalId: owner,
              ...(ownerAccount !== undefined ? { ownerAccountId: ownerAccount } : {}),
              ownedByBucketOwner: owner === side.ownerCanonicalId,
              anonymousOwner: owner === ANONYMOUS_CANONICAL_ID,
              acl: stored.acl.grants.map((g, i) => grantOf(g, i, withBucketOwner)),
            };
          })(),
        }
      : {}),
  };
}

function accessPointOf(ap: AccessPointContext): AccessPointExplanation {
  return { arn: ap.arn, accountId: ap.accountId, networkOrigin: ap.networkOrigin, hasPolicy: ap.policy !== undefined, publicAccessBlock: ap.publicAccessBlock };
}

function decidingOf(reasons: readonly Reason[], statements: readonly StatementTrace[]): DecidingExplanation[] {
  return reasons.map((r) => {
    const ref = r.statement;
    const t = ref === undefined ? undefined : statements.find((s) => s.policyId === ref.policyId && s.index === ref.index && s.matched);
    const statement = t !== undefined ? statementOf(t) : ref !== undefined ? { policyId: ref.policyId, index: ref.index, ...(ref.sid !== undefined ? { sid: ref.sid } : {}), effect: "Allow" as const, matched: true, conditions: [] } : undefined;
    const text = ref !== undefined ? `${ref.policyId} ${statementName(ref)}: ${r.text}` : r.text.startsWith("blocked by ") && r.layer in LAYER_WORDS ? `blocked by ${LAYER_WORDS[r.layer as BlockedLayer]}` : r.text;
    return { layer: r.layer, text, ...(statement !== undefined ? { statement } : {}) };
  });
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
  if (b.layer === "object-acl" && f?.ownedByOther === true && f.ownerCanonicalId !== undefined && f.side !== undefined) {
    why = `the object is owned by ${describeCanonical(f.ownerCanonicalId, options.accountOf)}, not by the bucket owner account ${f.side.ownerAccountId}, and its ACL grants the requester nothing`;
  }
  const missing = options.missingKey === true ? " The key does not exist; without s3:ListBucket S3 answers 403 instead of 404." : "";
  return `${kind[0]?.toUpperCase() ?? ""}${kind.slice(1)}: ${who} may not ${on}: ${why}.${missing}`;
}
