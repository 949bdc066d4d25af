// The only code that touches authoring documents (drafts and published
// snapshots) in the `hub` database. A write with a stale `_rev` fails with
// PouchDB's 409, which the service turns into "changed by … — reload or keep yours".
import type { Database } from '../store/open-database.ts';
import { isNotFound } from '../store/repository.ts';
import { idRange } from '../../sync/ids.ts';
import { authoringIds, type CourseDraftDoc, type CourseVersionDoc, type LessonDraftDoc } from '../../sync/authoring-documents.ts';

type AuthoringDoc = CourseDraftDoc | LessonDraftDoc | CourseVersionDoc;

export class AuthoringRepository {
  constructor(
    private readonly db: Database,
    private readonly hubId: string,
  ) {}

  private async get<T>(id: string): Promise<T | null> {
    try {
      return (await this.db.get(id)) as unknown as T;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private async list<T>(type: string, prefix = ''): Promise<T[]> {
    const range = idRange(type, this.hubId);
    const result = await this.db.allDocs({ startkey: `${range.startkey}${prefix}`, endkey: `${range.startkey}${prefix}\uffff`, include_docs: true });
    return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as T] : []));
  }

  getCourseDraft = (courseId: string) => this.get<CourseDraftDoc>(authoringIds.courseDraft(this.hubId, courseId));
  getLessonDraft = (lessonId: string) => this.get<LessonDraftDoc>(authoringIds.lessonDraft(this.hubId, lessonId));
  getVersion = (courseId: string, version: number) => this.get<CourseVersionDoc>(authoringIds.courseVersion(this.hubId, courseId, version));
  listCourseDrafts = () => this.list<CourseDraftDoc>('course-draft');
  listLessonDrafts = () => this.list<LessonDraftDoc>('lesson-draft');
  listVersions = (courseId: string) => this.list<CourseVersionDoc>('course-version', `${courseId}.`);

  async getLessonDrafts(lessonIds: string[]): Promise<LessonDraftDoc[]> {
    if (lessonIds.length === 0) return [];
    const result = await this.db.allDocs({ keys: lessonIds.map((id) => authoringIds.lessonDraft(this.hubId, id)), include_docs: true });
    return result.rows.flatMap((row) => ('doc' in row && row.doc ? [row.doc as unknown as LessonDraftDoc] : []));
  }

  /** Writes one document; with a `_rev` that is not the latest, PouchDB refuses with status 409. */
  async put<T extends AuthoringDoc>(doc: T): Promise<T> {
    const result = await this.db.put(doc as never);
    return { ...doc, _rev: result.rev };
  }

  /** Writes several new or updated documents; returns the ids that failed (conflicts). */
  async putAll(docs: AuthoringDoc[]): Promise<string[]> {
    const results = await this.db.bulkDocs(docs as never[]);
    return results.flatMap((result) => ('error' in result && result.error ? [result.id ?? '?'] : []));
  }

  async remove(doc: AuthoringDoc): Promise<void> {
    await this.db.remove(doc._id, doc._rev!);
  }
}
