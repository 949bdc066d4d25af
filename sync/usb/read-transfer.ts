// Reads a USB transfer file (format.ts), trusting nothing: `openTransferFile`
// checks the zip, the manifest (format, version, kind) and then the whole
// payload (size, SHA-256, one JSON document with `_id` and `_rev` per line;
// only a hub's staff account may lack `_rev`, see format.ts)
// before it returns, so a truncated, corrupt or foreign file is refused with
// one line before anything is written anywhere. `batches()` then reads the
// payload again and checks the SHA-256 once more at its end, in case the file
// changed between the two reads (a stick pulled and put back).
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import { MANIFEST_ENTRY, PAYLOAD_ENTRY, TRANSFER_FORMAT, TRANSFER_VERSION, TransferFileError, type TransferDoc, type TransferKind, type TransferManifest } from './format.ts';

const OPEN_OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true };
const MAX_MANIFEST_BYTES = 64 * 1024;

// Buffers as plain byte views (TypeScript 6's Buffer type is not a Uint8Array for node:crypto's types).
const view = (chunk: Buffer): Uint8Array => new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);

export interface OpenedTransfer {
  manifest: TransferManifest;
  /** The documents, `size` at a time, in the order they were written. */
  batches(size: number): AsyncGenerator<TransferDoc[]>;
}

function damaged(file: string, detail: string): TransferFileError {
  return new TransferFileError('TRANSFER_DAMAGED', `${file} is damaged or incomplete (${detail}); nothing was imported. Copy the file from the hub again, or export it again there.`);
}

function foreign(file: string, detail: string): TransferFileError {
  return new TransferFileError('TRANSFER_FOREIGN', `${file} is not a Darasa USB transfer file (${detail}); nothing was imported.`);
}

async function openZip(file: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(file, OPEN_OPTIONS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new TransferFileError('TRANSFER_UNREADABLE', `${file} cannot be read (${code}). Check the path and that the stick is plugged in.`);
    throw damaged(file, `not a complete zip: ${(error as Error).message}`);
  }
}

async function entriesOf(zip: yauzl.ZipFile, file: string): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entries.size >= 2 || (entry.fileName !== MANIFEST_ENTRY && entry.fileName !== PAYLOAD_ENTRY)) throw foreign(file, `it holds ${JSON.stringify(entry.fileName)}`);
      entries.set(entry.fileName, entry);
    }
  } catch (error) {
    if (error instanceof TransferFileError) throw error;
    throw damaged(file, (error as Error).message);
  }
  return entries;
}

async function readSmallEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, file: string): Promise<string> {
  if (entry.uncompressedSize > MAX_MANIFEST_BYTES) throw foreign(file, 'its manifest is far too large');
  let text = '';
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) text += decoder.write(view(chunk));
  } catch (error) {
    throw damaged(file, (error as Error).message);
  }
  return text + decoder.end();
}

function checkManifest(text: string, file: string, kind: TransferKind): TransferManifest {
  let manifest: TransferManifest;
  try {
    manifest = JSON.parse(text) as TransferManifest;
  } catch {
    throw damaged(file, 'its manifest is not JSON');
  }
  if (manifest?.format !== TRANSFER_FORMAT) throw foreign(file, 'its manifest names no Darasa transfer');
  if (manifest.version !== TRANSFER_VERSION) {
    throw new TransferFileError('TRANSFER_UNSUPPORTED', `${file} was written by a newer Darasa (transfer format ${String(manifest.version)}); update Darasa here to import it. Nothing was imported.`);
  }
  if (manifest.kind !== kind) throw foreign(file, `it holds ${String(manifest.kind)}, not ${kind}`);
  const payload = manifest.payload;
  if (!payload || payload.entry !== PAYLOAD_ENTRY || !Number.isSafeInteger(payload.bytes) || !/^[0-9a-f]{64}$/.test(payload.sha256) || !Number.isSafeInteger(manifest.documents)) {
    throw damaged(file, 'its manifest is incomplete');
  }
  return manifest;
}

/** Streams the payload's documents, checking size, line count and SHA-256 against the manifest as it goes. */
async function* readPayload(file: string, manifest: TransferManifest): AsyncGenerator<TransferDoc> {
  const zip = await openZip(file);
  try {
    const entries = await entriesOf(zip, file);
    const entry = entries.get(PAYLOAD_ENTRY);
    if (!entry) throw damaged(file, 'its records are missing');
    if (entry.uncompressedSize !== manifest.payload.bytes) throw damaged(file, `its records are ${entry.uncompressedSize} bytes, the manifest says ${manifest.payload.bytes}`);
    const hash = createHash('sha256');
    const decoder = new StringDecoder('utf8');
    let bytes = 0;
    let lines = 0;
    let pending = '';
    let stream: AsyncIterable<Buffer>;
    try {
      stream = (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>;
    } catch (error) {
      throw damaged(file, (error as Error).message);
    }
    const parse = (line: string): TransferDoc => {
      lines += 1;
      let doc: TransferDoc;
      try {
        doc = JSON.parse(line) as TransferDoc;
      } catch {
        throw damaged(file, `line ${lines} is not JSON`);
      }
      // A staff account a hub sends names the revision it replaces, or none when it is new (format.ts).
      const revOptional = doc?.type === 'staff-account' && doc._rev === undefined;
      if (typeof doc?._id !== 'string' || (typeof doc._rev !== 'string' && !revOptional)) throw damaged(file, `line ${lines} is not a document with _id and _rev`);
      return doc;
    };
    try {
      for await (const chunk of stream) {
        bytes += chunk.length;
        if (bytes > manifest.payload.bytes) throw damaged(file, 'its records are longer than the manifest says');
        hash.update(view(chunk));
        const parts = (pending + decoder.write(view(chunk))).split('\n');
        pending = parts.pop()!;
        for (const line of parts) yield parse(line);
      }
    } catch (error) {
      if (error instanceof TransferFileError) throw error;
      throw damaged(file, (error as Error).message);
    }
    pending += decoder.end();
    if (pending.length > 0) throw damaged(file, 'its last record is cut short');
    if (bytes !== manifest.payload.bytes) throw damaged(file, `its records are ${bytes} bytes, the manifest says ${manifest.payload.bytes}`);
    if (hash.digest('hex') !== manifest.payload.sha256) throw damaged(file, 'the SHA-256 checksum of its records does not match');
    if (lines !== manifest.documents) throw damaged(file, `it holds ${lines} records, the manifest says ${manifest.documents}`);
  } finally {
    zip.close();
  }
}

/** Verifies the whole file (see the header) and returns its manifest and a reader. */
export async function openTransferFile(file: string, kind: TransferKind): Promise<OpenedTransfer> {
  const zip = await openZip(file);
  let manifest: TransferManifest;
  try {
    const entries = await entriesOf(zip, file);
    const manifestEntry = entries.get(MANIFEST_ENTRY);
    if (!manifestEntry) throw entries.has(PAYLOAD_ENTRY) ? damaged(file, 'its manifest is missing') : foreign(file, 'it has no manifest');
    manifest = checkManifest(await readSmallEntry(zip, manifestEntry, file), file, kind);
  } finally {
    zip.close();
  }
  // The whole payload, before anything is written anywhere.
  for await (const _doc of readPayload(file, manifest)) void _doc;
  return {
    manifest,
    async *batches(size: number) {
      let batch: TransferDoc[] = [];
      for await (const doc of readPayload(file, manifest)) {
        batch.push(doc);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}
