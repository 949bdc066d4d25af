// Where a push stopped, kept on both sides like CouchDB's own checkpoints: a
// `_local/darasa-push-<database>` document in the hub's database and in the
// hub's database at central (`_local/` documents never replicate and central's
// validator does not see them). Each holds, per pass (priority group), the hub
// sequence up to which everything has been written at central.
//
// Both sides must agree before a push resumes: a central database restored from
// an older backup, or recreated, carries an older checkpoint or none, and the
// push then starts again from that point rather than trusting the hub's word.
// Sides agree through a session id written with the sequences: the newest
// session both sides know gives the resume point (the smaller sequence of the
// two, since the hub's copy is written after central's and may lag by a batch).
//
// Writes are chained: central first, then the hub, one at a time, each with the
// revision the previous write returned (CouchDB refuses a stale `_rev` on
// `_local/` documents too), and coalesced: at most one waits behind the one on
// the link, carrying the newest sequences.
import { randomUUID } from 'node:crypto';
import type { Database } from '../pouchdb.ts';
import type { CentralDatabase, LocalDoc } from './central-database.ts';

export type PassSeqs = Record<string, number>;

interface Entry {
  session: string;
  seqs: PassSeqs;
}

interface CheckpointDoc extends LocalDoc, Entry {
  history: Entry[];
}

/** Sessions remembered, so two sides that drifted apart by a few runs still meet. */
const HISTORY = 5;

function asCheckpoint(doc: LocalDoc | null): CheckpointDoc | null {
  if (!doc || typeof doc.session !== 'string' || typeof doc.seqs !== 'object' || doc.seqs === null) return null;
  return { ...doc, history: Array.isArray(doc.history) ? (doc.history as Entry[]) : [] } as CheckpointDoc;
}

/** The sequences both sides vouch for (pure; exported for tests). */
export function agreedSeqs(local: CheckpointDoc | null, remote: CheckpointDoc | null): PassSeqs {
  if (!local || !remote) return {};
  const remoteEntries = [remote as Entry, ...remote.history];
  for (const mine of [local as Entry, ...local.history]) {
    const theirs = remoteEntries.find((entry) => entry.session === mine.session);
    if (!theirs) continue;
    const passes = new Set([...Object.keys(mine.seqs), ...Object.keys(theirs.seqs)]);
    return Object.fromEntries([...passes].map((pass) => [pass, Math.min(mine.seqs[pass] ?? 0, theirs.seqs[pass] ?? 0)]));
  }
  return {};
}

export class Checkpoint {
  readonly #id: string;
  readonly #session = randomUUID();
  #seqs: PassSeqs = {};
  #history: Entry[] = [];
  #localRev: string | undefined;
  #remoteRev: string | undefined;
  #writing: Promise<void> = Promise.resolve();
  /** A write is waiting behind the one on the link; it will take the newest sequences. */
  #queued = false;

  private constructor(
    private readonly local: Database,
    private readonly remote: CentralDatabase,
  ) {
    this.#id = `_local/darasa-push-${remote.name}`;
  }

  /** Reads both sides (central's over the link, the hub's from disk) and agrees on where to resume. */
  static async open(local: Database, remote: CentralDatabase): Promise<Checkpoint> {
    const checkpoint = new Checkpoint(local, remote);
    const [mine, theirs] = await Promise.all([
      local.get(checkpoint.#id).then(
        (doc) => doc as unknown as LocalDoc,
        (error: { status?: number }) => {
          if (error.status === 404) return null;
          throw error;
        },
      ),
      remote.getLocal(checkpoint.#id),
    ]);
    checkpoint.#localRev = mine?._rev;
    checkpoint.#remoteRev = theirs?._rev;
    const local_ = asCheckpoint(mine);
    checkpoint.#seqs = agreedSeqs(local_, asCheckpoint(theirs));
    // This run's session goes on top; the sessions before it stay as history.
    checkpoint.#history = local_ ? [{ session: local_.session, seqs: local_.seqs }, ...local_.history].slice(0, HISTORY) : [];
    return checkpoint;
  }

  /** Where `pass` resumes (0: from the beginning). */
  seq(pass: string): number {
    return this.#seqs[pass] ?? 0;
  }

  /** Records that `pass` is done up to `seq` and queues a write (central, then the
   * hub). Returns the write, which callers may let run beside the next batch.
   * Writes coalesce: while one is on the link, later advances wait as one write
   * of the newest sequences, so checkpoints never fall behind a fast push. */
  advance(pass: string, seq: number): Promise<void> {
    this.#seqs = { ...this.#seqs, [pass]: seq };
    if (this.#queued) return this.#writing;
    this.#queued = true;
    this.#writing = this.#writing.then(async () => {
      this.#queued = false;
      const doc = { session: this.#session, seqs: this.#seqs, history: this.#history };
      this.#remoteRev = await this.remote.putLocal({ _id: this.#id, ...(this.#remoteRev ? { _rev: this.#remoteRev } : {}), ...doc });
      const saved = await this.local.put({ _id: this.#id, ...(this.#localRev ? { _rev: this.#localRev } : {}), ...doc });
      this.#localRev = saved.rev;
    });
    // Handled here so a failed write waiting for flush() is not an unhandled
    // rejection; flush() and the returned promise still reject.
    this.#writing.catch(() => undefined);
    return this.#writing;
  }

  /** Waits for every queued write; rejects if one failed. */
  flush(): Promise<void> {
    return this.#writing;
  }

  /** Records that `pass` is done up to `seq` without writing (see saveNow). */
  record(pass: string, seq: number): void {
    this.#seqs = { ...this.#seqs, [pass]: seq };
  }

  /** Writes the newest sequences once more, through `remote` (a connection not
   * tied to a run that was stopped: the stop also aborted the writes queued
   * behind it, which would leave both sides several batches behind what
   * central stored). Stale revisions on either side are re-read. */
  async saveNow(remote: CentralDatabase): Promise<void> {
    await this.#writing.catch(() => undefined);
    const doc = { session: this.#session, seqs: this.#seqs, history: this.#history };
    this.#remoteRev = await remote.putLocal({ _id: this.#id, ...(this.#remoteRev ? { _rev: this.#remoteRev } : {}), ...doc });
    const current = await this.local.get(this.#id).then(
      (found) => found._rev,
      () => undefined,
    );
    const saved = await this.local.put({ _id: this.#id, ...(current ? { _rev: current } : {}), ...doc });
    this.#localRev = saved.rev;
  }
}
