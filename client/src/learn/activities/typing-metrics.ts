// Typing practice figures, the usual way typing tutors count them:
//   - words per minute: 5 characters make one word, over the time from the
//     first key to the last (so reading the text before starting is not counted);
//   - accuracy: characters typed right at their position, over the longer of
//     the text and what was typed (extra characters count as mistakes).
export type CharState = 'right' | 'wrong' | 'pending';

export interface TypingMetrics {
  wpm: number;
  accuracy: number;
}

export function compareTyped(target: string, typed: string): { char: string; state: CharState }[] {
  return [...target].map((char, i) => ({ char, state: i >= typed.length ? 'pending' : typed[i] === char ? 'right' : 'wrong' }));
}

export function wordsPerMinute(characters: number, durationMs: number): number {
  if (durationMs <= 0 || characters <= 0) return 0;
  return Math.round((characters / 5 / (durationMs / 60_000)) * 10) / 10;
}

export function accuracy(target: string, typed: string): number {
  const length = Math.max(target.length, typed.length);
  if (length === 0) return 1;
  let right = 0;
  for (let i = 0; i < Math.min(target.length, typed.length); i++) if (target[i] === typed[i]) right++;
  return Math.round((right / length) * 1000) / 1000;
}

export function typingMetrics(target: string, typed: string, durationMs: number): TypingMetrics {
  return { wpm: wordsPerMinute(typed.length, durationMs), accuracy: accuracy(target, typed) };
}
