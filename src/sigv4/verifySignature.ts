/**
 * @module sigv4/verifySignature
 * Recomputes a request's SigV4 signature and compares it in constant time. On a mismatch the failure
 * carries the fields S3 returns with SignatureDoesNotMatch, so a client can diff its own computation:
 * AWSAccessKeyId, StringToSign, SignatureProvided, StringToSignBytes, CanonicalRequest, CanonicalRequestBytes.
 */
import { canonicalRequest } from "./canonicalRequest.ts";
import { scopeString } from "./credentialScope.ts";
import type { SigV4Crypto } from "./crypto.ts";
import type { SigV4Result } from "./failure.ts";
import { fail } from "./failure.ts";
import { constantTimeEqual, spacedHex } from "./hex.ts";
import type { PreparedAuth } from "./prepareAuth.ts";
import type { SigV4Request } from "./request.ts";
import { deriveSigningKey, sign, stringToSign } from "./signingKey.ts";

/** @public The key to verify with: the secret, or a signing key the caller memoised for this scope. */
export type VerificationKey = { readonly secretAccessKey: string } | { readonly signingKey: Uint8Array };

/** @public A verified request: the seed signature and signing key continue into aws-chunked bodies. */
export interface VerifiedSignature {
  readonly seedSignature: string;
  readonly signingKey: Uint8Array;
  readonly scope: string;
  readonly amzDate: string;
}

/** @public Verifies the signature of a prepared header-authenticated or presigned request. */
export function verifySignature(
  request: SigV4Request,
  auth: PreparedAuth,
  key: VerificationKey,
  crypto: SigV4Crypto,
): SigV4Result<{ verified: VerifiedSignature }> {
  const canonical = canonicalRequest(request, {
    signedHeaders: auth.signedHeaders,
    payloadHash: auth.payloadHash,
    ...(auth.authType === "REST-QUERY-STRING" ? { omitQuery: ["X-Amz-Signature"] } : {}),
  });
  const scope = scopeString(auth.scope);
  const toSign = stringToSign(crypto, auth.amzDate, scope, canonical);
  const signingKey =
    "signingKey" in key ? key.signingKey : deriveSigningKey(crypto, key.secretAccessKey, auth.scope.date, auth.scope.region, auth.scope.service);
  const expected = sign(crypto, signingKey, toSign);
  if (constantTimeEqual(expected, auth.signature)) {
    return { ok: true, verified: { seedSignature: expected, signingKey, scope, amzDate: auth.amzDate } };
  }
  return fail(
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    [
      ["AWSAccessKeyId", auth.accessKeyId],
      ["StringToSign", toSign],
      ["SignatureProvided", auth.signature],
      ["StringToSignBytes", spacedHex(toSign)],
      ["CanonicalRequest", canonical],
      ["CanonicalRequestBytes", spacedHex(canonical)],
    ],
  );
}

/** @public {@link verifySignature} under the name the header path reads best with. */
export const verifyHeaderSignature = verifySignature;
/** @public {@link verifySignature} under the name the presigned path reads best with. */
export const verifyPresignedSignature = verifySignature;
