// The client commands' signer, checked by the server's own verifier (src/sigv4) and against the SDK's signer.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { prepareHeaderAuth } from "../sigv4/prepareAuth.ts";
import type { SigV4Request } from "../sigv4/request.ts";
import { verifySignature } from "../sigv4/verifySignature.ts";
import { signRequest } from "./sign.ts";
import { nodeSigV4Crypto as nodeCrypto } from "../platform/nodeSigV4Crypto.ts";

const credentials = { accessKeyId: "AKIAALPHA00000000001", secretAccessKey: "alphaSecretKey0000000000000000000000000001" };
const now = new Date(Date.UTC(2026, 10, 22, 12, 0, 0));

function asReceived(method: string, url: URL, headers: Record<string, string>): SigV4Request {
  return { method, rawPath: url.pathname, rawQuery: url.search.replace(/^\?/, ""), headers: Object.entries(headers) };
}

describe("signRequest", () => {
  it("produces a signature the server's verifier accepts (GET with a query, POST with a body, session token)", () => {
    const cases = [
      { method: "GET", url: new URL("http://127.0.0.1:9000/_crossbucket/decisions/ABC123?format=text"), creds: credentials },
      { method: "POST", url: new URL("http://127.0.0.1:9000/_crossbucket/simulate"), body: '{"as":"111111111111"}', creds: { ...credentials, sessionToken: "token/with+chars=" } },
    ];
    for (const c of cases) {
      const headers = signRequest({ method: c.method, url: c.url, ...(c.body !== undefined ? { body: c.body } : {}) }, c.creds, "us-east-1", now);
      const request = asReceived(c.method, c.url, headers);
      const prepared = prepareHeaderAuth(request, { now, region: "us-east-1" });
      assert.ok(prepared.ok, JSON.stringify(prepared));
      assert.equal(prepared.auth.accessKeyId, credentials.accessKeyId);
      assert.equal(prepared.auth.payloadHash, createHash("sha256").update(c.body ?? "").digest("hex"));
      const verified = verifySignature(request, prepared.auth, { secretAccessKey: credentials.secretAccessKey }, nodeCrypto);
      assert.ok(verified.ok, JSON.stringify(verified));
    }
  });

  it("is rejected by the verifier when the request is changed after signing", () => {
    const url = new URL("http://127.0.0.1:9000/_crossbucket/decisions/ABC123");
    const headers = signRequest({ method: "GET", url }, credentials, "us-east-1", now);
    const tampered = asReceived("GET", new URL("http://127.0.0.1:9000/_crossbucket/decisions/OTHER"), headers);
    const prepared = prepareHeaderAuth(tampered, { now, region: "us-east-1" });
    assert.ok(prepared.ok);
    const verified = verifySignature(tampered, prepared.auth, { secretAccessKey: credentials.secretAccessKey }, nodeCrypto);
    assert.equal(verified.ok, false);
  });

  it("signs exactly as the AWS SDK's signer does for the same request", async () => {
    const url = new URL("http://127.0.0.1:9000/_crossbucket/decisions/ABC123?format=json");
    const ours = signRequest({ method: "GET", url }, credentials, "us-east-1", now);
    // The SDK builds HMACs as `new sha256(secret)`.
    type Data = string | ArrayBuffer | ArrayBufferView;
    const bytes = (d: Data): string | Uint8Array => (typeof d === "string" ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
    const sha256 = class {
      #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
      constructor(secret?: Data) {
        this.#h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
      }
      update(d: Data): void {
        this.#h.update(bytes(d));
      }
      digest(): Promise<Uint8Array> {
        return Promise.resolve(new Uint8Array(this.#h.digest()));
      }
    };
    const sdk = new SignatureV4({ service: "s3", region: "us-east-1", credentials, sha256, uriEscapePath: false, applyChecksum: false });
    const signed = await sdk.sign(
      { method: "GET", protocol: "http:", hostname: "127.0.0.1", port: 9000, path: url.pathname, query: { format: "json" }, headers: { host: url.host, "x-amz-content-sha256": ours["x-amz-content-sha256"] as string } },
      { signingDate: now },
    );
    const sig = (h: string | undefined): string | undefined => /Signature=([0-9a-f]{64})/.exec(h ?? "")?.[1];
    assert.equal(sig(ours["authorization"]), sig(String(signed.headers["authorization"])));
  });
});
