/**
 * @module sigv4/authorizationHeader
 * Parses the `Authorization` header of a SigV4 request:
 * `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=<hex>`.
 * Like S3 it accepts components separated by `,` with or without spaces, in any order. SigV2
 * (`AWS AKID:sig`) and SigV4a headers are recognised and refused with S3's message.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html
 */
import type { Credential, ScopeExpectation } from "./credentialScope.ts";
import { HEADER_SOURCE, parseCredential } from "./credentialScope.ts";
import type { SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";
import { ALGORITHM } from "./signingKey.ts";

/** @public A parsed SigV4 `Authorization` header. */
export interface ParsedAuthorization extends Credential {
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const MALFORMED = HEADER_SOURCE.prefix;

/** @public S3's answer to an authorization scheme it does not accept (SigV2 where SigV4 is required). */
export const UNSUPPORTED_MECHANISM = "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.";

/** @public Parses an `Authorization` header value. */
export function parseAuthorizationHeader(value: string, expect: ScopeExpectation = { service: "s3" }): SigV4Result<{ authorization: ParsedAuthorization }> {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  if (scheme === "AWS" || scheme === "AWS4-ECDSA-P256-SHA256") return fail("InvalidRequest", UNSUPPORTED_MECHANISM);
  if (scheme !== ALGORITHM) {
    return fail("InvalidArgument", "Unsupported Authorization Type", [["ArgumentName", "Authorization"], ["ArgumentValue", value]]);
  }
  const components = new Map<string, string>();
  for (const raw of trimmed.slice(scheme.length).split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return fail("AuthorizationHeaderMalformed", `${MALFORMED}the authorization component "${part}" is malformed.`);
    components.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = components.get("Credential");
  const signedHeaders = components.get("SignedHeaders");
  const signature = components.get("Signature");
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return fail(
      "AuthorizationHeaderMalformed",
      `${MALFORMED}the authorization header requires three components: Credential, SignedHeaders, and Signature.`,
    );
  }
  const parsed = parseCredential(credential, HEADER_SOURCE, expect);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    authorization: { ...parsed.credential, signedHeaders: signedHeaders.split(";").filter((h) => h !== ""), signature },
  };
}
