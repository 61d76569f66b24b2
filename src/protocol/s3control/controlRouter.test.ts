import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { routeControl } from "./controlRouter.ts";
import { ControlError } from "./controlErrors.ts";

function codeOf(method: string, path: string): string | undefined {
  try {
    routeControl(method, path);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ControlError);
    return e.code;
  }
}

// Request URIs of the S3 Control API model (botocore s3control 2018-08-20).
describe("S3 Control routing", () => {
  it("names every served operation by method and path", () => {
    const cases: [string, string, string, string | undefined][] = [
      ["PUT", "/v20180820/configuration/publicAccessBlock", "PutPublicAccessBlock", undefined],
      ["GET", "/v20180820/configuration/publicAccessBlock", "GetPublicAccessBlock", undefined],
      ["DELETE", "/v20180820/configuration/publicAccessBlock", "DeletePublicAccessBlock", undefined],
      ["GET", "/v20180820/accesspoint", "ListAccessPoints", undefined],
      ["PUT", "/v20180820/accesspoint/ap1", "CreateAccessPoint", "ap1"],
      ["GET", "/v20180820/accesspoint/ap1", "GetAccessPoint", "ap1"],
      ["DELETE", "/v20180820/accesspoint/ap1", "DeleteAccessPoint", "ap1"],
      ["PUT", "/v20180820/accesspoint/ap1/policy", "PutAccessPointPolicy", "ap1"],
      ["GET", "/v20180820/accesspoint/ap1/policy", "GetAccessPointPolicy", "ap1"],
      ["DELETE", "/v20180820/accesspoint/ap1/policy", "DeleteAccessPointPolicy", "ap1"],
      ["GET", "/v20180820/accesspoint/ap1/policyStatus", "GetAccessPointPolicyStatus", "ap1"],
    ];
    for (const [method, path, operation, name] of cases) {
      assert.deepEqual(routeControl(method, path), name === undefined ? { operation } : { operation, name }, `${method} ${path}`);
    }
  });

  it("decodes the name segment once", () => {
    assert.deepEqual(routeControl("GET", "/v20180820/accesspoint/a%2Db"), { operation: "GetAccessPoint", name: "a-b" });
    assert.equal(codeOf("GET", "/v20180820/accesspoint/%E0%A4"), "InvalidURI");
  });

  it("answers MethodNotAllowed for a known path with another method", () => {
    assert.equal(codeOf("POST", "/v20180820/accesspoint/ap1"), "MethodNotAllowed");
    assert.equal(codeOf("PUT", "/v20180820/accesspoint"), "MethodNotAllowed");
    assert.equal(codeOf("PUT", "/v20180820/accesspoint/ap1/policyStatus"), "MethodNotAllowed");
  });

  it("answers NotImplemented for S3 Control operations crossbucket does not serve", () => {
    assert.equal(codeOf("GET", "/v20180820/jobs"), "NotImplemented");
    assert.equal(codeOf("GET", "/v20180820/storagelens"), "NotImplemented");
  });
});
