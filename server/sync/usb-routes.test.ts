// GET /api/sync/export: the USB file as a download for administrators (the same
// file `darasa sync export` writes on a stopped hub), and the last export noted
// for the panel. Teachers may not take the hub's records away.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openTransferFile } from '../../sync/usb/read-transfer.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, personWithRoles, setUpAndSignIn } from '../../tests/support/auth.ts';

afterAll(removeTempDirs);

describe('GET /api/sync/export', () => {
  it('gives an administrator the USB file of every record central has not confirmed, and notes it', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const hubId = app.store.hubId;
    await app.store.databases.hub.bulkDocs(Array.from({ length: 25 }, (_, i) => ({ _id: `event:${hubId}:e${i}`, type: 'event', verb: 'opened', createdAt: new Date().toISOString() })));

    expect((await injectAs(app, admin, { url: '/api/sync/export/last' })).json()).toEqual({ lastExport: null });
    const response = await injectAs(app, admin, { url: '/api/sync/export' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="darasa-records-${hubId}-\\d{8}-\\d{4}\\.zip"$`));
    expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);

    const file = path.join(await makeTempDir(), 'download.zip');
    await writeFile(file, new Uint8Array(response.rawPayload));
    const { manifest } = await openTransferFile(file, 'hub-records');
    expect(manifest).toMatchObject({ kind: 'hub-records', hubId, fromSeq: 0 });
    expect(manifest.byKind.event).toBe(25);

    const last = (await injectAs(app, admin, { url: '/api/sync/export/last' })).json();
    expect(last.lastExport).toEqual({ at: manifest.createdAt, documents: manifest.documents, byKind: manifest.byKind, bytes: response.rawPayload.length });
    await app.close();
  });

  it('is refused to a teacher (403) and to nobody signed in (401)', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const teacher = await personWithRoles(app, admin, ['teacher']);
    const refused = await injectAs(app, teacher, { url: '/api/sync/export' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    expect((await injectAs(app, teacher, { url: '/api/sync/export/last' })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/sync/export' })).statusCode).toBe(401);
    await app.close();
  });

  it('is in the OpenAPI document as a binary download', async () => {
    const app = await buildTestApp();
    const doc = (await app.inject('/api/openapi.json')).json();
    const operation = doc.paths['/api/sync/export'].get;
    expect(operation.summary).toMatch(/USB/);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
    expect(doc.paths['/api/sync/export/last'].get).toBeDefined();
    await app.close();
  });
});
