/**
 * @module policy/wildcard
 * IAM wildcard matching: `*` matches any run of characters (including none, and including `/` and `:`),
 * `?` matches exactly one character (spec §3.5, §3.6, §3.8 `StringLike`). A pattern is compiled once into
 * literal pieces separated by `*`; pieces are matched leftmost-first, which is exact for this pattern class.
 *
 * Values with policy variables (spec §3.11) are matched the same way without building the substituted string
 * ({@link compileTemplate}): each piece is a run of atoms — literal text, or a variable read from the request
 * when the atom is reached. Substituted text is literal, as in `variables.ts`. A variable with neither a value
 * nor a default makes the value match nothing; since a successful match reads every atom, reading variables
 * only when reached gives exactly that result. Once its variables are read each piece has a fixed length,
 * which keeps leftmost-first placement exact.
 */
import { KeyReader } from "./requestKeys.ts";
import type { KeyRequest } from "./requestKeys.ts";
import type { TemplatePart } from "./variables.ts";

/** @internal A token of a wildcard pattern: literal text, {@link ANY_RUN} (`*`) or {@link ANY_CHAR} (`?`). */
export type GlobToken = string | typeof ANY_RUN | typeof ANY_CHAR;
/** @internal The `*` token. */
export const ANY_RUN = 0;
/** @internal The `?` token. */
export const ANY_CHAR = 1;

interface Piece {
  /** Literal text; `?` positions hold a placeholder and are listed in `any`. */
  readonly text: string;
  readonly any: readonly number[] | null;
}

/**
 * @internal Whether `t` occurs in `s` at `at` (0 ≤ at ≤ s.length). Same as `s.startsWith(t, at)`, which node 20
 * runs about three times slower than the native searches: searching backwards from `at` (or forwards, when only
 * `at` leaves room for `t`) has `at` as its first candidate, and whichever side is shorter bounds a miss.
 */
export function startsAt(s: string, t: string, at: number): boolean {
  const room = s.length - at - t.length;
  if (room < 0) return false;
  return room < at ? s.indexOf(t, at) === at : s.lastIndexOf(t, at) === at;
}

/** @internal Splits pattern text into tokens, treating every `*` and `?` as a wildcard. */
export function globTokens(pattern: string): GlobToken[] {
  const out: GlobToken[] = [];
  let lit = "";
  for (const ch of pattern) {
    if (ch === "*" || ch === "?") {
      if (lit !== "") out.push(lit);
      lit = "";
      out.push(ch === "*" ? ANY_RUN : ANY_CHAR);
    } else lit += ch;
  }
  if (lit !== "") out.push(lit);
  return out;
}

/** @public A compiled wildcard pattern. */
export class Glob {
  private readonly exact: string | undefined;
  private readonly prefix: string | undefined;
  /** The pattern is `*` (or only `*`s): everything matches. */
  private readonly any: boolean;
  private readonly pieces: readonly Piece[];
  private readonly ignoreCase: boolean;

  private constructor(tokens: readonly GlobToken[], ignoreCase: boolean) {
    this.ignoreCase = ignoreCase;
    const pieces: Piece[] = [];
    let text = "";
    let any: number[] | null = null;
    let stars = 0;
    for (const t of tokens) {
      if (t === ANY_RUN) {
        pieces.push({ text, any });
        text = "";
        any = null;
        stars++;
      } else if (t === ANY_CHAR) {
        (any ??= []).push(text.length);
        text += "?";
      } else text += ignoreCase ? t.toLowerCase() : t;
    }
    pieces.push({ text, any });
    this.pieces = pieces;
    const first = pieces[0];
    this.exact = stars === 0 && first !== undefined && first.any === null ? first.text : undefined;
    this.any = stars > 0 && pieces.every((p) => p.text === "");
    const last = pieces[1];
    this.prefix =
      stars === 1 && first !== undefined && first.any === null && last !== undefined && last.text === "" ? first.text : undefined;
  }

  /** Compiles pattern text (`*` and `?` are wildcards). */
  static of(pattern: string, ignoreCase = false): Glob {
    return new Glob(globTokens(pattern), ignoreCase);
  }

  /** Compiles tokens (literal tokens are matched literally, even if they contain `*` or `?`). */
  static fromTokens(tokens: readonly GlobToken[], ignoreCase = false): Glob {
    return new Glob(tokens, ignoreCase);
  }

  /** Whether the pattern has no wildcard at all. */
  get isLiteral(): boolean {
    return this.exact !== undefined;
  }

  /** Whether `text` matches the whole pattern. */
  matches(text: string): boolean {
    const s = this.ignoreCase ? text.toLowerCase() : text;
    if (this.exact !== undefined) return s === this.exact;
    if (this.any) return true;
    if (this.prefix !== undefined) return startsAt(s, this.prefix, 0);
    return matchPieces(this.pieces, s);
  }
}

function pieceAt(p: Piece, s: string, at: number): boolean {
  if (p.any === null) return startsAt(s, p.text, at);
  if (at + p.text.length > s.length) return false;
  let k = 0;
  for (let i = 0; i < p.text.length; i++) {
    if (p.any[k] === i) {
      k++;
      continue;
    }
    if (s.charCodeAt(at + i) !== p.text.charCodeAt(i)) return false;
  }
  return true;
}

function findPiece(p: Piece, s: string, from: number, limit: number): number {
  if (p.any === null) {
    const i = s.indexOf(p.text, from);
    return i >= 0 && i + p.text.length <= limit ? i : -1;
  }
  for (let i = from; i + p.text.length <= limit; i++) if (pieceAt(p, s, i)) return i;
  return -1;
}

function matchPieces(pieces: readonly Piece[], s: string): boolean {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (first === undefined || last === undefined) return false;
  if (pieces.length === 1) return s.length === first.text.length && pieceAt(first, s, 0);
  if (!pieceAt(first, s, 0)) return false;
  const end = s.length - last.text.length;
  if (end < first.text.length || !pieceAt(last, s, end)) return false;
  let pos = first.text.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const p = pieces[i];
    if (p === undefined) return false;
    const at = findPiece(p, s, pos, end);
    if (at < 0) return false;
    pos = at + p.text.length;
  }
  return true;
}

// Values with policy variables.

/** Literal text; `?` positions (wildcards only) hold a placeholder and are listed in `any`. */
interface TextAtom {
  readonly text: string;
  readonly any: readonly number[] | null;
  readonly keyLower?: undefined;
}

/** A variable: `${key}` or `${key, 'default'}`. */
interface VariableAtom {
  readonly keyLower: string;
  readonly reader: KeyReader;
  readonly defaultValue: string | undefined;
}

type Atom = TextAtom | VariableAtom;
type AtomPiece = readonly Atom[];

/** @internal A compiled pattern matched against request text: a {@link Glob}, or a value with variables. */
export interface TemplateMatcher {
  /** Whether `text` matches the value for this request (its variables read from `req`). */
  matches(text: string, req: KeyRequest): boolean;
}

/**
 * @internal Compiles parts from {@link parseTemplate}. With `wildcards`, `*` and `?` written in the text parts
 * are wildcards (Resource, `StringLike`); without, the whole value is literal (`StringEquals`).
 */
export function compileTemplate(parts: readonly TemplatePart[], wildcards: boolean): TemplateMatcher {
  const pieces: Atom[][] = [];
  let atoms: Atom[] = [];
  let text = "";
  let any: number[] | null = null;
  const flushText = (): void => {
    if (text !== "") atoms.push({ text, any });
    text = "";
    any = null;
  };
  for (const p of parts) {
    if (p.kind === "escape") text += p.text;
    else if (p.kind === "variable") {
      flushText();
      atoms.push({ keyLower: p.keyLower, reader: new KeyReader(p.keyLower), defaultValue: p.defaultValue });
    } else if (!wildcards) text += p.text;
    else {
      for (const t of p.tokens) {
        if (t === ANY_RUN) {
          flushText();
          pieces.push(atoms);
          atoms = [];
        } else if (t === ANY_CHAR) {
          (any ??= []).push(text.length);
          text += "?";
        } else text += t;
      }
    }
  }
  flushText();
  pieces.push(atoms);
  return new Template(pieces);
}

class Template implements TemplateMatcher {
  private readonly first: AtomPiece;
  private readonly last: AtomPiece;
  private readonly middle: readonly AtomPiece[];
  private readonly single: boolean;

  constructor(pieces: readonly AtomPiece[]) {
    this.first = pieces[0] ?? [];
    this.last = pieces[pieces.length - 1] ?? [];
    this.middle = pieces.slice(1, -1);
    this.single = pieces.length === 1;
  }

  matches(s: string, req: KeyRequest): boolean {
    if (this.single) return forwardAtoms(this.first, s, 0, req) === s.length;
    const head = forwardAtoms(this.first, s, 0, req);
    if (head < 0) return false;
    const tail = backwardAtoms(this.last, s, s.length, head, req);
    if (tail < 0) return false;
    let pos = head;
    for (const p of this.middle) {
      pos = findAtoms(p, s, pos, tail, req);
      if (pos < 0) return false;
    }
    return true;
  }
}

function variableValue(a: VariableAtom, req: KeyRequest): string | undefined {
  return a.reader.single(req) ?? a.defaultValue;
}

function textAtomAt(a: TextAtom, s: string, at: number): boolean {
  if (a.any === null) return startsAt(s, a.text, at);
  if (at + a.text.length > s.length) return false;
  let k = 0;
  for (let i = 0; i < a.text.length; i++) {
    if (a.any[k] === i) {
      k++;
      continue;
    }
    if (s.charCodeAt(at + i) !== a.text.charCodeAt(i)) return false;
  }
  return true;
}

/** Matches a piece starting at `at`; returns where it ends, or -1. */
function forwardAtoms(piece: AtomPiece, s: string, at: number, req: KeyRequest): number {
  let pos = at;
  for (const a of piece) {
    if (a.keyLower === undefined) {
      if (!textAtomAt(a, s, pos)) return -1;
      pos += a.text.length;
    } else {
      const v = variableValue(a, req);
      if (v === undefined || !startsAt(s, v, pos)) return -1;
      pos += v.length;
    }
  }
  return pos;
}

/** Matches a piece ending at `end` and starting no earlier than `floor`; returns where it starts, or -1. */
function backwardAtoms(piece: AtomPiece, s: string, end: number, floor: number, req: KeyRequest): number {
  let pos = end;
  for (let i = piece.length - 1; i >= 0; i--) {
    const a = piece[i];
    if (a === undefined) return -1;
    if (a.keyLower === undefined) {
      pos -= a.text.length;
      if (pos < floor || !textAtomAt(a, s, pos)) return -1;
    } else {
      const v = variableValue(a, req);
      if (v === undefined) return -1;
      pos -= v.length;
      if (pos < floor || !startsAt(s, v, pos)) return -1;
    }
  }
  return pos;
}

/** The leftmost placement of a middle piece within [from, limit]; returns where it ends, or -1. */
function findAtoms(piece: AtomPiece, s: string, from: number, limit: number, req: KeyRequest): number {
  const lead = piece[0];
  for (let i = from; i <= limit; i++) {
    if (lead !== undefined && lead.keyLower === undefined && lead.any === null) {
      i = s.indexOf(lead.text, i);
      if (i < 0 || i > limit) return -1;
    }
    const end = forwardAtoms(piece, s, i, req);
    if (end >= 0) return end <= limit ? end : -1; // a piece has one length: later placements end later still
  }
  return -1;
}
