/**
 * @module server/httpAdapter
 * The only place that touches sockets: node:http requests in, the protocol handler's responses out.
 * Keep-alive and `Expect: 100-continue` are node's; a streamed body that fails half-way destroys the
 * connection, so a client never mistakes a truncated object for a whole one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { HttpRequest, HttpResponse } from "../protocol/http.ts";
import type { Logger } from "../protocol/s3/context.ts";

/** @public The function the adapter serves. */
export type RequestHandler = (req: HttpRequest) => Promise<HttpResponse>;

function toRequest(req: IncomingMessage): HttpRequest {
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    rawHeaders: req.rawHeaders,
    body: req,
    remoteAddress: req.socket.remoteAddress ?? "127.0.0.1",
    secure: false,
  };
}

async function send(res: ServerResponse, out: HttpResponse, isHead: boolean): Promise<void> {
  const headers = { ...out.headers };
  const body = out.body;
  if (body === undefined || typeof body === "string" || body instanceof Uint8Array) {
    const bytes = body === undefined ? Buffer.alloc(0) : typeof body === "string" ? Buffer.from(body, "utf8") : body;
    if (!isHead || headers["content-length"] === undefined) headers["content-length"] = String(bytes.length);
    res.writeHead(out.status, headers);
    res.end(isHead || out.status === 304 ? undefined : bytes);
    return;
  }
  res.writeHead(out.status, headers);
  if (isHead) {
    body.destroy();
    res.end();
    return;
  }
  await pipeline(body as Readable, res);
}

/** @public Creates the node:http server around a handler. */
export function createHttpServer(handler: RequestHandler, log: Logger): Server {
  const server = createServer({ keepAlive: true, maxHeaderSize: 64 * 1024, requestTimeout: 0, headersTimeout: 60_000 }, (req, res) => {
    const isHead = req.method === "HEAD";
    handler(toRequest(req))
      .then((out) => send(res, out, isHead))
      .catch((err: unknown) => {
        // A client that hangs up before the whole body is sent (the aws CLI does once it has what it wants)
        // is not a server fault.
        if ((err as { code?: unknown }).code === "ERR_STREAM_PREMATURE_CLOSE" && res.destroyed) log.info("client closed the connection before the response ended", { url: req.url });
        else log.error("response failed", { err });
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/xml" });
          res.end();
        } else {
          res.destroy();
        }
      });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
