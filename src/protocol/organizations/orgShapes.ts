/**
 * @module protocol/organizations/orgShapes
 * The output shapes of the Organizations API (Organization, Root, Account, OrganizationalUnit,
 * Policy, PolicySummary, PolicyTargetSummary, CreateAccountStatus, Handshake) as JSON 1.1 objects:
 * timestamps as epoch seconds, absent members left out. Pagination of the List operations
 * (`MaxResults` 1..20, an opaque `NextToken`).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_Types.html
 */
import type { CreateAccountStatusRecord, HandshakeRecord, OrganizationRecord } from "../../storage/identityPort.ts";
import type { Account } from "../../identity/accounts.ts";
import { ORG_MESSAGES, invalidInput } from "../../identity/orgError.ts";
import { orgArn } from "../../identity/orgIds.ts";
import type { OrgPolicyView } from "../../identity/orgModel.ts";
import type { OrgAccountView, OrgUnitView } from "../../identity/organizations.ts";
import type { OrgRootView, OrgTargetView } from "../../identity/orgPolicies.ts";

/** @public A JSON object of the answer. */
export type Json = Record<string, unknown>;

/** @public ISO 8601 → epoch seconds, as the JSON protocols send timestamps. */
export function epoch(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** @public The Organization shape (`AvailablePolicyTypes` is deprecated; it lists the types enabled on the root). */
export function organizationJson(org: OrganizationRecord, management: Account | undefined): Json {
  return {
    Id: org.id,
    Arn: orgArn.organization(org.managementAccountId, org.id),
    FeatureSet: org.featureSet,
    MasterAccountArn: orgArn.account(org.managementAccountId, org.id, org.managementAccountId),
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: management?.email,
    AvailablePolicyTypes: org.enabledPolicyTypes.map((t) => ({ Type: t, Status: "ENABLED" })),
  };
}

/** @public The Root shape. */
export function rootJson(r: OrgRootView): Json {
  return { Id: r.id, Arn: r.arn, Name: r.name, PolicyTypes: r.policyTypes.map((t) => ({ Type: t.type, Status: t.status })) };
}

/** @public The Account shape. */
export function accountJson(a: OrgAccountView): Json {
  return { Id: a.id, Arn: a.arn, Email: a.email, Name: a.name, Status: "ACTIVE", State: "ACTIVE", Paths: [a.path], JoinedMethod: a.joinedMethod, JoinedTimestamp: epoch(a.joinedTimestamp) };
}

/** @public The OrganizationalUnit shape. */
export function unitJson(u: OrgUnitView): Json {
  return { Id: u.id, Arn: u.arn, Name: u.name, Path: u.path };
}

/** @public The PolicySummary shape. */
export function policySummaryJson(p: OrgPolicyView): Json {
  return { Id: p.id, Arn: p.arn, Name: p.name, Description: p.description, Type: p.type, AwsManaged: p.awsManaged };
}

/** @public The Policy shape. */
export function policyJson(p: OrgPolicyView): Json {
  return { PolicySummary: policySummaryJson(p), Content: p.content };
}

/** @public The PolicyTargetSummary shape. */
export function targetJson(t: OrgTargetView): Json {
  return { TargetId: t.targetId, Arn: t.arn, Name: t.name, Type: t.type };
}

/** @public The CreateAccountStatus shape. */
export function createAccountStatusJson(s: CreateAccountStatusRecord): Json {
  return {
    Id: s.id,
    AccountName: s.accountName,
    State: s.state,
    RequestedTimestamp: epoch(s.requestedTimestamp),
    ...(s.completedTimestamp !== undefined ? { CompletedTimestamp: epoch(s.completedTimestamp) } : {}),
    ...(s.accountId !== undefined ? { AccountId: s.accountId } : {}),
    ...(s.failureReason !== undefined ? { FailureReason: s.failureReason } : {}),
  };
}

/** @public The Handshake shape of an invitation. */
export function handshakeJson(h: HandshakeRecord, org: OrganizationRecord, management: Account | undefined): Json {
  return {
    Id: h.id,
    Arn: orgArn.handshake(org.managementAccountId, org.id, h.id),
    Parties: [
      { Id: org.id, Type: "ORGANIZATION" },
      { Id: h.party.id, Type: h.party.type },
    ],
    State: h.state,
    RequestedTimestamp: epoch(h.requestedTimestamp),
    ExpirationTimestamp: epoch(h.expirationTimestamp),
    Action: "INVITE",
    Resources: [
      {
        Value: org.id,
        Type: "ORGANIZATION",
        Resources: [
          { Value: management?.email ?? "", Type: "MASTER_EMAIL" },
          { Value: management?.name ?? "", Type: "MASTER_NAME" },
          { Value: "ALL", Type: "ORGANIZATION_FEATURE_SET" },
        ],
      },
      { Value: h.party.id, Type: h.party.type },
      ...(h.notes !== undefined ? [{ Value: h.notes, Type: "NOTES" }] : []),
    ],
  };
}

/** @public Largest page of the List operations. */
export const MAX_RESULTS = 20;

/**
 * @public One page of `items`: `MaxResults` 1..20 (InvalidInputException otherwise), `NextToken` an
 * opaque token this operation handed out (InvalidInputException INVALID_NEXT_TOKEN otherwise).
 */
export function page<T>(items: readonly T[], operation: string, maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  if (maxResults !== undefined && maxResults < 1) throw invalidInput("MIN_VALUE_EXCEEDED", ORG_MESSAGES.invalidValue);
  if (maxResults !== undefined && maxResults > MAX_RESULTS) throw invalidInput("MAX_VALUE_EXCEEDED", ORG_MESSAGES.invalidValue);
  let start = 0;
  if (nextToken !== undefined) {
    const m = /^([A-Za-z]+):(\d+)$/.exec(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (m === null || m[1] !== operation) throw invalidInput("INVALID_NEXT_TOKEN", ORG_MESSAGES.invalidNextToken);
    start = Number(m[2]);
  }
  const size = maxResults ?? MAX_RESULTS;
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length ? { items: slice, nextToken: Buffer.from(`${operation}:${end}`, "utf8").toString("base64url") } : { items: slice };
}
