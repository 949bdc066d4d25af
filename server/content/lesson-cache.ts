// Rendered lessons, kept per revision: rendering and sanitising a lesson's
// Markdown costs tens of milliseconds on the hub's single thread, and 21
// workstations open the same lesson within seconds of each other. A lesson or
// course that changes gets a new revision, so a cached view is never stale.
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import { buildLessonView, type LessonView } from './lesson-view.ts';

const MAX_ENTRIES = 500;

export class LessonViewCache {
  #views = new Map<string, LessonView>();

  get(lesson: LessonDoc, course: CourseDoc): LessonView {
    const key = `${lesson._id}@${lesson._rev}|${course._rev}`;
    const cached = this.#views.get(key);
    if (cached) {
      // Re-insert so the Map's order is least-recently used first.
      this.#views.delete(key);
      this.#views.set(key, cached);
      return cached;
    }
    const view = buildLessonView(lesson, course);
    this.#views.set(key, view);
    if (this.#views.size > MAX_ENTRIES) this.#views.delete(this.#views.keys().next().value!);
    return view;
  }

  get size(): number {
    return this.#views.size;
  }
}
