// Result snippets: about 160 characters of a document's plain text around the
// first place a query word starts a word, matched without regard to case or
// accents, cut at whole words with "…" where text was left out. Plain text in,
// plain text out: the client escapes it.
import { foldAccents } from './tokens.ts';

export const SNIPPET_CHARS = 160;
// How much text to show before the match, so the reader sees it in context.
const LEAD_CHARS = 50;
const SPACE = /\s/;

/**
 * Returns a function that makes the snippet of a text for these query words
 * (compiled once per search, used for every hit). Without a literal match, the
 * snippet is the start of the text.
 */
export function snippetMaker(queryWords: string[], maxChars = SNIPPET_CHARS): (text: string) => string {
  const words = [...new Set(queryWords.map(foldAccents).filter((word) => word.length > 0))];
  // One- and two-letter words ("a", "la", "na") occur everywhere; look for them
  // only when no longer query word occurs.
  const patterns = [words.filter((word) => word.length >= 3), words.filter((word) => word.length < 3)]
    .filter((group) => group.length > 0)
    .map(wordStartPattern);
  return (text) => cut(text.normalize('NFC').trim(), patterns, maxChars);
}

function cut(text: string, patterns: RegExp[], maxChars: number): string {
  if (text.length <= maxChars) return flatten(text);
  const match = firstMatch(text, patterns);
  let from = match < 0 ? 0 : Math.max(0, Math.min(match - LEAD_CHARS, text.length - maxChars));
  let to = Math.min(text.length, from + maxChars);
  if (from > 0 && !SPACE.test(text[from - 1]!)) {
    // Start at the next word, but never after the match itself.
    const space = text.slice(from).search(SPACE) + from;
    from = space >= from && (match < 0 || space < match) ? space + 1 : Math.max(match, from);
  }
  if (to < text.length && !SPACE.test(text[to]!)) {
    const space = lastSpaceBefore(text, to);
    if (space > from && (match < 0 || space > match)) to = space;
  }
  const body = flatten(text.slice(from, to)).replace(/[\s,;:]+$/, '');
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}

function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function lastSpaceBefore(text: string, end: number): number {
  for (let i = end - 1; i >= 0; i--) if (SPACE.test(text[i]!)) return i;
  return -1;
}

// Query words are folded ("coeur"); the text is folded character for character
// so offsets stay those of the text, which leaves its ligatures in place: the
// pattern accepts "œ" for "oe" and "æ" for "ae". Words hold only letters, marks
// and digits (splitWords), so they need no regex escaping.
function wordStartPattern(foldedWords: string[]): RegExp {
  const alternatives = foldedWords.map((word) => word.replace(/oe/g, '(?:oe|œ)').replace(/ae/g, '(?:ae|æ)'));
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${alternatives.join('|')})`, 'u');
}

/** Offset in `text` of the earliest word starting with a query word, trying each pattern in turn, or -1. */
function firstMatch(text: string, patterns: RegExp[]): number {
  const folded = foldInPlace(text);
  for (const pattern of patterns) {
    const found = pattern.exec(folded);
    if (found) return found.index;
  }
  return -1;
}

const foldedChars = new Map<string, string>();

/** Lowercase and accent-free, one UTF-16 unit for each of the text's (a character whose fold would change length stays as it is). */
function foldInPlace(text: string): string {
  const lower = text.toLowerCase();
  return (lower.length === text.length ? lower : text).replace(/[^\x00-\x7f]/g, (char) => {
    let folded = foldedChars.get(char);
    if (folded === undefined) {
      const candidate = foldAccents(char);
      folded = candidate.length === 1 ? candidate : char;
      foldedChars.set(char, folded); // bounded: one entry per distinct UTF-16 unit
    }
    return folded;
  });
}
