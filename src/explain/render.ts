/**
 * @module explain/render
 * `renderText(explanation)`: the plain-language form printed by `crossbucket why` / `simulate` and served with
 * `?format=text`. Sections: the verdict and answer, who asked, what was required, the resources, each layer of
 * each evaluated action in evaluation order, the deciding statements and the remedies.
 */
import { ANONYMOUS_CANONICAL_ID } from "../acl/types.ts";
import type { CheckExplanation, Explanation, LayerExplanation, LayerStatus, ResourceExplanation, StatementExplanation } from "./types.ts";
import { describeCondition, describeGrant, statementName, whyNotMatched } from "./words.ts";

const STATUS_WORDS: Readonly<Record<LayerStatus, string>> = {
  allow: "allows",
  deny: "DENIES",
  "no-allow": "no allow",
  "not-applicable": "n/a",
  info: "note",
};

const LAYER_TITLES: Readonly<Record<LayerExplanation["layer"], string>> = {
  "identity-policy": "identity policies",
  "permissions-boundary": "permissions boundary",
  "session-policy": "session policy",
  scp: "SCPs",
  rcp: "RCPs",
  "bucket-policy": "bucket policy",
  "access-point-policy": "access point policy",
  "bucket-acl": "bucket ACL",
  "object-acl": "object ACL",
  "object-owner": "object owner",
  "block-public-access": "Block Public Access",
};

/** @public The explanation in plain language, one section per aspect; ends with a newline. */
export function renderText(e: Explanation): string {
  const out: string[] = [];
  const id = e.requestId !== undefined ? `Request ${e.requestId}` : "Request";
  const when = e.time !== undefined ? ` at ${e.time}` : "";
  const simulated = e.simulated ? " (simulated: nothing was performed)" : "";
  out.push(`${id}${when}: ${e.operation}${simulated}`);
  out.push(`Answer: ${answerText(e)}`);
  out.push(`Verdict: ${e.summary}`);
  if (!e.replayConsistent) out.push("Warning: replaying the recorded request gave a different decision; the explanation follows the replay.");
  out.push("", "Who asked");
  out.push(`  ${e.principal.description}${e.principal.arn !== undefined ? ` (${e.principal.arn})` : ""}`);
  if (e.principal.principalArn !== undefined) out.push(`  aws:PrincipalArn ${e.principal.principalArn}`);
  out.push(`  ${authText(e)}`);
  out.push("", "What was required");
  e.checks.forEach((c, i) => out.push(`  ${i + 1}. ${c.action} on ${c.resource ?? "*"}${c.on === "source" ? " (copy source)" : ""} — ${c.outcome === "not-evaluated" ? "not evaluated (an earlier action was refused)" : c.outcome}`));
  if (e.target !== undefined || e.source !== undefined) out.push("", "Resources");
  if (e.target !== undefined) out.push(...resourceText(e.target, e.source !== undefined ? "target" : undefined));
  if (e.source !== undefined) out.push(...resourceText(e.source, "copy source"));
  if (e.accessPoint !== undefined) out.push(`  through access point ${e.accessPoint.arn} (account ${e.accessPoint.accountId}, ${e.accessPoint.networkOrigin}${e.accessPoint.hasPolicy ? "" : ", no policy"})`);
  for (const c of e.checks) {
    if (c.outcome === "not-evaluated") continue;
    out.push("", `Layers for ${c.action} on ${c.resource ?? "*"}, in evaluation order`);
    out.push(...checkText(c));
  }
  if (e.deciding.length > 0) {
    out.push("", e.verdict === "Allow" ? "Granted by" : "Decided by");
    for (const d of e.deciding) {
      out.push(`  - ${d.text}`);
      for (const c of d.statement?.conditions ?? []) out.push(`      ${describeCondition(c)}`);
    }
  }
  if (e.remedies.length > 0) {
    out.push("", e.remedies.length === 1 ? "Remedy" : "Remedies");
    for (const r of e.remedies) out.push(...wrap(r.text, "  - ", "    "));
  }
  return `${out.join("\n")}\n`;
}

function answerText(e: Explanation): string {
  if (e.answer.code === undefined) return e.answer.allowed ? (e.simulated ? "would be allowed by authorization (the operation was not performed)" : "allowed") : "denied";
  const status = e.answer.status !== undefined ? `${e.answer.status} ` : "";
  const message = e.answer.message !== undefined ? ` "${e.answer.message}"` : "";
  return `${e.simulated ? "would get " : ""}${status}${e.answer.code}${message}`;
}

function authText(e: Explanation): string {
  const a = e.authentication;
  if (!a.signed) return e.principal.kind === "anonymous" ? "not signed (anonymous request)" : "an AWS service request";
  const how = a.authType === "REST-QUERY-STRING" ? " in a presigned URL (s3:authType REST-QUERY-STRING)" : a.authType === "REST-HEADER" ? " in the Authorization header (s3:authType REST-HEADER)" : "";
  const key = a.accessKeyId !== undefined ? ` with access key ${a.accessKeyId}` : "";
  const temp = a.temporaryCredentials ? ", temporary STS credentials" : "";
  const sig = a.signatureVersion !== undefined ? `, ${a.signatureVersion}` : "";
  const from = a.sourceIp !== undefined ? `; from ${a.sourceIp}${a.secureTransport === "true" ? " over TLS" : ""}` : "";
  return `signed${key}${how}${sig}${temp}${from}`;
}

function resourceText(r: ResourceExplanation, label: string | undefined): string[] {
  const lines: string[] = [];
  const prefix = label !== undefined ? `${label}: ` : "";
  const pab = (Object.keys(r.publicAccessBlock) as (keyof typeof r.publicAccessBlock)[]).filter((k) => r.publicAccessBlock[k]);
  const policy = r.bucketPolicy === undefined ? "no bucket policy" : `bucket policy with ${r.bucketPolicy.statements} statement${r.bucketPolicy.statements === 1 ? "" : "s"}${r.bucketPolicy.public ? " (public)" : ""}`;
  lines.push(`  ${prefix}bucket ${r.bucket}, owned by account ${r.ownerAccountId}; Object Ownership ${r.objectOwnership}${r.aclsEnabled ? " (ACLs enabled)" : " (ACLs disabled)"}; ${policy}; Block Public Access ${pab.length === 0 ? "off" : pab.join(", ")}`);
  if (r.key !== undefined) {
    const o = r.object;
    if (o === undefined) lines.push(`  object ${r.key}: no existing version (a new key, or a bucket-level action)`);
    else {
      const owner = o.ownerAccountId !== undefined ? `account ${o.ownerAccountId}` : o.ownerCanonicalId === ANONYMOUS_CANONICAL_ID ? "the anonymous user" : `canonical user ${o.ownerCanonicalId}`;
      const stored = o.storedOwnerCanonicalId !== undefined ? ` (written by ${o.storedOwnerAccountId !== undefined ? `account ${o.storedOwnerAccountId}` : o.storedOwnerCanonicalId}; the bucket owner owns it under BucketOwnerEnforced)` : "";
      lines.push(`  object ${r.key}: owned by ${owner}${o.ownedByBucketOwner ? " (the bucket owner)" : " — NOT the bucket owner"}${stored}`);
      lines.push(`    object ACL: ${o.acl.length === 0 ? "no grants" : o.acl.map(describeGrant).join(", ")}`);
    }
  }
  return lines;
}

function checkText(c: CheckExplanation): string[] {
  const lines: string[] = [];
  const width = Math.max(...c.layers.map((l) => LAYER_TITLES[l.layer].length));
  for (const l of c.layers) {
    const mark = l.decisive === true ? "▶" : " ";
    lines.push(`${mark} ${LAYER_TITLES[l.layer].padEnd(width)}  ${STATUS_WORDS[l.status].padEnd(8)}  ${l.summary}`);
    for (const s of relevantStatements(l)) lines.push(...statementText(s, " ".repeat(width + 15)));
    if (l.notCandidates !== undefined) lines.push(`${" ".repeat(width + 15)}${l.notCandidates.text}`);
  }
  return lines;
}

/** Matched statements always; unmatched ones only where the layer gave no allow (they show what was missing). */
function relevantStatements(l: LayerExplanation): readonly StatementExplanation[] {
  const statements = l.statements ?? [];
  if (l.status === "no-allow") return statements.slice(0, 8);
  return statements.filter((s) => s.matched);
}

function statementText(s: StatementExplanation, indent: string): string[] {
  const head = `${indent}${s.policyId} ${statementName(s)} ${s.effect}: ${s.matched ? "applies" : `does not apply — ${whyNotMatched(s)}`}`;
  const conditions = s.matched ? s.conditions.map((c) => `${indent}  ${describeCondition(c)}`) : [];
  return [head, ...conditions];
}

function wrap(text: string, first: string, rest: string, width = 100): string[] {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = first;
  for (const w of words) {
    const prefix = lines.length === 0 ? first : rest;
    if (line.length > prefix.length && line.length + 1 + w.length > width) {
      lines.push(line);
      line = rest + w;
    } else line = line.length > prefix.length ? `${line} ${w}` : line + w;
  }
  lines.push(line);
  return lines;
}
