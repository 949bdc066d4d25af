// Per-question marks of a submitted quiz. The `submitted` event carries the
// overall score and the answers given, not which question was right, so the
// hub marks each answer again with the same rules as the check API
// (learning/check-answer.ts). Events are immutable: marks are cached by event
// id. Coding answers are not re-run here (that needs the judge's worker and
// seconds per answer); they count as unmarked.
import type { Activity } from '../../content/model/activities.ts';
import type { EventDoc } from '../../sync/documents.ts';
import { markAnswer, type Marked } from '../learning/check-answer.ts';
import { measureTyping } from '../learning/typing-metrics.ts';

const cache = new Map<string, Map<string, Marked>>();
const CACHE_LIMIT = 50_000;

export function markActivity(activity: Activity, response: unknown): Marked | null {
  try {
    if (activity.kind === 'coding') return null;
    if (activity.kind === 'typing') {
      const r = response as { typed?: unknown; durationMs?: unknown };
      if (typeof r?.typed !== 'string') return null;
      const { accuracy } = measureTyping(activity.text, r.typed, typeof r.durationMs === 'number' ? r.durationMs : 60_000);
      return { correct: accuracy === 1, score: accuracy };
    }
    return markAnswer(activity, response);
  } catch {
    return null; // an answer that no longer fits the activity (the lesson changed)
  }
}

/** activity id → mark, for each answer of a `submitted` event. */
export function marksOf(event: EventDoc, activities: ReadonlyMap<string, Activity>): Map<string, Marked> {
  const hit = cache.get(event._id);
  if (hit) return hit;
  const answers = ((event.result?.response ?? {}) as { answers?: Record<string, unknown> }).answers ?? {};
  const marks = new Map<string, Marked>();
  for (const [activityId, response] of Object.entries(answers)) {
    const activity = activities.get(activityId);
    const mark = activity ? markActivity(activity, response) : null;
    if (mark) marks.set(activityId, mark);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(event._id, marks);
  return marks;
}
