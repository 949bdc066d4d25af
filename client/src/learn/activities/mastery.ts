// The mastery rule as the learner sees it during this visit: N correct answers
// in a row (default 1) or a score at or above a threshold on the latest
// attempt. The hub derives the mastery that counts from `answered` events;
// this only shows the learner where they stand right now.
export type MasteryRule = { correctInARow: number } | { minScore: number };

export interface Attempt {
  correct: boolean;
  score: number;
}

export interface MasteryState {
  mastered: boolean;
  /** Correct answers in a row so far (for correctInARow rules). */
  streak: number;
  /** How many in a row are needed, or null for a score rule. */
  needed: number | null;
  minScore: number | null;
}

export function masteryState(rule: MasteryRule | undefined, attempts: Attempt[]): MasteryState {
  let streak = 0;
  for (let i = attempts.length - 1; i >= 0 && attempts[i]!.correct; i--) streak++;
  if (rule && 'minScore' in rule) {
    const last = attempts.at(-1);
    return { mastered: Boolean(last && last.score >= rule.minScore), streak, needed: null, minScore: rule.minScore };
  }
  const needed = rule?.correctInARow ?? 1;
  return { mastered: streak >= needed, streak, needed, minScore: null };
}
