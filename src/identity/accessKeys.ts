/**
 * @module identity/accessKeys
 * IAM users' access keys: at most two per user, Active or Inactive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html).
 */
import type { AccessKeyRecord } from "../storage/identityPort.ts";
import { IamError, validationError } from "./iamError.ts";
import { newId, newSecret } from "./iamIds.ts";
import { isoSeconds, requireEntity, type IamScope } from "./iamScope.ts";

/** @public The most access keys an IAM user may have. */
export const MAX_ACCESS_KEYS = 2;

/** @public IAM's answer when a user already has {@link MAX_ACCESS_KEYS} keys. */
export function accessKeyQuotaError(): IamError {
  return new IamError("LimitExceeded", `Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS}`);
}

/** @public CreateAccessKey. */
export function createAccessKey(scope: IamScope, userName: string): AccessKeyRecord {
  return scope.store.transaction(() => {
    const user = requireEntity(scope, "user", userName);
    if (scope.store.listAccessKeys(scope.accountId, user.name).length >= MAX_ACCESS_KEYS) throw accessKeyQuotaError();
    const key: AccessKeyRecord = {
      accessKeyId: newId(scope.random, "AKIA"),
      secretAccessKey: newSecret(scope.random),
      accountId: scope.accountId,
      userName: user.name,
      status: "Active",
      createDate: isoSeconds(scope.now),
    };
    scope.store.putAccessKey(key);
    return key;
  });
}

function requireKey(scope: IamScope, userName: string, accessKeyId: string): AccessKeyRecord {
  const user = requireEntity(scope, "user", userName);
  const key = scope.store.getAccessKey(accessKeyId);
  if (key === undefined || key.accountId !== scope.accountId || key.userName.toLowerCase() !== user.name.toLowerCase()) {
    throw new IamError("NoSuchEntity", `The Access Key with id ${accessKeyId} cannot be found.`);
  }
  return key;
}

/** @public UpdateAccessKey. */
export function updateAccessKey(scope: IamScope, userName: string, accessKeyId: string, status: string | undefined): void {
  if (status !== "Active" && status !== "Inactive") throw validationError("status", status ?? "null", "Member must satisfy enum value set: [Active, Inactive]");
  scope.store.transaction(() => {
    scope.store.putAccessKey({ ...requireKey(scope, userName, accessKeyId), status });
  });
}

/** @public DeleteAccessKey. */
export function deleteAccessKey(scope: IamScope, userName: string, accessKeyId: string): void {
  scope.store.transaction(() => {
    requireKey(scope, userName, accessKeyId);
    scope.store.deleteAccessKey(accessKeyId);
  });
}

/** @public ListAccessKeys. */
export function listAccessKeys(scope: IamScope, userName: string): AccessKeyRecord[] {
  const user = requireEntity(scope, "user", userName);
  return scope.store.listAccessKeys(scope.accountId, user.name);
}

/**
 * @public Stores an access key with a fixed ID and secret, as the world file declares them (IAM itself
 * only generates keys). Idempotent: the same key for the same user is updated in place (secret,
 * status), keeping its creation date. Fails with LimitExceeded when the user would have more than
 * {@link MAX_ACCESS_KEYS} keys, and with EntityAlreadyExists when the ID belongs to another user.
 */
export function putFixedAccessKey(scope: IamScope, userName: string, key: Pick<AccessKeyRecord, "accessKeyId" | "secretAccessKey" | "status">): AccessKeyRecord {
  return scope.store.transaction(() => {
    const user = requireEntity(scope, "user", userName);
    const existing = scope.store.getAccessKey(key.accessKeyId);
    if (existing !== undefined && (existing.accountId !== scope.accountId || existing.userName.toLowerCase() !== user.name.toLowerCase())) {
      throw new IamError("EntityAlreadyExists", `The access key ${key.accessKeyId} already belongs to user ${existing.userName} of account ${existing.accountId}.`);
    }
    if (existing === undefined && scope.store.listAccessKeys(scope.accountId, user.name).length >= MAX_ACCESS_KEYS) throw accessKeyQuotaError();
    const record: AccessKeyRecord = {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      accountId: scope.accountId,
      userName: user.name,
      status: key.status,
      createDate: existing?.createDate ?? isoSeconds(scope.now),
    };
    if (existing === undefined || existing.secretAccessKey !== record.secretAccessKey || existing.status !== record.status) scope.store.putAccessKey(record);
    return record;
  });
}
