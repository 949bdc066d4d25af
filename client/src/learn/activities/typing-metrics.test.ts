import { describe, expect, it } from 'vitest';
import { accuracy, compareTyped, typingMetrics, wordsPerMinute } from './typing-metrics.ts';

describe('typing metrics', () => {
  it('counts five characters as one word over the time from first key to last', () => {
    // 20 characters = 4 words in 12 s = 20 words per minute.
    expect(wordsPerMinute(20, 12_000)).toBe(20);
    expect(wordsPerMinute(33, 60_000)).toBe(6.6);
  });

  it('gives 0 words per minute when nothing was typed or no time passed', () => {
    expect(wordsPerMinute(0, 5_000)).toBe(0);
    expect(wordsPerMinute(10, 0)).toBe(0);
  });

  it('measures accuracy by position, counting extra and missing characters as mistakes', () => {
    expect(accuracy('the cat', 'the cat')).toBe(1);
    expect(accuracy('the cat', 'thx cat')).toBe(0.857);
    expect(accuracy('abcd', 'abcdef')).toBe(0.667);
    expect(accuracy('abcd', 'ab')).toBe(0.5);
    expect(accuracy('', '')).toBe(1);
  });

  it('marks each character right, wrong or still to type', () => {
    expect(compareTyped('abc', 'ax').map((m) => m.state)).toEqual(['right', 'wrong', 'pending']);
  });

  it('combines both figures', () => {
    expect(typingMetrics('the cat sat on a mat', 'the cat sat on a mat', 15_000)).toEqual({ wpm: 16, accuracy: 1 });
  });
});
