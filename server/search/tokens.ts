// How search text becomes words, shared by indexing, queries and snippets so
// that all three agree on what a word is. A word is a run of letters, marks and
// digits (Unicode-aware: lunr's own trimmer strips "é" from "écran" as \W).
// Folding removes Latin accents and case, so "Écran", "ecran" and "écran" meet.

const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u;
const COMBINING_ACCENTS = /[\u0300-\u036f]/g;
// Ligatures French writers use and learners type as two letters ("coeur").
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae' };
const LIGATURE = /[œæ]/g;

/** Lowercased words of a text, in order; punctuation, symbols and emoji separate words. */
export function splitWords(text: string): string[] {
  return text.normalize('NFC').toLowerCase().split(NON_WORD).filter((word) => word.length > 0);
}

/**
 * Lowercases and strips Latin combining accents (U+0300–U+036F only, so marks
 * that are letters in Indic or Arabic scripts survive).
 */
export function foldAccents(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_ACCENTS, '')
    .normalize('NFC')
    .replace(LIGATURE, (ligature) => LIGATURES[ligature] ?? ligature);
}
