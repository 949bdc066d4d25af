// One-shot push of the hub's records to its database at central. One-shot, not
// live: the link comes and goes, and each run either completes or fails fast
// (the uplink fetch has deadlines); checkpoints on both sides make the next run
// resume where this one stopped rather than start again (checkpoint.ts).
//
// Made for a paid 256–1024 kbit/s link with 600 ms round trips, where bytes and
// round trips are what cost; PouchDB's own replicator spends both freely (100
// documents per batch, each batch a `_revs_diff`, a `_bulk_docs` and two
// checkpoint writes, and a second pass that diffs every event again). Here:
//   - batches are sized in bytes (batches.ts): a few large gzipped requests;
//   - each batch is one `_bulk_docs` (new_edits: false, the revision history
//     with it); checkpoint writes travel beside the next batches, coalesced;
//   - three batches are on the link at once, so it does not idle while
//     central stores a batch and its answer crosses back;
//   - `_revs_diff` is asked only while central may already hold what follows
//     the checkpoint (a batch whose answer was lost to a cut, a USB import):
//     a small sample of each batch first; once a sample shows central lacks
//     all of it, the rest of the pass goes without asking. Storing a revision
//     central has is harmless (new_edits: false keeps one copy), so a wrong
//     guess costs bytes, never correctness;
//   - the next batch is read from disk while the current one travels.
// Records go in priority order: progress events, people and class records
// first (what the programme's figures need, and what a short link window
// should carry), then everything else (course drafts, the hub's settings).
// Refused documents (central's validator) are reported with their reason and
// stay on the hub.
import type { Database } from '../pouchdb.ts';
import { Checkpoint } from './checkpoint.ts';
import { readBatches, readBatchesOf, type Batch, type ReplicatedDoc } from './batches.ts';
import { CentralDatabase, type CentralTarget, type DocError } from './central-database.ts';
import type { FetchLike } from './link-fetch.ts';

export type { CentralTarget } from './central-database.ts';

export interface PushOptions {
  fetch: FetchLike;
  /** At most this many documents per request (default 10 000: bytes decide first). */
  batchSize?: number;
  /** At most about this many bytes of documents' JSON per request, before gzip
   * (default DEFAULT_BATCH_BYTES). What a cut wastes is at most the batches on the link. */
  batchBytes?: number;
  /** The running total of documents written at central in this run. */
  onProgress?: (written: number) => void;
  /** A fetch not tied to the run's abort signal, used once when the run fails
   * (e.g. the data budget stopped it) to write the checkpoint of every batch
   * central acknowledged, so the next run does not ask about them again. */
  rescueFetch?: FetchLike;
}

export interface DeniedDoc {
  id: string;
  reason: string;
}

export interface PushResult {
  written: number;
  denied: DeniedDoc[];
  /** The local update sequence the push reached. */
  lastSeq: number | string;
}

/** 256 KiB of events' JSON gzips to ~50 KB: 1.6 s at 256 kbit/s, 0.8 s at 512,
 * so a round trip (0.6–0.8 s) costs well under half of a batch's time, and a
 * cut costs at most a few seconds of link. */
export const DEFAULT_BATCH_BYTES = 256 * 1024;

/** Types sent in the first pass, before anything else. */
export const FIRST_TYPES = new Set(['event', 'person', 'class', 'enrolment', 'attendance', 'assignment']);

/** Types never pushed: none today. `person` documents travel pseudonymous:
 * their personal fields live in local-only `person-private` documents
 * (DESIGN.md, data principle 6; sync/README.md), and central refuses a person
 * that still carries one. Events refer to people by id only. */
export const HELD_BACK_TYPES = new Set<string>();

/** Batches on the link at once. While central stores one batch and its answer
 * crosses back (a round trip, 0.6–0.8 s, and central's work), the others keep
 * the link busy: measured on the 512 kbit/s bench link, two left it idle a
 * quarter of the time. What a cut wastes is at most these batches' bytes; what
 * central stored of them is not sent again (the next run asks first). */
const IN_FLIGHT = 3;

/** Revisions sampled from each end of a batch to ask central whether it already has them. */
const PROBE = 10;

/** A document's type: its `type`, or for a deletion (no body) its id's prefix. */
export function typeOf(doc: { _id?: string; type?: string }): string {
  return doc.type ?? (doc._id ?? '').split(':')[0] ?? '';
}

/** Whether a document leaves the hub at all. */
export function travels(doc: { type?: string; _id?: string }): boolean {
  return !HELD_BACK_TYPES.has(typeOf(doc)) && !(doc._id ?? '').startsWith('_design/');
}

const PASSES = [
  { name: 'first', carries: (type: string) => FIRST_TYPES.has(type) },
  { name: 'rest', carries: (type: string) => !FIRST_TYPES.has(type) },
];

function revisionsOf(docs: ReplicatedDoc[]): Record<string, string[]> {
  const revs: Record<string, string[]> = {};
  for (const doc of docs) (revs[doc._id] ??= []).push(doc._rev);
  return revs;
}

/** The documents of `docs` central lacks, and whether the sample said it lacks them all. */
async function dropWhatCentralHas(remote: CentralDatabase, docs: ReplicatedDoc[]): Promise<{ missing: ReplicatedDoc[]; sampleAllMissing: boolean }> {
  const sample = docs.length <= 2 * PROBE ? docs : [...docs.slice(0, PROBE), ...docs.slice(-PROBE)];
  const sampled = await remote.revsDiff(revisionsOf(sample));
  const lacks = (answer: Record<string, string[]>, doc: ReplicatedDoc) => answer[doc._id]?.includes(doc._rev) ?? false;
  if (sample.every((doc) => lacks(sampled, doc))) return { missing: docs, sampleAllMissing: true };
  const rest = docs.filter((doc) => !sample.includes(doc));
  const answer = rest.length > 0 ? { ...(await remote.revsDiff(revisionsOf(rest))), ...sampled } : sampled;
  return { missing: docs.filter((doc) => lacks(answer, doc)), sampleAllMissing: false };
}

/** Every batch of every pass, in priority order, read one batch ahead of the
 * caller (from disk while the link carries the batches before it). The first
 * pass's scan of the hub's changes also notes the documents of later passes
 * that resume from the same point (the usual case), so those passes read just
 * their documents instead of every change again (10 000 events: ~1–2 s of the
 * hub's CPU on a busy machine). */
async function* batchesInOrder(local: Database, checkpoint: Checkpoint, until: number, options: PushOptions): AsyncGenerator<{ pass: string; batch: Batch }> {
  const limits = { maxBytes: options.batchBytes ?? DEFAULT_BATCH_BYTES, maxDocs: options.batchSize ?? 10_000 };
  const [first, ...later] = PASSES;
  const found = new Map<string, { id: string; seq: number }[]>();
  for (const pass of PASSES) {
    const since = checkpoint.seq(pass.name);
    if (since >= until) continue;
    const noted = found.get(pass.name);
    let batches: AsyncGenerator<Batch>;
    if (noted) {
      batches = readBatchesOf(local, noted, { since, until, ...limits });
    } else {
      const sharing = pass === first ? later.filter((p) => checkpoint.seq(p.name) === since) : [];
      for (const p of sharing) found.set(p.name, []);
      batches = readBatches(local, {
        since,
        until,
        accept: (doc) => travels(doc) && pass.carries(typeOf(doc)),
        skipped: (doc, seq) => {
          const carrier = travels(doc) ? sharing.find((p) => p.carries(typeOf(doc))) : undefined;
          if (carrier) found.get(carrier.name)!.push({ id: doc._id, seq });
        },
        ...limits,
      });
    }
    for await (const batch of batches) yield { pass: pass.name, batch };
  }
}

function readAhead<T>(source: AsyncGenerator<T>): () => Promise<IteratorResult<T>> {
  let next = source.next();
  return () => {
    const current = next;
    current.then(
      (result) => {
        if (!result.done) next = source.next();
        // Handled when the caller awaits it; marked here so it is never "unhandled".
        next.catch(() => undefined);
      },
      () => undefined,
    );
    return current;
  };
}

/** Pushes every travelling document of the hub database to central, first-priority types first. */
export async function pushToCentral(local: Database, target: CentralTarget, options: PushOptions): Promise<PushResult> {
  const remote = new CentralDatabase(target, options.fetch);
  const until = Number((await local.info()).update_seq);
  const checkpoint = await Checkpoint.open(local, remote);
  const denied: DeniedDoc[] = [];
  let written = 0;
  const probing = new Set(PASSES.map((pass) => pass.name));
  const since = new Map(PASSES.map((pass) => [pass.name, checkpoint.seq(pass.name)]));
  const inFlight: { pass: string; lastSeq: number; count: number; sent: Promise<DocError[]> }[] = [];

  // Batches complete in order: the checkpoint only ever covers batches central
  // acknowledged, and every batch before them.
  const settle = async () => {
    const { pass, lastSeq, count, sent } = inFlight.shift()!;
    const refused = await sent;
    for (const error of refused) {
      // Central's validator refused it (or this hub may not write it): reported, kept on the hub.
      if (error.error !== 'forbidden' && error.error !== 'unauthorized') throw Object.assign(new Error(`central could not store ${error.id}: ${error.error} ${error.reason}`), { status: 500 });
      denied.push({ id: error.id, reason: error.reason || 'refused by central' });
    }
    if (count > 0) {
      written += count - refused.length;
      options.onProgress?.(written);
    }
    // Not awaited: the checkpoint write travels beside the next batches (writes stay in order).
    void checkpoint.advance(pass, lastSeq);
  };

  const next = readAhead(batchesInOrder(local, checkpoint, until, options));
  try {
    for (;;) {
      const { value, done } = await next();
      if (done) break;
      let docs = value.batch.docs;
      if (probing.has(value.pass) && docs.length > 0) {
        const diff = await dropWhatCentralHas(remote, docs);
        docs = diff.missing;
        if (diff.sampleAllMissing) {
          probing.delete(value.pass);
          // Central lacks what follows this pass's checkpoint; a later pass that resumes
          // from the same point has nothing there either (what reaches central another
          // way, a USB import, carries every kind), so it need not ask.
          for (const later of PASSES) if (since.get(later.name) === since.get(value.pass)) probing.delete(later.name);
        }
      }
      const sent = docs.length > 0 ? remote.bulkDocs(docs) : Promise.resolve([]);
      sent.catch(() => undefined); // awaited in settle(), in order
      inFlight.push({ pass: value.pass, lastSeq: value.batch.lastSeq, count: docs.length, sent });
      while (inFlight.length >= IN_FLIGHT) await settle();
    }
    while (inFlight.length > 0) await settle();
    await checkpoint.flush();
  } catch (error) {
    // The run ends when its requests do: none keeps going (and spending the
    // budget's bytes) behind a failed run or the next one.
    const outcomes = await Promise.allSettled(inFlight.map((item) => item.sent));
    await checkpoint.flush().catch(() => undefined);
    if (options.rescueFetch) {
      // Batches central acknowledged in full, in order, up to the first that failed.
      for (const [index, item] of inFlight.entries()) {
        const outcome = outcomes[index]!;
        if (outcome.status !== 'fulfilled' || outcome.value.length > 0) break;
        checkpoint.record(item.pass, item.lastSeq);
      }
      await checkpoint.saveNow(new CentralDatabase(target, options.rescueFetch)).catch(() => undefined);
    }
    throw error;
  }
  return { written, denied, lastSeq: until };
}
