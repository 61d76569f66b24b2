/**
 * @module bench/lib/serveBaseline
 * The bare baseline, run as its own process: node:http with keep-alive, no authentication, no
 * metadata. `GET /<path>` stats a file and streams it; `PUT /<path>` writes the body to a file and
 * fsyncs it. Files live flat in the folder given as the first argument, named by the encoded path.
 * Reports `{ port }` to the parent over IPC.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";

const root = process.argv[2];
if (root === undefined) throw new Error("usage: serveBaseline.ts <folder>");
const folder: string = root;

function fileOf(req: IncomingMessage): string {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  return join(folder, encodeURIComponent(path));
}

async function get(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = fileOf(req);
  const st = await stat(file);
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(st.size) });
  await pipeline(createReadStream(file), res);
}

async function put(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fh = await open(fileOf(req), "w");
  try {
    for await (const chunk of req) await fh.write(chunk as Buffer);
    await fh.sync();
  } finally {
    await fh.close();
  }
  res.writeHead(200, { "content-length": "0" });
  res.end();
}

const server = createServer({ keepAlive: true }, (req, res) => {
  const work = req.method === "PUT" ? put(req, res) : get(req, res);
  work.catch(() => {
    if (res.headersSent) res.destroy();
    else {
      res.writeHead(404, { "content-length": "0" });
      res.end();
    }
  });
});
process.on("disconnect", () => process.exit(0));
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
