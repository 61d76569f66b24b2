/**
 * @module policy/jsonText
 * A small JSON reader that keeps, for every value, its JSON pointer and line/column, and that reports
 * duplicate object keys (IAM rejects them, spec §3.1) instead of silently keeping the last one.
 * `JSON.parse` can do neither, which is why this exists.
 */
import type { Location } from "./types.ts";

/** @internal A JSON value with its location. Objects keep their members in written order. */
export type JsonNode =
  | { readonly kind: "object"; readonly members: readonly JsonMember[]; readonly loc: Location }
  | { readonly kind: "array"; readonly items: readonly JsonNode[]; readonly loc: Location }
  | { readonly kind: "string"; readonly value: string; readonly loc: Location }
  | { readonly kind: "number"; readonly value: string; readonly loc: Location }
  | { readonly kind: "boolean"; readonly value: boolean; readonly loc: Location }
  | { readonly kind: "null"; readonly loc: Location };

/** @internal An object member: its key, where the key was written, and the value. */
export interface JsonMember {
  readonly key: string;
  readonly keyLoc: Location;
  readonly value: JsonNode;
}

/** @internal The outcome of reading JSON text. */
export type JsonReadResult =
  | { readonly ok: true; readonly node: JsonNode; readonly duplicates: readonly Location[] }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

/** @internal Escapes one reference token of a JSON pointer (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

class SyntaxFailure {
  constructor(readonly message: string, readonly pos: number) {}
}

/** @internal Reads JSON text into located nodes, or says where the syntax broke. */
export function readJson(text: string): JsonReadResult {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const duplicates: Location[] = [];
  let pos = 0;

  const locate = (at: number, pointer: string): Location => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { pointer, line: lo + 1, column: at - (lineStarts[lo] ?? 0) + 1 };
  };
  const fail = (message: string): never => {
    throw new SyntaxFailure(message, pos);
  };
  const skipWs = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  };
  const readString = (): string => {
    pos++; // opening quote
    let out = "";
    let start = pos;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail("control character in string");
      if (c === 92) {
        out += text.slice(start, pos);
        const e = text[pos + 1];
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          pos += 2;
        } else if (e === "u") {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("bad unicode escape");
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else fail("bad escape");
        start = pos;
        continue;
      }
      pos++;
    }
    return fail("unterminated string");
  };
  const readValue = (pointer: string): JsonNode => {
    skipWs();
    const at = pos;
    const c = text[pos];
    if (c === "{") {
      pos++;
      const members: JsonMember[] = [];
      const seen = new Set<string>();
      skipWs();
      if (text[pos] === "}") {
        pos++;
        return { kind: "object", members, loc: locate(at, pointer) };
      }
      for (;;) {
        skipWs();
        if (text[pos] !== '"') fail("expected a member name");
        const keyAt = pos;
        const key = readString();
        const keyLoc = locate(keyAt, `${pointer}/${pointerToken(key)}`);
        if (seen.has(key)) duplicates.push(keyLoc);
        seen.add(key);
        skipWs();
        if (text[pos] !== ":") fail("expected `:`");
        pos++;
        members.push({ key, keyLoc, value: readValue(keyLoc.pointer) });
        skipWs();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") {
          pos++;
          return { kind: "object", members, loc: locate(at, pointer) };
        } else fail("expected `,` or `}`");
      }
    }
    if (c === "[") {
      pos++;
      const items: JsonNode[] = [];
      skipWs();
      if (text[pos] === "]") {
        pos++;
        return { kind: "array", items, loc: locate(at, pointer) };
      }
      for (;;) {
        items.push(readValue(`${pointer}/${items.length}`));
        skipWs();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") {
          pos++;
          return { kind: "array", items, loc: locate(at, pointer) };
        } else fail("expected `,` or `]`");
      }
    }
    if (c === '"') return { kind: "string", value: readString(), loc: locate(at, pointer) };
    if (text.startsWith("true", pos)) {
      pos += 4;
      return { kind: "boolean", value: true, loc: locate(at, pointer) };
    }
    if (text.startsWith("false", pos)) {
      pos += 5;
      return { kind: "boolean", value: false, loc: locate(at, pointer) };
    }
    if (text.startsWith("null", pos)) {
      pos += 4;
      return { kind: "null", loc: locate(at, pointer) };
    }
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = pos;
    const num = m.exec(text);
    if (num !== null) {
      pos += num[0].length;
      return { kind: "number", value: num[0], loc: locate(at, pointer) };
    }
    return fail(pos >= text.length ? "unexpected end of text" : `unexpected character \`${text[pos] ?? ""}\``);
  };

  try {
    const node = readValue("");
    skipWs();
    if (pos < text.length) fail("unexpected text after the document");
    return { ok: true, node, duplicates };
  } catch (e) {
    if (e instanceof SyntaxFailure) {
      const loc = locate(e.pos, "");
      return { ok: false, message: e.message, line: loc.line ?? 1, column: loc.column ?? 1 };
    }
    throw e;
  }
}
