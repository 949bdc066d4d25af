// Progress in one course, derived from one person's events in it and the
// course as installed now. Pure: the same events and course always give the
// same answer, so the summary is never stored as a source of truth.
//   - a lesson is completed by a `completed` event naming it without an activity;
//   - the course is completed when all its live lessons are; completedAt is the
//     latest of each lesson's first completion (stable, so certificate codes are);
//   - mastery per activity: mastery.ts; quiz scores: `submitted` events;
//   - time: the sum of `spent` events; typing: `typed` events.
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import type { EventDoc } from '../../sync/documents.ts';
import { isMastered, type Attempt } from './mastery.ts';
import type { CourseProgress } from './schemas.ts';

const TYPING_HISTORY = 50;
const DEFAULT_PASS_SCORE = 0.6;

function byTime(a: EventDoc, b: EventDoc): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a._id < b._id ? -1 : 1;
}

function attemptOf(event: EventDoc): Attempt | null {
  const result = event.result ?? {};
  if (event.verb === 'answered') {
    const score = result.score ?? (result.correct ? 1 : 0);
    return { at: event.at, correct: result.correct ?? score === 1, score };
  }
  if (event.verb === 'typed') return { at: event.at, correct: true, score: result.accuracy ?? 0 };
  return null;
}

export function deriveCourseProgress(course: CourseDoc, lessons: readonly LessonDoc[], courseEvents: readonly EventDoc[]): CourseProgress {
  const events = [...courseEvents].sort(byTime);
  const firstCompletion = new Map<string, string>();
  const attempts = new Map<string, Attempt[]>();
  const submissions = new Map<string, number[]>();
  const typing: { at: string; wpm: number; accuracy: number }[] = [];
  let timeSpentMs = 0;
  let lastOpened: EventDoc | null = null;

  for (const event of events) {
    const { lessonId, activityId } = event.object;
    const result = event.result ?? {};
    switch (event.verb) {
      case 'completed':
        if (!activityId && !firstCompletion.has(lessonId)) firstCompletion.set(lessonId, event.at);
        break;
      case 'submitted':
        submissions.set(lessonId, [...(submissions.get(lessonId) ?? []), result.score ?? 0]);
        break;
      case 'spent':
        timeSpentMs += result.durationMs ?? 0;
        break;
      case 'opened':
        lastOpened = event;
        break;
      case 'typed':
        typing.push({ at: event.at, wpm: result.wpm ?? 0, accuracy: result.accuracy ?? 0 });
        break;
    }
    const attempt = activityId ? attemptOf(event) : null;
    if (attempt && activityId) attempts.set(activityId, [...(attempts.get(activityId) ?? []), attempt]);
  }

  const activities = lessons.flatMap((lesson) => lesson.activities);
  const completions = lessons.map((lesson) => firstCompletion.get(lesson.lessonId));
  const allDone = lessons.length > 0 && completions.every(Boolean);
  const recent = typing.slice(-TYPING_HISTORY);
  const latest = typing[typing.length - 1];
  const opened = lastOpened as EventDoc | null;

  return {
    courseId: course.courseId,
    title: course.title,
    language: course.language,
    lessonsTotal: lessons.length,
    lessonsCompleted: completions.filter(Boolean).length,
    completedLessonIds: lessons.filter((_, i) => completions[i]).map((lesson) => lesson.lessonId),
    activitiesTotal: activities.length,
    activitiesMastered: activities.filter((activity) => isMastered(activity.mastery, attempts.get(activity.id) ?? [])).length,
    quizzes: lessons.flatMap((lesson) => {
      const scores = submissions.get(lesson.lessonId);
      if (!lesson.quiz || !scores) return [];
      const bestScore = Math.max(...scores);
      return [{ lessonId: lesson.lessonId, title: lesson.title, bestScore, lastScore: scores[scores.length - 1]!, passed: bestScore >= (lesson.quiz.passScore ?? DEFAULT_PASS_SCORE) }];
    }),
    timeSpentMs: Math.round(timeSpentMs),
    typing: latest
      ? {
          bestWpm: Math.max(...typing.map((t) => t.wpm)),
          latestWpm: latest.wpm,
          bestAccuracy: Math.max(...typing.map((t) => t.accuracy)),
          latestAccuracy: latest.accuracy,
          history: recent,
        }
      : null,
    completedAt: allDone ? (completions as string[]).reduce((a, b) => (a > b ? a : b)) : null,
    lastLessonId: opened ? opened.object.lessonId : null,
    lastOpenedAt: opened ? opened.at : null,
  };
}
