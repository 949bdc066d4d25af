// The learner's best and latest typing results: from the hub's progress when
// it has them, otherwise (no progress API yet, or the hub is restarting) from
// what was typed during this visit, kept in memory per person and course.
import type { TypingProgress } from '../player/learn-api.ts';

const session = new Map<string, TypingProgress>();

export function noteTyping(personId: string, courseId: string, wpm: number, accuracy: number): TypingProgress {
  const key = `${personId}|${courseId}`;
  const before = session.get(key);
  const next = {
    latestWpm: wpm,
    latestAccuracy: accuracy,
    bestWpm: Math.max(wpm, before?.bestWpm ?? 0),
    bestAccuracy: Math.max(accuracy, before?.bestAccuracy ?? 0),
  };
  session.set(key, next);
  return next;
}

/** Merges the hub's figures (which do not yet include a result still in the outbox) with this visit's. */
export function mergeTyping(hub: TypingProgress | null, local: TypingProgress): TypingProgress {
  if (!hub) return local;
  return {
    latestWpm: local.latestWpm,
    latestAccuracy: local.latestAccuracy,
    bestWpm: Math.max(hub.bestWpm, local.bestWpm),
    bestAccuracy: Math.max(hub.bestAccuracy, local.bestAccuracy),
  };
}
