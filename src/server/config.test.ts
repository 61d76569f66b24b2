// `crossbucket serve` options of the decision log.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { UsageError, parseServeArgs } from "./config.ts";

describe("parseServeArgs: decision log options", () => {
  it("leaves them unset by default (the server applies 10,000 decisions and 7 days)", () => {
    const opts = parseServeArgs([]);
    assert.equal(opts.decisionBuffer, undefined);
    assert.equal(opts.decisionRetentionDays, undefined);
  });
  it("reads --decision-buffer and --decision-retention-days, in both spellings", () => {
    const opts = parseServeArgs(["--decision-buffer", "500", "--decision-retention-days=0"]);
    assert.equal(opts.decisionBuffer, 500);
    assert.equal(opts.decisionRetentionDays, 0);
  });
  it("refuses values that are not a positive buffer size or a number of days", () => {
    for (const args of [["--decision-buffer", "0"], ["--decision-buffer", "1.5"], ["--decision-buffer", "x"], ["--decision-retention-days", "-1"], ["--decision-retention-days", "soon"], ["--decision-buffer"]]) {
      assert.throws(() => parseServeArgs(args), UsageError, args.join(" "));
    }
  });
});

describe("parseServeArgs: access log and event log options", () => {
  it("leaves them unset by default (60 s flushes, no event log)", () => {
    const opts = parseServeArgs([]);
    assert.equal(opts.accessLogFlushSeconds, undefined);
    assert.equal(opts.eventLog, undefined);
  });
  it("reads --access-log-flush-seconds and --event-log (a file or -)", () => {
    const opts = parseServeArgs(["--access-log-flush-seconds=0", "--event-log", "-"]);
    assert.equal(opts.accessLogFlushSeconds, 0);
    assert.equal(opts.eventLog, "-");
    assert.equal(parseServeArgs(["--event-log=/tmp/events.jsonl"]).eventLog, "/tmp/events.jsonl");
  });
  it("refuses a flush interval that is not a number of seconds, and a missing event log target", () => {
    for (const args of [["--access-log-flush-seconds", "-1"], ["--access-log-flush-seconds", "often"], ["--event-log"]]) {
      assert.throws(() => parseServeArgs(args), UsageError, args.join(" "));
    }
  });
});
