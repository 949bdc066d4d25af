// The only code that touches event documents (`event:<hubId>:<id>` in the `hub`
// database) and the certificate secret (in `local`, which never leaves the hub).
// Events are written with bulkDocs and never updated: a write either creates
// the document or meets a 409 conflict because it already exists.
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { EventDoc } from '../../sync/documents.ts';
import { idRange, makeHubDocId } from '../../sync/ids.ts';
import type { Database } from '../store/open-database.ts';
import { isNotFound } from '../store/repository.ts';

export type WriteOutcome = 'written' | 'exists';

interface PendingWrite {
  docs: EventDoc[];
  resolve(outcomes: Map<string, WriteOutcome>): void;
  reject(error: unknown): void;
}

/** `_local` documents never replicate and never show in allDocs. */
const SECRET_ID = '_local/certificate-secret';

export class EventRepository {
  constructor(
    private readonly hub: Database,
    private readonly local: Database,
    readonly hubId: string,
  ) {}

  docId(eventId: string): string {
    return makeHubDocId('event', this.hubId, eventId);
  }

  /** The stored events among these document ids (absent ones are left out). */
  async getMany(ids: string[]): Promise<Map<string, EventDoc>> {
    const out = new Map<string, EventDoc>();
    if (ids.length === 0) return out;
    const result = await this.hub.allDocs({ keys: ids, include_docs: true });
    for (const row of result.rows) if ('doc' in row && row.doc) out.set(row.id, row.doc as unknown as EventDoc);
    return out;
  }

  /** Creates the documents; PouchDB has written them to LevelDB when this
   * resolves. 'exists' means the id was already stored (or another request
   * wrote it first): the caller compares contents.
   * Group commit: requests arriving while a write is in flight are written
   * together in the next bulkDocs. With 200 learners that turns ~100 small
   * writes a second into a few larger ones, the store's fast path, and each
   * request is still acknowledged only after its own documents are written. */
  createAll(docs: EventDoc[]): Promise<Map<string, WriteOutcome>> {
    if (docs.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.#queue.push({ docs, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  #queue: PendingWrite[] = [];
  #writing = false;

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0) {
        // One document per id in a bulkDocs: a second copy of an id waits for the next round, where it meets a 409.
        const ids = new Set<string>();
        const round: PendingWrite[] = [];
        const later: PendingWrite[] = [];
        for (const pending of this.#queue) {
          if (pending.docs.some((doc) => ids.has(doc._id))) later.push(pending);
          else {
            for (const doc of pending.docs) ids.add(doc._id);
            round.push(pending);
          }
        }
        this.#queue = later;
        const docs = round.flatMap((pending) => pending.docs);
        try {
          const results = await this.hub.bulkDocs(docs);
          const byId = new Map<string, WriteOutcome | Error>();
          results.forEach((result, index) => {
            const id = docs[index]!._id;
            if ('ok' in result && result.ok) byId.set(id, 'written');
            else if ((result as { status?: number }).status === 409) byId.set(id, 'exists');
            else byId.set(id, Object.assign(new Error(`writing event ${id} failed: ${(result as { message?: string }).message}`), { statusCode: 503, code: 'STORE_UNAVAILABLE' }));
          });
          for (const pending of round) {
            const failure = pending.docs.map((doc) => byId.get(doc._id)).find((outcome) => outcome instanceof Error);
            if (failure) pending.reject(failure);
            else pending.resolve(new Map(pending.docs.map((doc) => [doc._id, byId.get(doc._id) as WriteOutcome])));
          }
        } catch (error) {
          for (const pending of round) pending.reject(error);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  /** Every event, a page at a time (for building the per-person index). */
  async *scanAll(pageSize = 1000): AsyncGenerator<EventDoc[]> {
    let { startkey } = idRange('event', this.hubId);
    const { endkey } = idRange('event', this.hubId);
    let skip = 0;
    for (;;) {
      const page = await this.hub.allDocs({ startkey, endkey, include_docs: true, limit: pageSize, skip });
      const docs = page.rows.flatMap((row) => (row.doc ? [row.doc as unknown as EventDoc] : []));
      if (docs.length > 0) yield docs;
      if (page.rows.length < pageSize) return;
      startkey = page.rows[page.rows.length - 1]!.id;
      skip = 1;
    }
  }

  /** The hub's certificate secret, made on first use and kept in `local`. */
  #secret: Promise<KeyObject> | null = null;

  certificateSecret(): Promise<KeyObject> {
    this.#secret ??= this.#loadSecret().catch((error: unknown) => {
      this.#secret = null;
      throw error;
    });
    return this.#secret;
  }

  async #loadSecret(): Promise<KeyObject> {
    try {
      const doc = (await this.local.get(SECRET_ID)) as unknown as { secret: string };
      return createSecretKey(doc.secret, 'hex');
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const secret = randomBytes(32).toString('hex');
    try {
      await this.local.put({ _id: SECRET_ID, secret });
    } catch (error) {
      // Two first uses at once: the other one's secret wins; read it back.
      if ((error as { status?: number }).status !== 409) throw error;
      return this.#loadSecret();
    }
    return createSecretKey(secret, 'hex');
  }
}
