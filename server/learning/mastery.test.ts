import { describe, expect, it } from 'vitest';
import { isMastered, type Attempt } from './mastery.ts';

const attempts = (...scores: number[]): Attempt[] => scores.map((score, i) => ({ at: `2025-01-01T00:00:0${i}Z`, correct: score === 1, score }));

describe('mastery rules', () => {
  it('defaults to one correct answer', () => {
    expect(isMastered(undefined, attempts(0, 0))).toBe(false);
    expect(isMastered(undefined, attempts(0, 1))).toBe(true);
  });

  it('correctInARow counts consecutive correct answers, reset by a wrong one', () => {
    const rule = { correctInARow: 3 };
    expect(isMastered(rule, attempts(1, 1, 0, 1, 1))).toBe(false);
    expect(isMastered(rule, attempts(1, 1, 0, 1, 1, 1))).toBe(true);
  });

  it('keeps mastery once reached, even after a slip', () => {
    expect(isMastered({ correctInARow: 2 }, attempts(1, 1, 0, 0))).toBe(true);
  });

  it('minScore uses the mean of the last three attempts', () => {
    const rule = { minScore: 0.8 };
    expect(isMastered(rule, attempts(0.5))).toBe(false);
    expect(isMastered(rule, attempts(0.5, 1))).toBe(false);
    expect(isMastered(rule, attempts(0.5, 1, 1))).toBe(true); // 0.833
    expect(isMastered(rule, attempts(0, 0, 1, 1))).toBe(false); // last three: 0.667
    expect(isMastered(rule, attempts(0, 0, 1, 1, 1))).toBe(true);
    expect(isMastered(rule, attempts(0.8))).toBe(true);
  });

  it('nothing answered is not mastered', () => {
    expect(isMastered({ minScore: 0.5 }, [])).toBe(false);
    expect(isMastered(undefined, [])).toBe(false);
  });
});
