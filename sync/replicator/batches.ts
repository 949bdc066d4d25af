// Reads the hub's changes into batches sized in bytes, ready for
// `_bulk_docs` with new_edits: false (each revision with its history, so
// central links it to the revisions it already has instead of making a
// conflict).
//
// Sized in bytes, not documents: on a slow link what costs time is the bytes
// and the round trips, and a batch is what a cut makes the next run send again.
// An event is ~350 bytes of JSON, a lesson draft can be 50 KB; counting
// documents would make batches of wildly different weight.
//
// Most documents on a hub are events: one revision, no conflict, no
// attachment. Their history is their own revision (`1-x` has no ancestor), so
// it is written here without reading the document again; anything else (an
// edited document, a conflict, attachments, a deletion) is read with its
// history and every leaf revision.
import type { Database } from '../pouchdb.ts';

export interface ReplicatedDoc {
  _id: string;
  _rev: string;
  _revisions: { start: number; ids: string[] };
  [field: string]: unknown;
}

export interface Batch {
  docs: ReplicatedDoc[];
  /** Every change up to this hub sequence has been read into this batch or an earlier one. */
  lastSeq: number;
  /** Size of the documents' JSON (before gzip). */
  bytes: number;
}

export interface BatchOptions {
  /** Resume after this sequence. */
  since: number;
  /** Stop at this sequence (the database's sequence when the push began). */
  until: number;
  /** Which documents this pass carries (tombstones carry only `_id`, `_rev`, `_deleted`). */
  accept: (doc: { _id: string; type?: string; _deleted?: boolean }) => boolean;
  maxBytes: number;
  maxDocs: number;
  /** Called with each document the pass does not carry, and its change's sequence. */
  skipped?: (doc: { _id: string; type?: string; _deleted?: boolean }, seq: number) => void;
}

/** Changes read from disk per call. */
const PAGE = 500;

interface Change {
  id: string;
  seq: number;
  changes: { rev: string }[];
  deleted?: boolean;
  doc?: Record<string, unknown> & { _id: string; _rev: string };
}

async function withHistory(local: Database, change: Change): Promise<ReplicatedDoc[]> {
  const doc = change.doc!;
  const [generation, hash] = doc._rev.split('-') as [string, string];
  if (generation === '1' && change.changes.length === 1 && !doc._attachments && !doc._deleted) {
    return [{ ...doc, _revisions: { start: 1, ids: [hash] } }];
  }
  const leaves = await local.get(change.id, { revs: true, open_revs: change.changes.map((c) => c.rev), attachments: true } as never);
  return (leaves as unknown as { ok?: ReplicatedDoc }[]).flatMap((leaf) => (leaf.ok ? [leaf.ok] : []));
}

/** Fills batches up to the byte and document limits. */
class Batcher {
  #batch: Batch;
  constructor(
    since: number,
    private readonly options: Pick<BatchOptions, 'maxBytes' | 'maxDocs'>,
  ) {
    this.#batch = { docs: [], lastSeq: since, bytes: 0 };
  }

  /** Adds a document; returns the batch it closed when it did not fit. */
  add(doc: ReplicatedDoc): Batch | null {
    const bytes = JSON.stringify(doc).length;
    let full: Batch | null = null;
    if (this.#batch.docs.length > 0 && (this.#batch.bytes + bytes > this.options.maxBytes || this.#batch.docs.length >= this.options.maxDocs)) {
      full = this.#batch;
      this.#batch = { docs: [], lastSeq: full.lastSeq, bytes: 0 };
    }
    this.#batch.docs.push(doc);
    this.#batch.bytes += bytes;
    return full;
  }

  /** Every change up to `seq` is in the current batch or an earlier one. */
  reached(seq: number): void {
    this.#batch.lastSeq = Math.max(this.#batch.lastSeq, seq);
  }

  get current(): Batch {
    return this.#batch;
  }
}

/** Yields batches in sequence order; the last one (possibly empty) ends at `until`. */
export async function* readBatches(local: Database, options: BatchOptions): AsyncGenerator<Batch> {
  let since = options.since;
  const batcher = new Batcher(since, options);
  while (since < options.until) {
    const page = await local.changes({ since, limit: PAGE, include_docs: true, style: 'all_docs' } as never);
    const results = (page as unknown as { results: Change[] }).results;
    if (results.length === 0) break;
    for (const change of results) {
      if (change.seq > options.until) {
        since = options.until;
        break;
      }
      since = change.seq;
      const doc = change.doc;
      if (doc && !doc._id.startsWith('_design/')) {
        if (options.accept(doc as never)) {
          for (const replicated of await withHistory(local, change)) {
            const full = batcher.add(replicated);
            if (full) yield full;
          }
        } else {
          options.skipped?.(doc as never, change.seq);
        }
      }
      batcher.reached(change.seq);
    }
  }
  batcher.reached(Math.min(since, options.until));
  yield batcher.current;
}

/** Yields batches of the given documents (in the order given, each with the
 * sequence of the change that listed it), every leaf revision with its history;
 * the last batch ends at `until`. For a later pass that an earlier pass's scan
 * already found, so the hub's changes are read from disk once. */
export async function* readBatchesOf(local: Database, found: { id: string; seq: number }[], options: Pick<BatchOptions, 'since' | 'until' | 'maxBytes' | 'maxDocs'>): AsyncGenerator<Batch> {
  const batcher = new Batcher(options.since, options);
  for (const { id, seq } of found) {
    const leaves = (await local.get(id, { revs: true, open_revs: 'all', attachments: true } as never)) as unknown as { ok?: ReplicatedDoc }[];
    for (const leaf of leaves) {
      if (!leaf.ok) continue;
      const full = batcher.add(leaf.ok);
      if (full) yield full;
    }
    batcher.reached(seq);
  }
  batcher.reached(options.until);
  yield batcher.current;
}
