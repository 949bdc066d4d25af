// Carries the online push's checkpoint (sync/replicator/checkpoint.ts) across a
// USB transfer, so that the next online sync after an import starts where the
// file ended instead of asking central about every record again.
//
// The push resumes from a session both sides remember. An export makes a new
// session U claiming "everything up to toSeq" and puts it (a) in the file and
// (b) on top of the hub's own checkpoint; the import puts U on top of central's
// checkpoint only once every record of the file is stored there. Then:
//   - file imported: both sides know U → the push resumes at toSeq;
//   - file lost, or some records refused: central does not know U → the push
//     falls back to the session before it (kept in the hub's history) and
//     resends from there, asking central what it lacks (`_revs_diff`).
// A wrong guess costs bytes, never records. Central takes U only if it already
// vouches for the file's starting point (a central restored from an older backup
// does not), and pass names come from the hub's own checkpoint when it has one.
import { randomUUID } from 'node:crypto';
import type { Database } from '../pouchdb.ts';
import { type CentralAdmin, couchExpect, couchRequest } from '../central/couch-http.ts';

export interface CarriedCheckpoint {
  /** `_local/darasa-push-<database>`, as the push names it. */
  id: string;
  session: string;
  /** Per push pass (priority group): the hub sequence central holds everything up to. */
  seqs: Record<string, number>;
}

interface Entry {
  session: string;
  seqs: Record<string, number>;
}

interface CheckpointDoc extends Entry {
  _id: string;
  _rev?: string;
  history: Entry[];
}

/** The push's passes, for a hub whose checkpoint does not name them yet (push.ts). */
const DEFAULT_PASSES = ['first', 'rest'];
/** As checkpoint.ts: sessions remembered by each side. */
const HISTORY = 5;

export const pushCheckpointId = (database: string) => `_local/darasa-push-${database}`;

function asCheckpoint(doc: unknown): CheckpointDoc | null {
  const d = doc as Partial<CheckpointDoc> | null;
  if (!d || typeof d.session !== 'string' || typeof d.seqs !== 'object' || d.seqs === null) return null;
  return { ...(d as CheckpointDoc), history: Array.isArray(d.history) ? d.history : [] };
}

async function readLocal(db: Database, id: string): Promise<(CheckpointDoc & { _rev?: string }) | null> {
  try {
    return asCheckpoint(await db.get(id));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/** A new session for the file: every pass the hub's checkpoint knows, at `toSeq`. */
export async function newCarriedCheckpoint(db: Database, database: string, toSeq: number): Promise<CarriedCheckpoint> {
  const id = pushCheckpointId(database);
  const current = await readLocal(db, id);
  const passes = current && Object.keys(current.seqs).length > 0 ? Object.keys(current.seqs) : DEFAULT_PASSES;
  return { id, session: `usb-${randomUUID()}`, seqs: Object.fromEntries(passes.map((pass) => [pass, toSeq])) };
}

/** On the hub, once the file is safely written: U goes on top, earlier unimported
 * USB sessions are dropped (so the last online session stays in the history). */
export async function recordOnHub(db: Database, carried: CarriedCheckpoint): Promise<boolean> {
  const current = await readLocal(db, carried.id);
  const before = current ? [{ session: current.session, seqs: current.seqs }, ...current.history] : [];
  const history = before.filter((entry) => !entry.session.startsWith('usb-')).slice(0, HISTORY);
  try {
    await db.put({ _id: carried.id, ...(current?._rev ? { _rev: current._rev } : {}), session: carried.session, seqs: carried.seqs, history } as never);
    return true;
  } catch (error) {
    // A push running on this hub moved its checkpoint meanwhile: keep its word;
    // the next sync then asks central what it lacks.
    if ((error as { status?: number }).status === 409) return false;
    throw error;
  }
}

function isCarriedCheckpoint(carried: CarriedCheckpoint, database: string): boolean {
  const seqs = Object.values(carried.seqs ?? {});
  return (
    carried.id === pushCheckpointId(database) &&
    typeof carried.session === 'string' &&
    /^usb-[0-9a-f-]{36}$/.test(carried.session) &&
    seqs.length > 0 &&
    seqs.length <= 10 &&
    seqs.every((seq) => Number.isSafeInteger(seq) && seq >= 0)
  );
}

/** At central, after every record of the file is stored. Returns whether central took U. */
export async function recordAtCentral(central: CentralAdmin, database: string, carried: CarriedCheckpoint, fromSeq: number): Promise<boolean> {
  // The file is not trusted to name what is written as central's administrator
  // (an edited id could be `_design/darasa`, the validator itself).
  if (!isCarriedCheckpoint(carried, database)) return false;
  const path = `/${encodeURIComponent(database)}/${carried.id}`;
  const answer = await couchRequest(central, 'GET', path);
  const current = answer.status === 200 ? asCheckpoint(answer.body) : null;
  if (current?.session === carried.session) return true; // this file was imported before
  const remembered = current ? [{ session: current.session, seqs: current.seqs }, ...current.history] : [];
  // Central must already hold everything before the file's first record.
  const vouches = fromSeq === 0 || remembered.some((entry) => Object.keys(entry.seqs).length > 0 && Object.values(entry.seqs).every((seq) => seq >= fromSeq));
  if (!vouches) return false;
  const doc = { _id: carried.id, ...(current?._rev ? { _rev: current._rev } : {}), session: carried.session, seqs: carried.seqs, history: remembered.slice(0, HISTORY) };
  await couchExpect(central, 'record where the next online sync starts', 'PUT', path, doc, [200, 201]);
  return true;
}
