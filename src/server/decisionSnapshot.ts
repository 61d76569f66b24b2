/**
 * @module server/decisionSnapshot
 * Recorded decisions in a form that outlives the request. A live {@link DecisionRecord} holds the engine
 * request, whose condition keys are computed lazily from the HTTP request (a closure over it). To keep a
 * decision, it is replayed once with a trace — which makes every condition of every policy read its keys —
 * and the keys an explanation reads are looked up; the values are then copied into plain context keys
 * ({@link detach}). The detached record replays to the same decision and explanation at any later time: the
 * engine is pure and everything else in the request is plain data or a compiled policy.
 *
 * For the metadata store, a detached record becomes JSON ({@link snapshot}) where each compiled policy is
 * replaced by its id and the hash of its text; the texts travel with the batch ({@link PolicyTexts}).
 * {@link restore} parses and compiles them again. Explanations are rendered when asked for, from the same
 * replay, so the log does no rendering on the server's hot loop.
 */
import { createHash } from "node:crypto";
import { authorize } from "../authz/index.ts";
import type { AccessPointContext, AuthzCheck, AuthzRequest, AuthzResult, BlockedLayer, BpaSetting, IdentityContext, OrgPolicyLevels, ResourceContext, Verdict } from "../authz/index.ts";
import { CONTEXT_KEYS_EXPLAINED } from "../explain/index.ts";
import type { Principal } from "../kernel/principal.ts";
import { ContextKeys, compilePolicy, printPolicy, readPolicyDocument } from "../policy/index.ts";
import type { CompiledPolicy, ContextValue } from "../policy/index.ts";
import type { DecisionRecord } from "../protocol/s3/context.ts";
import type { StoredDecision } from "../storage/ports.ts";

/** The keys read besides the policies' conditions: the explanation's, and the missing-key test's. */
const KEYS_READ: readonly string[] = [...CONTEXT_KEYS_EXPLAINED, "s3:max-keys"];

/** @public The record with its condition keys resolved into plain values (no reference to the HTTP request). */
export function detach(record: DecisionRecord): DecisionRecord {
  const context = record.request.context;
  authorize(record.request, { trace: true });
  for (const k of KEYS_READ) context.get(k);
  const plain: Record<string, ContextValue> = {};
  for (const [k, v] of context.entries()) plain[k] = v;
  return { ...record, request: { ...record.request, context: ContextKeys.of(plain) } };
}

type Ref = readonly [id: string, hash: string];
type Levels = readonly (readonly Ref[])[];
type SideSnap = Omit<ResourceContext, "bucketPolicy" | "rcps"> & { readonly bucketPolicy?: Ref; readonly rcps?: Levels };
type AccessPointSnap = Omit<AccessPointContext, "policy" | "rcps"> & { readonly policy?: Ref; readonly rcps?: Levels };

/** The JSON form of a detached record (`requestId` and `time` are kept beside it). */
interface Snap {
  readonly v: 1;
  readonly verdict: Verdict;
  readonly blocked?: readonly [layer: BlockedLayer, check: number, setting?: BpaSetting];
  readonly answeredWith?: string;
  readonly message?: string;
  readonly accessKeyId?: string;
  readonly missingKeyCheck?: true;
  readonly principal: Principal;
  readonly identity?: { readonly policies: readonly Ref[]; readonly boundary?: Ref; readonly session?: readonly Ref[] };
  readonly scps?: Levels;
  readonly operation: string;
  readonly checks: readonly AuthzCheck[];
  readonly target?: SideSnap;
  readonly source?: SideSnap;
  readonly accessPoint?: AccessPointSnap;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly ownerRootAlwaysAllowed?: true;
  readonly storesPublicAcl?: true;
  readonly storesPublicPolicy?: true;
}

const PRINTED = new WeakMap<CompiledPolicy, { readonly hash: string; readonly text: string }>();

/** @public The policy texts a batch of snapshots refers to, by hash (each compiled policy is printed once). */
export class PolicyTexts {
  readonly texts = new Map<string, string>();

  ref(policy: CompiledPolicy): Ref {
    let printed = PRINTED.get(policy);
    if (printed === undefined) {
      const text = printPolicy(policy.policy);
      printed = { hash: createHash("sha256").update(text).digest("hex").slice(0, 32), text };
      PRINTED.set(policy, printed);
    }
    this.texts.set(printed.hash, printed.text);
    return [policy.id, printed.hash];
  }

  levels(levels: OrgPolicyLevels): Levels {
    return levels.map((level) => level.map((p) => this.ref(p)));
  }
}

/** @public A detached record as JSON, its policies referred to through `texts`. */
export function snapshot(record: DecisionRecord, texts: PolicyTexts): string {
  const r = record.request;
  const blocked = record.result.blockedBy;
  const snap: { -readonly [K in keyof Snap]: Snap[K] } = { v: 1, verdict: record.result.verdict, principal: r.principal, operation: r.operation, checks: r.checks, context: {} };
  if (blocked !== undefined) {
    const index = r.checks.indexOf(blocked.check);
    snap.blocked = blocked.setting === undefined ? [blocked.layer, index] : [blocked.layer, index, blocked.setting];
  }
  if (record.answeredWith !== undefined) snap.answeredWith = record.answeredWith;
  if (record.message !== undefined) snap.message = record.message;
  if (record.accessKeyId !== undefined) snap.accessKeyId = record.accessKeyId;
  if (record.missingKeyCheck === true) snap.missingKeyCheck = true;
  if (r.identity !== undefined) snap.identity = identitySnap(r.identity, texts);
  if (r.scps !== undefined) snap.scps = texts.levels(r.scps);
  if (r.target !== undefined) snap.target = sideSnap(r.target, texts);
  if (r.source !== undefined) snap.source = sideSnap(r.source, texts);
  if (r.accessPoint !== undefined) {
    const { policy, rcps, ...plain } = r.accessPoint;
    snap.accessPoint = { ...plain, ...(policy !== undefined ? { policy: texts.ref(policy) } : {}), ...(rcps !== undefined ? { rcps: texts.levels(rcps) } : {}) };
  }
  const context: Record<string, ContextValue> = {};
  for (const [k, v] of r.context.entries()) context[k] = v;
  snap.context = context;
  if (r.ownerRootAlwaysAllowed === true) snap.ownerRootAlwaysAllowed = true;
  if (r.storesPublicAcl === true) snap.storesPublicAcl = true;
  if (r.storesPublicPolicy === true) snap.storesPublicPolicy = true;
  return JSON.stringify(snap);
}

function identitySnap(identity: IdentityContext, texts: PolicyTexts): NonNullable<Snap["identity"]> {
  return {
    policies: identity.policies.map((p) => texts.ref(p)),
    ...(identity.permissionsBoundary !== undefined ? { boundary: texts.ref(identity.permissionsBoundary) } : {}),
    ...(identity.sessionPolicies !== undefined ? { session: identity.sessionPolicies.map((p) => texts.ref(p)) } : {}),
  };
}

function sideSnap(side: ResourceContext, texts: PolicyTexts): SideSnap {
  const { bucketPolicy, rcps, ...plain } = side;
  return { ...plain, ...(bucketPolicy !== undefined ? { bucketPolicy: texts.ref(bucketPolicy) } : {}), ...(rcps !== undefined ? { rcps: texts.levels(rcps) } : {}) };
}

/** @public Compiles the policies of restored decisions, once per text and id. */
export class PolicyRestorer {
  static readonly MAX = 1000;
  readonly #compiled = new Map<string, CompiledPolicy>();

  compile(ref: Ref, texts: ReadonlyMap<string, string>): CompiledPolicy {
    const [id, hash] = ref;
    const key = `${hash}\n${id}`;
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      const text = texts.get(hash);
      if (text === undefined) throw new Error(`decision refers to policy ${hash}, which is not stored with it`);
      const parsed = readPolicyDocument(text);
      if (parsed.policy === undefined) throw new Error(`stored policy ${hash} does not parse`);
      compiled = compilePolicy(parsed.policy, id);
      if (this.#compiled.size >= PolicyRestorer.MAX) this.#compiled.clear();
      this.#compiled.set(key, compiled);
    }
    return compiled;
  }

  levels(levels: Levels, texts: ReadonlyMap<string, string>): OrgPolicyLevels {
    return levels.map((level) => level.map((r) => this.compile(r, texts)));
  }
}

/** @public A stored decision back as a (detached) record. Throws on a record it cannot read. */
export function restore(stored: StoredDecision, texts: ReadonlyMap<string, string>, restorer: PolicyRestorer): DecisionRecord {
  const snap = JSON.parse(stored.record) as Snap;
  if (snap.v !== 1) throw new Error(`unknown decision format ${String(snap.v)}`);
  const side = (s: SideSnap): ResourceContext => {
    const { bucketPolicy, rcps, ...plain } = s;
    return { ...plain, ...(bucketPolicy !== undefined ? { bucketPolicy: restorer.compile(bucketPolicy, texts) } : {}), ...(rcps !== undefined ? { rcps: restorer.levels(rcps, texts) } : {}) };
  };
  let accessPoint: AccessPointContext | undefined;
  if (snap.accessPoint !== undefined) {
    const { policy, rcps, ...plain } = snap.accessPoint;
    accessPoint = { ...plain, ...(policy !== undefined ? { policy: restorer.compile(policy, texts) } : {}), ...(rcps !== undefined ? { rcps: restorer.levels(rcps, texts) } : {}) };
  }
  const id = snap.identity;
  const request: AuthzRequest = {
    principal: snap.principal,
    ...(id !== undefined
      ? {
          identity: {
            policies: id.policies.map((r) => restorer.compile(r, texts)),
            ...(id.boundary !== undefined ? { permissionsBoundary: restorer.compile(id.boundary, texts) } : {}),
            ...(id.session !== undefined ? { sessionPolicies: id.session.map((r) => restorer.compile(r, texts)) } : {}),
          },
        }
      : {}),
    ...(snap.scps !== undefined ? { scps: restorer.levels(snap.scps, texts) } : {}),
    operation: snap.operation,
    checks: snap.checks,
    ...(snap.target !== undefined ? { target: side(snap.target) } : {}),
    ...(snap.source !== undefined ? { source: side(snap.source) } : {}),
    ...(accessPoint !== undefined ? { accessPoint } : {}),
    context: ContextKeys.of(snap.context),
    ...(snap.ownerRootAlwaysAllowed === true ? { ownerRootAlwaysAllowed: true } : {}),
    ...(snap.storesPublicAcl === true ? { storesPublicAcl: true } : {}),
    ...(snap.storesPublicPolicy === true ? { storesPublicPolicy: true } : {}),
  };
  const check = snap.blocked === undefined ? undefined : request.checks[snap.blocked[1]];
  const result: AuthzResult =
    snap.blocked === undefined || check === undefined
      ? { verdict: snap.verdict, reasons: [] }
      : { verdict: snap.verdict, reasons: [], blockedBy: snap.blocked[2] === undefined ? { layer: snap.blocked[0], check } : { layer: snap.blocked[0], setting: snap.blocked[2], check } };
  return {
    requestId: stored.requestId,
    time: stored.time,
    request,
    result,
    ...(snap.answeredWith !== undefined ? { answeredWith: snap.answeredWith } : {}),
    ...(snap.message !== undefined ? { message: snap.message } : {}),
    ...(snap.accessKeyId !== undefined ? { accessKeyId: snap.accessKeyId } : {}),
    ...(snap.missingKeyCheck === true ? { missingKeyCheck: true } : {}),
  };
}
