import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { readVersion } from '../config.ts';

afterAll(removeTempDirs);

describe('GET /api/health', () => {
  it('reports status, version, hub id, uptime and document count', async () => {
    const app = await buildTestApp();
    const response = await app.inject('/api/health');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      status: 'ok',
      version: readVersion(),
      hubId: expect.stringMatching(/^hub-[a-z2-7]{10}$/),
      uptimeSeconds: expect.any(Number),
      documents: 0,
    });
    await app.close();
  });

  it('counts documents written to the hub database', async () => {
    const app = await buildTestApp();
    await app.store.databases.hub.bulkDocs([
      { _id: 'test:one', type: 'test' },
      { _id: 'test:two', type: 'test' },
    ]);
    expect((await app.inject('/api/health')).json().documents).toBe(2);
    await app.close();
  });

  it('answers 503 degraded, not a crash, when the store has gone away', async () => {
    const app = await buildTestApp();
    await app.store.databases.hub.close();
    const response = await app.inject('/api/health');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', hubId: app.store.hubId });
    await app.close();
  });

  it('keeps the same hub id across restarts of the same data directory', async () => {
    const dataDir = await makeTempDir();
    const first = await buildTestApp({ dataDir });
    const id = (await first.inject('/api/health')).json().hubId;
    await first.close();
    const second = await buildTestApp({ dataDir });
    expect((await second.inject('/api/hub')).json()).toMatchObject({ id, name: null });
    await second.close();
  });
});
