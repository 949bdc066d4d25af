// Learners' events held in memory for class reports and the teacher's home.
// A report reads every event of up to ~40 learners (50,000 in the benchmark);
// reading them back from LevelDB per request costs seconds, so each learner's
// events are loaded once (through the learning index, on first need) and then
// kept current by ingest, which tells us what it wrote after it is on disk.
// Events are immutable, so a cached event never goes stale. Entries are keyed
// by id: an event written while its learner is being loaded arrives both from
// the load and from ingest, and counts once.
// Memory: an event is ~0.5 KB in memory; 50,000 cost ~25 MB. Learners not
// asked about for IDLE_MS are dropped.
import type { EventDoc } from '../../sync/documents.ts';
import type { ProgressService } from '../learning/progress-service.ts';

const IDLE_MS = 30 * 60_000;

interface Entry {
  byId: Map<string, EventDoc>;
  sorted: EventDoc[] | null;
  /** Changes whenever an event is added: what was derived from the older list is stale. */
  version: number;
  loaded: Promise<void>;
  usedAt: number;
}

const byTime = (a: EventDoc, b: EventDoc) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

export class LearnerEvents {
  readonly #entries = new Map<string, Entry>();
  /** One clock for every learner: a version is never reused, even after an entry is dropped and reloaded. */
  #clock = 0;

  constructor(
    private readonly progress: ProgressService,
    /** Every event, a page at a time: one pass loads many learners at once. */
    private readonly scanAll?: () => AsyncGenerator<EventDoc[]>,
  ) {}

  /** Loads many learners in one pass over the events (the warm-up after a
   * start): reading each learner's events by id would read them all twice,
   * once for the learning index and once by key. */
  async warm(personIds: readonly string[]): Promise<void> {
    if (!this.scanAll) return void (await this.of(personIds));
    const now = Date.now();
    const fresh = personIds.filter((id) => !this.#entries.has(id));
    if (fresh.length === 0) return;
    let done!: () => void;
    let failed!: (error: unknown) => void;
    const loaded = new Promise<void>((resolve, reject) => ((done = resolve), (failed = reject)));
    loaded.catch(() => undefined);
    const entries = new Map(fresh.map((id) => [id, { byId: new Map<string, EventDoc>(), sorted: null, version: 0, usedAt: now, loaded } as Entry]));
    for (const [id, entry] of entries) this.#entries.set(id, entry);
    try {
      for await (const page of this.scanAll()) {
        for (const doc of page) entries.get(doc.personId)?.byId.set(doc._id, doc);
      }
      for (const entry of entries.values()) entry.version = ++this.#clock;
      done();
    } catch (error) {
      for (const id of entries.keys()) this.#entries.delete(id);
      failed(error);
      throw error;
    }
  }

  noteWritten(docs: readonly EventDoc[]): void {
    for (const doc of docs) {
      const entry = this.#entries.get(doc.personId);
      if (!entry) continue;
      entry.byId.set(doc._id, doc);
      entry.sorted = null;
      entry.version = ++this.#clock;
    }
  }



  /** Each learner's events in time order. */
  async of(personIds: readonly string[]): Promise<Map<string, EventDoc[]>> {
    return (await this.withVersions(personIds)).events;
  }

  /** The same, with the version each list was taken at (taken together, so a
   * later event cannot slip between the list and its version). */
  async withVersions(personIds: readonly string[]): Promise<{ events: Map<string, EventDoc[]>; versions: Map<string, number> }> {
    const now = Date.now();
    const entries = personIds.map((id) => [id, this.#entry(id, now)] as const);
    await Promise.all(entries.map(([, entry]) => entry.loaded));
    this.#evictIdle(now);
    const events = new Map(entries.map(([id, entry]) => {
      entry.sorted ??= [...entry.byId.values()].sort(byTime);
      return [id, entry.sorted];
    }));
    return { events, versions: new Map(entries.map(([id, entry]) => [id, entry.version])) };
  }

  #entry(personId: string, now: number): Entry {
    let entry = this.#entries.get(personId);
    if (!entry) {
      const created: Entry = { byId: new Map(), sorted: null, version: 0, usedAt: now, loaded: Promise.resolve() };
      created.loaded = this.progress.eventsOf(personId).then(
        (events) => {
          for (const event of events) created.byId.set(event._id, event);
          created.sorted = null;
          created.version = ++this.#clock;
        },
        (error: unknown) => {
          this.#entries.delete(personId);
          throw error;
        },
      );
      this.#entries.set(personId, created);
      entry = created;
    }
    entry.usedAt = now;
    return entry;
  }

  #evictIdle(now: number): void {
    for (const [id, entry] of this.#entries) if (now - entry.usedAt > IDLE_MS) this.#entries.delete(id);
  }
}
