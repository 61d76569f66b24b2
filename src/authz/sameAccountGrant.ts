/**
 * @module authz/sameAccountGrant
 * Whether a same-account resource-policy Allow stands on its own, without an identity-policy allow
 * (spec §2.3, §2.4, §12.13), from how the deciding statements named the requester:
 * - the user's ARN, the session's ARN, the federated user's ARN, or `"*"`: stands alone;
 * - the role's ARN (or unique ID): stands alone within the permissions boundary and session policies;
 * - the account (ID, root ARN, canonical ID): only the root user, whose user context allows anyway.
 *   UNCONFIRMED (spec A3): IAM principals of the account still need an identity allow.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { Principal } from "../kernel/principal.ts";
import type { StatementRef } from "../policy/index.ts";

/** @internal True when one of the allowing statements grants on its own. */
export function standsAlone(allowing: readonly StatementRef[], p: Principal, boundaryOk: boolean, sessionOk: boolean): boolean {
  for (const ref of allowing) {
    switch (ref.principalMatch) {
      case undefined: // NotPrincipal that does not exempt the requester: like "*"
      case "everyone":
      case "user":
      case "assumed-role":
      case "federated-user":
        return true;
      case "role":
        if (boundaryOk && sessionOk) return true;
        break;
      case "unique-id":
        if (p.kind === "user" || (boundaryOk && sessionOk)) return true;
        break;
      case "account":
      case "canonical-user":
        if (p.kind === "root") return true;
        break;
      case "service":
      case "federated":
        break;
    }
  }
  return false;
}
