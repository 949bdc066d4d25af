// The shared library on a USB stick, for a truck with no link at all: central
// writes its library (pack documents, then each pack's chunks with their bytes)
// into a USB transfer file of kind 'library' (sync/usb/format.ts); a hub reads
// it, keeps each chunk that matches its checksum in the same chunk store the
// online pull uses, and installs the packs it lacks or holds in an older
// version. Importing the same file twice installs nothing the second time;
// a pack whose chunks are not all on the stick is left for the next sync to
// finish (the chunks it did bring are not downloaded again).
// The file also carries every staff account at central (sync/staff/, tombstones
// included): the importer hands them back as changes, and the hub applies them
// as its online sync would (server/sync/staff-exchange.ts). Files without them
// (older Darasa) import as before.
import type { CentralAdmin } from '../central/couch-http.ts';
import { couchExpect } from '../central/couch-http.ts';
import { LIBRARY_DB } from '../central/provision.ts';
import { writeTransferFile, type WrittenTransfer } from '../usb/write-transfer.ts';
import { openTransferFile } from '../usb/read-transfer.ts';
import type { TransferDoc } from '../usb/format.ts';
import { isLibraryPackDoc, libraryIds, type LibraryPackDoc } from './library-docs.ts';
import { listLibrary } from './publish.ts';
import { chunkStore, installStored } from './pull.ts';
import { readStaffForHubs } from '../staff/admin.ts';
import { staffChangeOf, type StaffChange } from '../staff/central-staff.ts';

interface ChunkDoc extends TransferDoc {
  type: 'library-chunk';
  zipSha256: string;
  index: number;
  _attachments?: { data?: { data?: string } };
}

/** Writes every pack of central's library (or those named) to `file`, then
 * every staff account at central. */
export async function exportLibraryFile(central: CentralAdmin, file: string, options: { packIds?: string[] } = {}): Promise<WrittenTransfer> {
  const packs = (await listLibrary(central)).filter((p) => !options.packIds || options.packIds.includes(p.packId));
  const staff = await readStaffForHubs(central);
  async function* docs(): AsyncGenerator<TransferDoc> {
    for (const pack of packs) {
      yield pack as unknown as TransferDoc;
      for (let index = 0; index < pack.chunks.length; index++) {
        const path = `/${LIBRARY_DB}/${encodeURIComponent(libraryIds.chunk(pack.sha256, index))}?attachments=true`;
        yield (await couchExpect<ChunkDoc>(central, `read chunk ${index} of ${pack.packId}`, 'GET', path, undefined, [200])).body;
      }
    }
    for (const line of staff) yield line as unknown as TransferDoc;
  }
  return writeTransferFile(file, { kind: 'library', hubId: null, fromSeq: 0 }, docs(), () => 0);
}

export interface LibraryImport {
  installed: { packId: string; version: string }[];
  /** Already installed in this version or newer. */
  upToDate: { packId: string; version: string }[];
  failed: { packId: string; version: string; sha256: string; reason: string; refused: boolean }[];
  /** Central's staff accounts in the file, for the hub to apply (none in older files). */
  staff: StaffChange[];
}

export interface LibraryImportOptions {
  downloadsDir: string;
  wants(doc: LibraryPackDoc): Promise<boolean>;
  install(zip: Uint8Array, doc: LibraryPackDoc): Promise<void>;
}

/** Verifies the whole file first (openTransferFile), then stores and installs. */
export async function importLibraryFile(file: string, options: LibraryImportOptions): Promise<LibraryImport> {
  const transfer = await openTransferFile(file, 'library');
  const result: LibraryImport = { installed: [], upToDate: [], failed: [], staff: [] };
  const packs = new Map<string, { doc: LibraryPackDoc; wanted: boolean }>();
  for await (const batch of transfer.batches(20)) {
    for (const doc of batch) {
      if (isLibraryPackDoc(doc)) {
        packs.set(doc.sha256, { doc, wanted: await options.wants(doc) });
        continue;
      }
      if (doc._id.startsWith('staff-account:')) {
        const change = staffChangeOf({ id: doc._id, deleted: doc._deleted === true, doc, rev: doc._rev });
        if (change) result.staff.push(change);
        continue;
      }
      const chunk = doc as ChunkDoc;
      const pack = packs.get(String(chunk.zipSha256));
      const data = chunk._attachments?.data?.data;
      if (!pack?.wanted || typeof data !== 'string') continue;
      // A chunk that does not match its checksum is simply not kept.
      await chunkStore(options.downloadsDir, pack.doc).put(Number(chunk.index), new Uint8Array(Buffer.from(data, 'base64')));
    }
  }
  for (const { doc, wanted } of packs.values()) {
    if (!wanted) {
      result.upToDate.push({ packId: doc.packId, version: doc.version });
      continue;
    }
    const store = chunkStore(options.downloadsDir, doc);
    const missing = [];
    for (let index = 0; index < doc.chunks.length; index++) if (!(await store.has(index))) missing.push(index);
    if (missing.length > 0) {
      result.failed.push({ packId: doc.packId, version: doc.version, sha256: doc.sha256, refused: false, reason: `${missing.length} of its ${doc.chunks.length} parts are missing or damaged on the stick; the next sync fetches only those` });
      continue;
    }
    const outcome = await installStored(store, doc, options.install);
    if (outcome.ok) result.installed.push({ packId: doc.packId, version: doc.version });
    else result.failed.push({ packId: doc.packId, version: doc.version, sha256: doc.sha256, refused: outcome.refused, reason: outcome.reason });
  }
  return result;
}
