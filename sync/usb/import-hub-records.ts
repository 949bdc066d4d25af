// A hub's USB export, imported at central as central's administrator.
//  1. The file is verified whole (read-transfer.ts) before anything is written.
//  2. The hub must be registered: its database `darasa-<hubId>` must exist.
//  3. Each document must belong to that hub by the rule of central's validator
//     (hub-ownership.ts). An administrator gets past validate_doc_update, so the
//     importer applies the rule itself. Documents that break it are refused and
//     listed; the others are imported — one forged or misplaced record must not
//     keep a month of a truck's learning records from central.
//  4. `_revs_diff` asks which revisions central lacks; only those are written,
//     with `_bulk_docs` and `new_edits: false`, so central keeps the hub's own
//     revisions. Importing the same file twice writes nothing the second time.
//  5. With every record stored and none refused, central takes the file's push
//     checkpoint session, so the hub's next online sync starts after the file
//     (push-checkpoint.ts); otherwise that sync asks central what it lacks.
//  6. The hub's staff accounts in the file (`staff-account` lines) go to
//     `darasa-staff` under central's staff rules, applied in code
//     (sync/staff/import-staff.ts); a refused one does not hold back the records.
import { type CentralAdmin, CentralError, couchExpect, couchRequest } from '../central/couch-http.ts';
import { hubDocumentRefusal } from '../central/hub-ownership.ts';
import { hubDatabase } from '../central/provision.ts';
import { isHubId } from '../ids.ts';
import { TransferFileError, type TransferDoc, type TransferManifest } from './format.ts';
import { openTransferFile } from './read-transfer.ts';
import { recordAtCentral } from './push-checkpoint.ts';
import { emptyStaffImport, importStaffAccounts, isStaffLine, type StaffImport } from '../staff/import-staff.ts';

// Documents per request: ~500 events are ~150 KB of JSON, quick on a LAN or
// loopback where central's administrator runs this.
const BATCH = 500;

export interface HubRecordsImport {
  manifest: TransferManifest;
  hubId: string;
  database: string;
  /** Revisions central did not have and now has. */
  added: number;
  /** Revisions central had already (an earlier import or online sync). */
  alreadyThere: number;
  /** Documents that do not belong to this hub: not written. */
  refused: { id: string; reason: string }[];
  /** Whether the hub's next online sync can start after this file. */
  checkpointCarried: boolean;
  /** The hub's staff accounts (teachers and trainers who roam, disables of visiting ones). */
  staff: StaffImport;
}

export async function importHubRecords(central: CentralAdmin, file: string, options: { batchSize?: number } = {}): Promise<HubRecordsImport> {
  const transfer = await openTransferFile(file, 'hub-records');
  const { manifest } = transfer;
  const hubId = manifest.hubId ?? '';
  if (!isHubId(hubId)) throw new TransferFileError('TRANSFER_DAMAGED', `${file} names no valid hub (${JSON.stringify(manifest.hubId)}); nothing was imported.`);
  const database = hubDatabase(hubId);
  const path = `/${encodeURIComponent(database)}`;

  const exists = await couchRequest(central, 'GET', path);
  if (exists.status === 404) {
    throw new CentralError('CENTRAL_REFUSED', `hub ${hubId} is not registered at central (no database ${database}); register it first with "darasa central register-hub ${hubId}". Nothing was imported.`, 404);
  }
  if (exists.status !== 200) throw new CentralError('CENTRAL_REFUSED', `central answered ${exists.status} for the database ${database}; nothing was imported.`, exists.status);

  const result: HubRecordsImport = { manifest, hubId, database, added: 0, alreadyThere: 0, refused: [], checkpointCarried: false, staff: emptyStaffImport() };
  // A hub has tens of staff accounts, not thousands: kept until the records are in.
  const staff: TransferDoc[] = [];
  for await (const batch of transfer.batches(options.batchSize ?? BATCH)) {
    const owned: TransferDoc[] = [];
    for (const doc of batch) {
      if (isStaffLine(doc)) {
        staff.push(doc);
        continue;
      }
      const reason = hubDocumentRefusal(hubId, doc);
      if (reason) result.refused.push({ id: doc._id, reason });
      else owned.push(doc);
    }
    if (owned.length === 0) continue;
    const missing = await missingRevisions(central, path, owned);
    const toWrite = owned.filter((doc) => missing.get(doc._id)?.has(doc._rev));
    result.alreadyThere += owned.length - toWrite.length;
    if (toWrite.length === 0) continue;
    const written = await couchExpect<{ id: string; error?: string; reason?: string }[]>(central, `store ${toWrite.length} records in ${database}`, 'POST', `${path}/_bulk_docs`, { docs: toWrite, new_edits: false }, [201, 202]);
    // With new_edits:false the answer lists failures only (CouchDB) or every
    // document (the embedded central); either way, any `error` is a failure.
    const failed = (Array.isArray(written.body) ? written.body : []).filter((row) => row.error);
    if (failed.length > 0) {
      throw new CentralError('CENTRAL_REFUSED', `central did not store ${failed.length} records (${failed.slice(0, 3).map((f) => `${f.id}: ${f.error} ${f.reason ?? ''}`.trim()).join('; ')}). Run the import again: records already stored are skipped.`);
    }
    result.added += toWrite.length;
  }
  if (manifest.pushCheckpoint && result.refused.length === 0) {
    // Every record is stored by now: a failure here only costs the next online
    // sync some questions to central, so it must not fail the import.
    result.checkpointCarried = await recordAtCentral(central, database, manifest.pushCheckpoint, Number(manifest.fromSeq)).catch(() => false);
  }
  result.staff = await importStaffAccounts(central, hubId, staff);
  return result;
}

/** id → the revisions of it that central lacks. */
async function missingRevisions(central: CentralAdmin, path: string, docs: TransferDoc[]): Promise<Map<string, Set<string>>> {
  const asked: Record<string, string[]> = {};
  for (const doc of docs) (asked[doc._id] ??= []).push(doc._rev);
  const answer = await couchExpect<Record<string, { missing?: string[] }>>(central, 'compare revisions', 'POST', `${path}/_revs_diff`, asked, [200]);
  return new Map(Object.entries(answer.body).map(([id, { missing }]) => [id, new Set(missing ?? [])]));
}
