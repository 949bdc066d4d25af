// Progress per person, derived from their events on demand. Which events are
// whose is an in-memory index (person → event document ids), filled by one scan
// of the event documents on first use and kept current by ingest; the events
// themselves are read back by id. Derived progress is cached per person and
// dropped when that person records an event (or after CACHE_MS, so a pack
// update's new lessons show). Nothing derived is ever written.
// Memory: an id is ~60 bytes, so a million events cost ~60 MB; a truck records
// far fewer between syncs. Events arriving by replication (later issues) must
// call noteWritten too.
import type { EventDoc } from '../../sync/documents.ts';
import type { ContentLookup } from './content-lookup.ts';
import { deriveCourseProgress } from './progress.ts';
import type { EventRepository } from './repository.ts';
import type { CourseProgress } from './schemas.ts';

const CACHE_MS = 60_000;

export class ProgressService {
  readonly #index = new Map<string, Set<string>>();
  readonly #cache = new Map<string, { at: number; courses: CourseProgress[] }>();
  /** Bumped on each write for a person: a derivation that started before the
   * write must not be cached after it (it may have read the events without it). */
  readonly #generation = new Map<string, number>();
  #indexed: Promise<void> | null = null;

  constructor(
    private readonly repository: EventRepository,
    private readonly content: ContentLookup,
  ) {}

  /** Ingest tells us what it wrote, after it is on disk. */
  noteWritten(docs: readonly EventDoc[]): void {
    for (const doc of docs) this.#add(doc);
  }

  #add(doc: EventDoc): void {
    const ids = this.#index.get(doc.personId) ?? new Set<string>();
    ids.add(doc._id);
    this.#index.set(doc.personId, ids);
    this.#cache.delete(doc.personId);
    this.#generation.set(doc.personId, (this.#generation.get(doc.personId) ?? 0) + 1);
  }

  /** Builds the index once. Events written during the scan are added by both the
   * scan and noteWritten; the Set makes that harmless. */
  ready(): Promise<void> {
    this.#indexed ??= (async () => {
      for await (const page of this.repository.scanAll()) for (const doc of page) this.#add(doc);
    })().catch((error: unknown) => {
      this.#indexed = null;
      throw error;
    });
    return this.#indexed;
  }

  async eventsOf(personId: string): Promise<EventDoc[]> {
    await this.ready();
    return [...(await this.repository.getMany([...(this.#index.get(personId) ?? [])])).values()];
  }

  async peopleWithEvents(): Promise<string[]> {
    await this.ready();
    return [...this.#index.keys()];
  }

  /** Every course the person has an event in, the most recently active first. */
  async progressOf(personId: string): Promise<CourseProgress[]> {
    const cached = this.#cache.get(personId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.courses;
    const generation = this.#generation.get(personId) ?? 0;
    const events = await this.eventsOf(personId);
    const byCourse = new Map<string, EventDoc[]>();
    for (const event of events) byCourse.set(event.object.courseId, [...(byCourse.get(event.object.courseId) ?? []), event]);
    const latest = (list: EventDoc[]) => list.reduce((max, e) => (e.at > max ? e.at : max), '');
    const courses: { progress: CourseProgress; last: string }[] = [];
    for (const [courseId, list] of byCourse) {
      const course = await this.content.course(courseId);
      if (!course || course.retired) continue;
      courses.push({ progress: deriveCourseProgress(course, await this.content.liveLessons(course), list), last: latest(list) });
    }
    const result = courses.sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0)).map((c) => c.progress);
    if ((this.#generation.get(personId) ?? 0) === generation) this.#cache.set(personId, { at: Date.now(), courses: result });
    return result;
  }
}
