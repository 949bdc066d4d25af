// The small rules the learner pages share: which course the "continue" card
// opens, and time learnt in whole hours and minutes.
import { describe, expect, it } from 'vitest';
import { hoursAndMinutes, lastOpened, percent, type CourseProgress } from './learning-api.ts';

const course = (courseId: string, lastLessonId: string | null, lastOpenedAt: string | null): CourseProgress => ({
  courseId, title: courseId, language: 'en', lessonsTotal: 2, lessonsCompleted: 0, activitiesTotal: 0, activitiesMastered: 0,
  quizzes: [], timeSpentMs: 0, typing: null, completedAt: null, lastLessonId, lastOpenedAt,
});

describe('learner home rules', () => {
  it('continues in the course whose lesson was opened last, ignoring courses never opened', () => {
    const courses = [
      course('a', 'a-1', '2026-11-20T10:00:00.000Z'),
      course('b', null, null),
      course('c', 'c-2', '2026-11-21T09:00:00.000Z'),
    ];
    expect(lastOpened(courses)?.courseId).toBe('c');
    expect(lastOpened([course('b', null, null)])).toBeNull();
  });

  it('writes time learnt as whole hours and minutes, never negative', () => {
    expect(hoursAndMinutes(65 * 60_000 + 59_000)).toEqual({ hours: 1, minutes: 5 });
    expect(hoursAndMinutes(0)).toEqual({ hours: 0, minutes: 0 });
    expect(hoursAndMinutes(-5)).toEqual({ hours: 0, minutes: 0 });
  });

  it('shows scores as whole percentages within 0–100', () => {
    expect(percent(0.666)).toBe(67);
    expect(percent(1.2)).toBe(100);
    expect(percent(-1)).toBe(0);
  });
});
