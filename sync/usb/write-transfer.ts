// Writes a USB transfer file (format.ts) from a stream of documents, without
// holding them all in memory. Atomic: everything goes to a temporary file beside
// the target, is flushed to the device, then renamed — a full stick or a stick
// pulled mid-way leaves at most a `.tmp` file, never a file with the final name
// (and a torn zip has no central directory, so a reader refuses it anyway).
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import nodePath from 'node:path';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { MANIFEST_ENTRY, PAYLOAD_ENTRY, TRANSFER_FORMAT, TRANSFER_VERSION, type TransferDoc, type TransferManifest } from './format.ts';

// Same fixed entry metadata as content packs (content/pack/write-zip.ts): the
// bytes depend on the documents only, not on the clock or time zone of the hub.
const FIXED_MTIME = new Date(2000, 0, 1);
const ENTRY_OPTIONS = { mtime: FIXED_MTIME, mode: 0o100644, forceDosTimestamp: true, compressionLevel: 6 } as const;

export type ManifestFields = Pick<TransferManifest, 'kind' | 'hubId' | 'fromSeq'> & {
  /** Fields known only once every document is written (they depend on `toSeq`). */
  finish?: (toSeq: number | string) => Pick<TransferManifest, 'pushCheckpoint'>;
};

export interface WrittenTransfer {
  manifest: TransferManifest;
  /** Size of the file on disk. */
  fileBytes: number;
}

/**
 * Writes `docs` to `outPath`. `toSeq` is read once the documents are exhausted
 * (the source knows how far it read only then).
 */
export async function writeTransferFile(outPath: string, fields: ManifestFields, docs: AsyncIterable<TransferDoc>, toSeq: () => number | string): Promise<WrittenTransfer> {
  const hash = createHash('sha256');
  const byKind: Record<string, number> = {};
  let documents = 0;
  let payloadBytes = 0;

  const encoder = new TextEncoder();
  async function* lines(): AsyncGenerator<Uint8Array> {
    for await (const doc of docs) {
      const line = encoder.encode(`${JSON.stringify(doc)}\n`);
      hash.update(line);
      payloadBytes += line.length;
      documents += 1;
      // A deletion's tombstone has no body: its kind comes from its id.
      const colon = doc._id.indexOf(':');
      const kind = doc.type ?? (colon > 0 ? doc._id.slice(0, colon) : 'other');
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      yield line;
    }
  }

  // Same folder as the target, so the rename stays on one file system and is atomic.
  const temporary = nodePath.join(nodePath.dirname(outPath), `.${nodePath.basename(outPath)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o644);

  const zip = new yazl.ZipFile();
  const output = zip.outputStream as NodeJS.ReadableStream & { destroy(error?: Error): void };
  const payload = Readable.from(lines(), { objectMode: false });
  let manifest: TransferManifest | null = null;
  // A failing source (a database error) must stop the writer, not leave it waiting.
  payload.once('error', (error) => output.destroy(error));
  zip.once('error', (error: Error) => output.destroy(error));
  payload.once('end', () => {
    const reached = toSeq();
    manifest = {
      format: TRANSFER_FORMAT,
      version: TRANSFER_VERSION,
      kind: fields.kind,
      hubId: fields.hubId,
      createdAt: new Date().toISOString(),
      fromSeq: fields.fromSeq,
      toSeq: reached,
      documents,
      byKind,
      payload: { entry: PAYLOAD_ENTRY, bytes: payloadBytes, sha256: hash.digest('hex') },
      ...fields.finish?.(reached),
    };
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_ENTRY, ENTRY_OPTIONS);
    zip.end();
  });
  zip.addReadStream(payload, PAYLOAD_ENTRY, ENTRY_OPTIONS);

  let fileBytes = 0;
  try {
    for await (const chunk of output as AsyncIterable<Buffer>) {
      await handle.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      fileBytes += chunk.length;
    }
    if (!manifest) throw new Error('the transfer file ended before its manifest');
    await handle.sync();
    await handle.close();
    await rename(temporary, outPath);
  } catch (error) {
    payload.destroy();
    await handle.close().catch(() => {}); // already closed if only the rename failed
    await unlink(temporary).catch(() => {});
    throw error;
  }
  return { manifest: manifest!, fileBytes };
}
