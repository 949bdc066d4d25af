// The only code that touches course reviews and library submissions in the
// `hub` database (both travel to central with the hub's push, where the
// library publisher reads them: sync/library/submissions.ts).
import type { Database } from '../store/open-database.ts';
import { isNotFound } from '../store/repository.ts';
import type { CourseReviewDoc, LibrarySubmissionDoc, LibrarySubmissionPartDoc } from '../../sync/training-documents.ts';

export const reviewIds = {
  review: (hubId: string, courseId: string) => `course-review:${hubId}:${courseId}`,
  /** One submission per approved version: `<courseId>.<version, 5 digits>`. */
  submission: (hubId: string, courseId: string, version: number) => `library-submission:${hubId}:${courseId}.${String(version).padStart(5, '0')}`,
};

export class ReviewRepository {
  constructor(
    private readonly db: Database,
    private readonly hubId: string,
  ) {}

  async getReview(courseId: string): Promise<CourseReviewDoc | null> {
    try {
      return (await this.db.get(reviewIds.review(this.hubId, courseId))) as unknown as CourseReviewDoc;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async listReviews(): Promise<CourseReviewDoc[]> {
    const prefix = `course-review:${this.hubId}:`;
    const result = await this.db.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
    return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as CourseReviewDoc] : []));
  }

  async getSubmission(courseId: string, version: number): Promise<LibrarySubmissionDoc | null> {
    try {
      return (await this.db.get(reviewIds.submission(this.hubId, courseId, version))) as unknown as LibrarySubmissionDoc;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** With a stale `_rev`, PouchDB refuses with status 409. */
  async putReview(doc: CourseReviewDoc): Promise<CourseReviewDoc> {
    const result = await this.db.put(doc as never);
    return { ...doc, _rev: result.rev };
  }

  async putSubmission(doc: LibrarySubmissionDoc): Promise<LibrarySubmissionDoc> {
    const result = await this.db.put(doc as never);
    return { ...doc, _rev: result.rev };
  }

  /** Writes the parts of a submission's pack, over any written before under the same ids. */
  async putParts(parts: LibrarySubmissionPartDoc[]): Promise<void> {
    const existing = await this.db.allDocs({ keys: parts.map((p) => p._id) });
    const revs = new Map(existing.rows.flatMap((row) => ('value' in row && row.value && !row.value.deleted ? [[row.id, row.value.rev] as const] : [])));
    const results = await this.db.bulkDocs(parts.map((p) => (revs.has(p._id) ? { ...p, _rev: revs.get(p._id) } : p)) as never[]);
    const failed = results.filter((r) => 'error' in r && r.error);
    if (failed.length) throw new Error(`could not write ${failed.length} part(s) of the library submission`);
  }
}
