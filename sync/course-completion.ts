// A course completed, as a fact the hub records (issue 8: central reports
// courses completed and certificates issued, but the lessons that make a
// course are content — installed from packs, never pushed — so central cannot
// tell from the events alone when a course is complete). When a person's
// events complete every live lesson of a course, the hub writes one
// `course-completion:<hubId>:<person hub id>.<person local id>.<courseId>`
// (partition 'hub': it travels with the events). The id is fixed by person and
// course, so writing it twice is one document, and it is never edited: the
// first completion stands even if the course later gains lessons.
import type { BaseDoc } from './documents.ts';

export interface CourseCompletionDoc extends BaseDoc {
  type: 'course-completion';
  personId: string;
  courseId: string;
  /** The latest of each live lesson's first completion: the date on the
   * person's certificate (server/learning/progress.ts, certificates.ts). */
  completedAt: string;
  /** Live lessons of the course when it was completed. */
  lessons: number;
  /** The course's version then (its pack's or its authored version). */
  courseVersion: string;
  /** Whether the hub issues a certificate for it (every completed course today). */
  certificate: boolean;
  /** Whom the course is written for: a teacher's course completed is a teacher trained. */
  audience: 'learner' | 'teacher';
}

/** The local part of the id: `<person hub id>.<person local id>.<courseId>`. */
export function courseCompletionLocalId(personId: string, courseId: string): string {
  const [, hub = '', local = ''] = personId.split(':');
  return `${hub}.${local}.${courseId}`.replace(/:/g, '.');
}
