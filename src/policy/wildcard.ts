/**
 * @module policy/wildcard
 * IAM wildcard matching: `*` matches any run of characters (including none, and including `/` and `:`),
 * `?` matches exactly one character (spec §3.5, §3.6, §3.8 `StringLike`). A pattern is compiled once into
 * literal pieces separated by `*`; pieces are matched leftmost-first, which is exact for this pattern class.
 */

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
    if (this.prefix !== undefined) return s.startsWith(this.prefix);
    return matchPieces(this.pieces, s);
  }
}

function pieceAt(p: Piece, s: string, at: number): boolean {
  if (p.any === null) return s.startsWith(p.text, at);
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
