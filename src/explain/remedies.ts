/**
 * @module explain/remedies
 * Concrete remedies for a denial, one rule per known cause (the seeds' stories first): an object owned by
 * another account than the bucket owner, no grant at all when ACLs are disabled, a missing identity allow (same account, or the cross-account
 * caller's own side), an explicit deny (with its Sid and the conditions compared), a bucket policy that grants
 * nothing (with the condition that failed), Block Public Access (BlockPublicPolicy, BlockPublicAcls,
 * RestrictPublicBuckets cutting a named grant, IgnorePublicAcls), ACLs disabled by BucketOwnerEnforced,
 * organization policies, access point delegation, and `s3:ListBucket` turning a 404 into a 403.
 */
import { isStatementPublic } from "../authz/index.ts";
import type { AuthzRequest, AuthzResult } from "../authz/index.ts";
import type { CheckFacts } from "./facts.ts";
import type { LayerExplanation, Remedy, StatementExplanation } from "./types.ts";
import { describeCanonical, describeCondition, describePrincipal, statementName } from "./words.ts";
import type { AccountOf } from "./words.ts";

/** @internal What the remedy rules read. */
export interface RemedyInput {
  readonly req: AuthzRequest;
  readonly result: AuthzResult;
  /** Facts of the refused check. */
  readonly facts: CheckFacts;
  /** Layers of the refused check. */
  readonly layers: readonly LayerExplanation[];
  readonly accountOf: AccountOf | undefined;
  readonly missingKey: boolean;
}

/** @internal The remedies for a denial, most specific first. */
export function remediesFor(r: RemedyInput): Remedy[] {
  const blocked = r.result.blockedBy;
  if (blocked === undefined) return [];
  const out: Remedy[] = [];
  if (r.missingKey) out.push(missingKey(r));
  const explicit = r.result.verdict === "ExplicitDeny";
  switch (blocked.layer) {
    case "object-acl":
      out.push(objectAcl(r));
      break;
    case "bucket-acl":
      out.push(bucketAcl(r));
      break;
    case "identity-policy":
    case "permissions-boundary":
    case "session-policy":
      out.push(explicit ? explicitDeny(r, blocked.layer) : userSide(r, blocked.layer));
      break;
    case "scp":
    case "rcp":
      out.push(explicit ? explicitDeny(r, blocked.layer) : organization(r, blocked.layer));
      break;
    case "bucket-policy-deny":
      out.push(explicitDeny(r, "bucket-policy"));
      break;
    case "access-point-policy":
      out.push(explicit ? explicitDeny(r, "access-point-policy") : accessPointNoGrant(r));
      break;
    case "bucket-policy-no-grant":
      out.push(bucketNoGrant(r));
      break;
    case "access-point-delegation":
      out.push(delegation(r));
      break;
    case "ownership":
      out.push(ownership(r));
      break;
    case "block-public-access":
      out.push(blockPublicAccess(r, blocked.setting));
      break;
  }
  return out;
}

function who(r: RemedyInput): string {
  return describePrincipal(r.req.principal);
}

function target(r: RemedyInput): string {
  return `${r.facts.check.action} on ${r.facts.check.resource ?? "*"}`;
}

function missingKey(r: RemedyInput): Remedy {
  const bucket = r.facts.side?.bucket ?? "?";
  const cross = r.req.principal.accountId !== r.facts.side?.ownerAccountId;
  return {
    id: "missing-key-needs-list",
    text:
      `The key does not exist. S3 answers 404 NoSuchKey only to callers allowed s3:ListBucket on the bucket; ${who(r)} is not, so it got 403 AccessDenied instead. ` +
      `Grant s3:ListBucket on arn:aws:s3:::${bucket}${cross ? " (in the bucket policy and in the caller's own identity policy)" : ""} to get 404s, or check the key name.`,
  };
}

/**
 * Nothing granted a caller from another account and ACLs are disabled (BucketOwnerEnforced): only the bucket
 * policy can grant, so an advice to grant through an ACL would be impossible to follow.
 */
function aclsDisabledNoGrant(r: RemedyInput): Remedy {
  const side = r.facts.side;
  const bucket = side?.bucket ?? "?";
  const policy = side?.bucketPolicy === undefined ? "has no bucket policy" : `has a bucket policy, but none of its statements allows ${who(r)} ${r.facts.check.action}`;
  // A root user needs no identity policy; IAM users and sessions of another account need their own allow too.
  const cross = r.req.principal.kind !== "root" && r.req.principal.accountId !== undefined && r.req.principal.accountId !== side?.ownerAccountId;
  return {
    id: "bucket-policy-needed",
    text:
      `Bucket ${bucket} (owned by account ${side?.ownerAccountId ?? "?"}) ${policy}, and its Object Ownership is BucketOwnerEnforced, so ACLs are disabled: only the bucket policy can grant ${who(r)} access. ` +
      `Add a statement to the bucket policy of ${bucket} allowing Principal ${principalForPolicy(r)} ${target(r)}${cross ? ` (account ${r.req.principal.accountId ?? "?"} must allow it in the caller's identity policy too)` : ""}.`,
  };
}

function objectAcl(r: RemedyInput): Remedy {
  const f = r.facts;
  if (!f.aclsEnabled) return aclsDisabledNoGrant(r);
  const side = f.side;
  const owner = f.ownerCanonicalId === undefined ? "another account" : describeCanonical(f.ownerCanonicalId, r.accountOf);
  const key = side?.key ?? "?";
  const bucket = side?.bucket ?? "?";
  if (side !== undefined && f.ownedByOther) {
    const bucketOwner = `account ${side.ownerAccountId}`;
    const fix = `have the writer grant the bucket owner access (upload with the ACL bucket-owner-full-control, i.e. header x-amz-acl: bucket-owner-full-control, or run PutObjectAcl with bucket-owner-full-control on the existing object), or set Object Ownership to BucketOwnerEnforced on bucket ${bucket} (the bucket owner then owns every object and its bucket policy governs them)`;
    if (f.sameAccount) {
      return {
        id: "foreign-object-owner",
        text: `Object ${key} is owned by ${owner}, not by the bucket owner ${bucketOwner}; the bucket policy's Allow does not apply to it, and its object ACL grants ${bucketOwner} nothing. To fix it, ${fix}.`,
      };
    }
    return {
      id: "foreign-object-owner-third-account",
      text:
        `Object ${key} is owned by ${owner}, not by the bucket owner ${bucketOwner}, and its object ACL grants ${who(r)} nothing; the bucket policy's Allow does not apply to it, and permissions the bucket owner received through an ACL cannot be passed on to another account. ` +
        `Have the object owner grant account ${r.req.principal.accountId ?? "?"} through the object ACL (PutObjectAcl), or have the bucket owner set Object Ownership to BucketOwnerEnforced on bucket ${bucket} and grant through the bucket policy.`,
    };
  }
  return {
    id: "object-acl-no-grant",
    text: `The object ACL of ${key} grants ${who(r)} nothing for ${r.facts.check.action}, and no bucket policy grants it either. Add a bucket policy statement allowing ${target(r)}, or grant the account through the object ACL.`,
  };
}

function bucketAcl(r: RemedyInput): Remedy {
  if (!r.facts.aclsEnabled) return aclsDisabledNoGrant(r);
  const bucket = r.facts.side?.bucket ?? "?";
  return {
    id: "bucket-acl-no-grant",
    text: `Bucket ${bucket} has no bucket policy, and its bucket ACL grants ${who(r)} nothing for ${r.facts.check.action}. Add a bucket policy statement allowing ${principalForPolicy(r)} ${target(r)}.`,
  };
}

function principalForPolicy(r: RemedyInput): string {
  const p = r.req.principal;
  if (p.kind === "anonymous") return `"Principal": "*" (anonymous access, subject to Block Public Access)`;
  if (p.kind === "assumed-role") return `{"AWS": "${p.principalArn ?? p.arn ?? "?"}"}`;
  return `{"AWS": "${p.arn ?? p.accountId ?? "?"}"}`;
}

function userSide(r: RemedyInput, layer: "identity-policy" | "permissions-boundary" | "session-policy"): Remedy {
  const p = r.req.principal;
  const owner = r.facts.side?.ownerAccountId;
  if (layer === "permissions-boundary") {
    return { id: "permissions-boundary", text: `The permissions boundary ${r.req.identity?.permissionsBoundary?.id ?? ""} of ${who(r)} does not allow ${r.facts.check.action}. A boundary only limits: add the action to the boundary policy (the identity policy must allow it too).` };
  }
  if (layer === "session-policy") {
    if (p.kind === "federated-user" && r.req.identity?.sessionPolicies === undefined) return { id: "session-policy", text: `A federated user's session created without a session policy allows nothing. Create the session (GetFederationToken) with a policy that allows ${target(r)}.` };
    return { id: "session-policy", text: `The session policy passed when the session of ${who(r)} was created does not allow ${r.facts.check.action}. Create a new session whose session policy allows ${target(r)}.` };
  }
  if (p.kind === "anonymous" || p.kind === "service") {
    return { id: "no-resource-grant", text: `${who(r)} has no identity side and ${r.facts.check.action} has no resource policy that could grant it.` };
  }
  const granted = r.layers.some((l) => (l.layer === "bucket-policy" || l.layer === "bucket-acl" || l.layer === "object-acl" || l.layer === "access-point-policy") && l.status === "allow");
  if (owner !== undefined && p.accountId !== owner) {
    return {
      id: "cross-account-identity-allow",
      text:
        `${who(r)} belongs to account ${p.accountId ?? "?"}, the bucket to account ${owner}: a cross-account request needs both sides. ` +
        `${granted ? "The bucket owner's grant is there, but" : "Besides a grant from the bucket owner,"} account ${p.accountId ?? "?"} must also allow ${target(r)} in an identity policy of ${p.arn ?? "the principal"} (attach one to the ${p.kind === "assumed-role" ? "role" : "user or its group"}).`,
    };
  }
  return {
    id: "same-account-identity-allow",
    text:
      `No identity-based policy of ${who(r)} allows ${target(r)}. Attach one to the ${p.kind === "assumed-role" ? "role" : "user or its group"}` +
      (owner !== undefined ? `, or add a statement to the bucket policy of ${r.facts.side?.bucket ?? "?"} that names ${principalForPolicy(r)} (a same-account grant to a user or role needs no identity policy)` : "") +
      ".",
  };
}

function matchedStatements(r: RemedyInput, layer: string, effect: "Allow" | "Deny"): StatementExplanation[] {
  return (r.layers.find((l) => l.layer === layer)?.statements ?? []).filter((s) => s.matched && s.effect === effect);
}

function explicitDeny(r: RemedyInput, layer: string): Remedy {
  const statements = matchedStatements(r, layer, "Deny");
  const names = statements.map((s) => `${statementName(s)} of ${s.policyId}`);
  const conditions = statements.flatMap((s) => s.conditions.map(describeCondition));
  const acl = conditions.some((c) => c.toLowerCase().includes("s3:x-amz-acl")) ? " If the statement requires an ACL header, send it (e.g. x-amz-acl: bucket-owner-full-control)." : "";
  const where = layer === "bucket-policy" ? "the bucket policy" : layer === "access-point-policy" ? "the access point policy" : layer === "scp" ? "a service control policy" : layer === "rcp" ? "a resource control policy" : layer === "permissions-boundary" ? "the permissions boundary" : layer === "session-policy" ? "the session policy" : "an identity policy";
  return {
    id: "explicit-deny",
    text:
      `${names.length > 0 ? names.join(", ") : `A statement of ${where}`} explicitly denies ${target(r)}; nothing can override an explicit deny.` +
      (conditions.length > 0 ? ` Its conditions compared: ${conditions.join("; ")}.` : "") +
      ` Change the request so that the statement no longer applies, or change the statement in ${where}.${acl}`,
  };
}

function organization(r: RemedyInput, layer: "scp" | "rcp"): Remedy {
  const what = layer === "scp" ? "service control policies (SCPs) of the requester's account" : "resource control policies (RCPs) of the resource owner's account";
  return { id: layer, text: `Some level of the organization has no ${layer.toUpperCase()} that allows ${r.facts.check.action}: every level of the ${what} must allow it. Attach an allowing policy at that level (FullAWSAccess / RCPFullAWSAccess, or one naming the action).` };
}

function failingAllowConditions(r: RemedyInput, layer: string): string[] {
  const statements = r.layers.find((l) => l.layer === layer)?.statements ?? [];
  return statements.filter((s) => s.effect === "Allow" && s.failed === "condition").map((s) => `${statementName(s)} would allow but ${s.conditions.filter((c) => !c.result).map(describeCondition).join("; ")}`);
}

function bucketNoGrant(r: RemedyInput): Remedy {
  const f = r.facts;
  const bucket = f.side?.bucket ?? "?";
  const failing = failingAllowConditions(r, "bucket-policy");
  const aclHint = failing.some((c) => c.toLowerCase().includes("s3:x-amz-acl")) ? " Send the ACL header the statement requires (e.g. x-amz-acl: bucket-owner-full-control)." : "";
  if (failing.length > 0) {
    return { id: "bucket-policy-condition", text: `The bucket policy of ${bucket} grants nothing for this request: ${failing.join(". ")}.${aclHint}` };
  }
  const owner = f.side?.ownerAccountId ?? "?";
  return {
    id: "bucket-policy-no-grant",
    text: `The bucket policy of ${bucket} (owned by account ${owner}) has no statement that allows ${who(r)} ${target(r)}. Add one with Principal ${principalForPolicy(r)}${r.req.principal.kind === "anonymous" ? "" : r.req.principal.accountId !== owner ? ` (or the whole account {"AWS": "${r.req.principal.accountId ?? "?"}"}, then the account's identity policies delegate)` : ""}.`,
  };
}

function accessPointNoGrant(r: RemedyInput): Remedy {
  const ap = r.facts.accessPoint;
  if (r.req.principal.kind === "anonymous") return { id: "access-point-anonymous", text: `Anonymous requests cannot use access points: sign the request, or address bucket ${r.facts.side?.bucket ?? "?"} directly.` };
  return { id: "access-point-no-grant", text: `The access point policy of ${ap?.arn ?? "the access point"} does not allow ${who(r)} ${r.facts.check.action}. Add a statement naming the principal with the access point resource (${ap?.arn ?? "…"}${r.facts.check.level === "object" ? "/object/*" : ""}).` };
}

function delegation(r: RemedyInput): Remedy {
  const ap = r.facts.accessPoint;
  return {
    id: "access-point-delegation",
    text: `The bucket policy of ${r.facts.side?.bucket ?? "?"} does not delegate access control to access points. Add a statement allowing "s3:*" to "*" on the bucket and its objects with Condition StringEquals s3:DataAccessPointAccount = ${ap?.accountId ?? "the access point owner"}, or grant the principal in the bucket policy directly.`,
  };
}

function ownership(r: RemedyInput): Remedy {
  const bucket = r.facts.side?.bucket ?? "?";
  return {
    id: "acls-disabled",
    text: `Bucket ${bucket} has Object Ownership BucketOwnerEnforced: ACLs are disabled, so the grant that would have allowed this (an ACL grant, or ownership of an object written before enforcement) is ignored. Grant ${who(r)} ${target(r)} through the bucket policy instead.`,
  };
}

function blockPublicAccess(r: RemedyInput, setting: string | undefined): Remedy {
  const bucket = r.facts.side?.bucket ?? "?";
  switch (setting) {
    case "BlockPublicPolicy":
      return { id: "block-public-policy", text: `The policy being stored is public, and BlockPublicPolicy (bucket or account level) rejects it. Make it non-public (name specific principals or accounts, or add a fixing condition such as aws:SourceIp, aws:SourceVpce or aws:PrincipalOrgID), or turn BlockPublicPolicy off at both levels.` };
    case "BlockPublicAcls":
      return { id: "block-public-acls", text: `The request would store a public ACL (a grant to AllUsers or AuthenticatedUsers), and BlockPublicAcls rejects it. Use a private ACL (or bucket-owner-full-control), or turn BlockPublicAcls off at both bucket and account level.` };
    case "RestrictPublicBuckets": {
      const policy = r.facts.bucketRpbCut ? r.facts.side?.bucketPolicy : r.facts.accessPoint?.policy;
      const kind = r.facts.bucketRpbCut ? "bucket" : "access-point";
      const publicOnes = policy === undefined ? [] : policy.policy.statements.filter((s) => isStatementPublic(s, kind)).map((s) => statementName(s));
      return {
        id: "restrict-public-buckets",
        text:
          `The ${kind === "bucket" ? `bucket policy of ${bucket}` : "access point policy"} is public (${publicOnes.length > 0 ? publicOnes.join(", ") : "a public statement"}), and RestrictPublicBuckets is on: grants of a public policy count only for principals of the owner's account and AWS services, even a statement that names account ${r.req.principal.accountId ?? "?"}. ` +
          `Remove or restrict the public statement(s), or turn RestrictPublicBuckets off.`,
      };
    }
    case "IgnorePublicAcls":
      return { id: "ignore-public-acls", text: `The only ACL grant that would allow this is to a public group (AllUsers or AuthenticatedUsers), and IgnorePublicAcls ignores it. Grant the account by canonical ID or through the bucket policy, or turn IgnorePublicAcls off.` };
    default:
      return { id: "block-public-access", text: `Block Public Access blocked the request on bucket ${bucket}.` };
  }
}
