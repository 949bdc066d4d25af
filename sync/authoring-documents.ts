// Courses being written on a hub (database `hub`, partition 'hub': they reach
// the hub's database at central, where trainers can review them). Learners
// never read these: what they see is the published copy installed in the
// `content` database through the pack importer. Ids carry the hub id:
//   course-draft:<hubId>:<courseId>    one per course (metadata, modules)
//   lesson-draft:<hubId>:<lessonId>    one per lesson, so two teachers editing
//                                      different lessons never conflict
//   course-version:<hubId>:<courseId>.<n>  the snapshot published as version n
// Authored course, module, lesson and activity ids start with the hub id, so
// they never collide with another truck's or the library's.
import type { BaseDoc } from './documents.ts';
import type { LessonMedia } from './content-documents.ts';

/** Who saved a draft last, shown in "changed by … — reload or keep yours". */
/** Who saved: the person's id only. Drafts travel to central, and names stay
 * on the hub; the hub shows the name by looking the id up. (`name` is kept only
 * by drafts written before this rule.) */
export interface Editor {
  id: string;
  name?: string;
}

/** A draft activity: the activity fields as the author typed them (validated only on publish). */
export type DraftActivity = Record<string, unknown> & { id: string; kind: string };

/** A lesson is text and activities in the order the learner meets them. */
export type DraftBlock = { type: 'text'; markdown: string } | { type: 'activity'; activity: DraftActivity };

export interface DraftModule {
  id: string;
  title: string;
  lessonIds: string[];
}

/** The course front matter (content/model/course.ts) without id, version and modules. */
export interface DraftCourseMeta {
  title: string;
  language: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  tags: string[];
  estimatedMinutes: number;
  licence: string;
  authors: string[];
  audience?: 'learner' | 'teacher';
  translationOf?: string;
}

export interface CourseDraftDoc extends BaseDoc {
  type: 'course-draft';
  courseId: string;
  meta: DraftCourseMeta;
  /** Course introduction, Markdown. */
  description: string;
  modules: DraftModule[];
  /** The course this one was copied from (duplicate or translation), for the record. */
  copiedFrom?: string;
  /** Version number of the last publish, 0 before the first. */
  publishedVersion: number;
  updatedAt: string;
  updatedBy: Editor;
}

export interface LessonDraftDoc extends BaseDoc {
  type: 'lesson-draft';
  lessonId: string;
  courseId: string;
  title: string;
  estimatedMinutes?: number;
  quiz?: { timeLimitMinutes?: number; passScore?: number };
  blocks: DraftBlock[];
  /** Media references in the Markdown (as written) → the file, resolved by the hub on save. */
  media: Record<string, LessonMedia>;
  updatedAt: string;
  updatedBy: Editor;
}

export interface LessonSnapshot extends Omit<LessonDraftDoc, '_id' | '_rev' | 'type' | 'createdAt' | 'updatedAt' | 'updatedBy'> {}

export interface CourseVersionDoc extends BaseDoc {
  type: 'course-version';
  courseId: string;
  version: number;
  publishedAt: string;
  publishedBy: Editor;
  course: Pick<CourseDraftDoc, 'meta' | 'description' | 'modules'>;
  lessons: LessonSnapshot[];
}

export const authoringIds = {
  courseDraft: (hubId: string, courseId: string) => `course-draft:${hubId}:${courseId}`,
  lessonDraft: (hubId: string, lessonId: string) => `lesson-draft:${hubId}:${lessonId}`,
  courseVersion: (hubId: string, courseId: string, version: number) => `course-version:${hubId}:${courseId}.${String(version).padStart(5, '0')}`,
};
