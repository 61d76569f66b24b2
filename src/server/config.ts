/**
 * @module server/config
 * Command-line options of `crossbucket serve`.
 */

/** @public Server options. */
export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly data: string;
  readonly world: string | undefined;
  readonly region: string;
  readonly baseDomains: readonly string[];
  /** New buckets get the pre-April-2023 defaults (ObjectWriter, no Block Public Access). */
  readonly legacyBucketDefaults: boolean;
  /** Decisions kept in memory for `crossbucket why` (default 10,000). */
  readonly decisionBuffer?: number;
  /** Days decisions are kept in the metadata store (default 7; 0 keeps them in memory only). */
  readonly decisionRetentionDays?: number;
  /** Seconds between deliveries of buffered server access logs (default 60; 0: only on shutdown or when asked). */
  readonly accessLogFlushSeconds?: number;
  /** Where the CloudTrail-style event log goes: a file (appended) or `-` for stdout; none when absent. */
  readonly eventLog?: string;
}

/** @public Thrown for a bad command line; the message is meant for the user. */
export class UsageError extends Error {}

/** @public Parses `serve` options. */
export function parseServeArgs(argv: readonly string[]): ServeOptions {
  const opts: { -readonly [K in keyof ServeOptions]: ServeOptions[K] } & { baseDomains: string[] } = { host: "127.0.0.1", port: 9000, data: "./crossbucket-data", world: undefined, region: "us-east-1", baseDomains: [], legacyBucketDefaults: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--host":
        opts.host = value();
        break;
      case "--port": {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new UsageError("--port must be a port number");
        opts.port = p;
        break;
      }
      case "--data":
        opts.data = value();
        break;
      case "--world":
        opts.world = value();
        break;
      case "--region":
        opts.region = value();
        break;
      case "--legacy-bucket-defaults":
        if (inline !== undefined) throw new UsageError("--legacy-bucket-defaults takes no value");
        opts.legacyBucketDefaults = true;
        break;
      case "--base-domain":
        opts.baseDomains.push(value());
        break;
      case "--decision-buffer": {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new UsageError("--decision-buffer must be a positive integer");
        opts.decisionBuffer = n;
        break;
      }
      case "--decision-retention-days": {
        const n = Number(value());
        if (!Number.isFinite(n) || n < 0) throw new UsageError("--decision-retention-days must be a number of days, 0 or more");
        opts.decisionRetentionDays = n;
        break;
      }
      case "--access-log-flush-seconds": {
        const n = Number(value());
        if (!Number.isFinite(n) || n < 0) throw new UsageError("--access-log-flush-seconds must be a number of seconds, 0 or more");
        opts.accessLogFlushSeconds = n;
        break;
      }
      case "--event-log":
        opts.eventLog = value();
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return opts;
}
