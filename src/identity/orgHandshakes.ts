/**
 * @module identity/orgHandshakes
 * Inviting an existing account into an organization: InviteAccountToOrganization opens a handshake
 * (`h-…`, 15 days) for an account named by ID or by its root email; AcceptHandshake, called by the
 * invited account, makes it a member under the root (joined method INVITED); DeclineHandshake and
 * CancelHandshake close it. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_invite.html
 */
import type { HandshakeRecord, OrganizationRecord } from "../storage/identityPort.ts";
import { isoSeconds } from "./iamScope.ts";
import { ORG_MESSAGES, OrgError, invalidInput } from "./orgError.ts";
import { newHandshakeId } from "./orgIds.ts";
import { addMember } from "./organizations.ts";
import { checkId, type OrgScope } from "./orgModel.ts";

/** @public How long an invitation stays open. */
export const HANDSHAKE_DAYS = 15;

/** @public The party an invitation names: `{Id, Type}` with Type ACCOUNT or EMAIL. */
export interface HandshakeTarget {
  readonly id: string | undefined;
  readonly type: string | undefined;
}

/** An open invitation past its expiration is EXPIRED (derived when read, so nothing has to sweep them). */
function expire(scope: OrgScope, h: HandshakeRecord): HandshakeRecord {
  return h.state === "OPEN" && Date.parse(h.expirationTimestamp) <= scope.now.getTime() ? { ...h, state: "EXPIRED" } : h;
}

/** @public InviteAccountToOrganization. */
export function inviteAccount(scope: OrgScope, org: OrganizationRecord, target: HandshakeTarget, notes: string | undefined): HandshakeRecord {
  if (target.id === undefined || target.type === undefined) throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  if (target.type !== "ACCOUNT" && target.type !== "EMAIL" && target.type !== "ORGANIZATION") throw invalidInput("INVALID_ENUM", ORG_MESSAGES.invalidValue);
  if (target.type === "ORGANIZATION") throw invalidInput("INVALID_PARTY_TYPE_TARGET", ORG_MESSAGES.invalidValue);
  const partyType = target.type;
  if (notes !== undefined && notes.length > 1024) throw invalidInput("MAX_LENGTH_EXCEEDED", ORG_MESSAGES.invalidValue);
  const wanted = target.id;
  const account = target.type === "ACCOUNT" ? scope.accounts.get(wanted) : scope.accounts.list().find((a) => a.email.toLowerCase() === wanted.toLowerCase());
  if (target.type === "ACCOUNT") checkId("account", wanted);
  if (account === undefined) throw invalidInput("INVALID_PARTY_TYPE_TARGET", ORG_MESSAGES.invalidValue);
  return scope.store.transaction(() => {
    if (scope.store.getOrgEntity("member", account.id) !== undefined) {
      throw new OrgError("HandshakeConstraintViolationException", ORG_MESSAGES.alreadyInOrganizationTarget, "ALREADY_IN_AN_ORGANIZATION");
    }
    const open = scope.store.listOrgEntities("handshake", org.id).map((h) => expire(scope, h)).some((h) => h.targetAccountId === account.id && h.state === "OPEN");
    if (open) throw new OrgError("DuplicateHandshakeException", ORG_MESSAGES.duplicateHandshake);
    const h: HandshakeRecord = {
      id: newHandshakeId(scope.random),
      orgId: org.id,
      targetAccountId: account.id,
      party: { id: wanted, type: partyType },
      state: "OPEN",
      requestedTimestamp: isoSeconds(scope.now),
      expirationTimestamp: isoSeconds(new Date(scope.now.getTime() + HANDSHAKE_DAYS * 86_400_000)),
      ...(notes !== undefined ? { notes } : {}),
    };
    scope.store.putOrgEntity("handshake", h);
    return h;
  });
}

/** @public A handshake the caller's account can see: as the inviting organization's management account or as the invited account. */
export function requireHandshake(scope: OrgScope, callerAccountId: string, handshakeId: string | undefined): HandshakeRecord {
  if (handshakeId === undefined || handshakeId === "") throw invalidInput("INPUT_REQUIRED", ORG_MESSAGES.invalidValue);
  checkId("handshake", handshakeId);
  const h = scope.store.getOrgEntity("handshake", handshakeId);
  const org = h !== undefined ? scope.store.getOrgEntity("organization", h.orgId) : undefined;
  if (h === undefined || org === undefined || (h.targetAccountId !== callerAccountId && org.managementAccountId !== callerAccountId)) {
    throw new OrgError("HandshakeNotFoundException", ORG_MESSAGES.handshakeNotFound);
  }
  return expire(scope, h);
}

function transition(scope: OrgScope, h: HandshakeRecord, to: HandshakeRecord["state"]): HandshakeRecord {
  if (h.state === to) throw new OrgError("HandshakeAlreadyInStateException", ORG_MESSAGES.handshakeAlreadyInState);
  if (h.state !== "OPEN") throw new OrgError("InvalidHandshakeTransitionException", ORG_MESSAGES.handshakeTransition);
  const next = { ...h, state: to };
  scope.store.putOrgEntity("handshake", next);
  return next;
}

/** @public AcceptHandshake by the invited account: it joins the organization under the root. */
export function acceptHandshake(scope: OrgScope, callerAccountId: string, handshakeId: string | undefined): { handshake: HandshakeRecord; org: OrganizationRecord } {
  return scope.store.transaction(() => {
    const h = requireHandshake(scope, callerAccountId, handshakeId);
    if (h.targetAccountId !== callerAccountId) throw new OrgError("HandshakeNotFoundException", ORG_MESSAGES.handshakeNotFound);
    const org = scope.store.getOrgEntity("organization", h.orgId) as OrganizationRecord;
    if (h.state === "OPEN" && scope.store.getOrgEntity("member", callerAccountId) !== undefined) {
      throw new OrgError("HandshakeConstraintViolationException", ORG_MESSAGES.alreadyInOrganizationTarget, "ALREADY_IN_AN_ORGANIZATION");
    }
    const accepted = transition(scope, h, "ACCEPTED");
    addMember(scope, org, callerAccountId, "INVITED");
    return { handshake: accepted, org };
  });
}

/** @public DeclineHandshake (the invited account) or CancelHandshake (the management account). */
export function closeHandshake(scope: OrgScope, callerAccountId: string, handshakeId: string | undefined, how: "DECLINED" | "CANCELED"): { handshake: HandshakeRecord; org: OrganizationRecord } {
  return scope.store.transaction(() => {
    const h = requireHandshake(scope, callerAccountId, handshakeId);
    const org = scope.store.getOrgEntity("organization", h.orgId) as OrganizationRecord;
    const allowed = how === "DECLINED" ? h.targetAccountId === callerAccountId : org.managementAccountId === callerAccountId;
    if (!allowed) throw new OrgError("HandshakeNotFoundException", ORG_MESSAGES.handshakeNotFound);
    return { handshake: transition(scope, h, how), org };
  });
}

/** @public The invitations addressed to an account, across organizations. */
export function handshakesForAccount(scope: OrgScope, accountId: string): { handshake: HandshakeRecord; org: OrganizationRecord }[] {
  const out: { handshake: HandshakeRecord; org: OrganizationRecord }[] = [];
  for (const org of scope.store.listOrgEntities("organization")) {
    for (const h of scope.store.listOrgEntities("handshake", org.id)) if (h.targetAccountId === accountId) out.push({ handshake: expire(scope, h), org });
  }
  return out.sort((a, b) => a.handshake.requestedTimestamp.localeCompare(b.handshake.requestedTimestamp));
}
