/**
 * @module protocol/sts/stsEndpoint
 * The STS Query endpoint (credential scope service `sts`): GetCallerIdentity (needs no permission),
 * AssumeRole and GetSessionToken, in STS's XML namespace.
 */
import type { Principal } from "../../kernel/principal.ts";
import { IamError } from "../../identity/iamError.ts";
import { assumeRole, getSessionToken, packedPolicySize } from "../../identity/sts.ts";
import type { SessionRecord } from "../../storage/identityPort.ts";
import type { ServiceEndpoint } from "../pipeline.ts";
import { queryEndpoint, type QueryEndpointDeps } from "../iam/iamEndpoint.ts";
import { intParam, memberList, tagList } from "../iam/queryRequest.ts";
import { queryResponse, type XmlFields } from "../iam/queryXml.ts";

/** @public The STS XML namespace. */
export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

function credentialsXml(s: SessionRecord): XmlFields {
  return [["AccessKeyId", s.accessKeyId], ["SecretAccessKey", s.secretAccessKey], ["SessionToken", s.sessionToken], ["Expiration", s.expiration]];
}

function callerIdentity(p: Principal): XmlFields {
  return [["UserId", p.userId], ["Account", p.accountId], ["Arn", p.arn]];
}

/** @public Builds the STS endpoint. */
export function createStsEndpoint(deps: QueryEndpointDeps): ServiceEndpoint {
  return queryEndpoint("sts", STS_NAMESPACE, deps, (req, caller, now, requestId) => {
    const action = req.params.get("Action") ?? "";
    const scope = { store: deps.identity.store, accountId: caller.principal.accountId ?? "", now, random: deps.random };
    const params = req.params;
    switch (action) {
      case "GetCallerIdentity":
        return queryResponse(action, STS_NAMESPACE, requestId, callerIdentity(caller.principal));
      case "AssumeRole": {
        const r = assumeRole(scope, caller, {
          roleArn: params.get("RoleArn"),
          roleSessionName: params.get("RoleSessionName"),
          durationSeconds: intParam(params, "DurationSeconds"),
          externalId: params.get("ExternalId"),
          policy: params.get("Policy"),
          policyArns: memberList(params, "PolicyArns").map((m) => m.get("arn") ?? ""),
          tags: tagList(params),
          sourceIdentity: params.get("SourceIdentity"),
        });
        return queryResponse(action, STS_NAMESPACE, requestId, [
          ["Credentials", credentialsXml(r.session)],
          ["AssumedRoleUser", [["AssumedRoleId", r.assumedRoleId], ["Arn", r.arn]]],
          ["PackedPolicySize", packedPolicySize(r.session)],
          ["SourceIdentity", r.session.sourceIdentity],
        ]);
      }
      case "GetSessionToken":
        return queryResponse(action, STS_NAMESPACE, requestId, [["Credentials", credentialsXml(getSessionToken(scope, caller, intParam(params, "DurationSeconds")))]]);
      default:
        throw new IamError("InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? "NO_VERSION_SPECIFIED"}`);
    }
  });
}
