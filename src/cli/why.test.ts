// The client commands' command lines and their failures without a server (the e2e suite drives a real one).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { CliUsageError, simulateCommand, whyCommand } from "./why.ts";

const creds = { AWS_ACCESS_KEY_ID: "AKIAALPHA00000000001", AWS_SECRET_ACCESS_KEY: "alphaSecretKey0000000000000000000000000001" };

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("crossbucket why / simulate command lines", () => {
  it("needs exactly one request ID", async () => {
    await assert.rejects(whyCommand([], creds), CliUsageError);
    await assert.rejects(whyCommand(["a", "b"], creds), CliUsageError);
  });
  it("refuses unknown options, options without values and a bad endpoint", async () => {
    await assert.rejects(whyCommand(["R", "--verbose"], creds), /unknown option --verbose/);
    await assert.rejects(whyCommand(["R", "--endpoint"], creds), /--endpoint needs a value/);
    await assert.rejects(whyCommand(["R", "--endpoint", "not a url"], creds), /--endpoint must be a URL/);
    await assert.rejects(whyCommand(["R", "--json=yes"], creds), /--json takes no value/);
  });
  it("needs credentials in the environment", async () => {
    await assert.rejects(whyCommand(["R", "--endpoint", "http://127.0.0.1:1"], {}), /set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });
  it("simulate needs --as, an action or operation, and key=value pairs", async () => {
    await assert.rejects(simulateCommand(["s3:GetObject", "b/k"], creds), CliUsageError);
    await assert.rejects(simulateCommand(["--as", "111111111111"], creds), CliUsageError);
    await assert.rejects(simulateCommand(["--as", "111111111111", "GetObject", "b/k", "--context", "novalue"], creds), /--context takes key=value/);
  });
  it("reports an unreachable server as a failure, not a crash", async () => {
    const port = await closedPort();
    const out = await whyCommand(["R", "--endpoint", `http://127.0.0.1:${port}`], creds);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /^crossbucket: cannot reach http:\/\/127\.0\.0\.1:\d+/);
  });
});
