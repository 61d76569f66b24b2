/**
 * @module policy/template
 * Matching text against a value that holds policy variables (spec §3.11) without building the substituted
 * string: the value is compiled once into pieces separated by `*`, each piece a run of atoms — literal text
 * (with `?` positions when wildcards apply) or a variable read from the request when the atom is reached.
 * Substituted text is literal, as in `variables.ts`. A variable with neither a value nor a default makes the
 * value match nothing; since a successful match reads every atom, reading variables only when reached gives
 * exactly that result. Pieces are placed leftmost-first, as in `wildcard.ts`: each piece has a fixed length
 * once its variables are read, which keeps that placement exact.
 */
import { isPrincipalKey, requestSingle } from "./requestKeys.ts";
import type { KeyRequest } from "./requestKeys.ts";
import type { TemplatePart } from "./variables.ts";
import { ANY_CHAR, ANY_RUN } from "./wildcard.ts";

/** Literal text; `?` positions (wildcards only) hold a placeholder and are listed in `any`. */
interface TextAtom {
  readonly text: string;
  readonly any: readonly number[] | null;
  readonly keyLower?: undefined;
}

/** A variable: `${key}` or `${key, 'default'}`. */
interface VariableAtom {
  readonly keyLower: string;
  readonly fromPrincipal: boolean;
  readonly defaultValue: string | undefined;
}

type Atom = TextAtom | VariableAtom;
type Piece = readonly Atom[];

/** @internal A compiled value with variables. */
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
      atoms.push({ keyLower: p.keyLower, fromPrincipal: isPrincipalKey(p.keyLower), defaultValue: p.defaultValue });
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
  private readonly first: Piece;
  private readonly last: Piece;
  private readonly middle: readonly Piece[];
  private readonly single: boolean;

  constructor(pieces: readonly Piece[]) {
    this.first = pieces[0] ?? [];
    this.last = pieces[pieces.length - 1] ?? [];
    this.middle = pieces.slice(1, -1);
    this.single = pieces.length === 1;
  }

  matches(s: string, req: KeyRequest): boolean {
    if (this.single) return forward(this.first, s, 0, req) === s.length;
    const head = forward(this.first, s, 0, req);
    if (head < 0) return false;
    const tail = backward(this.last, s, s.length, head, req);
    if (tail < 0) return false;
    let pos = head;
    for (const p of this.middle) {
      pos = find(p, s, pos, tail, req);
      if (pos < 0) return false;
    }
    return true;
  }
}

function variableValue(a: VariableAtom, req: KeyRequest): string | undefined {
  return requestSingle(req, a.keyLower, a.fromPrincipal) ?? a.defaultValue;
}

function textAt(a: TextAtom, s: string, at: number): boolean {
  if (a.any === null) return s.startsWith(a.text, at);
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
function forward(piece: Piece, s: string, at: number, req: KeyRequest): number {
  let pos = at;
  for (const a of piece) {
    if (a.keyLower === undefined) {
      if (!textAt(a, s, pos)) return -1;
      pos += a.text.length;
    } else {
      const v = variableValue(a, req);
      if (v === undefined || !s.startsWith(v, pos)) return -1;
      pos += v.length;
    }
  }
  return pos;
}

/** Matches a piece ending at `end` and starting no earlier than `floor`; returns where it starts, or -1. */
function backward(piece: Piece, s: string, end: number, floor: number, req: KeyRequest): number {
  let pos = end;
  for (let i = piece.length - 1; i >= 0; i--) {
    const a = piece[i];
    if (a === undefined) return -1;
    if (a.keyLower === undefined) {
      pos -= a.text.length;
      if (pos < floor || !textAt(a, s, pos)) return -1;
    } else {
      const v = variableValue(a, req);
      if (v === undefined) return -1;
      pos -= v.length;
      if (pos < floor || !s.startsWith(v, pos)) return -1;
    }
  }
  return pos;
}

/** The leftmost placement of a middle piece within [from, limit]; returns where it ends, or -1. */
function find(piece: Piece, s: string, from: number, limit: number, req: KeyRequest): number {
  const lead = piece[0];
  for (let i = from; i <= limit; i++) {
    if (lead !== undefined && lead.keyLower === undefined && lead.any === null) {
      i = s.indexOf(lead.text, i);
      if (i < 0 || i > limit) return -1;
    }
    const end = forward(piece, s, i, req);
    if (end >= 0) return end <= limit ? end : -1; // a piece has one length: later placements end later still
  }
  return -1;
}
