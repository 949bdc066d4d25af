// The shared library over the CouchDB protocol: publish a pack in chunks at the
// embedded central, pull it to a hub's downloads folder, survive a cut in the
// middle of a download (the next pull fetches only the missing chunks), and
// refuse damaged bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedCentral, type EmbeddedCentral } from '../central/embedded.ts';
import { registerHub, LIBRARY_DB, type HubRegistration } from '../central/provision.ts';
import { makeLinkFetch, type FetchLike } from '../replicator/link-fetch.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { publishToLibrary, listLibrary, type PackSummary } from './publish.ts';
import { pullLibrary, type PullLibraryOptions } from './pull.ts';
import type { LibraryPackDoc } from './library-docs.ts';

const ADMIN = { adminUser: 'admin', adminPassword: 'library-test-password' };
let central: EmbeddedCentral;
let hub: HubRegistration;

const summary = (version: string): PackSummary => ({ packId: 'test-pack', version, title: 'Test pack', licence: 'CC-BY-4.0', courseIds: ['test-course'], languages: ['en'] });
/** 10 KiB of varied bytes, standing in for a pack .zip. */
const zipOf = (seed: number) => new Uint8Array(Array.from({ length: 10_240 }, (_, i) => (i * 31 + seed * 7) % 251));

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...ADMIN, port: 0 });
  hub = await registerHub({ url: central.url, ...ADMIN }, 'hub-librarytst');
});

afterAll(async () => {
  await central?.close();
  await removeTempDirs();
});

const source = () => ({ databaseUrl: `${central.url}/${LIBRARY_DB}`, username: hub.username, password: hub.password });

function collector(downloadsDir: string, fetch: FetchLike = makeLinkFetch({ timeoutMs: 5000 })) {
  const installed: { zip: Uint8Array; doc: LibraryPackDoc }[] = [];
  const options: PullLibraryOptions = {
    fetch,
    downloadsDir,
    wants: async (doc) => !installed.some((i) => i.doc.sha256 === doc.sha256),
    install: async (zip, doc) => void installed.push({ zip, doc }),
  };
  return { installed, options };
}

describe('the shared library', () => {
  it('publishes a pack in chunks, once, and a hub pulls exactly its bytes', async () => {
    const zip = zipOf(1);
    const first = await publishToLibrary({ url: central.url, ...ADMIN }, zip, summary('1.0.0'), { publishedBy: 'test', chunkSize: 1024 });
    expect(first).toMatchObject({ status: 'published', chunksWritten: 10 });
    const again = await publishToLibrary({ url: central.url, ...ADMIN }, zip, summary('1.0.0'), { publishedBy: 'test', chunkSize: 1024 });
    expect(again).toMatchObject({ status: 'unchanged', chunksWritten: 0 });
    expect((await listLibrary({ url: central.url, ...ADMIN })).map((d) => d.version)).toEqual(['1.0.0']);

    const { installed, options } = collector(await makeTempDir());
    const result = await pullLibrary(source(), options);
    expect(result.failed).toEqual([]);
    expect(result.installed).toEqual([{ packId: 'test-pack', version: '1.0.0', chunksFetched: 10, chunks: 10 }]);
    expect(Buffer.from(installed[0]!.zip).equals(Buffer.from(zip))).toBe(true);
    expect(await readdir(options.downloadsDir)).toEqual([]);
  });

  it('resumes a download cut by the link at the first missing chunk', async () => {
    await publishToLibrary({ url: central.url, ...ADMIN }, zipOf(2), summary('1.1.0'), { publishedBy: 'test', chunkSize: 1024 });
    const dir = await makeTempDir();
    const base = makeLinkFetch({ timeoutMs: 5000 });
    let chunkRequests = 0;
    const cutAfterFour: FetchLike = async (input, init) => {
      if (String(input).includes('/data') && ++chunkRequests > 4) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return base(input, init);
    };
    const cut = collector(dir, cutAfterFour);
    await expect(pullLibrary(source(), cut.options)).rejects.toThrow('fetch failed');
    expect(cut.installed).toEqual([]);
    const [download] = await readdir(dir);
    expect((await readdir(path.join(dir, download!))).filter((f) => f.endsWith('.chunk'))).toHaveLength(4);

    const resumed = collector(dir);
    const result = await pullLibrary(source(), resumed.options);
    expect(result.installed).toEqual([{ packId: 'test-pack', version: '1.1.0', chunksFetched: 6, chunks: 10 }]);
    expect(Buffer.from(resumed.installed[0]!.zip).equals(Buffer.from(zipOf(2)))).toBe(true);
  });

  it('keeps only the newest version at central and refuses a damaged chunk without installing', async () => {
    const docs = await listLibrary({ url: central.url, ...ADMIN });
    expect(docs.map((d) => d.version)).toEqual(['1.1.0']);
    const auth = { authorization: `Basic ${Buffer.from(`${ADMIN.adminUser}:${ADMIN.adminPassword}`).toString('base64')}` };
    const all = (await (await fetch(`${central.url}/${LIBRARY_DB}/_all_docs`, { headers: auth })).json()) as { rows: { id: string }[] };
    expect(all.rows.filter((r) => r.id.startsWith('library-chunk:')).every((r) => r.id.includes(docs[0]!.sha256))).toBe(true);

    const base = makeLinkFetch({ timeoutMs: 5000 });
    const flipping: FetchLike = async (input, init) => {
      const response = await base(input, init);
      if (!String(input).endsWith('00003/data')) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      bytes[0] = bytes[0]! ^ 0xff;
      return new Response(bytes, { status: 200 });
    };
    const damaged = collector(await makeTempDir(), flipping);
    const result = await pullLibrary(source(), damaged.options);
    expect(damaged.installed).toEqual([]);
    expect(result.failed).toEqual([expect.objectContaining({ packId: 'test-pack', refused: false, reason: expect.stringContaining('chunk 3') })]);
  });

  it('lets a hub read the library but not write it', async () => {
    const auth = { authorization: `Basic ${Buffer.from(`${hub.username}:${hub.password}`).toString('base64')}`, 'content-type': 'application/json' };
    const response = await fetch(`${central.url}/${LIBRARY_DB}/library-pack:forged`, { method: 'PUT', headers: auth, body: JSON.stringify({ type: 'library-pack' }) });
    expect(response.status).toBe(403);
  });
});
