/**
 * @module server/hosts
 * `crossbucket hosts`: the `/etc/hosts` lines that make the host names clients derive from a local
 * endpoint resolve. With `--endpoint-url http://localhost:9000`, the aws CLI and the SDKs send S3
 * Control calls to `<account-id>.localhost:9000` and requests by access point ARN to
 * `<name>-<account-id>.localhost:9000`; many systems do not resolve such names (glibc without
 * systemd-resolved, macOS). One line per account of the world, and one per access point found in the
 * data folder.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { World } from "../identity/world.ts";
import { openSqliteMetadataStore } from "../storage/meta-sqlite/sqliteMetadataStore.ts";
import { UsageError } from "./config.ts";

/** @public Options of `crossbucket hosts`. */
export interface HostsOptions {
  /** The data folder whose access points to list (nothing is created when it does not exist). */
  readonly data: string;
  readonly world: string | undefined;
  /** The address the names map to: the server's `--host` (an any-address maps to loopback). */
  readonly host: string;
  /** The endpoint host names clients are given (`--endpoint-url http://<domain>:port`); `localhost` by default. */
  readonly baseDomains: readonly string[];
}

/** @public Parses `hosts` options: `--data`, `--world`, `--host` as for `serve`, and `--base-domain` (repeatable). */
export function parseHostsArgs(argv: readonly string[]): HostsOptions {
  let data = "./crossbucket-data";
  let world: string | undefined;
  let host = "127.0.0.1";
  const baseDomains: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--data":
        data = value();
        break;
      case "--world":
        world = value();
        break;
      case "--host":
        host = value();
        break;
      case "--base-domain":
        baseDomains.push(value().toLowerCase());
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { data, world, host, baseDomains: baseDomains.length > 0 ? baseDomains : ["localhost"] };
}

/** The address to write: a listen-on-everything address is reached through loopback. */
function addressFor(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "::1";
  return host.replace(/^\[(.*)\]$/, "$1");
}

/** @public An access point as the hosts lines need it. */
export interface NamedAccessPoint {
  readonly name: string;
  readonly accountId: string;
}

/** @public The lines, comments included: accounts first (world order), then access points (account, then name order). */
export function hostsLines(world: World, accessPoints: readonly NamedAccessPoint[], options: Pick<HostsOptions, "host" | "baseDomains">, note?: string): string[] {
  const address = addressFor(options.host);
  const lines = ["# crossbucket: S3 Control and access point host names (append to /etc/hosts)"];
  if (note !== undefined) lines.push(`# ${note}`);
  for (const domain of options.baseDomains) {
    for (const a of world.accounts) lines.push(`${address} ${a.id}.${domain}`);
    for (const ap of accessPoints) lines.push(`${address} ${ap.name}-${ap.accountId}.${domain}`);
  }
  return lines;
}

/** @public The access points of the world's accounts stored in a data folder (none when it holds no metadata). */
export function storedAccessPoints(data: string, world: World): NamedAccessPoint[] | undefined {
  const path = join(data, "metadata.sqlite");
  if (!existsSync(path)) return undefined;
  const meta = openSqliteMetadataStore(path);
  try {
    const out: NamedAccessPoint[] = [];
    for (const account of world.accounts) {
      let after: string | undefined;
      for (;;) {
        const page = meta.listAccessPoints(account.id, { maxResults: 1000, ...(after !== undefined ? { after } : {}) });
        out.push(...page.accessPoints.map((ap) => ({ name: ap.name, accountId: ap.accountId })));
        const last = page.accessPoints[page.accessPoints.length - 1];
        if (!page.isTruncated || last === undefined) break;
        after = last.name;
      }
    }
    return out;
  } finally {
    meta.close();
  }
}

/** @public Runs `crossbucket hosts`: the lines for `world`, with the access points of `options.data`. */
export function hostsCommand(options: HostsOptions, world: World): string {
  const stored = storedAccessPoints(options.data, world);
  const note = stored === undefined ? `no metadata in ${options.data}: access point names are not listed` : undefined;
  return `${hostsLines(world, stored ?? [], options, note).join("\n")}\n`;
}
