/**
 * Finds the time expressions in a text: runs the matcher table over the normalised text and
 * keeps each match that does not overlap one found by an earlier (more specific) matcher.
 */
import { normalizeText } from './normalize.js';
import { BEFORE_CONTEXT, InvalidExpression, MATCHERS, type Matcher, type Piece } from './patterns.js';

export interface Token {
  piece: Piece;
  /** Offsets in the input (normalisation keeps them). */
  start: number;
  end: number;
  /** Which matcher read it, for debugging and tests. */
  matcher: string;
}

export function scanTimeExpressions(text: string, matchers: readonly Matcher[] = MATCHERS): Token[] {
  const normalised = normalizeText(text);
  const tokens: Token[] = [];
  // One flag per unit of text: an overlap test costs the length of the match, not the number of
  // earlier matches (a sentence of 100 000 "3月" used to be quadratic).
  const taken = new Uint8Array(normalised.length);
  const overlaps = (s: number, e: number): boolean => {
    for (let i = s; i < e; i++) if (taken[i]) return true;
    return false;
  };

  const has = (need: RegExp): boolean => need.test(normalised);

  for (const matcher of matchers) {
    // a pattern that cannot match here is not run (see Matcher.needs)
    if (matcher.needs && !matcher.needs.every(has)) continue;
    // The table's regexes are compiled once, at module load; a scan runs start to end without
    // yielding, so resetting lastIndex before and after is enough to share them.
    const re = matcher.pattern;
    re.lastIndex = 0;
    try {
      for (let m = re.exec(normalised); m !== null; m = re.exec(normalised)) {
        const start = m.index;
        const end = start + m[0].length;
        // On a miss, retry one character on, so a shorter expression starting inside is still found.
        if (end === start || overlaps(start, end)) {
          re.lastIndex = start + 1;
          continue;
        }
        const pieces = readPieces(matcher, m, text.slice(start, end), normalised, start);
        if (!pieces) {
          re.lastIndex = start + 1;
          continue;
        }
        taken.fill(1, start, end);
        for (const piece of pieces) tokens.push({ piece, start, end, matcher: matcher.name });
      }
    } finally {
      re.lastIndex = 0;
    }
  }
  return tokens.sort((a, b) => a.start - b.start);
}

/** Only blanks between the start of the text or of a line and offset `at`. */
function atLineStart(normalised: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const ch = normalised[i];
    if (ch === '\n') return true;
    if (ch !== ' ' && ch !== '\t') return false;
  }
  return true;
}

function readPieces(matcher: Matcher, m: RegExpExecArray, phrase: string, normalised: string, start: number): Piece[] | null {
  const before = normalised.slice(Math.max(0, start - BEFORE_CONTEXT), start);
  try {
    return matcher.read(m.groups ?? {}, { phrase, before, atLineStart: atLineStart(normalised, start) });
  } catch (error) {
    if (error instanceof InvalidExpression) return [{ kind: 'invalid', reason: error.message }];
    throw error;
  }
}
