/**
 * @module identity/orgIds
 * The identifiers and ARNs of AWS Organizations (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
 * and the ID patterns of each shape): organization `o-` + 10, root `r-` + 4, OU `ou-<root>-` + 8,
 * policy `p-` + 8, create-account request `car-` + 32, handshake `h-` + 10 lower-case letters or
 * digits; ARNs `arn:aws:organizations::<management account>:<type>/o-…/…`. Randomness is injected.
 */
import type { OrgPolicyType } from "../storage/identityPort.ts";
import type { RandomBytes } from "./iamIds.ts";

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

function draw(random: RandomBytes, n: number, alphabet = ALNUM): string {
  let out = "";
  for (const b of random(n)) out += alphabet[b % alphabet.length];
  return out;
}

/** @public ID patterns of the Organizations API shapes. */
export const ORG_ID_PATTERNS = {
  organization: /^o-[a-z0-9]{10,32}$/,
  root: /^r-[0-9a-z]{4,32}$/,
  ou: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  account: /^\d{12}$/,
  policy: /^p-[0-9a-zA-Z_]{8,128}$/,
  createAccountRequest: /^car-[a-z0-9]{8,32}$/,
  handshake: /^h-[0-9a-z]{8,32}$/,
} as const;

/** @public New identifiers. */
export const newOrgId = (random: RandomBytes): string => `o-${draw(random, 10)}`;
export const newRootId = (random: RandomBytes): string => `r-${draw(random, 4)}`;
export const newOuId = (random: RandomBytes, rootId: string): string => `ou-${rootId.slice(2)}-${draw(random, 8)}`;
export const newPolicyId = (random: RandomBytes): string => `p-${draw(random, 8)}`;
export const newCreateAccountRequestId = (random: RandomBytes): string => `car-${draw(random, 32)}`;
export const newHandshakeId = (random: RandomBytes): string => `h-${draw(random, 10)}`;
/** @public A 12-digit account ID that does not start with 0. */
export const newAccountId = (random: RandomBytes): string => draw(random, 1, "123456789") + draw(random, 11, "0123456789");

/** @public What kind of entity a root, OU or account ID names, by its shape. */
export function targetKind(id: string): "ROOT" | "ORGANIZATIONAL_UNIT" | "ACCOUNT" | undefined {
  if (ORG_ID_PATTERNS.root.test(id)) return "ROOT";
  if (ORG_ID_PATTERNS.ou.test(id)) return "ORGANIZATIONAL_UNIT";
  if (ORG_ID_PATTERNS.account.test(id)) return "ACCOUNT";
  return undefined;
}

/** @public The ARN builders; `m` is the management account ID. */
export const orgArn = {
  organization: (m: string, orgId: string): string => `arn:aws:organizations::${m}:organization/${orgId}`,
  root: (m: string, orgId: string, rootId: string): string => `arn:aws:organizations::${m}:root/${orgId}/${rootId}`,
  ou: (m: string, orgId: string, ouId: string): string => `arn:aws:organizations::${m}:ou/${orgId}/${ouId}`,
  account: (m: string, orgId: string, accountId: string): string => `arn:aws:organizations::${m}:account/${orgId}/${accountId}`,
  policy: (m: string, orgId: string, type: OrgPolicyType, policyId: string): string => `arn:aws:organizations::${m}:policy/${orgId}/${type.toLowerCase()}/${policyId}`,
  awsPolicy: (type: OrgPolicyType, policyId: string): string => `arn:aws:organizations::aws:policy/${type.toLowerCase()}/${policyId}`,
  handshake: (m: string, orgId: string, handshakeId: string): string => `arn:aws:organizations::${m}:handshake/${orgId}/invite/${handshakeId}`,
};
