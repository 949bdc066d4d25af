// The learner's side of the learning hub's read API (server/learning/, see the
// issue-5 contract): progress derived on the hub from the learner's own events,
// and certificates. Shared by the home, course, progress and certificate pages.
import { api } from '../../lib/api.ts';
import { listCourses, type CourseSummary } from '../../lib/content-api.ts';

export interface QuizScore {
  lessonId: string;
  title: string;
  bestScore: number;
  lastScore: number;
  passed: boolean;
}

export interface TypingSummary {
  bestWpm: number;
  latestWpm: number;
  bestAccuracy: number;
  latestAccuracy: number;
  history: { at: string; wpm: number; accuracy: number }[];
}

export interface CourseProgress {
  courseId: string;
  title: string;
  language: string;
  lessonsTotal: number;
  lessonsCompleted: number;
  activitiesTotal: number;
  activitiesMastered: number;
  quizzes: QuizScore[];
  timeSpentMs: number;
  typing: TypingSummary | null;
  completedAt: string | null;
  lastLessonId: string | null;
  lastOpenedAt: string | null;
  /** Not in the contract's required fields: when the hub lists the lessons
   * done, the course page marks each one; without it only a finished course
   * can mark all its lessons. */
  completedLessonIds?: string[];
}

export interface Certificate {
  courseId: string;
  courseTitle: string;
  learnerName: string;
  completedAt: string;
  hubName: string;
  verificationCode: string;
}

export const getMyProgress = () => api<{ courses: CourseProgress[] }>('/api/me/progress');
export const getMyCertificate = (courseId: string) => api<Certificate>(`/api/me/certificates/${encodeURIComponent(courseId)}`);

/** The language the learner's courses are in: the profile's language when the
 * hub gives one with GET /api/me, else the language the app is shown in. */
export async function learnerLanguage(appLocale: string): Promise<{ language: string; fromProfile: boolean }> {
  try {
    const me = await api<{ language?: string | null }>('/api/me');
    if (me.language) return { language: me.language, fromProfile: true };
  } catch {
    // Hub away or signed out: the app's language is the best guess.
  }
  return { language: appLocale.split('-')[0] ?? appLocale, fromProfile: false };
}

export const coursesFor = (language: string): Promise<CourseSummary[]> => listCourses({ lang: language, audience: 'learner' });

/** The course with the most recently opened lesson, if any. */
export function lastOpened(courses: CourseProgress[]): CourseProgress | null {
  let latest: CourseProgress | null = null;
  for (const course of courses) {
    if (!course.lastLessonId || !course.lastOpenedAt) continue;
    if (!latest || course.lastOpenedAt > (latest.lastOpenedAt ?? '')) latest = course;
  }
  return latest;
}

/** Milliseconds as whole hours and minutes (rounded down to the minute). */
export function hoursAndMinutes(ms: number): { hours: number; minutes: number } {
  const total = Math.floor(Math.max(0, ms) / 60_000);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

export const percent = (score: number) => Math.round(Math.max(0, Math.min(1, score)) * 100);
