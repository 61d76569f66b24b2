/**
 * @module test/support/s3control
 * S3 Control clients, and S3 clients that reach access point ARN hosts, for tests. The SDK sends S3 Control calls to `<account-id>.<endpoint host>`: with
 * an IP endpoint that name is not even a valid URL (`111111111111.127.0.0.1`), so tests use the
 * `localhost` endpoint, and since `*.localhost` names do not resolve on every machine, the client's
 * HTTP agent resolves any `*.localhost` name to 127.0.0.1 itself (no /etc/hosts change needed).
 */
import http from "node:http";
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from "node:dns";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import type { WorldAccount } from "../../src/identity/world.ts";
import type { TestServer } from "./server.ts";

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for sockets that answers 127.0.0.1 for `localhost` and every `*.localhost` name, and asks DNS otherwise. */
export function localhostLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) {
    if (options.all === true) callback(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
    return;
  }
  dnsLookup(hostname, options as LookupAllOptions, (err, addresses) => callback(err, addresses));
}

/** The server's endpoint with `localhost` for its host, which the SDK prefixes with the account ID. */
export function localhostEndpoint(server: Pick<TestServer, "port">): string {
  return `http://localhost:${server.port}`;
}

/** Credentials: an account's root keys, or any access key (IAM user, STS session). */
export type ControlCredentials = WorldAccount | { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };

/** Client options against `localhost`, with an agent that resolves `*.localhost` itself. */
function localhostOptions(server: Pick<TestServer, "port">, who: ControlCredentials) {
  return {
    region: "us-east-1",
    endpoint: localhostEndpoint(server),
    credentials: "root" in who ? { accessKeyId: who.root.accessKeyId, secretAccessKey: who.root.secretAccessKey } : who,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: localhostLookup as unknown as http.AgentOptions["lookup"] }) }),
  };
}

/** An S3 Control client against a test server. */
export function controlClient(server: Pick<TestServer, "port">, who: ControlCredentials): S3ControlClient {
  return new S3ControlClient(localhostOptions(server, who));
}

/** An S3 client on `localhost` that reaches access point ARN hosts (`<name>-<account>.localhost`). */
export function accessPointClient(server: Pick<TestServer, "port">, who: ControlCredentials): S3Client {
  return new S3Client(localhostOptions(server, who));
}
