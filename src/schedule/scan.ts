/**
 * Finds the time expressions in a text: runs the matcher table over the normalised text and
 * keeps each match that does not overlap one found by an earlier (more specific) matcher.
 */
import { normalizeText } from './normalize.js';
import { InvalidExpression, MATCHERS, type Matcher, type Piece } from './patterns.js';

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
  const taken: Array<[number, number]> = [];
  const overlaps = (s: number, e: number): boolean => taken.some(([ts, te]) => s < te && ts < e);

  for (const matcher of matchers) {
    const re = new RegExp(matcher.pattern.source, matcher.pattern.flags); // own lastIndex: safe if re-entered
    for (let m = re.exec(normalised); m !== null; m = re.exec(normalised)) {
      const start = m.index;
      const end = start + m[0].length;
      // On a miss, retry one character on, so a shorter expression starting inside is still found.
      if (overlaps(start, end)) {
        re.lastIndex = start + 1;
        continue;
      }
      const pieces = readPieces(matcher, m, text.slice(start, end), normalised.slice(0, start));
      if (!pieces) {
        re.lastIndex = start + 1;
        continue;
      }
      taken.push([start, end]);
      for (const piece of pieces) tokens.push({ piece, start, end, matcher: matcher.name });
    }
  }
  return tokens.sort((a, b) => a.start - b.start);
}

function readPieces(matcher: Matcher, m: RegExpExecArray, phrase: string, before: string): Piece[] | null {
  try {
    return matcher.read(m.groups ?? {}, { phrase, before });
  } catch (error) {
    if (error instanceof InvalidExpression) return [{ kind: 'invalid', reason: error.message }];
    throw error;
  }
}
