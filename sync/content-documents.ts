// Course content as stored on a hub (database `content`): installed from packs
// (the seed, USB, uploads) and, later, the shared library. Ids carry no hub id:
// a course is the same course on every truck, so progress keyed by its ids
// means the same thing everywhere. Courses authored on a hub (teaching issue)
// will carry the hub id in theirs.
import type { Activity } from '../content/model/activities.ts';
import type { BaseDoc } from './documents.ts';

export interface PackDoc extends BaseDoc {
  type: 'pack';
  packId: string;
  version: string;
  title: string;
  licence: string;
  description?: string;
  courseIds: string[];
  installedAt: string;
}

export interface CourseModule {
  id: string;
  title: string;
  lessonIds: string[];
}

export interface CourseDoc extends BaseDoc {
  type: 'course';
  courseId: string;
  packId: string;
  /** The folder name in the pack, kept so an export looks like the original. */
  folder: string;
  title: string;
  language: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  tags: string[];
  estimatedMinutes: number;
  licence: string;
  authors: string[];
  version: string;
  audience: 'learner' | 'teacher';
  translationOf?: string;
  /** Course introduction, Markdown. */
  description: string;
  modules: CourseModule[];
  /** A course dropped by a newer pack version: hidden from the catalogue, kept for history. */
  retired?: boolean;
  updatedAt: string;
}

export interface LessonMedia {
  sha256: string;
  mime: string;
  kind: 'image' | 'audio' | 'video';
  /** Path in the pack it came from, e.g. "media/keyboard.png". */
  path: string;
}

export interface RetiredActivity {
  id: string;
  kind: Activity['kind'];
  prompt: string;
  retiredInVersion: string;
}

export interface LessonDoc extends BaseDoc {
  type: 'lesson';
  lessonId: string;
  courseId: string;
  moduleId: string;
  /** File name in the pack without .md. */
  slug: string;
  title: string;
  estimatedMinutes?: number;
  /** Present when the lesson is a quiz (answered, then submitted together for a score). */
  quiz?: { timeLimitMinutes?: number; passScore?: number };
  /** Markdown after the front matter, verbatim, activity blocks included. */
  body: string;
  /** Full definitions, answers included: never sent to a browser as they are. */
  activities: Activity[];
  media: Record<string, LessonMedia>;
  /** Activities removed by a newer version: their history (events) stays meaningful. */
  retiredActivities: RetiredActivity[];
  retired?: boolean;
  updatedAt: string;
}

export interface MediaDoc extends BaseDoc {
  type: 'media';
  sha256: string;
  mime: string;
  kind: 'image' | 'audio' | 'video';
  size: number;
  /** File extension used on disk and in URLs. */
  extension: string;
}

export const contentIds = {
  pack: (packId: string) => `pack:${packId}`,
  course: (courseId: string) => `course:${courseId}`,
  lesson: (lessonId: string) => `lesson:${lessonId}`,
  media: (sha256: string) => `media:${sha256}`,
};
