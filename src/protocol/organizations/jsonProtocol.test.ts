/**
 * The Organizations JSON 1.1 layer: error documents (service errors with `Message` and `Reason`,
 * authentication errors as the JSON services' common exceptions, unexpected failures as
 * ServiceException), body parsing, and the paging of List operations.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IamError } from "../../identity/iamError.ts";
import { OrgError } from "../../identity/orgError.ts";
import { JsonProtocolError, jsonError, parseJsonBody } from "./jsonProtocol.ts";
import { epoch, page } from "./orgShapes.ts";

const body = (r: { body?: unknown }): unknown => JSON.parse(String(r.body));

describe("error documents", () => {
  it("answers service errors with HTTP 400, __type, Message and Reason", () => {
    const r = jsonError(new OrgError("ConstraintViolationException", "You have exceeded the maximum policy size.", "POLICY_CONTENT_LIMIT_EXCEEDED"), () => assert.fail());
    assert.equal(r.status, 400);
    assert.equal(r.headers["content-type"], "application/x-amz-json-1.1");
    assert.deepEqual(body(r), { __type: "ConstraintViolationException", Message: "You have exceeded the maximum policy size.", Reason: "POLICY_CONTENT_LIMIT_EXCEEDED" });
  });

  it("maps authentication failures to the JSON services' exceptions", () => {
    const cases: [IamError, string][] = [
      [new IamError("InvalidClientTokenId", "The security token included in the request is invalid."), "UnrecognizedClientException"],
      [new IamError("SignatureDoesNotMatch", "x"), "InvalidSignatureException"],
      [new IamError("ExpiredToken", "The security token included in the request is expired"), "ExpiredTokenException"],
      [new IamError("MissingAuthenticationToken", "Request is missing Authentication Token"), "MissingAuthenticationTokenException"],
    ];
    for (const [e, type] of cases) {
      const r = jsonError(e, () => assert.fail());
      assert.deepEqual([r.status, body(r)], [400, { __type: type, message: e.message }]);
    }
  });

  it("logs anything unexpected and answers ServiceException with HTTP 500", () => {
    const seen: unknown[] = [];
    const r = jsonError(new TypeError("boom"), (e) => seen.push(e));
    assert.equal(r.status, 500);
    assert.equal((body(r) as { __type: string }).__type, "ServiceException");
    assert.equal(seen.length, 1);
  });

  it("answers UnknownOperationException without a message", () => {
    assert.deepEqual(body(jsonError(new JsonProtocolError("UnknownOperationException", ""), () => assert.fail())), { __type: "UnknownOperationException" });
  });
});

describe("request bodies", () => {
  it("reads an empty body as {} and refuses anything but a JSON object", () => {
    assert.deepEqual(parseJsonBody(new Uint8Array()), {});
    assert.deepEqual(parseJsonBody(Buffer.from('{"RootId":"r-abcd"}')), { RootId: "r-abcd" });
    for (const bad of ["[1]", "nope", '"text"', "null"]) assert.throws(() => parseJsonBody(Buffer.from(bad)), JsonProtocolError);
  });
});

describe("paging", () => {
  const items = Array.from({ length: 45 }, (_, i) => i);

  it("pages by 20 by default, with a NextToken until the last page", () => {
    const p1 = page(items, "ListAccounts", undefined, undefined);
    assert.deepEqual([p1.items.length, p1.items[0]], [20, 0]);
    const p2 = page(items, "ListAccounts", undefined, p1.nextToken);
    const p3 = page(items, "ListAccounts", undefined, p2.nextToken);
    assert.deepEqual([p2.items[0], p3.items.length, p3.nextToken], [20, 5, undefined]);
  });

  it("honours MaxResults 1..20 and refuses other values and foreign tokens with InvalidInputException", () => {
    assert.equal(page(items, "ListAccounts", 7, undefined).items.length, 7);
    for (const m of [0, 21]) assert.throws(() => page(items, "ListAccounts", m, undefined), (e: unknown) => e instanceof OrgError && e.code === "InvalidInputException");
    const token = page(items, "ListAccounts", 5, undefined).nextToken;
    assert.throws(() => page(items, "ListPolicies", 5, token), (e: unknown) => e instanceof OrgError && e.reason === "INVALID_NEXT_TOKEN");
    assert.throws(() => page(items, "ListAccounts", 5, "garbage"), (e: unknown) => e instanceof OrgError && e.reason === "INVALID_NEXT_TOKEN");
  });

  it("sends timestamps as epoch seconds", () => {
    assert.equal(epoch("2026-06-01T10:00:00Z"), 1780308000);
  });
});
