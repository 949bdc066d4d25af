// POST /api/sync/import: central's library from a USB stick, uploaded on the
// sync panel of a running hub (the file `darasa central export-library` writes).
// Installs what the hub lacks, once; a damaged or foreign file is refused and
// changes nothing; only administrators may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { publishToLibrary } from '../../sync/library/publish.ts';
import { exportLibraryFile } from '../../sync/library/usb-library.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { buildPack } from '../../tests/support/packs.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, personWithRoles, setUpAndSignIn, type TestSession } from '../../tests/support/auth.ts';

const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
let central: EmbeddedCentral;
let libraryFile: Uint8Array;

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...ADMIN, port: 0 });
  const admin = { url: central.url, ...ADMIN };
  for (const n of ['one', 'two']) {
    await publishToLibrary(admin, await writePackZip(buildPack({ packId: `panel-${n}`, courseId: `panel-course-${n}` })), {
      packId: `panel-${n}`, version: '1.0.0', title: `Panel ${n}`, licence: 'CC-BY-SA-4.0', courseIds: [`panel-course-${n}`], languages: ['en'],
    }, { publishedBy: 'test', chunkSize: 4096 });
  }
  const file = path.join(await makeTempDir(), 'library.zip');
  await exportLibraryFile(admin, file);
  libraryFile = new Uint8Array(await readFile(file));
}, 60_000);

afterAll(async () => {
  await central?.close();
  await removeTempDirs();
});

async function upload(app: FastifyInstance, as: TestSession | null, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice()], { type: 'application/zip' }), 'library.zip');
  const encoded = new Response(form);
  return app.inject({
    method: 'POST',
    url: '/api/sync/import',
    headers: { ...(as?.headers ?? {}), 'content-type': encoded.headers.get('content-type')! },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

const installed = async (app: FastifyInstance) => (await app.content.repository.listPacks()).map((p) => `${p.packId} ${p.version}`).filter((p) => p.startsWith('panel-')).sort();

describe('POST /api/sync/import (library from a USB stick)', () => {
  it('installs the packs the hub lacks, once, and shows them with the library status', { timeout: 60_000 }, async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const first = await upload(app, admin, libraryFile);
    expect(first.statusCode).toBe(200);
    expect(first.json().installed.map((p: { packId: string }) => p.packId).sort()).toEqual(['panel-one', 'panel-two']);
    expect(await installed(app)).toEqual(['panel-one 1.0.0', 'panel-two 1.0.0']);
    const status = (await injectAs(app, admin, { url: '/api/sync/status' })).json();
    expect(status.library.installed.map((p: { packId: string }) => p.packId).sort()).toEqual(['panel-one', 'panel-two']);

    const again = await upload(app, admin, libraryFile);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ installed: [], failed: [] });
    expect(again.json().upToDate).toHaveLength(2);
    await app.close();
  });

  it('refuses a truncated file with a message to act on and installs nothing', { timeout: 60_000 }, async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const cut = await upload(app, admin, libraryFile.subarray(0, Math.floor(libraryFile.length * 0.6)));
    expect(cut.statusCode).toBe(422);
    expect(cut.json().code).toBe('LIBRARY_FILE_INVALID');
    expect(cut.json().message).toMatch(/damaged or incomplete/);
    expect(await installed(app)).toEqual([]);

    const notZip = await upload(app, admin, new TextEncoder().encode('not a zip at all'));
    expect(notZip.statusCode).toBe(422);
    expect(await installed(app)).toEqual([]);

    const json = await injectAs(app, admin, { method: 'POST', url: '/api/sync/import', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    await app.close();
  });

  it('is refused to a teacher (403) and to nobody signed in (401), and is in the OpenAPI document', { timeout: 60_000 }, async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const teacher = await personWithRoles(app, admin, ['teacher']);
    expect((await upload(app, teacher, libraryFile)).statusCode).toBe(403);
    expect((await upload(app, null, libraryFile)).statusCode).toBe(401);
    expect(await installed(app)).toEqual([]);
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.paths['/api/sync/import'].post.summary).toMatch(/USB/);
    await app.close();
  });
});
