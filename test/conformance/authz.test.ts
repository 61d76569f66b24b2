// Runs the JSON conformance cases of test/conformance/authz/*.json against the authorization engine:
// each file describes a world (accounts, policies, ACLs, settings) and requests with the expected verdict,
// blocking layer and spec section. Format: see test/conformance/authz/README.md.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY, groupGrant } from "../../src/acl/types.ts";
import type { Grant, Permission } from "../../src/acl/types.ts";
import type { ObjectOwnership } from "../../src/acl/ownership.ts";
import type { Principal } from "../../src/kernel/principal.ts";
import type { PolicyKind } from "../../src/policy/index.ts";
import { NO_BLOCK } from "../../src/authz/blockPublicAccess.ts";
import type { PublicAccessBlockFlags } from "../../src/authz/blockPublicAccess.ts";
import { isS3OperationName } from "../../src/authz/catalogue.ts";
import type { AccessPointContext, OrgPolicyLevels } from "../../src/authz/request.ts";
import { decisionOf } from "../../src/authz/testing/expect.ts";
import { acl, anonymous, bucket, federated, grantTo, policy, request, root, service, session, user } from "../../src/authz/testing/world.ts";

interface PrincipalJson { kind: Principal["kind"]; account?: string; name?: string; role?: string; session?: string; service?: string; orgId?: string }
interface GrantJson { account?: string; group?: "AllUsers" | "AuthenticatedUsers" | "LogDelivery"; permission: Permission }
interface BucketJson { owner: string; ownership?: ObjectOwnership; policy?: unknown; grants?: GrantJson[]; pab?: Partial<PublicAccessBlockFlags>; rcps?: unknown[][]; key?: string; object?: { owner: string; grants?: GrantJson[] } }
interface CaseJson {
  name: string; section: string; principal: PrincipalJson; op: string;
  identity?: unknown[]; boundary?: unknown; sessionPolicies?: unknown[]; scps?: unknown[][];
  bucket?: BucketJson; source?: BucketJson; accessPoint?: { owner: string; name: string; policy?: unknown; vpc?: boolean; pab?: Partial<PublicAccessBlockFlags> };
  context?: Record<string, string | string[]>; versioned?: boolean; storesPublicAcl?: boolean; storesPublicPolicy?: boolean;
  expect: { verdict: "Allow" | "ExplicitDeny" | "ImplicitDeny"; blockedBy?: string; setting?: string };
}
interface FileJson { description: string; source?: string; cases: CaseJson[] }

const GROUPS = { AllUsers: ALL_USERS, AuthenticatedUsers: AUTHENTICATED_USERS, LogDelivery: LOG_DELIVERY } as const;

function principalOf(p: PrincipalJson): Principal {
  const a = p.account ?? "";
  switch (p.kind) {
    case "root": return root(a, p.orgId);
    case "user": return user(a, p.name ?? "u", p.orgId);
    case "assumed-role": return session(a, p.role ?? "R", p.session ?? "s");
    case "federated-user": return federated(a, p.name ?? "f");
    case "service": return service(p.service ?? "");
    case "anonymous": return anonymous;
  }
}

function grantOf(g: GrantJson): Grant {
  return g.group !== undefined ? groupGrant(GROUPS[g.group], g.permission) : grantTo(g.account ?? "", g.permission);
}

const compiled = (kind: PolicyKind) => (doc: unknown) => policy(doc, kind);
const levels = (kind: PolicyKind, l: unknown[][] | undefined): OrgPolicyLevels | undefined => l?.map((level) => level.map(compiled(kind)));

function bucketOf(b: BucketJson) {
  const rcps = levels("rcp", b.rcps);
  return bucket({
    owner: b.owner, ...(b.ownership === undefined ? {} : { ownership: b.ownership }),
    ...(b.policy === undefined ? {} : { policy: policy(b.policy, "bucket") }),
    acl: acl(b.owner, ...(b.grants ?? []).map(grantOf)), ...(b.pab === undefined ? {} : { pab: b.pab }),
    ...(rcps === undefined ? {} : { rcps }), ...(b.key === undefined ? {} : { key: b.key }),
    ...(b.object === undefined ? {} : { object: { owner: b.object.owner, acl: acl(b.object.owner, ...(b.object.grants ?? []).map(grantOf)) } }),
  });
}

const dir = join(dirname(fileURLToPath(import.meta.url)), "authz");
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const doc = JSON.parse(readFileSync(join(dir, file), "utf8")) as FileJson;
  describe(`${file}: ${doc.description}`, () => {
    for (const c of doc.cases) {
      it(`${c.section} ${c.name}`, () => {
        assert.ok(isS3OperationName(c.op), `unknown operation ${c.op}`);
        if (!isS3OperationName(c.op)) return;
        const target = c.bucket === undefined ? undefined : bucketOf(c.bucket);
        const ap: AccessPointContext | undefined = c.accessPoint === undefined ? undefined : {
          arn: `arn:aws:s3:us-east-1:${c.accessPoint.owner}:accesspoint/${c.accessPoint.name}`, accountId: c.accessPoint.owner,
          networkOrigin: c.accessPoint.vpc === true ? "VPC" : "Internet", publicAccessBlock: { ...NO_BLOCK, ...c.accessPoint.pab },
          ...(c.accessPoint.policy === undefined ? {} : { policy: policy(c.accessPoint.policy, "access-point") }),
        };
        const scps = levels("scp", c.scps);
        const req = request({
          principal: principalOf(c.principal), op: c.op, facts: { versioned: c.versioned === true },
          ...(target === undefined ? {} : { target }), ...(c.source === undefined ? {} : { source: bucketOf(c.source) }),
          ...(c.identity === undefined ? {} : { identity: c.identity.map(compiled("identity")) }),
          ...(c.boundary === undefined ? {} : { boundary: policy(c.boundary, "boundary") }),
          ...(c.sessionPolicies === undefined ? {} : { sessionPolicies: c.sessionPolicies.map(compiled("session")) }),
          ...(scps === undefined ? {} : { scps }), ...(ap === undefined ? {} : { accessPoint: ap }),
          ...(c.context === undefined ? {} : { context: c.context }),
          ...(c.storesPublicAcl === true ? { storesPublicAcl: true } : {}), ...(c.storesPublicPolicy === true ? { storesPublicPolicy: true } : {}),
        });
        const want = { verdict: c.expect.verdict, ...(c.expect.blockedBy === undefined ? {} : { layer: c.expect.blockedBy }), ...(c.expect.setting === undefined ? {} : { setting: c.expect.setting }) };
        assert.deepEqual(decisionOf(req), want);
      });
    }
  });
}
