// Records each course a person completes as a `course-completion` document
// (sync/course-completion.ts), so central can count courses completed and
// certificates issued without knowing which lessons make a course.
//   - after ingest writes a lesson completion (a `completed` event with no
//     activity), the person's progress is derived again (progress-service.ts:
//     the same rule as their certificate) and every course it shows completed
//     that has no record yet gets one;
//   - at start-up, a catch-up: the first time, every person with events (data
//     from before this existed); later, only people with lesson completions
//     written since the last catch-up's update sequence (`_local/course-
//     completions`), which covers a stop between an event and its record.
// Ids are fixed by person and course, so a record written twice is one
// document (409 is success). Runs beside requests, never delaying an answer.
import type { CourseCompletionDoc } from '../../sync/course-completion.ts';
import { courseCompletionLocalId } from '../../sync/course-completion.ts';
import type { EventDoc } from '../../sync/documents.ts';
import { makeHubDocId } from '../../sync/ids.ts';
import type { Database } from '../store/open-database.ts';
import { isNotFound } from '../store/repository.ts';
import type { ContentLookup } from './content-lookup.ts';
import type { ProgressService } from './progress-service.ts';

const MARK_ID = '_local/course-completions';

const completesALesson = (doc: Pick<EventDoc, 'verb' | 'object'>) => doc.verb === 'completed' && !doc.object.activityId;

export class CourseCompletions {
  /** Records known to exist (read once, then kept up to date). */
  #known: Promise<Set<string>> | null = null;
  #queue = new Set<string>();
  #running: Promise<void> | null = null;
  #closed = false;

  constructor(
    private readonly hub: Database,
    private readonly hubId: string,
    private readonly progress: ProgressService,
    private readonly content: ContentLookup,
    private readonly onError: (error: unknown) => void,
  ) {}

  idFor(personId: string, courseId: string): string {
    return makeHubDocId('course-completion', this.hubId, courseCompletionLocalId(personId, courseId));
  }

  /** Ingest's hook: events on disk; checks the people who completed a lesson. */
  noteWritten(docs: readonly EventDoc[]): void {
    for (const doc of docs) if (completesALesson(doc)) this.#queue.add(doc.personId);
    if (this.#queue.size) this.#drain();
  }

  /** Resolves when every queued check has run (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#queue.clear();
    return this.idle();
  }

  /** The start-up catch-up; resolves with the number of records written. */
  async catchUp(): Promise<number> {
    const info = await this.hub.info();
    const mark = await this.hub.get<{ seq: string | number }>(MARK_ID).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    let people: string[];
    if (!mark) people = await this.progress.peopleWithEvents();
    else {
      const since = new Set<string>();
      const changes = await this.hub.changes({ since: mark.seq, include_docs: true, filter: (doc: { type?: string }) => doc.type === 'event' } as never);
      for (const row of changes.results) {
        const doc = row.doc as unknown as EventDoc | undefined;
        if (doc && doc.type === 'event' && completesALesson(doc)) since.add(doc.personId);
      }
      people = [...since];
    }
    let written = 0;
    for (const personId of people) {
      if (this.#closed) return written;
      written += await this.check(personId);
    }
    await this.hub.put({ _id: MARK_ID, ...(mark ? { _rev: (mark as { _rev?: string })._rev } : {}), seq: info.update_seq } as never);
    return written;
  }

  /** Writes the records this person's completed courses lack; the count written. */
  async check(personId: string): Promise<number> {
    const known = await this.#knownIds();
    const missing = (await this.progress.progressOf(personId)).filter((course) => course.completedAt && !known.has(this.idFor(personId, course.courseId)));
    if (missing.length === 0) return 0;
    const now = new Date().toISOString();
    const docs: CourseCompletionDoc[] = [];
    for (const course of missing) {
      const installed = await this.content.course(course.courseId);
      docs.push({
        _id: this.idFor(personId, course.courseId),
        type: 'course-completion',
        createdAt: now,
        personId,
        courseId: course.courseId,
        completedAt: course.completedAt!,
        lessons: course.lessonsTotal,
        courseVersion: installed?.version ?? '',
        certificate: true,
        audience: installed?.audience ?? 'learner',
      });
    }
    const results = await this.hub.bulkDocs(docs as never[]);
    let written = 0;
    results.forEach((result, i) => {
      const ok = 'ok' in result && result.ok;
      if (ok || (result as { status?: number }).status === 409) known.add(docs[i]!._id);
      if (ok) written += 1;
      else if ((result as { status?: number }).status !== 409) this.onError(new Error(`recording course completion ${docs[i]!._id} failed: ${(result as { message?: string }).message}`));
    });
    return written;
  }

  #knownIds(): Promise<Set<string>> {
    this.#known ??= (async () => {
      const prefix = `course-completion:${this.hubId}:`;
      const rows = await this.hub.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0` });
      return new Set(rows.rows.map((row) => row.id));
    })().catch((error: unknown) => {
      this.#known = null;
      throw error;
    });
    return this.#known;
  }

  #drain(): void {
    if (this.#running || this.#closed) return;
    this.#running = (async () => {
      while (this.#queue.size && !this.#closed) {
        const [personId] = this.#queue;
        this.#queue.delete(personId!);
        await this.check(personId!).catch(this.onError);
      }
    })().finally(() => {
      this.#running = null;
    });
  }
}
