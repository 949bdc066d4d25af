// Small records kept in memory and written through to the hub's `local`
// database (sessions, lockout counters). Memory is authoritative while the hub
// runs, so the auth hook costs a Map lookup, not a disk read; the disk copy is
// what survives a restart or a power cut. One hub process owns the data
// directory (it is locked), so nothing else writes these documents.
// Writes of one key are chained, so a slow write never lands after a newer one.
// PouchDB keeps every revision's body until the database is compacted, and a
// session is rewritten about once a minute while in use (~10,000 revisions a
// day for a class): the database is compacted every COMPACT_EVERY writes, so
// the local database stays the size of what it holds.
import type { Database } from '../store/open-database.ts';
import { isConflict, isNotFound } from '../store/repository.ts';

interface Stored<T> {
  _id: string;
  _rev?: string;
  type: string;
  createdAt: string;
  value: T;
}

const COMPACT_EVERY = 500;
const writeCounts = new WeakMap<Database, { writes: number; compacting: boolean }>();

function noteWrite(db: Database, every: number): void {
  const state = writeCounts.get(db) ?? { writes: 0, compacting: false };
  writeCounts.set(db, state);
  state.writes += 1;
  if (state.writes < every || state.compacting) return;
  state.writes = 0;
  state.compacting = true;
  // In the background. A document written while compaction runs keeps its old
  // revisions until the next round, and a failed round leaves them for the next.
  db.compact()
    .catch(() => undefined)
    .finally(() => (state.compacting = false));
}

export class LocalRecords<T> {
  readonly #db: Database;
  readonly #type: string;
  readonly #values = new Map<string, T>();
  readonly #revs = new Map<string, string>();
  readonly #pending = new Map<string, Promise<void>>();

  readonly #compactEvery: number;

  constructor(db: Database, type: string, options: { compactEvery?: number } = {}) {
    this.#db = db;
    this.#type = type;
    this.#compactEvery = options.compactEvery ?? COMPACT_EVERY;
  }

  #docId(key: string): string {
    return `${this.#type}:${key}`;
  }

  /** Reads every record of this type from disk; call once at start-up. */
  async load(): Promise<void> {
    const prefix = `${this.#type}:`;
    const result = await this.#db.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
    for (const row of result.rows) {
      const doc = row.doc as unknown as Stored<T> | undefined;
      if (!doc) continue;
      const key = doc._id.slice(prefix.length);
      this.#values.set(key, doc.value);
      this.#revs.set(key, doc._rev!);
    }
  }

  get(key: string): T | undefined {
    return this.#values.get(key);
  }

  entries(): IterableIterator<[string, T]> {
    return this.#values.entries();
  }

  /** Sets the value in memory at once; resolves when it is on disk. */
  set(key: string, value: T): Promise<void> {
    this.#values.set(key, value);
    return this.#chain(key, () => this.#write(key));
  }

  delete(key: string): Promise<void> {
    this.#values.delete(key);
    return this.#chain(key, () => this.#write(key));
  }

  /** Waits for every write in flight (the app's onClose). */
  async flush(): Promise<void> {
    await Promise.all(this.#pending.values());
  }

  #chain(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.#pending.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.#pending.set(key, next);
    void next.finally(() => {
      if (this.#pending.get(key) === next) this.#pending.delete(key);
    }).catch(() => undefined);
    return next;
  }

  // Writes whatever memory holds for the key now, so a chain of quick updates
  // ends with the latest value on disk even if intermediate ones are skipped.
  async #write(key: string): Promise<void> {
    const value = this.#values.get(key);
    const rev = this.#revs.get(key);
    const _id = this.#docId(key);
    try {
      if (value === undefined) {
        if (!rev) return;
        await this.#db.remove(_id, rev);
        this.#revs.delete(key);
        return;
      }
      const doc: Stored<T> = { _id, type: this.#type, createdAt: new Date().toISOString(), value, ...(rev ? { _rev: rev } : {}) };
      const result = await this.#db.put(doc);
      this.#revs.set(key, result.rev);
      noteWrite(this.#db, this.#compactEvery);
    } catch (error) {
      // A revision we did not know of (e.g. a document left by a crash between
      // write and bookkeeping): take the disk's revision and write again.
      if (!isConflict(error) && !isNotFound(error)) throw error;
      const current = await this.#db.get(_id).catch(() => null);
      if (current) this.#revs.set(key, current._rev);
      else this.#revs.delete(key);
      if (value !== undefined || current) await this.#write(key);
    }
  }
}
