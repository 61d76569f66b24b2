#!/usr/bin/env node
// Runs every *.test.ts under the given roots (default: src and test) with node's own test runner,
// TypeScript loaded through tsx. Node 20's --test does not expand globs, so the files are listed here.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const extra = process.argv.slice(2).filter((a) => a.startsWith("-"));
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".test.ts")) files.push(p);
  }
}
for (const r of roots.length ? roots : ["src", "test"]) walk(r);
files.sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...extra, ...files],
  { stdio: "inherit", env: { ...process.env, CROSSBUCKET_LOG: process.env.CROSSBUCKET_LOG ?? "silent" } },
);
process.exit(r.status ?? 1);
