// Types and calls of the content API, as the pages use them.
import { api } from './api.ts';
import type { PublicActivity as ModelPublicActivity } from '../../../content/model/activities.ts';

export interface CourseSummary {
  id: string;
  title: string;
  language: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  tags: string[];
  audience: 'learner' | 'teacher';
  lessonCount: number;
  estimatedMinutes: number;
  version: string;
  translationOf: string | null;
}

export interface CourseDetail extends CourseSummary {
  descriptionHtml: string;
  licence: string;
  authors: string[];
  translations: { id: string; language: string; title: string }[];
  modules: { id: string; title: string; lessons: { id: string; title: string; estimatedMinutes: number | null; activityCount: number }[] }[];
}

/** An activity as the hub sends it: the model's public view plus its rendered prompt. */
export type PublicActivity = ModelPublicActivity & { promptHtml: string };

export interface Lesson {
  id: string;
  courseId: string;
  courseTitle: string;
  title: string;
  language: string;
  estimatedMinutes: number | null;
  steps: ({ type: 'text'; html: string } | { type: 'activity'; activityId: string })[];
  activities: PublicActivity[];
  previousLessonId: string | null;
  nextLessonId: string | null;
}

export interface SearchHit {
  courseId: string;
  lessonId: string | null;
  title: string;
  courseTitle: string;
  snippet: string;
}

export interface ImportReport {
  status: 'installed' | 'updated' | 'unchanged';
  packId: string;
  version: string;
  previousVersion: string | null;
  courses: { id: string; title: string; language: string; lessons: number; activities: number }[];
  mediaFiles: number;
  retiredLessons: string[];
  retiredActivities: string[];
}

export interface InstalledPack {
  id: string;
  version: string;
  title: string;
  courseIds: string[];
  installedAt: string;
}

export const listCourses = (filters: Record<string, string> = {}) => {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value)).toString();
  return api<CourseSummary[]>(`/api/courses${query ? `?${query}` : ''}`);
};
export const getCourse = (id: string) => api<CourseDetail>(`/api/courses/${encodeURIComponent(id)}`);
export const getLesson = (id: string) => api<Lesson>(`/api/lessons/${encodeURIComponent(id)}`);
export const searchContent = (q: string, lang?: string) =>
  api<SearchHit[]>(`/api/search?${new URLSearchParams({ q, ...(lang ? { lang } : {}) })}`);
export const listPacks = () => api<InstalledPack[]>('/api/packs');
