/**
 * @module protocol/iam/queryRequest
 * Reading a Query-protocol request (IAM, STS): the form-encoded body (and query string) as
 * parameters, `member.N` lists, and SigV4 authentication with the same src/sigv4 functions the S3
 * stage uses, answering with the Query protocol's error codes.
 */
import { createHash } from "node:crypto";
import type { IdentityDirectory, Caller } from "../../identity/credentials.ts";
import { IamError } from "../../identity/iamError.ts";
import type { IamTag } from "../../storage/identityPort.ts";
import { prepareHeaderAuth, preparePresignedAuth } from "../../sigv4/prepareAuth.ts";
import { isPresignedQuery } from "../../sigv4/presignedQuery.ts";
import type { SigV4Request } from "../../sigv4/request.ts";
import { verifySignature } from "../../sigv4/verifySignature.ts";
import type { HttpRequest } from "../http.ts";
import { nodeSigV4Crypto } from "../../platform/nodeSigV4Crypto.ts";

const MAX_BODY = 1024 * 1024;

/** @public A decoded Query request. */
export interface QueryRequest {
  readonly params: ReadonlyMap<string, string>;
  readonly body: Uint8Array;
  readonly sigv4: SigV4Request;
}

/** @public Reads the body and decodes the parameters of the body and the query string. */
export async function readQueryRequest(http: HttpRequest, raw: { rawPath: string; rawQuery: string }): Promise<QueryRequest> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const c of http.body) {
    size += c.length;
    if (size > MAX_BODY) throw new IamError("ValidationError", "Request body too large.");
    chunks.push(c);
  }
  const body = Buffer.concat(chunks);
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(raw.rawQuery)) params.set(k, v);
  for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.set(k, v);
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < http.rawHeaders.length; i += 2) headers.push([http.rawHeaders[i] as string, http.rawHeaders[i + 1] as string]);
  return { params, body, sigv4: { method: http.method, rawPath: raw.rawPath, rawQuery: raw.rawQuery, headers } };
}

/** @public Authenticates a Query request for `service`; throws the IamError AWS would answer with. */
export function authenticateQuery(req: QueryRequest, service: string, identity: IdentityDirectory, now: Date): Caller {
  const bodyHash = createHash("sha256").update(req.body).digest("hex");
  const hasHeader = req.sigv4.headers.some(([n]) => n.toLowerCase() === "authorization");
  const declared = req.sigv4.headers.find(([n]) => n.toLowerCase() === "x-amz-content-sha256")?.[1];
  if (declared !== undefined && declared.trim() !== bodyHash && hasHeader) {
    throw new IamError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
  }
  // The S3 checks need x-amz-content-sha256; Query clients sign the body hash without sending it.
  const request: SigV4Request = declared === undefined ? { ...req.sigv4, headers: [...req.sigv4.headers, ["x-amz-content-sha256", bodyHash]] } : req.sigv4;
  if (!hasHeader && !isPresignedQuery(req.sigv4.rawQuery)) throw new IamError("MissingAuthenticationToken", "Request is missing Authentication Token");
  const options = { now, service };
  const prepared = hasHeader ? prepareHeaderAuth(request, options) : preparePresignedAuth(request, options);
  if (!prepared.ok) {
    const code = prepared.code === "SignatureDoesNotMatch" ? "SignatureDoesNotMatch" : "IncompleteSignature";
    throw new IamError(code, prepared.message);
  }
  const auth = prepared.auth;
  const found = identity.resolve(auth.accessKeyId, now);
  if (found.kind === "unknown") throw new IamError("InvalidClientTokenId", "The security token included in the request is invalid.");
  if (found.kind === "expired") throw new IamError("ExpiredToken", "The security token included in the request is expired");
  if (found.sessionToken !== undefined && found.sessionToken !== auth.securityToken) {
    throw new IamError("InvalidClientTokenId", "The security token included in the request is invalid.");
  }
  const verified = verifySignature(request, auth, { secretAccessKey: found.secretAccessKey }, nodeSigV4Crypto);
  if (!verified.ok) {
    throw new IamError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
  }
  const session = found.sessionToken !== undefined ? identity.session(auth.accessKeyId) : undefined;
  return session !== undefined ? { principal: found.principal, session } : { principal: found.principal };
}

/** @public The items of a `Name.member.N[.Field]` list, in N order. */
export function memberList(params: ReadonlyMap<string, string>, name: string): Map<string, string>[] {
  const items = new Map<number, Map<string, string>>();
  const prefix = `${name}.member.`;
  for (const [k, v] of params) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const dot = rest.indexOf(".");
    const n = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(n)) continue;
    const item = items.get(n) ?? new Map<string, string>();
    item.set(dot < 0 ? "" : rest.slice(dot + 1), v);
    items.set(n, item);
  }
  return [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m);
}

/** @public `Tags.member.N.Key/Value` as tags. */
export function tagList(params: ReadonlyMap<string, string>, name = "Tags"): IamTag[] {
  return memberList(params, name).map((m) => ({ key: m.get("Key") ?? "", value: m.get("Value") ?? "" }));
}

/** @public `Name.member.N` as strings. */
export function stringList(params: ReadonlyMap<string, string>, name: string): string[] {
  return memberList(params, name).map((m) => m.get("") ?? "");
}

/** @public An integer parameter. */
export function intParam(params: ReadonlyMap<string, string>, name: string): number | undefined {
  const v = params.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n)) throw new IamError("ValidationError", `Invalid value for parameter ${name}: ${v}`);
  return n;
}
