/**
 * @module storage/identityPort
 * The storage interface of the identity side (IAM entities, access keys, STS sessions), owned by
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
  /** Session tags (override same-key principal tags). */
  readonly tags: readonly IamTag[];
  readonly sourceIdentity?: string;
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
  /** Runs `fn` as one transaction. */
  transaction<T>(fn: () => T): T;
  close(): void;
}
