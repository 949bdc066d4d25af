// Typing practice: accuracy and words per minute from the text shown, what was
// typed and how long it took. Accuracy uses the edit distance rather than a
// character-by-character comparison, so one missed letter early on costs one
// character, not every character after it. WPM follows the usual convention
// (a "word" is 5 characters) and is net of errors: characters typed × accuracy.

export interface TypingMetrics {
  wpm: number;
  accuracy: number;
}

/** Levenshtein distance in two rows of memory (texts are ≤ 2000 characters). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Below a second the minute count explodes; no one types a line that fast. */
const MIN_DURATION_MS = 1000;

export function measureTyping(text: string, typed: string, durationMs: number): TypingMetrics {
  const longest = Math.max(text.length, typed.length);
  const accuracy = longest === 0 ? 1 : Math.max(0, 1 - editDistance(text, typed) / longest);
  const minutes = Math.max(durationMs, MIN_DURATION_MS) / 60_000;
  const wpm = (typed.length / 5) * accuracy / minutes;
  return { wpm: Math.round(wpm * 10) / 10, accuracy: Math.round(accuracy * 1000) / 1000 };
}
