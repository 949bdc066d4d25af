// One-shot push of the hub's records to its database at central. One-shot, not
// live: the link comes and goes, and each run either completes or fails fast
// (the uplink fetch has deadlines); PouchDB's checkpoints make the next run
// resume where this one stopped rather than start again.
// Records go in priority order: progress events and class records first (what
// the programme's figures need, and what a short link window should carry),
// then everything else.
import { openRemoteDatabase, PouchDB, type Database } from '../pouchdb.ts';
import type { FetchLike } from './link-fetch.ts';

export interface CentralTarget {
  /** The hub's database at central, e.g. https://central.example.org/darasa-hub-abcdefghij */
  databaseUrl: string;
  username: string;
  password: string;
}

export interface PushOptions {
  fetch: FetchLike;
  /** Documents per request. Larger batches cost fewer round trips on a 600 ms
   * satellite link; 200 keeps one request under ~100 KB of gzipped events. */
  batchSize?: number;
  onProgress?: (written: number) => void;
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

/** Types sent in the first pass, before anything else. */
export const FIRST_TYPES = new Set(['event', 'class', 'enrolment', 'attendance', 'session-record']);

/** Types never pushed. `person` documents still hold learners' names, which must
 * not reach central in clear (DESIGN.md, data principle 6): they stay on the hub
 * until their personal fields move to a local-only document, and only the
 * pseudonymous part travels. Events refer to people by id only. */
export const HELD_BACK_TYPES = new Set(['person']);

function travels(doc: { type?: string; _id?: string }): boolean {
  return !HELD_BACK_TYPES.has(doc.type ?? '') && !(doc._id ?? '').startsWith('_design/');
}

function replicateOnce(local: Database, remote: Database, options: PushOptions, filter: (doc: { type?: string }) => boolean) {
  return new Promise<PushResult>((resolve, reject) => {
    const denied: DeniedDoc[] = [];
    let written = 0;
    const replication = PouchDB.replicate(local, remote, {
      batch_size: options.batchSize ?? 200,
      batches_limit: 2,
      retry: false,
      filter,
    } as PouchDB.Replication.ReplicateOptions);
    replication.on('change', (info) => {
      written = info.docs_written; // a running total for this replication
      options.onProgress?.(written);
    });
    // Central's validator refused a document: replication still reports ok, so
    // refusals are collected here and reported, never silently dropped.
    replication.on('denied', (error) => {
      const e = error as { id?: string; reason?: string; message?: string };
      denied.push({ id: e.id ?? 'unknown', reason: e.reason ?? e.message ?? 'refused by central' });
    });
    replication.on('complete', (info) => resolve({ written: info.docs_written ?? written, denied, lastSeq: info.last_seq as number | string }));
    replication.on('error', reject);
  });
}

/** Pushes every document of the hub database to central, first-priority types first. */
export async function pushToCentral(local: Database, target: CentralTarget, options: PushOptions): Promise<PushResult> {
  const remote = openRemoteDatabase(target.databaseUrl, { username: target.username, password: target.password, fetch: options.fetch });
  try {
    const first = await replicateOnce(local, remote, options, (doc) => travels(doc) && FIRST_TYPES.has(doc.type ?? ''));
    const rest = await replicateOnce(local, remote, options, travels);
    return { written: first.written + rest.written, denied: [...first.denied, ...rest.denied], lastSeq: rest.lastSeq };
  } finally {
    await remote.close().catch(() => undefined);
  }
}
