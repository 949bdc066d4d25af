// The only code that touches the `content` database. Writes of a whole pack go
// through `writeAll`, which undoes what it wrote if any document fails, so an
// import either lands whole or leaves the database as it was.
import type { Database } from '../store/open-database.ts';
import { isNotFound } from '../store/repository.ts';
import { idRange } from '../../sync/ids.ts';
import { contentIds, type CourseDoc, type LessonDoc, type MediaDoc, type PackDoc } from '../../sync/content-documents.ts';

type ContentDoc = PackDoc | CourseDoc | LessonDoc | MediaDoc;

export class ContentRepository {
  constructor(private readonly db: Database) {}

  private async get<T>(id: string): Promise<T | null> {
    try {
      return (await this.db.get(id)) as unknown as T;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private async listType<T>(type: string): Promise<T[]> {
    const result = await this.db.allDocs({ ...idRange(type), include_docs: true });
    return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as T] : []));
  }

  getPack = (packId: string) => this.get<PackDoc>(contentIds.pack(packId));
  getCourse = (courseId: string) => this.get<CourseDoc>(contentIds.course(courseId));
  getLesson = (lessonId: string) => this.get<LessonDoc>(contentIds.lesson(lessonId));
  getMedia = (sha256: string) => this.get<MediaDoc>(contentIds.media(sha256));
  listPacks = () => this.listType<PackDoc>('pack');
  listCourses = () => this.listType<CourseDoc>('course');
  listLessons = () => this.listType<LessonDoc>('lesson');

  async getLessons(lessonIds: string[]): Promise<LessonDoc[]> {
    if (lessonIds.length === 0) return [];
    const result = await this.db.allDocs({ keys: lessonIds.map(contentIds.lesson), include_docs: true });
    return result.rows.flatMap((row) => ('doc' in row && row.doc ? [row.doc as unknown as LessonDoc] : []));
  }

  /** Current revisions of existing documents, keyed by id (absent ids are left out). */
  async getExisting(ids: string[]): Promise<Map<string, ContentDoc>> {
    const result = await this.db.allDocs({ keys: ids, include_docs: true });
    const out = new Map<string, ContentDoc>();
    for (const row of result.rows) if ('doc' in row && row.doc) out.set(row.id, row.doc as unknown as ContentDoc);
    return out;
  }

  /** Writes every document or none: on any failure, documents already written
   * are put back as they were (or removed if they were new) and the error is thrown. */
  async writeAll(docs: ContentDoc[], previous: Map<string, ContentDoc>): Promise<void> {
    const results = await this.db.bulkDocs(docs);
    const failed = results.filter((result) => 'error' in result && result.error);
    if (failed.length === 0) return;
    const written = results.flatMap((result) => ('ok' in result && result.ok ? [{ id: result.id!, rev: result.rev! }] : []));
    const undo = written.map(({ id, rev }) => {
      const before = previous.get(id);
      return before ? { ...before, _rev: rev } : { _id: id, _rev: rev, _deleted: true };
    });
    await this.db.bulkDocs(undo as never[]);
    const first = failed[0] as { id?: string; message?: string };
    throw new Error(`Could not write ${first.id}: ${first.message ?? 'conflict'}`);
  }
}
