import { test } from "node:test";
import assert from "node:assert/strict";
import { AuditRenderer, ProgressBar, csvRow, parseAuditArgs, progressLine, renderAudit } from "./audit.ts";
import type { AuditRecord } from "../audit/findings.ts";

test("parseAuditArgs: formats, values, and the errors of a bad command line", () => {
  assert.deepEqual(parseAuditArgs([]), { format: "text" });
  assert.deepEqual(parseAuditArgs(["--bucket=b", "--csv", "--endpoint", "http://h:1"]), { format: "csv", bucket: "b", endpoint: "http://h:1" });
  assert.deepEqual(parseAuditArgs(["--data", "d", "--world", "w.yaml", "--json"]), { format: "json", data: "d", world: "w.yaml" });
  assert.throws(() => parseAuditArgs(["--json", "--csv"]), /not both/);
  assert.throws(() => parseAuditArgs(["--data", "d", "--endpoint", "http://h"]), /not both/);
  assert.throws(() => parseAuditArgs(["--world", "w", "--endpoint", "http://127.0.0.1:9000"]), /not both/);
  assert.throws(() => parseAuditArgs(["--bucket"]), /needs a value/);
  assert.throws(() => parseAuditArgs(["extra"]), /unknown argument/);
});

test("csvRow quotes fields with commas and quotes", () => {
  const row = csvRow({ kind: "acl-grant", bucket: "b", resource: "object", key: 'a,"b"', versionId: "null", owner: "111111111111", grant: { grantee: { type: "group", group: "AllUsers" }, permission: "READ", public: true }, effective: false });
  assert.equal(row, 'acl-grant,b,"a,""b""",111111111111,AllUsers,READ,ignored,object,public');
});

test("the progress bar draws on a terminal only, and clears itself", () => {
  assert.equal(progressLine(250, 1000, 1000, 80), `[##########------------------------------] 250/1,000 objects 250/s`);
  const writes: string[] = [];
  let t = 0;
  const pipe = new ProgressBar({ isTTY: false, write: (s) => writes.push(s) }, () => t);
  pipe.update(1, 2);
  pipe.done();
  assert.equal(writes.length, 0);
  const tty = new ProgressBar({ isTTY: true, columns: 80, write: (s) => writes.push(s) }, () => t);
  tty.update(1, 10);
  t = 50;
  tty.update(2, 10); // throttled
  t = 200;
  tty.update(10, 10);
  tty.done();
  assert.equal(writes.length, 3);
  assert.ok(writes[0]?.startsWith("\r["));
  assert.equal(writes[2], "\r\x1b[K");
});

test("renderAudit fails without a summary and renders text sections with counts per owner", async () => {
  async function* of(records: AuditRecord[]): AsyncGenerator<AuditRecord> {
    yield* records;
  }
  const out: string[] = [];
  const err: string[] = [];
  const sink = { write: (s: string) => void out.push(s) };
  const stderr = { write: (s: string) => void err.push(s) };
  assert.equal(await renderAudit(of([{ kind: "progress", scanned: 0, total: 1 }]), new AuditRenderer("text", sink), new ProgressBar({ write: () => 0 }), stderr), 1);
  assert.match(err.join(""), /ended before its summary/);
  const records: AuditRecord[] = [
    { kind: "foreign-owned-objects", bucket: "b", bucketOwner: "111111111111", owner: "222222222222", ownerCanonicalId: "x", count: 2, enforced: false },
    { kind: "foreign-owned-objects", bucket: "c", bucketOwner: "111111111111", owner: "222222222222", ownerCanonicalId: "x", count: 3, enforced: true },
    { kind: "summary", buckets: 2, objects: 9, principals: 0, findings: { "foreign-owned-objects": 2, "acl-grant": 0, "enforced-readiness": 0, "public-bucket": 0, access: 0 } },
  ];
  assert.equal(await renderAudit(of(records), new AuditRenderer("text", sink), new ProgressBar({ write: () => 0 }), stderr), 0);
  const text = out.join("");
  assert.ok(text.includes("  b (owner 111111111111): 2 object(s) owned by 222222222222\n"));
  assert.ok(text.includes("  c (owner 111111111111): 3 object(s) owned by 222222222222 (ignored while BucketOwnerEnforced)\n"));
  assert.ok(text.includes("  per owner:\n    222222222222: 5\n"));
  assert.ok(text.includes("ACL grants to other accounts and groups\n  (none)\n"));
  assert.ok(text.endsWith("Audited 2 bucket(s), 9 object(s), 0 principal(s).\n"));
});
