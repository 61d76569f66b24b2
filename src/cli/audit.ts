/**
 * @module cli/audit
 * `crossbucket audit [--bucket B] [--json|--csv] [--endpoint URL]`: reads the audit a running server streams
 * (`GET /_crossbucket/audit`, NDJSON, signed with the caller's credentials from the environment like `why`)
 * and renders it as it arrives:
 *
 * - text (default): one section per finding kind, counts per owner, the matrix one line per principal;
 * - `--json`: NDJSON, one finding per line as the server sent it (progress records left out), the summary
 *   last: streamable and `jq`-friendly, which one JSON document over a million findings would not be;
 * - `--csv`: a header row, then one row per finding (columns {@link CSV_COLUMNS}).
 *
 * A progress bar (objects scanned / total, rate) goes to stderr when stderr is a terminal, nothing otherwise.
 * The renderers are also what `crossbucket audit --data <folder>` (server/auditCommand) prints with.
 */
import type { AccessCell, AclGrantFinding, AuditGrant, AuditRecord, EnforcedReadiness, Finding, ForeignOwnedObjects, PublicBucket } from "../audit/findings.ts";
import { CliUsageError, credentialsOf, type Environment } from "./why.ts";
import { signRequest } from "./sign.ts";

/** @public Output formats. */
export type AuditFormat = "text" | "json" | "csv";

export const AUDIT_USAGE = "usage: crossbucket audit [--bucket B] [--json|--csv] [--endpoint http://127.0.0.1:9000] [--region us-east-1] | crossbucket audit --data <data folder> [--world FILE] [--bucket B] [--json|--csv] | crossbucket audit --world <folder collected from AWS> [--bucket B] [--json|--csv]";

/** @public Parsed `audit` options. `data` selects the offline mode (opened by the server layer). */
export interface AuditArgs {
  readonly format: AuditFormat;
  readonly bucket?: string;
  readonly endpoint?: string;
  readonly region?: string;
  readonly data?: string;
  readonly world?: string;
}

/** @public Parses `audit` options. */
export function parseAuditArgs(argv: readonly string[]): AuditArgs {
  let format: AuditFormat = "text";
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (flag === "--json" || flag === "--csv") {
      if (eq >= 0) throw new CliUsageError(`${flag} takes no value\n${AUDIT_USAGE}`);
      const f = flag === "--json" ? "json" : "csv";
      if (format !== "text" && format !== f) throw new CliUsageError(`give --json or --csv, not both\n${AUDIT_USAGE}`);
      format = f;
      continue;
    }
    if (!["--bucket", "--endpoint", "--region", "--data", "--world"].includes(flag)) throw new CliUsageError(`unknown ${flag.startsWith("--") ? "option" : "argument"} ${arg}\n${AUDIT_USAGE}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new CliUsageError(`${flag} needs a value\n${AUDIT_USAGE}`);
    values[flag.slice(2)] = value;
  }
  if (values["data"] !== undefined && values["endpoint"] !== undefined) throw new CliUsageError(`give --endpoint (a running server) or --data (a data folder), not both\n${AUDIT_USAGE}`);
  if (values["world"] !== undefined && values["endpoint"] !== undefined) throw new CliUsageError(`give --endpoint (a running server) or --world (a world file with --data, or a folder collected from AWS), not both\n${AUDIT_USAGE}`);
  return { format, ...values };
}

/** @public Where rendered output goes. */
export interface Sink {
  write(text: string): void;
}

/** @public Columns of `--csv`. */
export const CSV_COLUMNS = ["kind", "bucket", "key", "owner", "subject", "what", "result", "layer", "detail"] as const;

function csvField(v: string | number | undefined): string {
  const s = v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** @public A grantee as reports name it. */
export function granteeText(g: AuditGrant["grantee"]): string {
  if (g.type === "group") return g.group;
  return g.accountId !== undefined ? `account ${g.accountId}` : `canonical user ${g.canonicalId}`;
}

function readinessText(r: EnforcedReadiness): string[] {
  const out: string[] = [];
  for (const b of r.blockers) {
    if (b.reason === "bucket-acl-grants") out.push(`blocked: the bucket ACL grants ${b.grants.map((g) => `${g.permission} to ${granteeText(g.grantee)}`).join(", ")}; S3 refuses the switch with ${b.refusedWith} until the bucket ACL is reset to private`);
    else out.push(`blocked: bucket policy statement ${b.statement} requires ${b.key} = ${b.values.join(" | ")}; such writes would fail with AccessControlListNotSupported`);
  }
  for (const n of r.notes) {
    if (n.reason === "policy-requires-bucket-owner-full-control") out.push(`note: bucket policy statement ${n.statement} requires ${n.key} = bucket-owner-full-control; it keeps working`);
    else if (n.reason === "object-acl-grants") out.push(`note: ${n.objects} object(s) have ACL grants to others that would stop counting`);
    else out.push(`note: ${n.objects} object(s) owned by other accounts would become the bucket owner's`);
  }
  return out;
}

function publicText(p: PublicBucket): string {
  const what = [p.policyPublic ? "public bucket policy" : "", p.aclPublic ? "public bucket ACL" : "", p.objectsWithPublicAcl > 0 ? `${p.objectsWithPublicAcl} object(s) with a public ACL` : ""].filter((x) => x !== "");
  return `${what.join(", ")}${p.neutralisedBy.length > 0 ? `; neutralised by ${p.neutralisedBy.join(", ")}` : ""}`;
}

function cellText(c: AccessCell): string {
  if (c.verdict === "allowed") return `${c.operation}=allowed`;
  const why = c.blockedBy !== undefined ? `${c.blockedBy}${c.setting !== undefined ? `:${c.setting}` : ""}` : c.blockedByRequesterAccount === true ? "requester's own account" : `${c.status ?? ""} ${c.code ?? ""}`.trim();
  return `${c.operation}=denied(${why})`;
}

/** @public One CSV row for a finding (the summary has none). */
export function csvRow(f: Finding): string | undefined {
  let row: (string | number | undefined)[];
  switch (f.kind) {
    case "foreign-owned-objects":
      row = [f.kind, f.bucket, "", f.owner, "", "objects", f.count, "", f.enforced ? "ownership ignored while BucketOwnerEnforced" : `bucket owner ${f.bucketOwner}`];
      break;
    case "acl-grant":
      row = [f.kind, f.bucket, f.key, f.owner, granteeText(f.grant.grantee), f.grant.permission, f.effective ? "effective" : "ignored", f.resource, f.grant.public ? "public" : ""];
      break;
    case "enforced-readiness":
      row = [f.kind, f.bucket, "", f.owner, "", f.ownership, f.ready ? "ready" : "blocked", "", readinessText(f).join("; ")];
      break;
    case "public-bucket":
      row = [f.kind, f.bucket, "", f.owner, "", "", f.public ? "public" : "neutralised", "", publicText(f)];
      break;
    case "access":
      row = [f.kind, f.bucket, f.key, "", f.principal, f.action, f.verdict, f.blockedBy === undefined ? (f.blockedByRequesterAccount === true ? "requester-account" : "") : `${f.blockedBy}${f.setting !== undefined ? `:${f.setting}` : ""}`, f.verdict === "denied" ? `${f.status ?? ""} ${f.code ?? ""}`.trim() : ""];
      break;
    case "summary":
      return undefined;
  }
  return row.map(csvField).join(",");
}

/**
 * @public Renders audit records as they come. `json` and `csv` write each finding at once; `text` keeps the
 * findings of each section until {@link AuditRenderer.end} (sections need their whole content).
 */
export class AuditRenderer {
  readonly #foreign: ForeignOwnedObjects[] = [];
  readonly #grants: AclGrantFinding[] = [];
  readonly #readiness: EnforcedReadiness[] = [];
  readonly #public: PublicBucket[] = [];
  readonly #access: AccessCell[] = [];
  #summary: Finding | undefined;
  #started = false;

  constructor(
    readonly format: AuditFormat,
    readonly out: Sink,
  ) {}

  push(record: AuditRecord): void {
    if (record.kind === "progress") return;
    if (this.format === "json") return this.out.write(`${JSON.stringify(record)}\n`);
    if (this.format === "csv") {
      if (!this.#started) this.out.write(`${CSV_COLUMNS.join(",")}\n`);
      this.#started = true;
      const row = csvRow(record);
      if (row !== undefined) this.out.write(`${row}\n`);
      return;
    }
    switch (record.kind) {
      case "foreign-owned-objects":
        return void this.#foreign.push(record);
      case "acl-grant":
        return void this.#grants.push(record);
      case "enforced-readiness":
        return void this.#readiness.push(record);
      case "public-bucket":
        return void this.#public.push(record);
      case "access":
        return void this.#access.push(record);
      case "summary":
        this.#summary = record;
    }
  }

  end(): void {
    if (this.format === "csv" && !this.#started) this.out.write(`${CSV_COLUMNS.join(",")}\n`);
    if (this.format !== "text") return;
    const lines: string[] = [];
    const section = (title: string, body: string[]): void => {
      lines.push(title, ...(body.length === 0 ? ["  (none)"] : body), "");
    };
    const owners = new Map<string, number>();
    for (const f of this.#foreign) owners.set(f.owner, (owners.get(f.owner) ?? 0) + f.count);
    section("Objects not owned by the bucket owner", [
      ...this.#foreign.map((f) => `  ${f.bucket} (owner ${f.bucketOwner}): ${f.count} object(s) owned by ${f.owner}${f.enforced ? " (ignored while BucketOwnerEnforced)" : ""}`),
      ...(owners.size > 0 ? ["  per owner:", ...[...owners].map(([o, n]) => `    ${o}: ${n}`)] : []),
    ]);
    section(
      "ACL grants to other accounts and groups",
      this.#grants.map((g) => `  ${g.resource === "bucket" ? `${g.bucket} (bucket ACL)` : `${g.bucket}/${g.key ?? ""}`}: ${g.grant.permission} to ${granteeText(g.grant.grantee)}${g.grant.public ? " (public)" : ""}${g.effective ? "" : " (ignored)"}`),
    );
    section(
      "Readiness for BucketOwnerEnforced (ACLs disabled)",
      this.#readiness.flatMap((r) => [`  ${r.bucket} (${r.ownership}): ${r.ready ? "ready" : "NOT READY"}`, ...readinessText(r).map((t) => `    ${t}`)]),
    );
    section(
      "Public buckets (Block Public Access definition)",
      this.#public.map((p) => `  ${p.bucket}: ${p.public ? "PUBLIC" : "not public"}: ${publicText(p)}`),
    );
    const matrix: string[] = [];
    let at = "";
    for (const byPrincipal of groupCells(this.#access)) {
      const first = byPrincipal[0] as AccessCell;
      if (first.bucket !== at) {
        at = first.bucket;
        matrix.push(`  ${at}:`);
      }
      matrix.push(`    ${first.principal}: ${byPrincipal.map(cellText).join(" ")}`);
    }
    section("Effective access (principal × bucket × action)", matrix);
    const s = this.#summary;
    if (s?.kind === "summary") lines.push(`Audited ${s.buckets} bucket(s), ${s.objects} object(s), ${s.principals} principal(s).`);
    this.out.write(`${lines.join("\n")}\n`);
  }
}

function groupCells(cells: readonly AccessCell[]): AccessCell[][] {
  const out: AccessCell[][] = [];
  for (const c of cells) {
    const last = out[out.length - 1];
    const head = last?.[0];
    if (last !== undefined && head !== undefined && head.bucket === c.bucket && head.principal === c.principal) last.push(c);
    else out.push([c]);
  }
  return out;
}

/** @public What the progress bar writes to (stderr). */
export interface Terminal {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** @public A progress bar on a terminal (objects scanned / total, rate); does nothing when not a TTY. */
export class ProgressBar {
  readonly #term: Terminal;
  readonly #now: () => number;
  readonly #start: number;
  #last = 0;
  #shown = false;

  constructor(term: Terminal, now: () => number = Date.now) {
    this.#term = term;
    this.#now = now;
    this.#start = now();
  }

  update(scanned: number, total: number): void {
    if (this.#term.isTTY !== true) return;
    const t = this.#now();
    if (this.#shown && t - this.#last < 100 && scanned < total) return;
    this.#last = t;
    this.#shown = true;
    this.#term.write(`\r${progressLine(scanned, total, t - this.#start, this.#term.columns ?? 80)}`);
  }

  done(): void {
    if (this.#shown) this.#term.write("\r\x1b[K");
    this.#shown = false;
  }
}

/** @public The progress bar's text: `[####----] 12,000/1,000,000 objects 40,000/s`. */
export function progressLine(scanned: number, total: number, elapsedMs: number, columns: number): string {
  const rate = elapsedMs > 0 ? Math.round((scanned * 1000) / elapsedMs) : 0;
  const tail = ` ${scanned.toLocaleString("en-US")}/${total.toLocaleString("en-US")} objects ${rate.toLocaleString("en-US")}/s`;
  const width = Math.max(10, Math.min(40, columns - tail.length - 3));
  const filled = total === 0 ? width : Math.min(width, Math.floor((scanned / total) * width));
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]${tail}`;
}

/**
 * @public Renders audit records through a renderer and a progress bar; the exit code: 0 when the audit
 * ended with its summary, 1 when it did not (an error record or an interrupted stream).
 */
export async function renderAudit(records: AsyncIterable<AuditRecord | { kind: "error"; message: string }>, renderer: AuditRenderer, progress: ProgressBar, stderr: Sink): Promise<number> {
  let complete = false;
  try {
    for await (const r of records) {
      if (r.kind === "error") {
        progress.done();
        stderr.write(`crossbucket: the audit failed: ${r.message}\n`);
        return 1;
      }
      if (r.kind === "progress") progress.update(r.scanned, r.total);
      else renderer.push(r);
      if (r.kind === "summary") complete = true;
    }
  } finally {
    progress.done();
  }
  if (!complete) {
    stderr.write("crossbucket: the audit stream ended before its summary\n");
    return 1;
  }
  renderer.end();
  return 0;
}

async function* ndjson(body: ReadableStream<Uint8Array>): AsyncGenerator<AuditRecord | { kind: "error"; message: string }> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim() !== "") yield JSON.parse(line) as AuditRecord;
    }
  }
  if (buffered.trim() !== "") yield JSON.parse(buffered) as AuditRecord;
}

/** @public `crossbucket audit` against a running server; returns the exit code. */
export async function auditCommand(args: AuditArgs, env: Environment, io: { stdout: Sink; stderr: Terminal & Sink }): Promise<number> {
  const endpoint = args.endpoint ?? env["AWS_ENDPOINT_URL"] ?? "http://127.0.0.1:9000";
  let base: URL;
  try {
    base = new URL(endpoint);
  } catch {
    throw new CliUsageError(`--endpoint must be a URL, e.g. http://127.0.0.1:9000`);
  }
  const region = args.region ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? "us-east-1";
  const url = new URL(`${base.pathname.replace(/\/$/, "")}/_crossbucket/audit${args.bucket !== undefined ? `?bucket=${encodeURIComponent(args.bucket)}` : ""}`, base);
  const { host: _host, ...headers } = signRequest({ method: "GET", url }, credentialsOf(env), region, new Date());
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch (e) {
    io.stderr.write(`crossbucket: cannot reach ${endpoint}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}\n`);
    return 1;
  }
  if (response.status !== 200 || response.body === null) {
    const text = await response.text();
    let err: { code?: string; message?: string } | undefined;
    try {
      err = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    } catch {
      err = undefined;
    }
    io.stderr.write(`crossbucket: ${err?.code ?? `HTTP ${response.status}`}: ${err?.message ?? text.slice(0, 200)}\n`);
    return 1;
  }
  return renderAudit(ndjson(response.body), new AuditRenderer(args.format, io.stdout), new ProgressBar(io.stderr), io.stderr);
}
