/**
 * @module protocol/organizations/jsonProtocol
 * The AWS JSON 1.1 protocol as AWS Organizations speaks it: `POST /` with `X-Amz-Target:
 * AWSOrganizationsV20161128.<Operation>` and a JSON body; answers `application/x-amz-json-1.1`; errors
 * as `{"__type": "<Exception>", "Message": "…"}` (plus `Reason` for some), HTTP 400 for client errors.
 * Authentication failures use the JSON services' common exceptions (`UnrecognizedClientException`,
 * `InvalidSignatureException`, `ExpiredTokenException`, …) with a lower-case `message`, as AWS's front end does.
 */
import { IamError } from "../../identity/iamError.ts";
import { OrgError } from "../../identity/orgError.ts";
import type { HttpRequest, HttpResponse } from "../http.ts";
import type { QueryRequest } from "../iam/queryRequest.ts";

/** @public The JSON content type of the protocol. */
export const JSON_11 = "application/x-amz-json-1.1";

const MAX_BODY = 1024 * 1024;

/** @public A read JSON 1.1 request: the target operation, the raw body (for the signature) and its SigV4 view. */
export interface JsonRequest extends QueryRequest {
  /** `X-Amz-Target`, e.g. `AWSOrganizationsV20161128.ListRoots`, if sent. */
  readonly target: string | undefined;
}

/** @public An error of the protocol layer itself (bad body, unknown operation). */
export class JsonProtocolError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "JsonProtocolError";
  }
}

/** @public Reads the body and the target header. */
export async function readJsonRequest(http: HttpRequest, raw: { rawPath: string; rawQuery: string }): Promise<JsonRequest> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const c of http.body) {
    size += c.length;
    if (size > MAX_BODY) throw new JsonProtocolError("SerializationException", "Request body too large.");
    chunks.push(c);
  }
  const headers: [string, string][] = [];
  let target: string | undefined;
  for (let i = 0; i + 1 < http.rawHeaders.length; i += 2) {
    const name = http.rawHeaders[i] as string;
    const value = http.rawHeaders[i + 1] as string;
    headers.push([name, value]);
    if (name.toLowerCase() === "x-amz-target") target = value.trim();
  }
  return { params: new Map(), body: Buffer.concat(chunks), target, sigv4: { method: http.method, rawPath: raw.rawPath, rawQuery: raw.rawQuery, headers } };
}

/** @public A JSON object, as the body of a request. */
export type JsonInput = Readonly<Record<string, unknown>>;

/** @public Parses the body: empty means `{}`; anything but a JSON object is a SerializationException. */
export function parseJsonBody(body: Uint8Array): JsonInput {
  const text = Buffer.from(body).toString("utf8").trim();
  if (text === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new JsonProtocolError("SerializationException", "Unexpected character found in the request payload.");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new JsonProtocolError("SerializationException", "Start of structure or map found where not expected.");
  return v as JsonInput;
}

/** @public A string member (SerializationException when it has another JSON type). */
export function strMember(input: JsonInput, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new JsonProtocolError("SerializationException", `Unexpected value type in payload for ${name}.`);
  return v;
}

/** @public An integer member. */
export function intMember(input: JsonInput, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new JsonProtocolError("SerializationException", `Unexpected value type in payload for ${name}.`);
  return v;
}

/** @public A list of strings. */
export function strListMember(input: JsonInput, name: string): string[] | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new JsonProtocolError("SerializationException", `Unexpected value type in payload for ${name}.`);
  return v as string[];
}

/** @public A `Tags` list of `{Key, Value}`. */
export function tagsMember(input: JsonInput, name = "Tags"): { key: string; value: string }[] {
  const v = input[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new JsonProtocolError("SerializationException", `Unexpected value type in payload for ${name}.`);
  return v.map((t: unknown) => {
    const o = (typeof t === "object" && t !== null ? t : {}) as Record<string, unknown>;
    if (typeof o["Key"] !== "string" || typeof o["Value"] !== "string") throw new JsonProtocolError("SerializationException", `Unexpected value type in payload for ${name}.`);
    return { key: o["Key"], value: o["Value"] };
  });
}

/** @public A successful answer. */
export function jsonResponse(body: unknown): HttpResponse {
  return { status: 200, headers: { "content-type": JSON_11 }, body: JSON.stringify(body ?? {}) };
}

const AUTH_TYPES: Readonly<Record<string, string>> = {
  InvalidClientTokenId: "UnrecognizedClientException",
  SignatureDoesNotMatch: "InvalidSignatureException",
  IncompleteSignature: "IncompleteSignatureException",
  MissingAuthenticationToken: "MissingAuthenticationTokenException",
  ExpiredToken: "ExpiredTokenException",
  ValidationError: "SerializationException",
};

/** @public Turns a thrown value into the JSON error answer; anything unexpected is a ServiceException (logged by `onInternal`). */
export function jsonError(e: unknown, onInternal: (e: unknown) => void): HttpResponse {
  const answer = (status: number, body: Record<string, string>): HttpResponse => ({ status, headers: { "content-type": JSON_11, "x-amzn-errortype": body["__type"] ?? "" }, body: JSON.stringify(body) });
  if (e instanceof OrgError) return answer(e.status, { __type: e.code, Message: e.message, ...(e.reason !== undefined ? { Reason: e.reason } : {}) });
  if (e instanceof JsonProtocolError) return answer(e.status, e.type === "UnknownOperationException" ? { __type: e.type } : { __type: e.type, Message: e.message });
  if (e instanceof IamError) {
    const type = AUTH_TYPES[e.code];
    if (type !== undefined) return answer(400, { __type: type, message: e.message });
  }
  onInternal(e);
  return answer(500, { __type: "ServiceException", Message: "AWS Organizations can't complete your request because of an internal service error. Try again later." });
}
