/**
 * @module protocol/organizations/organizationsEndpoint
 * The AWS Organizations endpoint (credential scope service `organizations`, JSON 1.1): authenticate
 * with the same SigV4 code as IAM and STS, authorize the caller's IAM action `organizations:<Op>`
 * on each of the operation's resources (identity policies and SCPs; root users within SCPs), then
 * the organization rules (the caller's account must be in an organization, most operations only from
 * its management account), and run the operation. Every denial answers AccessDeniedException "You
 * don't have permissions to access this resource.", as AWS Organizations does.
 */
import { decideIdentity } from "../../identity/identityDecision.ts";
import { ORG_MESSAGES, OrgError } from "../../identity/orgError.ts";
import { organizationOfAccount } from "../../identity/orgModel.ts";
import { isDelegatedAdministrator } from "../../identity/orgDelegation.ts";
import { authenticateQuery } from "../iam/queryRequest.ts";
import type { QueryEndpointDeps } from "../iam/iamEndpoint.ts";
import type { ServiceEndpoint } from "../pipeline.ts";
import { ORG_ACTIONS, type MemberCall, type OrgCall } from "./orgActions.ts";
import { JsonProtocolError, jsonError, jsonResponse, parseJsonBody, readJsonRequest } from "./jsonProtocol.ts";

/** @public The target prefix of Organizations operations. */
export const ORGANIZATIONS_TARGET = "AWSOrganizationsV20161128.";

/** @public What the endpoint needs: the same as the Query endpoints (unexpected failures answer ServiceException). */
export type OrganizationsEndpointDeps = QueryEndpointDeps;

/** @public Builds the Organizations endpoint. */
export function createOrganizationsEndpoint(deps: OrganizationsEndpointDeps): ServiceEndpoint {
  return async (http, ctx) => {
    try {
      const req = await readJsonRequest(http, ctx);
      const now = deps.clock.now();
      const caller = authenticateQuery(req, "organizations", deps.identity, now);
      const name = req.target?.startsWith(ORGANIZATIONS_TARGET) === true ? req.target.slice(ORGANIZATIONS_TARGET.length) : "";
      const action = ORG_ACTIONS[name];
      if (action === undefined) throw new JsonProtocolError("UnknownOperationException", "");
      const input = parseJsonBody(req.body);
      const store = deps.identity.store;
      const accountId = caller.principal.accountId ?? "";
      const call: OrgCall = { scope: { store, accounts: deps.identity, now, random: deps.random }, input, caller, accountId, org: organizationOfAccount(store, accountId) };
      const context = action.context?.(call) ?? {};
      for (const resource of action.resources?.(call) ?? ["*"]) {
        if (!decideIdentity(store, caller.principal, caller.session, `organizations:${name}`, resource, context).allowed) {
          throw new OrgError("AccessDeniedException", ORG_MESSAGES.accessDenied);
        }
      }
      if (action.access === "any") return jsonResponse(action.run(call));
      const org = call.org;
      if (org === undefined) throw new OrgError("AWSOrganizationsNotInUseException", ORG_MESSAGES.notInUse);
      if (action.access === "management" && accountId !== org.managementAccountId) throw new OrgError("AccessDeniedException", ORG_MESSAGES.accessDenied);
      if (action.access === "delegated" && accountId !== org.managementAccountId && !isDelegatedAdministrator(org, accountId)) throw new OrgError("AccessDeniedException", ORG_MESSAGES.accessDenied);
      const member: MemberCall = { ...call, org };
      return jsonResponse(action.run(member));
    } catch (e) {
      return jsonError(e, (err) => deps.onInternalError?.(err));
    }
  };
}
