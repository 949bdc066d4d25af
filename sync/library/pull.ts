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
    const store = chunkStore(options.downloadsDir, pack);
    let fetched = 0;
    let damagedChunk = -1;
    for (let index = 0; index < pack.chunks.length; index++) {
      if (await store.has(index)) continue;
      // Link failures (timeouts, cuts, budget) end the whole pull: the next sync resumes here.
      const bytes = new Uint8Array(await (await get(`${source.databaseUrl}/${encodeURIComponent(libraryIds.chunk(pack.sha256, index))}/data`)).arrayBuffer());
      if (!(await store.put(index, bytes))) {
        damagedChunk = index;
        break;
      }
      fetched += 1;
      options.onProgress?.({ packId: pack.packId, chunk: index + 1, chunks: pack.chunks.length });
    }
    if (damagedChunk >= 0) {
      result.failed.push({ packId: pack.packId, version: pack.version, sha256: pack.sha256, refused: false, reason: `chunk ${damagedChunk} arrived damaged; it is fetched again at the next sync` });
      continue;
    }
    const outcome = await installStored(store, pack, options.install);
    if (outcome.ok) result.installed.push({ packId: pack.packId, version: pack.version, chunksFetched: fetched, chunks: pack.chunks.length });
    else result.failed.push({ packId: pack.packId, version: pack.version, sha256: pack.sha256, refused: outcome.refused, reason: outcome.reason });
  }
  return result;
}

/** A pack's chunks on disk, `downloadsDir/<zipSha256>/<index>.chunk`, each
 * checked against its SHA-256 before it is kept: the online pull and a USB
 * library file fill the same store, so either can finish what the other began. */
export function chunkStore(downloadsDir: string, pack: LibraryPackDoc) {
  const dir = path.join(downloadsDir, pack.sha256);
  const file = (index: number) => path.join(dir, `${String(index).padStart(5, '0')}.chunk`);
  return {
    dir,
    async has(index: number): Promise<boolean> {
      try {
        return sha256(new Uint8Array(await readFile(file(index)))) === pack.chunks[index];
      } catch {
        return false;
      }
    },
    /** Keeps the chunk if its checksum matches; false (and nothing kept) if not. */
    async put(index: number, bytes: Uint8Array): Promise<boolean> {
      if (index < 0 || index >= pack.chunks.length || sha256(bytes) !== pack.chunks[index]) return false;
      await mkdir(dir, { recursive: true });
      await writeFile(`${file(index)}.part`, bytes);
      await rename(`${file(index)}.part`, file(index));
      return true;
    },
    /** The whole .zip, or null if a chunk is missing or the result does not match the pack's SHA-256. */
    async assemble(): Promise<Uint8Array | null> {
      const zip = new Uint8Array(pack.size);
      let offset = 0;
      for (let index = 0; index < pack.chunks.length; index++) {
        let chunk: Uint8Array;
        try {
          chunk = new Uint8Array(await readFile(file(index)));
        } catch {
          return null;
        }
        if (offset + chunk.length > zip.length) return null;
        zip.set(chunk, offset);
        offset += chunk.length;
      }
      return offset === pack.size && sha256(zip) === pack.sha256 ? zip : null;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export type ChunkStore = ReturnType<typeof chunkStore>;

/** Assembles and installs a pack whose chunks are all stored, then clears them
 * (installed or refused by the hub's validator, the download is done with). */
export async function installStored(store: ChunkStore, pack: LibraryPackDoc, install: (zip: Uint8Array, doc: LibraryPackDoc) => Promise<void>): Promise<{ ok: true } | { ok: false; refused: boolean; reason: string }> {
  const zip = await store.assemble();
  if (!zip) {
    await store.remove();
    return { ok: false, refused: false, reason: 'the assembled pack does not match its checksum; it is downloaded again at the next sync' };
  }
  try {
    await install(zip, pack);
    return { ok: true };
  } catch (error) {
    return { ok: false, refused: true, reason: (error as Error).message };
  } finally {
    await store.remove();
  }
}

/** Removes half-downloads of packs the library no longer lists (replaced by a newer version). */
async function forgetStaleDownloads(dir: string, current: Set<string>): Promise<void> {
  for (const entry of await readdir(dir)) {
    if (/^[0-9a-f]{64}$/.test(entry) && !current.has(entry)) await rm(path.join(dir, entry), { recursive: true, force: true });
  }
}
