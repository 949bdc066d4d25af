// Mastery of one activity, computed on the hub from the learner's attempts
// (`answered` events, and `typed` events for typing practice). A `mastered`
// event sent by the browser is kept as history but never trusted for this.
// Rules, set per activity by the course (content/model/activities.ts):
//   correctInARow N  — N correct answers one after another (default: N = 1);
//   minScore S       — the mean score of the last MIN_SCORE_WINDOW attempts
//                      (fewer, if fewer were made) reaches S.
// Mastery once reached is kept: a later slip does not take it away.
import type { Activity } from '../../content/model/activities.ts';

export const MIN_SCORE_WINDOW = 3;

export interface Attempt {
  at: string;
  correct: boolean;
  /** 0..1 */
  score: number;
}

export type MasteryRule = NonNullable<Activity['mastery']>;

/** Attempts must be in time order. */
export function isMastered(rule: MasteryRule | undefined, attempts: readonly Attempt[]): boolean {
  if (rule && 'minScore' in rule) {
    for (let end = 1; end <= attempts.length; end++) {
      const window = attempts.slice(Math.max(0, end - MIN_SCORE_WINDOW), end);
      const mean = window.reduce((sum, a) => sum + a.score, 0) / window.length;
      if (mean >= rule.minScore - 1e-9) return true;
    }
    return false;
  }
  const needed = rule?.correctInARow ?? 1;
  let run = 0;
  for (const attempt of attempts) {
    run = attempt.correct ? run + 1 : 0;
    if (run >= needed) return true;
  }
  return false;
}
