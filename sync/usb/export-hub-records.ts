// A hub's records for central on a USB stick: every document of the hub
// database changed since the sequence central last confirmed, with its
// revision history, so central stores exactly the revisions the hub has and a
// later online sync finds nothing to send. What the online push holds back
// (its `travels` rule: design documents, HELD_BACK_TYPES) is held back here too.
// After the records come the hub's staff accounts as its online sync would
// write them to central (`staff`: the caller builds them, format.ts).
import type { Database } from '../pouchdb.ts';
import { travels } from '../replicator/push.ts';
import { hubDatabase } from '../central/provision.ts';
import type { TransferDoc } from './format.ts';
import { newCarriedCheckpoint, recordOnHub } from './push-checkpoint.ts';
import { writeTransferFile, type WrittenTransfer } from './write-transfer.ts';
import type { StaffAccountDoc } from '../staff/staff-documents.ts';

// Documents read per round: bounded memory on the hub, few LevelDB passes.
const PAGE = 500;

export interface HubRecordsExport {
  hubId: string;
  /** The hub database's update sequence central confirmed last (0: never synced). */
  since: number | string;
  /** `staff-account` documents for central's `darasa-staff`, written after the records. */
  staff?: StaffAccountDoc[];
}

type ChangeRow = { id: string; seq: number | string; changes: { rev: string }[] };

/** Every leaf revision of every document changed after `since`, conflicts and deletions included. */
async function* changedDocs(db: Database, since: number | string, reached: { seq: number | string }): AsyncGenerator<TransferDoc> {
  let cursor = since;
  for (;;) {
    const page = await db.changes({ since: cursor as number, limit: PAGE, style: 'all_docs' } as PouchDB.Core.ChangesOptions);
    const rows = (page.results as unknown as ChangeRow[]).filter((row) => !row.id.startsWith('_design/'));
    if (rows.length > 0) {
      const wanted = rows.flatMap((row) => row.changes.map((change) => ({ id: row.id, rev: change.rev })));
      const got = await db.bulkGet({ docs: wanted, revs: true, attachments: true } as PouchDB.Core.BulkGetOptions);
      for (const result of got.results) {
        for (const one of result.docs) {
          if (!('ok' in one)) throw new Error(`the hub database could not read ${result.id}: ${JSON.stringify(one.error)}`);
          const doc = one.ok as unknown as TransferDoc;
          if (travels(doc as { _id: string; type?: string })) yield doc;
        }
      }
    }
    cursor = page.last_seq;
    reached.seq = page.last_seq;
    if (page.results.length < PAGE) return;
  }
}

async function* withStaff(records: AsyncGenerator<TransferDoc>, staff: StaffAccountDoc[]): AsyncGenerator<TransferDoc> {
  yield* records;
  for (const doc of staff) yield doc as unknown as TransferDoc;
}

export interface HubRecordsWritten extends WrittenTransfer {
  /** Whether the hub noted the file's checkpoint session (push-checkpoint.ts). */
  checkpointNoted: boolean;
}

/** Writes the export to `file` (atomically) and returns its manifest and size.
 * `noteCheckpoint: false` leaves the hub's push checkpoint alone (a push is running). */
export async function exportHubRecords(db: Database, options: HubRecordsExport & { noteCheckpoint?: boolean }, file: string): Promise<HubRecordsWritten> {
  const reached = { seq: options.since };
  const noting = options.noteCheckpoint !== false;
  const carried = noting ? await newCarriedCheckpoint(db, hubDatabase(options.hubId), Number(options.since)) : null;
  const written = await writeTransferFile(
    file,
    {
      kind: 'hub-records',
      hubId: options.hubId,
      fromSeq: options.since,
      finish: (toSeq) => (carried ? { pushCheckpoint: { ...carried, seqs: Object.fromEntries(Object.keys(carried.seqs).map((pass) => [pass, Number(toSeq)])) } } : {}),
    },
    withStaff(changedDocs(db, options.since, reached), options.staff ?? []),
    () => reached.seq,
  );
  // Only once the file is safely on the stick.
  const checkpointNoted = written.manifest.pushCheckpoint ? await recordOnHub(db, written.manifest.pushCheckpoint) : false;
  return { ...written, checkpointNoted };
}
