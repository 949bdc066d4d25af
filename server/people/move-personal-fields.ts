// Start-up migration: data directories written before personal fields moved
// off the replicated database hold `person` documents that still carry names,
// username, birth year, community or guardian contact. Each is split: its
// `person-private` twin is written to the local database FIRST, then the
// person is rewritten without those fields, so a power cut at any point loses
// nothing (the next start finds the person still carrying them and does it
// again: idempotent). Then the hub database is compacted, in PouchDB (old
// revisions dropped) and in LevelDB (their bodies gone from the files), so no
// name is left on the disk of the database that replicates. A marker in the
// local database (`_local/`, never replicated) remembers a compaction still
// owed, so a cut after the rewrite but before the compaction is finished on the
// next start too. Only this hub's people are touched: one writer per document.
import { idRange } from '../../sync/ids.ts';
import { personPrivateId, type PersonPrivateDoc } from '../../sync/documents.ts';
import type { Database } from '../store/open-database.ts';
import { isNotFound } from '../store/repository.ts';
import { hasPersonalFields, privateDocOf, splitPerson, type Person } from './person-record.ts';

const MARKER_ID = '_local/personal-fields-moved';

interface Marker {
  _id: string;
  _rev?: string;
  /** Personal fields were moved; the hub database still needs compacting. */
  compactionOwed: boolean;
}

export interface MoveOptions {
  /** Compacts the hub database's files; it closes the database and resolves
   * with it open again (server/store/compact-files.ts). */
  compactHub(hub: Database): Promise<Database>;
  /** Tests only: runs between the two writes, to cut there. */
  afterPrivateWritten?: () => Promise<void>;
}

export interface MoveResult {
  /** The hub database: reopened when it was compacted. */
  hub: Database;
  moved: number;
  compacted: boolean;
}

async function bulkOrThrow(db: Database, docs: object[]): Promise<void> {
  const results = await db.bulkDocs(docs);
  const failed = results.find((result) => 'error' in result && result.error);
  if (failed) throw new Error(`moving personal fields failed: ${JSON.stringify(failed)}`);
}

export async function movePersonalFieldsToLocal(hub: Database, local: Database, hubId: string, options: MoveOptions): Promise<MoveResult> {
  const rows = (await hub.allDocs({ ...idRange('person', hubId), include_docs: true })).rows;
  const carrying = rows.flatMap((row) => (row.doc && hasPersonalFields(row.doc) ? [row.doc as unknown as Person] : []));
  let marker = (await local.get(MARKER_ID).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  })) as Marker | null;
  if (carrying.length === 0 && !marker?.compactionOwed) return { hub, moved: 0, compacted: false };

  if (carrying.length > 0) {
    const put = await local.put({ ...(marker ?? { _id: MARKER_ID }), compactionOwed: true });
    marker = { _id: MARKER_ID, _rev: put.rev, compactionOwed: true };
    // A private twin left by an earlier, interrupted run holds the same fields:
    // the person document is still the one acknowledged, so its fields win.
    const existing = await local.allDocs({ keys: carrying.map((doc) => personPrivateId(doc._id)), include_docs: true });
    const secrets = carrying.map((doc, i) => {
      const row = existing.rows[i] as { doc?: PersonPrivateDoc } | undefined;
      return privateDocOf(doc._id, splitPerson(doc).personal, doc.updatedAt ?? doc.createdAt, row?.doc ?? null);
    });
    await bulkOrThrow(local, secrets);
    await options.afterPrivateWritten?.();
    await bulkOrThrow(hub, carrying.map((doc) => splitPerson(doc).doc));
  }

  await hub.compact();
  const reopened = await options.compactHub(hub);
  await local.put({ ...marker!, compactionOwed: false });
  return { hub: reopened, moved: carrying.length, compacted: true };
}
