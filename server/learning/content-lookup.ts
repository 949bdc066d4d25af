// Courses and lessons as the learning service needs them, cached in memory:
// every ingested event names a course and lesson, and reading both from LevelDB
// per event would halve ingest throughput. The cache is safe to keep because
// courses and lessons are never deleted (a newer pack retires them) and an
// activity missing from a cached lesson triggers one fresh read (a newer
// version may have added it). Totals shown in progress re-read after TTL_MS.
import type { ContentRepository } from '../content/repository.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';

const TTL_MS = 60_000;

interface Entry<T> {
  doc: T;
  at: number;
}

export class ContentLookup {
  readonly #courses = new Map<string, Entry<CourseDoc>>();
  readonly #lessons = new Map<string, Entry<LessonDoc>>();

  constructor(private readonly repository: ContentRepository) {}

  async course(courseId: string, fresh = false): Promise<CourseDoc | null> {
    const hit = this.#courses.get(courseId);
    if (hit && !fresh && Date.now() - hit.at < TTL_MS) return hit.doc;
    const doc = await this.repository.getCourse(courseId);
    if (doc) this.#courses.set(courseId, { doc, at: Date.now() });
    return doc;
  }

  async lesson(lessonId: string, fresh = false): Promise<LessonDoc | null> {
    const hit = this.#lessons.get(lessonId);
    if (hit && !fresh && Date.now() - hit.at < TTL_MS) return hit.doc;
    const doc = await this.repository.getLesson(lessonId);
    if (doc) this.#lessons.set(lessonId, { doc, at: Date.now() });
    return doc;
  }

  /** The course's live lessons, in course order. */
  async liveLessons(course: CourseDoc): Promise<LessonDoc[]> {
    const ids = course.modules.flatMap((m) => m.lessonIds);
    const lessons = await Promise.all(ids.map((id) => this.lesson(id)));
    return lessons.filter((lesson): lesson is LessonDoc => lesson !== null && !lesson.retired && lesson.courseId === course.courseId);
  }
}

/** Whether an activity id belongs to the lesson, live or retired (events of a
 * retired activity stay meaningful history). */
export function lessonHasActivity(lesson: LessonDoc, activityId: string): boolean {
  return lesson.activities.some((a) => a.id === activityId) || lesson.retiredActivities.some((a) => a.id === activityId);
}
