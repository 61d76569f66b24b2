/**
 * @module storage/identityPort
 * The storage interface of the identity side (IAM entities, access keys, STS sessions, AWS
 * Organizations and the accounts it creates), owned by
 * the domain and implemented by adapters (SQLite today). Synchronous like the MetadataStore: one
 * transaction per call, or several calls inside {@link IdentityStore.transaction}.
 */

/** @public A tag on a user or role (keys compared case-insensitively by IAM). */
export interface IamTag {
  readonly key: string;
  readonly value: string;
}

/** @public What users, groups and roles share: name, path, unique ID, policies. */
export interface IamPrincipalBase {
  readonly accountId: string;
  readonly name: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  /** `AIDA…` (user), `AGPA…` (group), `AROA…` (role): 21 characters. */
  readonly id: string;
  /** ISO 8601. */
  readonly createDate: string;
  /** Inline policies: name → document text. */
  readonly inlinePolicies: Readonly<Record<string, string>>;
  /** ARNs of attached managed policies. */
  readonly attachedPolicies: readonly string[];
}

/** @public An IAM user. */
export interface IamUserRecord extends IamPrincipalBase {
  readonly tags: readonly IamTag[];
  readonly permissionsBoundary?: string;
  /** Names of the groups the user belongs to. */
  readonly groups: readonly string[];
}

/** @public An IAM group. */
export type IamGroupRecord = IamPrincipalBase;

/** @public An IAM role. */
export interface IamRoleRecord extends IamPrincipalBase {
  readonly trustPolicy: string;
  readonly description?: string;
  /** Seconds, 3600..43200. */
  readonly maxSessionDuration: number;
  readonly tags: readonly IamTag[];
  readonly permissionsBoundary?: string;
}

/** @public One version of a managed policy. */
export interface PolicyVersionRecord {
  /** `v1`, `v2`, … */
  readonly versionId: string;
  readonly document: string;
  readonly createDate: string;
}

/** @public A customer managed policy. */
export interface ManagedPolicyRecord {
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  /** `ANPA…`, 21 characters. */
  readonly id: string;
  readonly description?: string;
  readonly createDate: string;
  readonly updateDate: string;
  readonly defaultVersionId: string;
  readonly versions: readonly PolicyVersionRecord[];
  /** The number the next version gets (versions are never renumbered). */
  readonly nextVersion: number;
}

/** @public The entity kinds stored by name within an account. */
export interface IamEntities {
  readonly user: IamUserRecord;
  readonly group: IamGroupRecord;
  readonly role: IamRoleRecord;
  readonly policy: ManagedPolicyRecord;
}

/** @public A kind of {@link IamEntities}. */
export type IamEntityKind = keyof IamEntities;

/** @public A long-term access key of an IAM user. */
export interface AccessKeyRecord {
  /** `AKIA…`, 20 characters. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly userName: string;
  readonly status: "Active" | "Inactive";
  readonly createDate: string;
}

/** @public Who an STS session acts as. */
export type SessionSubject =
  | { readonly kind: "role"; readonly roleName: string; readonly rolePath: string; readonly roleId: string; readonly sessionName: string }
  | { readonly kind: "user"; readonly userName: string }
  | { readonly kind: "root" };

/** @public Temporary credentials issued by STS (`ASIA…` + session token). */
export interface SessionRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  /** ISO 8601. */
  readonly expiration: string;
  readonly subject: SessionSubject;
  /** Inline session policy text, if one was passed. */
  readonly sessionPolicy?: string;
  /** Managed session policies (`PolicyArns`): ARNs resolved to their default version when a request is decided. */
  readonly sessionPolicyArns?: readonly string[];
  /** Session tags (override same-key principal tags). */
  readonly tags: readonly IamTag[];
  readonly sourceIdentity?: string;
}

/** @public The organization policy types crossbucket serves (service control and resource control policies). */
export type OrgPolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

/** @public An AWS Organizations organization (one root; the management account is a member). */
export interface OrganizationRecord {
  /** `o-` + 10 lower-case letters or digits. */
  readonly id: string;
  /** `r-` + 4 lower-case letters or digits. */
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly featureSet: "ALL" | "CONSOLIDATED_BILLING";
  /** The policy types enabled on the root, in the order they were enabled. */
  readonly enabledPolicyTypes: readonly OrgPolicyType[];
  /** ISO 8601. */
  readonly createDate: string;
  /** Tags on the root. */
  readonly rootTags?: readonly IamTag[];
  /** Services with trusted access (EnableAWSServiceAccess), with the date it was enabled (ISO 8601). */
  readonly serviceAccess?: readonly { readonly servicePrincipal: string; readonly enabledDate: string }[];
  /** Delegated administrators: a member account per service principal, with the date of registration (ISO 8601). */
  readonly delegatedAdministrators?: readonly { readonly accountId: string; readonly servicePrincipal: string; readonly enabledDate: string }[];
}

/** @public An organizational unit; `parentId` is the root or another OU. */
export interface OrgUnitRecord {
  /** `ou-<root suffix>-` + 8 lower-case letters or digits. */
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly parentId: string;
  readonly tags: readonly IamTag[];
}

/** @public An account's membership of an organization (one organization per account). */
export interface OrgMemberRecord {
  readonly accountId: string;
  readonly orgId: string;
  /** The root or the OU the account sits in. */
  readonly parentId: string;
  readonly joinedMethod: "CREATED" | "INVITED";
  /** ISO 8601. */
  readonly joinedTimestamp: string;
  readonly tags: readonly IamTag[];
}

/** @public A customer-managed organization policy (the AWS managed ones are built in). */
export interface OrgPolicyRecord {
  /** `p-` + 8 lower-case letters or digits. */
  readonly id: string;
  readonly orgId: string;
  readonly type: OrgPolicyType;
  readonly name: string;
  readonly description: string;
  /** The policy document text, as given. */
  readonly content: string;
  readonly tags: readonly IamTag[];
}

/** @public The status of one CreateAccount request (`car-…`). */
export interface CreateAccountStatusRecord {
  readonly id: string;
  readonly orgId: string;
  readonly accountName: string;
  readonly state: "IN_PROGRESS" | "SUCCEEDED" | "FAILED";
  /** ISO 8601. */
  readonly requestedTimestamp: string;
  readonly completedTimestamp?: string;
  readonly accountId?: string;
  readonly failureReason?: string;
}

/** @public An invitation (`h-…`) for an existing account to join an organization. */
export interface HandshakeRecord {
  readonly id: string;
  readonly orgId: string;
  /** The invited account. */
  readonly targetAccountId: string;
  /** How the invitation named it: by account ID or by the account's email. */
  readonly party: { readonly id: string; readonly type: "ACCOUNT" | "EMAIL" };
  readonly state: "OPEN" | "ACCEPTED" | "DECLINED" | "CANCELED" | "EXPIRED";
  /** ISO 8601. */
  readonly requestedTimestamp: string;
  readonly expirationTimestamp: string;
  readonly notes?: string;
}

/** @public The organization entity kinds, each keyed by its ID (members by account ID). */
export interface OrgEntities {
  readonly organization: OrganizationRecord;
  readonly unit: OrgUnitRecord;
  readonly member: OrgMemberRecord;
  readonly policy: OrgPolicyRecord;
  readonly createAccountStatus: CreateAccountStatusRecord;
  readonly handshake: HandshakeRecord;
}

/** @public A kind of {@link OrgEntities}. */
export type OrgEntityKind = keyof OrgEntities;

/** @public One policy attached to a root, OU or account. */
export interface OrgAttachmentRecord {
  readonly orgId: string;
  readonly policyId: string;
  readonly targetId: string;
}

/** @public An account created at run time (Organizations CreateAccount), beside the world file's accounts. */
export interface StoredAccountRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** 64-hex canonical user ID, computed when the account was created. */
  readonly canonicalUserId: string;
  /** ISO 8601. */
  readonly createDate: string;
}

/** @public The identity store. Names are unique per account and kind, compared case-insensitively as IAM does. */
export interface IdentityStore {
  get<K extends IamEntityKind>(kind: K, accountId: string, name: string): IamEntities[K] | undefined;
  /** All entities of a kind in an account, ordered by name. */
  list<K extends IamEntityKind>(kind: K, accountId: string): IamEntities[K][];
  /** Inserts or replaces. */
  put<K extends IamEntityKind>(kind: K, record: IamEntities[K]): void;
  delete(kind: IamEntityKind, accountId: string, name: string): boolean;
  getAccessKey(accessKeyId: string): AccessKeyRecord | undefined;
  putAccessKey(record: AccessKeyRecord): void;
  deleteAccessKey(accessKeyId: string): boolean;
  listAccessKeys(accountId: string, userName: string): AccessKeyRecord[];
  getSession(accessKeyId: string): SessionRecord | undefined;
  putSession(record: SessionRecord): void;
  /** Removes sessions that expired before `before` (ISO 8601). */
  purgeSessions(before: string): number;
  /** An organization entity by its ID (a member by its account ID). */
  getOrgEntity<K extends OrgEntityKind>(kind: K, id: string): OrgEntities[K] | undefined;
  /** The entities of a kind in an organization, ordered by ID (`organization`: every organization). */
  listOrgEntities<K extends OrgEntityKind>(kind: K, orgId?: string): OrgEntities[K][];
  /** Inserts or replaces. */
  putOrgEntity<K extends OrgEntityKind>(kind: K, record: OrgEntities[K]): void;
  deleteOrgEntity(kind: OrgEntityKind, id: string): boolean;
  /** Attaches a policy to a target; false when it was attached already. */
  attachOrgPolicy(record: OrgAttachmentRecord): boolean;
  /** Detaches a policy from a target; false when it was not attached. */
  detachOrgPolicy(record: OrgAttachmentRecord): boolean;
  /** An organization's attachments in the order they were made, optionally only of one policy or one target. */
  listOrgAttachments(orgId: string, filter?: { readonly policyId?: string; readonly targetId?: string }): OrgAttachmentRecord[];
  /** Removes an organization and everything in it (units, members, policies, attachments, statuses, handshakes). */
  deleteOrganizationData(orgId: string): void;
  getStoredAccount(accountId: string): StoredAccountRecord | undefined;
  /** Accounts created at run time, ordered by ID. */
  listStoredAccounts(): StoredAccountRecord[];
  putStoredAccount(record: StoredAccountRecord): void;
  /** Runs `fn` as one transaction. */
  transaction<T>(fn: () => T): T;
  close(): void;
}
