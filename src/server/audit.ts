/**
 * @module server/audit
 * `crossbucket audit` over a world's stores (issue #6, "Audit"): walks the buckets (all, one, or one
 * account's), and for each streams its findings as they are found: objects owned by accounts other than the
 * bucket owner (counted per owner with one query), bucket and object ACL grants to other accounts and to
 * groups (objects read in pages of light rows, never all at once), readiness for BucketOwnerEnforced, public
 * status per Block Public Access, and the effective-access matrix (each cell a simulation through the same
 * authorize stage live requests go through, `server/simulate`). Progress records come between pages.
 *
 * The judgements are the pure `audit/` layer's; this module only reads stores. It takes {@link AuditSources}
 * so that any way of opening a world (a live server, a data folder, an imported folder) can be audited.
 */
import { aclFromJson } from "../acl/acl-json.ts";
import { isAclPublic } from "../acl/public.ts";
import { ANONYMOUS_CANONICAL_ID } from "../acl/types.ts";
import { accessCell, enforcedReadiness, grantIsEffective, grantsToOthers, publicBucket } from "../audit/assess.ts";
import { FINDING_KINDS, type AccessCell, type AuditRecord, type AuditSummary } from "../audit/findings.ts";
import { S3_OPERATIONS, type S3OperationName } from "../authz/catalogue.ts";
import { isPolicyPublic } from "../authz/index.ts";
import type { IdentityDirectory } from "../identity/credentials.ts";
import { entityArn } from "../identity/iamNames.ts";
import { parsePolicy } from "../policy/index.ts";
import { ANONYMOUS_OWNER, POLICY_CONFIG, canonicalIdOf, ownershipOf, storedBucketAcl } from "../protocol/s3/bucketState.ts";
import type { Services } from "../protocol/s3/context.ts";
import { effectivePublicAccessBlock } from "../protocol/s3/resourceContext.ts";
import type { BucketRecord } from "../storage/ports.ts";
import { simulate } from "./simulate.ts";

/** @public What an audit reads: the services of an open world and its identity directory. */
export interface AuditSources {
  readonly svc: Services;
  readonly identity: IdentityDirectory;
}

/** @public What to audit. */
export interface AuditOptions {
  /** Only this bucket. */
  readonly bucket?: string;
  /** Only the buckets this account owns; the matrix then shows the IAM users and roles of this account only. */
  readonly accountId?: string;
  /** Objects read per page (default 2000). */
  readonly pageSize?: number;
  /** Whether to compute the effective-access matrix (default true). */
  readonly matrix?: boolean;
}

/** @public An audit that cannot run as asked; `code` is the admin API's error code. */
export class AuditError extends Error {
  constructor(
    readonly code: "NoSuchBucket" | "AccessDenied",
    message: string,
  ) {
    super(message);
  }
}

/**
 * @public The operations of the effective-access matrix, with the IAM action each needs: reads and writes of
 * objects and of their ACLs, listing, and the bucket policy APIs.
 */
export const MATRIX_OPERATIONS: readonly S3OperationName[] = ["GetObject", "PutObject", "DeleteObject", "GetObjectAcl", "PutObjectAcl", "ListObjectsV2", "GetBucketAcl", "GetBucketPolicy", "PutBucketPolicy"];

/**
 * The key simulated for object operations on a bucket without an object of its owner's: its cells judge such
 * an object as if it existed (owned by the bucket owner, default ACL).
 */
export const PROBE_KEY = "crossbucket-audit-probe";

/** @public The buckets an audit covers, checked: throws {@link AuditError} for an unknown or foreign bucket. */
export function auditedBuckets(svc: Services, options: AuditOptions): BucketRecord[] {
  if (options.bucket !== undefined) {
    const b = svc.meta.getBucket(options.bucket);
    if (b === undefined) throw new AuditError("NoSuchBucket", `bucket ${options.bucket} does not exist`);
    if (options.accountId !== undefined && b.ownerAccountId !== options.accountId) throw new AuditError("AccessDenied", `bucket ${options.bucket} is not owned by account ${options.accountId}`);
    return [b];
  }
  return svc.meta.listBuckets().filter((b) => options.accountId === undefined || b.ownerAccountId === options.accountId);
}

/** @public The principals of the matrix: every root, IAM user and role (as a session) of the world, and anonymous. */
export function matrixPrincipals(identity: IdentityDirectory, accountId?: string): string[] {
  const out: string[] = [];
  for (const account of identity.list()) {
    out.push(`arn:aws:iam::${account.id}:root`);
    if (accountId !== undefined && account.id !== accountId) continue;
    for (const u of identity.store.list("user", account.id)) out.push(entityArn(account.id, "user", u.path, u.name));
    for (const r of identity.store.list("role", account.id)) out.push(entityArn(account.id, "role", r.path, r.name));
  }
  out.push("anonymous");
  return out;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Layers of the requester's own account: what another account's audit may not see of it. */
const REQUESTER_SIDE: ReadonlySet<string> = new Set(["identity-policy", "permissions-boundary", "session-policy", "scp"]);

function principalAccount(principal: string): string | undefined {
  return /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/** A cell denied by another account's own policies or organization, shown without naming which. */
function withoutRequesterLayer(cell: AccessCell): AccessCell {
  const { blockedBy: _hidden, setting: _setting, ...rest } = cell;
  return { ...rest, blockedByRequesterAccount: true };
}

/**
 * @public Runs an audit, yielding findings bucket by bucket, progress after every page of objects, and a
 * summary last. Checks the bucket filter before the first record ({@link auditedBuckets}).
 */
export async function* runAudit(sources: AuditSources, options: AuditOptions = {}): AsyncGenerator<AuditRecord> {
  const { svc, identity } = sources;
  const buckets = auditedBuckets(svc, options);
  const pageSize = options.pageSize ?? 2000;
  const counts = new Map(buckets.map((b) => [b.name, svc.meta.countObjectsByOwner(b.name)] as const));
  const total = [...counts.values()].reduce((n, list) => n + list.reduce((m, c) => m + c.count, 0), 0);
  const principals = options.matrix === false ? [] : matrixPrincipals(identity, options.accountId);
  const tally = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<(typeof FINDING_KINDS)[number], number>;
  const accountOf = (canonicalId: string): string | undefined => (canonicalId === ANONYMOUS_CANONICAL_ID ? ANONYMOUS_OWNER : svc.accounts.byCanonicalId(canonicalId)?.id);
  let scanned = 0;
  yield { kind: "progress", scanned, total };

  for (const bucket of buckets) {
    const name = bucket.name;
    const ownership = ownershipOf(svc, name);
    const enforced = ownership === "BucketOwnerEnforced";
    const bpa = effectivePublicAccessBlock(svc, bucket);
    const ownerCanonicalId = canonicalIdOf(svc, bucket.ownerAccountId);

    let foreignObjects = 0;
    for (const c of counts.get(name) ?? []) {
      if (c.ownerAccountId === bucket.ownerAccountId) continue;
      foreignObjects += c.count;
      tally["foreign-owned-objects"]++;
      yield { kind: "foreign-owned-objects", bucket: name, bucketOwner: bucket.ownerAccountId, owner: c.ownerAccountId, ownerCanonicalId: canonicalIdOf(svc, c.ownerAccountId), count: c.count, enforced };
    }

    const bucketAcl = storedBucketAcl(svc, bucket);
    const bucketGrants = grantsToOthers(bucketAcl, ownerCanonicalId, accountOf);
    for (const grant of bucketGrants) {
      tally["acl-grant"]++;
      yield { kind: "acl-grant", bucket: name, resource: "bucket", owner: bucket.ownerAccountId, grant, effective: grantIsEffective(grant, ownership, bpa) };
    }

    // Objects, page by page: only ACLs that grant beyond their owner become findings.
    let objectsWithGrants = 0;
    let objectsWithPublicAcl = 0;
    let probeKey: string | undefined;
    const defaultAcl = new Map<string, string>();
    for (let after = ""; ; ) {
      const page = svc.meta.scanObjectOwnership(name, after, pageSize);
      for (const row of page) {
        if (probeKey === undefined && row.ownerAccountId === bucket.ownerAccountId) probeKey = row.key;
        if (row.acl === undefined) continue;
        const owner = canonicalIdOf(svc, row.ownerAccountId);
        if (defaultAcl.get(owner) === row.acl) continue;
        const acl = aclFromJson(row.acl);
        const grants = grantsToOthers(acl, owner, accountOf);
        if (grants.length === 0) {
          if (acl.grants.length === 1) defaultAcl.set(owner, row.acl);
          continue;
        }
        objectsWithGrants++;
        if (isAclPublic(acl)) objectsWithPublicAcl++;
        for (const grant of grants) {
          tally["acl-grant"]++;
          yield { kind: "acl-grant", bucket: name, resource: "object", key: row.key, versionId: row.versionId, owner: row.ownerAccountId, grant, effective: grantIsEffective(grant, ownership, bpa) };
        }
      }
      scanned += page.length;
      if (page.length > 0) yield { kind: "progress", scanned, total };
      const last = page[page.length - 1];
      if (page.length < pageSize || last === undefined) break;
      after = last.key;
      await tick();
    }

    const policyText = svc.meta.getBucketConfig(name, POLICY_CONFIG);
    const policy = policyText === undefined ? undefined : parsePolicy(policyText, "bucket").policy;
    if (!enforced) {
      tally["enforced-readiness"]++;
      yield enforcedReadiness({ bucket: name, owner: bucket.ownerAccountId, ownership, bucketAclGrants: bucketGrants, ...(policy !== undefined ? { policy } : {}), objectsWithAclGrants: objectsWithGrants, foreignOwnedObjects: foreignObjects });
    }
    const pub = publicBucket({ bucket: name, owner: bucket.ownerAccountId, policyPublic: policy !== undefined && isPolicyPublic(policy, "bucket"), aclPublic: isAclPublic(bucketAcl), objectsWithPublicAcl, ownership, blockPublicAccess: bpa });
    if (pub !== undefined) {
      tally["public-bucket"]++;
      yield pub;
    }

    for (const principal of principals) {
      for (const operation of MATRIX_OPERATIONS) {
        const spec = S3_OPERATIONS[operation];
        const key = spec.resource === "object" ? (probeKey ?? PROBE_KEY) : undefined;
        const sim = simulate({ as: principal, operation, resource: key === undefined ? name : `${name}/${key}` }, svc, identity, `audit-${svc.ids.requestId()}`, "127.0.0.1");
        const decision = sim.decisions.find((d) => d.missingKeyCheck !== true);
        // The probe key names no object: judge the object as if it existed (the bucket owner's, default ACL),
        // not the 403 a read of a missing key gets without s3:ListBucket. That 403 comes only once the
        // operation itself was allowed, and then is the only decision recorded (protocol/s3/authorize).
        const missingKeyRefusal = key === PROBE_KEY && probeKey === undefined && decision === undefined && sim.decisions.some((d) => d.missingKeyCheck === true);
        const answer = missingKeyRefusal ? { allowed: true } : sim.answer;
        tally.access++;
        const cell = accessCell({ bucket: name, principal, operation, action: spec.actions[0] ?? "", ...(key !== undefined ? { key } : {}) }, answer, decision?.result);
        yield options.accountId !== undefined && cell.blockedBy !== undefined && REQUESTER_SIDE.has(cell.blockedBy) && principalAccount(principal) !== options.accountId ? withoutRequesterLayer(cell) : cell;
      }
      await tick();
    }
  }
  const summary: AuditSummary = { kind: "summary", buckets: buckets.length, objects: scanned, principals: principals.length, findings: tally };
  yield summary;
}
