/**
 * @module identity/principals
 * Builds the {@link Principal} of an IAM user or an STS session with every field the policy language
 * reads (spec §1.6, §8.3, §10.3): ARN, `aws:PrincipalArn`, `aws:userid`, username, unique ID, tags.
 */
import type { Principal } from "../kernel/principal.ts";
import type { IamRoleRecord, IamUserRecord, SessionRecord } from "../storage/identityPort.ts";
import type { Account } from "./accounts.ts";
import { rootPrincipal } from "./accounts.ts";
import { entityArn } from "./iamNames.ts";
import { mergeTags, tagRecord } from "./iamTags.ts";

/** @public An IAM user as a principal. */
export function userPrincipal(account: Account, user: IamUserRecord): Principal {
  const arn = entityArn(account.id, "user", user.path, user.name);
  return {
    kind: "user",
    accountId: account.id,
    arn,
    principalArn: arn,
    userId: user.id,
    username: user.name,
    uniqueId: user.id,
    canonicalUserId: account.canonicalUserId,
    tags: tagRecord(user.tags),
  };
}

/** @public The session ARN of a role session: `arn:aws:sts::A:assumed-role/Role/Session` (no path). */
export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/**
 * @public The principal of an STS session: a role session (role tags overridden by session tags), or
 * the user or root that called GetSessionToken. `role`/`user` are the current records, if they still exist.
 */
export function sessionPrincipal(account: Account, session: SessionRecord, current: { role?: IamRoleRecord | undefined; user?: IamUserRecord | undefined }): Principal | undefined {
  const s = session.subject;
  if (s.kind === "root") return rootPrincipal(account);
  if (s.kind === "user") return current.user !== undefined ? userPrincipal(account, current.user) : undefined;
  const roleTags = current.role !== undefined && current.role.id === s.roleId ? current.role.tags : [];
  return {
    kind: "assumed-role",
    accountId: account.id,
    arn: assumedRoleArn(account.id, s.roleName, s.sessionName),
    principalArn: entityArn(account.id, "role", s.rolePath, s.roleName),
    userId: `${s.roleId}:${s.sessionName}`,
    uniqueId: s.roleId,
    canonicalUserId: account.canonicalUserId,
    tags: tagRecord(mergeTags(roleTags, session.tags)),
  };
}
