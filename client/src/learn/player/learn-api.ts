// The learning API as the player uses it (contract A): the lesson (content
// API), answer checking on the hub, and the learner's own progress.
import { api } from '../../lib/api.ts';
import type { Lesson, PublicActivity } from '../../lib/content-api.ts';

export interface PlayerActivity extends PublicActivity {
  hint?: string;
  mastery?: { correctInARow: number } | { minScore: number };
  targetWpm?: number;
}

export interface PlayerLesson extends Lesson {
  quiz: { timeLimitMinutes: number | null; passScore: number } | null;
  activities: PlayerActivity[];
}

export interface CheckResult {
  correct: boolean;
  score: number;
  feedback: { explanationHtml?: string; explanation?: string; hint?: string };
  tests?: { name: string; passed: boolean; message?: string }[];
  wpm?: number;
  accuracy?: number;
  /** The teacher shows this quiz's results later: nothing here says right or wrong. */
  held?: boolean;
}

export interface TypingProgress {
  bestWpm: number;
  latestWpm: number;
  bestAccuracy: number;
  latestAccuracy: number;
}

interface Progress {
  courses: { courseId: string; typing: TypingProgress | null }[];
}

export const getPlayerLesson = (id: string) => api<PlayerLesson>(`/api/lessons/${encodeURIComponent(id)}`);

export const checkActivity = (activityId: string, response: unknown) =>
  api<CheckResult>(`/api/activities/${encodeURIComponent(activityId)}/check`, { method: 'POST', body: JSON.stringify({ response }) });

/** The learner's typing figures for a course, or null when the hub has none (or no progress API yet). */
export async function getTypingProgress(courseId: string): Promise<TypingProgress | null> {
  try {
    const progress = await api<Progress>('/api/me/progress');
    return progress.courses.find((course) => course.courseId === courseId)?.typing ?? null;
  } catch {
    return null;
  }
}
