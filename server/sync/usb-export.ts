// Sync by USB, the hub's side: export for central every record it has not
// confirmed yet (sync/usb/), into one file, and note the export in the sync
// state for the panel. Used by `darasa sync export FILE` (hub stopped) and by
// GET /api/sync/export (the running hub). Exporting changes nothing that
// travels: central confirms nothing by USB, so `pushedSeq` stays where the last
// online sync left it and the next export carries the same records again (the
// import at central skips what it already has). The file also carries the
// hub's staff accounts as its online sync would write them (staff-exchange.ts).
import type { Store } from '../store/store.ts';
import type { Accounts } from '../auth/accounts.ts';
import { staffForCentral } from './staff-exchange.ts';
import { exportHubRecords } from '../../sync/usb/export-hub-records.ts';
import type { SyncRepository, UsbExportRecord } from './repository.ts';

export type { UsbExportRecord } from './repository.ts';

/** `pushRunning`: a push is under way on this hub, so its checkpoint is left alone
 * (the next online sync then asks central what it lacks; see sync/usb/push-checkpoint.ts).
 * `accounts`: the hub's people, whose staff accounts travel with the records. */
export async function exportForUsb(store: Store, repository: SyncRepository, file: string, options: { pushRunning?: boolean; accounts: Accounts }): Promise<UsbExportRecord> {
  const state = await repository.getState();
  const staff = await staffForCentral(options.accounts);
  const { manifest, fileBytes } = await exportHubRecords(store.databases.hub, { hubId: store.hubId, since: state.pushedSeq, staff, noteCheckpoint: !options.pushRunning }, file);
  const record: UsbExportRecord = { at: manifest.createdAt, documents: manifest.documents, byKind: manifest.byKind, bytes: fileBytes };
  await repository.updateState((s) => (s.lastUsbExport = record));
  return record;
}

export async function lastUsbExport(repository: SyncRepository): Promise<UsbExportRecord | null> {
  return (await repository.getState()).lastUsbExport ?? null;
}

/** `darasa-records-hub-abcdefgh23-20261122-0455.zip`: the hub and the time, so files on one stick never clash. */
export function usbExportFileName(hubId: string, at = new Date()): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `darasa-records-${hubId}-${stamp}.zip`;
}
