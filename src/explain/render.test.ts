// The plain-language form of an explanation: key phrases of each section.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { authorize } from "../authz/index.ts";
import { B, C, W, bucket, bucketPolicy, canonical, request, root } from "../authz/testing/world.ts";
import { explain } from "./explain.ts";
import { renderText } from "./render.ts";

const accountOf = (id: string): string | undefined => [B, W, C].find((a) => canonical(a) === id);
const writersMayPut = bucketPolicy({ Sid: "WritersMayPut", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${C}:root` }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bkt/*" });

describe("renderText", () => {
  const trap = request({ principal: root(B), op: "GetObject", target: bucket({ policy: writersMayPut, object: { owner: C } }), context: { "s3:authType": "REST-HEADER", "s3:signatureversion": "AWS4-HMAC-SHA256" } });
  const text = renderText(explain({ requestId: "REQ1", time: new Date(0), request: trap, result: authorize(trap), answeredWith: "AccessDenied", message: "Access Denied" }, { accountOf, status: 403, accessKeyId: "AKIAALPHA00000000001" }));

  it("starts with the request, the answer and the verdict", () => {
    const [first, answer, verdict] = text.split("\n");
    assert.equal(first, "Request REQ1 at 1970-01-01T00:00:00.000Z: GetObject");
    assert.equal(answer, 'Answer: 403 AccessDenied "Access Denied"');
    assert.match(verdict ?? "", /^Verdict: Denied \(no grant\): the root user of account 111111111111 may not s3:GetObject on arn:aws:s3:::bkt\/k: the object is owned by account 333333333333/);
  });

  it("says who asked and how it authenticated", () => {
    assert.match(text, /Who asked\n {2}the root user of account 111111111111 \(arn:aws:iam::111111111111:root\)\n {2}signed with access key AKIAALPHA00000000001 in the Authorization header \(s3:authType REST-HEADER\), AWS4-HMAC-SHA256/);
  });

  it("lists what was required, the resources and the object owner", () => {
    assert.match(text, /What was required\n {2}1\. s3:GetObject on arn:aws:s3:::bkt\/k — denied/);
    assert.match(text, /bucket bkt, owned by account 111111111111; Object Ownership ObjectWriter \(ACLs enabled\); bucket policy with 1 statement; Block Public Access off/);
    assert.match(text, /object k: owned by account 333333333333 — NOT the bucket owner/);
  });

  it("prints every layer in evaluation order and marks the decisive ones", () => {
    const section = text.slice(text.indexOf("Layers for s3:GetObject"));
    const order = ["identity policies", "permissions boundary", "session policy", "SCPs", "RCPs", "bucket policy", "access point policy", "object ACL", "object owner", "Block Public Access"];
    let at = 0;
    for (const name of order) {
      const i = section.indexOf(name, at);
      assert.ok(i > at, `${name} after the previous layer`);
      at = i;
    }
    assert.match(section, /▶ object ACL +no allow +the object ACL does not grant account 111111111111 READ/);
    assert.match(section, /▶ object owner +note +owned by account 333333333333, not by the bucket owner account 111111111111/);
    // "WritersMayPut" allows only s3:PutObject: the action index rules it out for s3:GetObject, so the trace
    // counts it rather than explaining it, and the bucket policy row says that nothing in it allows the read.
    assert.match(section, /bucket policy +no allow +no statement of the bucket policy allows arn:aws:iam::111111111111:root s3:GetObject/);
    assert.match(section, /bucket policy +no allow +[^\n]+\n +1 statement does not apply to s3:GetObject \(its Action does not cover it\)\n/);
  });

  it("ends with the remedy", () => {
    assert.match(text, /Remedy\n {2}- Object k is owned by account 333333333333, not by the bucket owner account 111111111111; the\n {4}bucket policy's Allow does not apply to it/);
    assert.match(text.replace(/\n +/g, " "), /bucket-owner-full-control.*BucketOwnerEnforced on bucket bkt/);
    assert.ok(text.endsWith("\n"));
  });

  it("marks a simulation and an allowed answer", () => {
    const ok = request({ principal: root(C), op: "PutObject", target: bucket({ policy: writersMayPut }) });
    const out = renderText(explain({ request: ok, result: authorize(ok) }, { simulated: true, accountOf }));
    assert.match(out, /^Request: PutObject \(simulated: nothing was performed\)\nAnswer: would be allowed by authorization \(the operation was not performed\)\nVerdict: Allowed: the root user of account 333333333333 may s3:PutObject on bkt\/k\./);
    assert.match(out, /Granted by\n {2}- bucket-policy statement "WritersMayPut" \(#0\): bucket policy statement #0 allows/);
  });
});
