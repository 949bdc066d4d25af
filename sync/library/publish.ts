// Publishes a pack .zip to central's shared library, as central's administrator:
// chunks first (each skipped if already there: a publication interrupted by a
// dropped link is finished by running it again), the pack document last.
import { createHash } from 'node:crypto';
import { type CentralAdmin, CentralError, couchExpect, couchRequest } from '../central/couch-http.ts';
import { ensureCentral, LIBRARY_DB } from '../central/provision.ts';
import { LIBRARY_CHUNK_BYTES, libraryIds, type LibraryPackDoc } from './library-docs.ts';

export interface PackSummary {
  packId: string;
  version: string;
  title: string;
  licence: string;
  courseIds: string[];
  languages: string[];
}

export interface PublishResult {
  doc: LibraryPackDoc;
  chunksWritten: number;
  status: 'published' | 'unchanged';
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function publishToLibrary(
  central: CentralAdmin,
  zip: Uint8Array,
  pack: PackSummary,
  options: { publishedBy: string; chunkSize?: number } = { publishedBy: 'central' },
): Promise<PublishResult> {
  await ensureCentral(central);
  const chunkSize = options.chunkSize ?? LIBRARY_CHUNK_BYTES;
  const zipSha = sha256(zip);
  const db = `/${LIBRARY_DB}`;
  const docPath = `${db}/${encodeURIComponent(libraryIds.pack(pack.packId))}`;
  const current = await couchRequest<LibraryPackDoc>(central, 'GET', docPath);
  if (current.status === 200 && current.body.sha256 === zipSha) return { doc: current.body, chunksWritten: 0, status: 'unchanged' };

  const chunks: string[] = [];
  let chunksWritten = 0;
  for (let index = 0, offset = 0; offset < zip.length; index++, offset += chunkSize) {
    const bytes = zip.subarray(offset, offset + chunkSize);
    const chunkSha = sha256(bytes);
    chunks.push(chunkSha);
    const chunkPath = `${db}/${encodeURIComponent(libraryIds.chunk(zipSha, index))}`;
    const head = await couchRequest(central, 'GET', chunkPath);
    if (head.status === 200) continue;
    await couchExpect(central, `store chunk ${index} of ${pack.packId}`, 'PUT', chunkPath, {
      type: 'library-chunk',
      zipSha256: zipSha,
      index,
      sha256: chunkSha,
      _attachments: { data: { content_type: 'application/octet-stream', data: Buffer.from(bytes).toString('base64') } },
    }, [201, 202, 409]); // 409: another publication of the same pack wrote this very chunk meanwhile
    chunksWritten += 1;
  }
  const now = new Date().toISOString();
  const doc: LibraryPackDoc = {
    _id: libraryIds.pack(pack.packId),
    ...(current.status === 200 ? { _rev: current.body._rev } : {}),
    type: 'library-pack',
    ...pack,
    sha256: zipSha,
    size: zip.length,
    chunkSize,
    chunks,
    publishedAt: now,
    publishedBy: options.publishedBy,
    createdAt: current.status === 200 ? current.body.createdAt : now,
  };
  const written = await couchExpect<{ rev: string }>(central, `publish ${pack.packId} ${pack.version}`, 'PUT', docPath, doc, [201, 202, 409]);
  if (written.status === 409) {
    // Another publication (the dashboard's loop and the CLI at once) got there
    // first: the same pack is nothing to do; any other is a real conflict.
    const now = await couchRequest<LibraryPackDoc>(central, 'GET', docPath);
    if (now.status === 200 && now.body.sha256 === zipSha) return { doc: now.body, chunksWritten, status: 'unchanged' };
    throw new CentralError('CENTRAL_REFUSED', `${pack.packId} changed in the library while it was being published; publish it again.`, 409);
  }
  // The previous version's chunks are no longer listed anywhere: a hub that was
  // half-way through them starts on the new version at its next sync.
  if (current.status === 200) await deleteChunks(central, current.body);
  return { doc: { ...doc, _rev: written.body.rev }, chunksWritten, status: 'published' };
}

/** Every pack in the library, as central's administrator sees it. */
export async function listLibrary(central: CentralAdmin): Promise<LibraryPackDoc[]> {
  const range = `startkey=${encodeURIComponent('"library-pack:"')}&endkey=${encodeURIComponent('"library-pack:\ufff0"')}&include_docs=true`;
  const response = await couchExpect<{ rows: { doc: LibraryPackDoc }[] }>(central, 'list the library', 'GET', `/${LIBRARY_DB}/_all_docs?${range}`, undefined, [200]);
  return response.body.rows.map((row) => row.doc);
}

async function deleteChunks(central: CentralAdmin, old: LibraryPackDoc): Promise<void> {
  for (let index = 0; index < old.chunks.length; index++) {
    const chunkPath = `/${LIBRARY_DB}/${encodeURIComponent(libraryIds.chunk(old.sha256, index))}`;
    const chunk = await couchRequest<{ _rev?: string }>(central, 'GET', chunkPath);
    if (chunk.status === 200 && chunk.body._rev) await couchRequest(central, 'DELETE', `${chunkPath}?rev=${chunk.body._rev}`);
  }
}
