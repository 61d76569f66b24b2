/**
 * @module server/main
 * The `crossbucket` command. `serve` starts the server (the composition root lives here, so that
 * cli/ stays a client of the pure core); other commands are added as their issues land.
 */
import { parseServeArgs, UsageError } from "./config.ts";
import { loadWorld, startServer } from "./app.ts";
import { hostsCommand, parseHostsArgs } from "./hosts.ts";
import { declaredUserKeys } from "../identity/worldIam.ts";
import { IMPORT_USAGE, importCommand, isOfflineSimulate, offlineSimulateCommand } from "./offline.ts";
import { auditMain } from "./auditCommand.ts";
import { AUDIT_USAGE } from "../cli/audit.ts";
import { createLogger } from "./system.ts";
import { CliUsageError, SIMULATE_USAGE, WHY_USAGE, simulateCommand, whyCommand, type CommandOutput } from "../cli/why.ts";

const USAGE = `usage: crossbucket serve [--host 127.0.0.1] [--port 9000] [--data ./crossbucket-data] [--world FILE] [--region us-east-1] [--base-domain DOMAIN]… [--legacy-bucket-defaults]
       crossbucket hosts [--data ./crossbucket-data] [--world FILE] [--host 127.0.0.1] [--base-domain localhost]…
       crossbucket ${WHY_USAGE.slice("usage: crossbucket ".length)}
       crossbucket ${SIMULATE_USAGE.slice("usage: crossbucket ".length)}
       crossbucket ${IMPORT_USAGE.slice("usage: crossbucket ".length)}
       crossbucket ${AUDIT_USAGE.slice("usage: crossbucket ".length)}
serve also takes [--decision-buffer 10000] [--decision-retention-days 7] [--access-log-flush-seconds 60] [--event-log FILE|-].`;

async function serve(argv: readonly string[]): Promise<void> {
  const opts = parseServeArgs(argv);
  const running = await startServer(opts);
  const lines = [
    `crossbucket is ready at ${running.endpoint}`,
    `  health:   ${running.endpoint}/_crossbucket/health`,
    `  data:     ${opts.data}`,
    ``,
    `Credentials (root user of each account):`,
  ];
  for (const a of running.world.accounts) {
    lines.push(``, `# account ${a.id} (${a.name})`, `export AWS_ACCESS_KEY_ID=${a.root.accessKeyId}`, `export AWS_SECRET_ACCESS_KEY=${a.root.secretAccessKey}`, `export AWS_DEFAULT_REGION=${opts.region}`, `export AWS_ENDPOINT_URL=${running.endpoint}`);
  }
  const userKeys = declaredUserKeys(running.world.accounts).filter((k) => k.status === "Active");
  if (userKeys.length > 0) lines.push(``, `Credentials (IAM users' access keys declared by the world):`);
  for (const k of userKeys) {
    lines.push(``, `# ${k.userArn}`, `export AWS_ACCESS_KEY_ID=${k.accessKeyId}`, `export AWS_SECRET_ACCESS_KEY=${k.secretAccessKey}`, `export AWS_DEFAULT_REGION=${opts.region}`, `export AWS_ENDPOINT_URL=${running.endpoint}`);
  }
  lines.push(``, `Try: aws s3 mb s3://my-bucket && aws s3 ls`);
  process.stdout.write(`${lines.join("\n")}\n`);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function finish(out: CommandOutput): void {
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.code;
}

async function main(argv: readonly string[]): Promise<void> {
  const [command = "serve", ...rest] = argv;
  switch (command) {
    case "serve":
      return serve(rest);
    case "hosts": {
      const opts = parseHostsArgs(rest);
      process.stdout.write(hostsCommand(opts, loadWorld(opts.world)));
      return;
    }
    case "why":
      return finish(await whyCommand(rest, process.env));
    case "simulate":
      return finish(isOfflineSimulate(rest) ? offlineSimulateCommand(rest) : await simulateCommand(rest, process.env));
    case "import":
      return finish(importCommand(rest));
    case "audit":
      process.exitCode = await auditMain(rest, process.env, { stdout: process.stdout, stderr: process.stderr }, createLogger());
      return;
    case "--help":
    case "-h":
    case "help":
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`unknown command ${command}\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError || e instanceof CliUsageError || (e as Error).name === "WorldError") {
    process.stderr.write(`crossbucket: ${(e as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`crossbucket: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
