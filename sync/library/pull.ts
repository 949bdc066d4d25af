// Brings the shared library to a hub: lists the packs at central (one small
// request), and for each one this hub lacks or holds in an older version,
// downloads its chunks into `downloadsDir/<zipSha256>/`, checking each chunk's
// SHA-256 as it arrives and keeping it on disk, so a download cut by the link
// resumes at the first missing chunk on the next sync. When every chunk is there
// the .zip is assembled, checked against the pack's SHA-256 and handed to
// `install` (the hub's pack importer, which validates it like any USB pack).
// Smaller packs go first: in a short link window, whole courses arrive rather
// than a slice of a video.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FetchLike } from '../replicator/link-fetch.ts';
import { isLibraryPackDoc, libraryIds, type LibraryPackDoc } from './library-docs.ts';

export interface LibrarySource {
  /** The library database, e.g. https://central.example.org/darasa-library */
  databaseUrl: string;
  username: string;
  password: string;
}

export interface PullLibraryOptions {
  fetch: FetchLike;
  downloadsDir: string;
  /** Whether this hub should install this pack (absent, or older than the library's). */
  wants(doc: LibraryPackDoc): Promise<boolean>;
  install(zip: Uint8Array, doc: LibraryPackDoc): Promise<void>;
  onProgress?: (progress: { packId: string; chunk: number; chunks: number }) => void;
}

export interface PulledPack {
  packId: string;
  version: string;
  /** Chunks fetched in this run (the rest were on disk from an earlier, cut one). */
  chunksFetched: number;
  chunks: number;
}

export interface PullLibraryResult {
  installed: PulledPack[];
  /** Packs whose download or install failed; the rest still went on. */
  failed: { packId: string; version: string; sha256: string; reason: string; refused: boolean }[];
  available: number;
}

export class LibraryPullError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LibraryPullError';
  }
}

const sha256 = (bytes: NodeJS.ArrayBufferView) => createHash('sha256').update(bytes).digest('hex');

export async function pullLibrary(source: LibrarySource, options: PullLibraryOptions): Promise<PullLibraryResult> {
  const authorization = `Basic ${Buffer.from(`${source.username}:${source.password}`).toString('base64')}`;
  const get = async (url: string) => {
    const response = await options.fetch(url, { headers: { authorization } });
    if (!response.ok) throw new LibraryPullError(`central answered ${response.status} for ${new URL(url).pathname}`, response.status);
    return response;
  };
  const range = `startkey=${encodeURIComponent('"library-pack:"')}&endkey=${encodeURIComponent('"library-pack:\ufff0"')}&include_docs=true`;
  const list = (await (await get(`${source.databaseUrl}/_all_docs?${range}`)).json()) as { rows: { doc?: unknown }[] };
  const packs = list.rows.map((row) => row.doc).filter(isLibraryPackDoc).sort((a, b) => a.size - b.size);

  const result: PullLibraryResult = { installed: [], failed: [], available: packs.length };
  await mkdir(options.downloadsDir, { recursive: true });
  await forgetStaleDownloads(options.downloadsDir, new Set(packs.map((p) => p.sha256)));
  for (const pack of packs) {
    if (!(await options.wants(pack))) continue;
    const dir = path.join(options.downloadsDir, pack.sha256);
    await mkdir(dir, { recursive: true });
    let fetched = 0;
    for (let index = 0; index < pack.chunks.length; index++) {
      const file = path.join(dir, `${String(index).padStart(5, '0')}.chunk`);
      if (await hasChunk(file, pack.chunks[index]!)) continue;
      // Link failures (timeouts, cuts, budget) end the whole pull: the next sync resumes here.
      const bytes = new Uint8Array(await (await get(`${source.databaseUrl}/${encodeURIComponent(libraryIds.chunk(pack.sha256, index))}/data`)).arrayBuffer());
      if (sha256(bytes) !== pack.chunks[index]) {
        result.failed.push({ packId: pack.packId, version: pack.version, sha256: pack.sha256, refused: false, reason: `chunk ${index} arrived damaged; it is fetched again at the next sync` });
        break;
      }
      await writeFile(`${file}.part`, bytes);
      await rename(`${file}.part`, file);
      fetched += 1;
      options.onProgress?.({ packId: pack.packId, chunk: index + 1, chunks: pack.chunks.length });
    }
    if (result.failed.some((f) => f.packId === pack.packId)) continue;
    const zip = await assemble(dir, pack);
    if (zip.length !== pack.size || sha256(zip) !== pack.sha256) {
      await rm(dir, { recursive: true, force: true });
      result.failed.push({ packId: pack.packId, version: pack.version, sha256: pack.sha256, refused: false, reason: 'the assembled pack does not match its checksum; it is downloaded again at the next sync' });
      continue;
    }
    try {
      await options.install(zip, pack);
      result.installed.push({ packId: pack.packId, version: pack.version, chunksFetched: fetched, chunks: pack.chunks.length });
    } catch (error) {
      result.failed.push({ packId: pack.packId, version: pack.version, sha256: pack.sha256, refused: true, reason: (error as Error).message });
    }
    // Installed or refused by the hub's validator: either way the download is done with.
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}

async function assemble(dir: string, pack: LibraryPackDoc): Promise<Uint8Array> {
  const zip = new Uint8Array(pack.size);
  let offset = 0;
  for (let index = 0; index < pack.chunks.length; index++) {
    const chunk = await readFile(path.join(dir, `${String(index).padStart(5, '0')}.chunk`));
    if (offset + chunk.length > zip.length) break;
    zip.set(chunk, offset);
    offset += chunk.length;
  }
  return offset === pack.size ? zip : new Uint8Array(0);
}

async function hasChunk(file: string, expected: string): Promise<boolean> {
  try {
    return sha256(new Uint8Array(await readFile(file))) === expected;
  } catch {
    return false;
  }
}

/** Removes half-downloads of packs the library no longer lists (replaced by a newer version). */
async function forgetStaleDownloads(dir: string, current: Set<string>): Promise<void> {
  for (const entry of await readdir(dir)) {
    if (/^[0-9a-f]{64}$/.test(entry) && !current.has(entry)) await rm(path.join(dir, entry), { recursive: true, force: true });
  }
}
