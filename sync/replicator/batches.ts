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

/** Yields batches in sequence order; the last one (possibly empty) ends at `until`. */
export async function* readBatches(local: Database, options: BatchOptions): AsyncGenerator<Batch> {
  let since = options.since;
  let batch: Batch = { docs: [], lastSeq: since, bytes: 0 };
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
      if (doc && !doc._id.startsWith('_design/') && options.accept(doc as never)) {
        for (const replicated of await withHistory(local, change)) {
          const bytes = JSON.stringify(replicated).length;
          if (batch.docs.length > 0 && (batch.bytes + bytes > options.maxBytes || batch.docs.length >= options.maxDocs)) {
            yield batch;
            batch = { docs: [], lastSeq: batch.lastSeq, bytes: 0 };
          }
          batch.docs.push(replicated);
          batch.bytes += bytes;
        }
      }
      batch.lastSeq = change.seq;
    }
  }
  batch.lastSeq = Math.max(batch.lastSeq, Math.min(since, options.until));
  yield batch;
}
