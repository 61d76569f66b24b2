/**
 * @module bench/lib/serveCrossbucket
 * crossbucket as its own process, exactly as `crossbucket serve` composes it (the same option parser
 * and `startServer`, default options), on the
 * data folder given as the first argument (and the world file given as the second, if any), on a random loopback port. Reports `{ port }` to the
 * parent over IPC. Log level comes from CROSSBUCKET_LOG (the bench sets `warn`).
 */
import { startServer } from "../../src/server/app.ts";
import { parseServeArgs } from "../../src/server/config.ts";

const data = process.argv[2];
if (data === undefined) throw new Error("usage: serveCrossbucket.ts <data folder> [world file]");
const world = process.argv[3];
const running = await startServer(parseServeArgs(["--host", "127.0.0.1", "--port", "0", "--data", data, ...(world !== undefined ? ["--world", world] : [])]));
process.send?.({ port: running.port });
process.on("disconnect", () => {
  void running.close().then(() => process.exit(0));
});
