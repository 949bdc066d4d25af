// The hub database as conflict handling needs it: which documents have
// conflicting revisions, every leaf revision of one document with its history,
// and the one write that resolves a conflict. The only code of server/sync/
// conflicts.ts that touches the hub's PouchDB.
import type { Database } from '../store/open-database.ts';
import { isNotFound } from '../store/repository.ts';

/** A leaf revision as PouchDB and CouchDB give it with `open_revs=all&revs=true`. */
export interface LeafDoc {
  _id: string;
  _rev: string;
  _deleted?: boolean;
  _revisions: { start: number; ids: string[] };
  [field: string]: unknown;
}

/** What `get(id, { open_revs: 'all', revs: true })` answers, local or over HTTP. */
export type OpenRevsAnswer = ({ ok: LeafDoc } | { missing: string })[];

export function leavesFrom(answer: OpenRevsAnswer): LeafDoc[] {
  return answer.flatMap((row) => ('ok' in row ? [row.ok] : []));
}

export class ConflictRepository {
  constructor(private readonly hub: Database) {}

  /** Every document whose winning revision has live conflicting revisions, with
   * the winner first. A full scan, as the sync has always done after a push. */
  async findConflicted(): Promise<{ id: string; revs: string[] }[]> {
    const all = await this.hub.allDocs({ include_docs: true, conflicts: true });
    return all.rows.flatMap((row) => {
      const doc = row.doc as { _rev: string; _conflicts?: string[] } | undefined;
      return doc?._conflicts?.length ? [{ id: row.id, revs: [doc._rev, ...doc._conflicts] }] : [];
    });
  }

  /** Every leaf revision of a document on the hub, deleted ones included. */
  async leaves(id: string): Promise<LeafDoc[]> {
    try {
      return leavesFrom((await this.hub.get(id, { open_revs: 'all', revs: true } as never)) as unknown as OpenRevsAnswer);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /** Writes revisions with their history as given (`new_edits: false`), in one
   * write: the versions brought from central and the tombstones that end the
   * losing ones land together or not at all. */
  async writeRevisions(docs: LeafDoc[]): Promise<void> {
    await this.hub.bulkDocs(docs, { new_edits: false });
  }
}
