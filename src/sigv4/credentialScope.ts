/**
 * @module sigv4/credentialScope
 * The credential `AKID/YYYYMMDD/region/service/aws4_request` of both header and query authentication,
 * and the checks S3 applies to its scope. Messages follow S3's, with the prefix that depends on where
 * the credential came from ("The authorization header is malformed; " or "Error parsing the
 * X-Amz-Credential parameter; ").
 */
import type { SigV4ErrorCode, SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";

/** @public The scope part of a credential. */
export interface CredentialScope {
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

/** @public A parsed credential. */
export interface Credential {
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
}

/** @public Where a credential was read from: decides S3's error code and message prefix. */
export interface CredentialSource {
  readonly code: SigV4ErrorCode;
  readonly prefix: string;
}

/** @public Credential source of the `Authorization` header. */
export const HEADER_SOURCE: CredentialSource = { code: "AuthorizationHeaderMalformed", prefix: "The authorization header is malformed; " };
/** @public Credential source of the `X-Amz-Credential` query parameter. */
export const QUERY_SOURCE: CredentialSource = { code: "AuthorizationQueryParametersError", prefix: "Error parsing the X-Amz-Credential parameter; " };

/** @public What the server expects in a scope; `region` undefined accepts any region. */
export interface ScopeExpectation {
  readonly region?: string;
  readonly service: string;
}

/** @public `date/region/service/aws4_request`, the scope line of the string to sign. */
export function scopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/${scope.terminator}`;
}

/** @public Parses and checks a credential string. */
export function parseCredential(value: string, source: CredentialSource, expect: ScopeExpectation): SigV4Result<{ credential: Credential }> {
  const parts = value.split("/");
  const [accessKeyId, date, region, service, terminator] = parts;
  if (parts.length !== 5 || !accessKeyId || !date || !region || !service || !terminator || !/^\d{8}$/.test(date)) {
    return fail(source.code, `${source.prefix}the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  }
  if (expect.region !== undefined && region !== expect.region) {
    return fail(source.code, `${source.prefix}the region '${region}' is wrong; expecting '${expect.region}'`, [["Region", expect.region]]);
  }
  if (service !== expect.service) {
    return fail(source.code, `${source.prefix}incorrect service "${service}". This endpoint belongs to "${expect.service}".`);
  }
  if (terminator !== "aws4_request") {
    return fail(source.code, `${source.prefix}incorrect terminal "${terminator}". This endpoint uses "aws4_request".`);
  }
  return { ok: true, credential: { accessKeyId, scope: { date, region, service, terminator } } };
}

/** @public Checks that the scope date is the day of the request timestamp. */
export function checkScopeDate(scope: CredentialScope, amzDate: string, source: CredentialSource): SigV4Result<object> {
  if (scope.date !== amzDate.slice(0, 8)) {
    return fail(source.code, `${source.prefix}Invalid credential date. Date is not the same as X-Amz-Date.`);
  }
  return { ok: true };
}
