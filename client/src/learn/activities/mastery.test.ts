import { describe, expect, it } from 'vitest';
import { masteryState } from './mastery.ts';

const right = { correct: true, score: 1 };
const wrong = { correct: false, score: 0 };

describe('mastery as shown to the learner', () => {
  it('needs one right answer when the course sets no rule', () => {
    expect(masteryState(undefined, [wrong]).mastered).toBe(false);
    expect(masteryState(undefined, [wrong, right]).mastered).toBe(true);
  });

  it('counts right answers in a row, and a wrong one starts again', () => {
    const rule = { correctInARow: 3 };
    expect(masteryState(rule, [right, right, wrong, right])).toMatchObject({ mastered: false, streak: 1, needed: 3 });
    expect(masteryState(rule, [wrong, right, right, right])).toMatchObject({ mastered: true, streak: 3 });
  });

  it('takes the latest score for a score rule', () => {
    const rule = { minScore: 0.75 };
    expect(masteryState(rule, [{ correct: false, score: 0.5 }]).mastered).toBe(false);
    expect(masteryState(rule, [{ correct: false, score: 0.8 }]).mastered).toBe(true);
  });
});
