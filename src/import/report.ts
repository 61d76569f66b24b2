/**
 * @module import/report
 * What the importer reads and what it tells: the collected folder as an injected reader (no file system
 * here), and the report of everything it did not take as given — unknown or unsupported fields (file +
 * JSON path + field), configurations recorded as absent, calls that failed during collection, and values
 * it had to assume. Nothing in the input is dropped without an entry here.
 */

/** @public The collected folder (docs/import.md), read through paths relative to its top. */
export interface WorldFolder {
  /** The names of the entries of a folder (files and folders), sorted; empty when it does not exist. */
  list(dir: string): string[];
  /** The text of a file, or undefined when it does not exist. */
  read(path: string): string | undefined;
}

/** @public The kinds of report entries. */
export type ReportKind = "unknown-field" | "unsupported" | "absent" | "collection-error" | "assumed" | "invalid";

/** @public One thing the importer reports. */
export interface ReportEntry {
  readonly kind: ReportKind;
  /** The file, relative to the folder. */
  readonly file: string;
  /** The JSON path inside the file (`/UserDetailList/0/Foo`), empty for the whole file. */
  readonly field: string;
  readonly message: string;
}

/** @public Collects report entries. */
export class ImportReport {
  readonly entries: ReportEntry[] = [];

  add(kind: ReportKind, file: string, field: string, message: string): void {
    this.entries.push({ kind, file, field, message });
  }

  /**
   * Reports every field of `obj` not in `known` as unknown (`understood` fields are read; `ignored` ones are
   * known to carry nothing authorization depends on).
   */
  fields(obj: Record<string, unknown>, file: string, path: string, understood: readonly string[], ignored: readonly string[] = []): void {
    for (const k of Object.keys(obj)) {
      if (!understood.includes(k) && !ignored.includes(k)) this.add("unknown-field", file, `${path}/${k}`, `field ${k} is not understood by the importer and was not imported`);
    }
  }
}

/** @public A JSON object, or undefined. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** @public A list of JSON objects (non-objects are reported as invalid). */
export function records(v: unknown, report: ImportReport, file: string, path: string): Record<string, unknown>[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    report.add("invalid", file, path, "expected a list");
    return [];
  }
  const out: Record<string, unknown>[] = [];
  v.forEach((item, i) => {
    const r = asRecord(item);
    if (r === undefined) report.add("invalid", file, `${path}/${i}`, "expected an object");
    else out.push(r);
  });
  return out;
}

/** @public A string field, or undefined (a non-string is reported as invalid). */
export function str(obj: Record<string, unknown>, key: string, report: ImportReport, file: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") {
    report.add("invalid", file, `${path}/${key}`, "expected a string");
    return undefined;
  }
  return v;
}

/**
 * @public A policy document as the CLI prints it: botocore decodes IAM's URL-encoded documents into JSON
 * objects; the raw API gives URL-encoded text; S3 and Organizations give JSON text. The text stored is the
 * JSON text (objects are serialised compactly).
 */
export function policyText(v: unknown): string | undefined {
  if (typeof v === "string") {
    const t = v.trim();
    if (t.startsWith("{")) return v;
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  }
  return asRecord(v) !== undefined ? JSON.stringify(v) : undefined;
}

/** @public Reads a collected JSON file; `absent` when the collection recorded the configuration as not set. */
export function readCollected(folder: WorldFolder, base: string, report: ImportReport): { kind: "json"; file: string; value: Record<string, unknown> } | { kind: "absent"; code: string } | { kind: "missing" } {
  const file = `${base}.json`;
  const text = folder.read(file);
  if (text !== undefined) {
    // The CLI prints nothing for an empty answer (e.g. versioning never set).
    if (text.trim() === "") return { kind: "json", file, value: {} };
    try {
      const value = asRecord(JSON.parse(text));
      if (value !== undefined) return { kind: "json", file, value };
      report.add("invalid", file, "", "the file is not a JSON object");
    } catch (e) {
      report.add("invalid", file, "", `not JSON: ${(e as Error).message}`);
    }
    return { kind: "missing" };
  }
  const absent = folder.read(`${base}.absent`);
  if (absent !== undefined) return { kind: "absent", code: absent.trim() };
  const error = folder.read(`${base}.error`);
  if (error !== undefined) report.add("collection-error", `${base}.error`, "", `the collection of this configuration failed, so it is not in the simulated world: ${error.trim()}`);
  return { kind: "missing" };
}
