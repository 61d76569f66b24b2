/**
 * @module test/contracts/crash.test
 * Crash safety of the SQLite metadata store with the filesystem blob store: a writer process is
 * killed with SIGKILL at a random moment; after reopening and sweeping, every acknowledged object
 * reads back intact, every referenced blob exists, and no temp or orphan blob file remains.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openFsBlobStore } from "../../src/storage/blob-fs/fsBlobStore.ts";
import { openSqliteMetadataStore } from "../../src/storage/meta-sqlite/sqliteMetadataStore.ts";
import { drain } from "./blobStore.case.ts";

const WRITER = fileURLToPath(new URL("./crashWriter.ts", import.meta.url));

/** Per key: the hash last acknowledged, and hashes announced since (in flight when killed). */
interface KeyLog {
  acked?: string;
  pending: string[];
}

/** Runs the writer until `killAfterMs` past its first acknowledgement, then SIGKILLs it. */
function runAndKill(dir: string, killAfterMs: number): Promise<Map<string, KeyLog>> {
  const log = new Map<string, KeyLog>();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, dir], { stdio: ["ignore", "pipe", "pipe"] });
    let buffered = "";
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const [what, key = "", announced = ""] = line.split(" ");
        const entry = log.get(key) ?? { pending: [] };
        log.set(key, entry);
        if (what === "intent") entry.pending.push(announced);
        else if (what === "ack") {
          const hash = entry.pending.shift();
          if (hash !== undefined) entry.acked = hash;
          timer ??= setTimeout(() => child.kill("SIGKILL"), killAfterMs);
        }
      }
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") resolve(log);
      else reject(new Error(`writer exited on its own: ${stderr}`));
    });
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

describe("crash safety (SIGKILL during writes)", { concurrency: true }, () => {
  for (const round of [1, 2, 3]) {
    it(`keeps every acknowledged object intact and leaves no debris after the sweep (round ${round})`, { timeout: 20_000 }, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), "cb-crash-"));
      try {
        const log = await runAndKill(dir, 100 + Math.floor(Math.random() * 900));
        const meta = openSqliteMetadataStore(join(dir, "meta.db"));
        const blobs = await openFsBlobStore(join(dir, "blobs"));
        const referenced = meta.referencedBlobs();
        await blobs.sweep(referenced);
        let checked = 0;
        for (const [key, entry] of log) {
          if (entry.acked === undefined) continue;
          const record = meta.getObject("b", key);
          assert.ok(record, `acknowledged ${key} is missing`);
          const body = Buffer.concat(await Promise.all(record.parts.map((p) => drain(blobs.read(p.blobId)))));
          const hash = createHash("sha256").update(body).digest("hex");
          assert.ok([entry.acked, ...entry.pending].includes(hash), `${key} does not read back as written`);
          checked++;
        }
        assert.ok(checked > 0, "the writer acknowledged nothing before the kill");
        t.diagnostic(`${checked} acknowledged objects verified`);
        assert.deepEqual(readdirSync(join(dir, "blobs", "tmp")), []);
        const onDisk = filesUnder(join(dir, "blobs")).sort();
        assert.deepEqual(onDisk, [...referenced].sort(), "blob files on disk are exactly the referenced blobs");
        meta.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
