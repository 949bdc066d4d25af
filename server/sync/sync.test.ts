// The hub's side of sync against the embedded central: connect with a pairing
// code, push, read the panel; refuse bad codes and wrong credentials without
// storing anything; stop at the data budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { setUpAndSignIn, injectAs, type TestSession } from '../../tests/support/auth.ts';

const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
let central: EmbeddedCentral;

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), adminUser: ADMIN.adminUser, adminPassword: ADMIN.adminPassword, port: 0 });
  await ensureCentral({ url: central.url, ...ADMIN });
});

afterAll(async () => {
  await central?.close();
  await removeTempDirs();
});

async function hubWithEvents(count: number): Promise<{ app: FastifyInstance; admin: TestSession }> {
  const app = await buildTestApp();
  const admin = await setUpAndSignIn(app);
  const hubId = app.store.hubId;
  await app.store.databases.hub.bulkDocs(Array.from({ length: count }, (_, i) => ({ _id: `event:${hubId}:e${i}`, type: 'event', verb: 'opened', createdAt: new Date().toISOString() })));
  return { app, admin };
}

async function centralCount(database: string): Promise<number> {
  const auth = `Basic ${Buffer.from(`${ADMIN.adminUser}:${ADMIN.adminPassword}`).toString('base64')}`;
  const info = (await (await fetch(`${central.url}/${database}/_all_docs?limit=0`, { headers: { authorization: auth } })).json()) as { total_rows: number };
  const design = (await (await fetch(`${central.url}/${database}/_all_docs?startkey="_design/"&endkey="_design0"`, { headers: { authorization: auth } })).json()) as { rows: unknown[] };
  const status = (await (await fetch(`${central.url}/${database}/_all_docs?startkey="hub-status:"&endkey="hub-status;"`, { headers: { authorization: auth } })).json()) as { rows: unknown[] };
  return info.total_rows - design.rows.length - status.rows.length; // the status heartbeat is not a replicated record
}

async function waitForIdle(app: FastifyInstance, admin: TestSession) {
  for (;;) {
    const status = (await injectAs(app, admin, { url: '/api/sync/status' })).json();
    if (!status.running) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sync with central, from the hub', () => {
  it('connects with a pairing code, pushes everything waiting, and shows it on the panel', async () => {
    const { app, admin } = await hubWithEvents(30);
    const registration = await registerHub({ url: central.url, ...ADMIN }, app.store.hubId);
    const before = (await injectAs(app, admin, { url: '/api/sync/status' })).json();
    // The events, the hub's settings (name, country) and the admin's pseudonymous person record wait.
    expect(before).toMatchObject({ connected: false, pending: { total: 32, byKind: { event: 30, hub: 1, person: 1 } } });

    const connected = await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { pairingCode: registration.pairingCode } });
    expect(connected.statusCode).toBe(200);
    expect(connected.json()).toMatchObject({ connected: true, centralUrl: central.url });
    expect(JSON.stringify(connected.json())).not.toContain(registration.password);

    expect((await injectAs(app, admin, { method: 'POST', url: '/api/sync/run' })).statusCode).toBe(202);
    const after = await waitForIdle(app, admin);
    expect(after.lastError).toBeNull();
    expect(after.lastSuccessAt).toEqual(expect.any(String));
    expect(after.pending).toEqual({ total: 0, byKind: {} });
    expect(after.bytes.today.sent).toBeGreaterThan(500);
    expect(await centralCount(registration.database)).toBe(32);
    await app.close();
  });

  it('refuses a damaged pairing code and wrong credentials, storing nothing', async () => {
    const { app, admin } = await hubWithEvents(1);
    const registration = await registerHub({ url: central.url, ...ADMIN }, app.store.hubId);
    const damaged = await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { pairingCode: 'darasa1.not-json' } });
    expect(damaged.statusCode).toBe(400);
    expect(damaged.json().code).toBe('PAIRING_CODE_INVALID');
    const wrong = await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { centralUrl: central.url, username: registration.username, password: 'not-the-password' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'CENTRAL_CONNECTION_FAILED', message: expect.stringMatching(/refused this hub's user name or password/) });
    const unreachable = await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { centralUrl: 'http://127.0.0.1:9', username: registration.username, password: registration.password } });
    expect(unreachable.json().message).toMatch(/cannot be reached|did not answer/);
    expect((await injectAs(app, admin, { url: '/api/sync/status' })).json().connected).toBe(false);
    expect((await injectAs(app, admin, { method: 'POST', url: '/api/sync/run' })).json().code).toBe('SYNC_NOT_CONNECTED');
    await app.close();
  });

  it('stops at the data budget and says when sync resumes', async () => {
    const { app, admin } = await hubWithEvents(200);
    const registration = await registerHub({ url: central.url, ...ADMIN }, app.store.hubId);
    await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { pairingCode: registration.pairingCode } });
    await injectAs(app, admin, { method: 'PUT', url: '/api/sync/budget', payload: { dailyBytes: 1000, monthlyBytes: null } });
    await injectAs(app, admin, { method: 'POST', url: '/api/sync/run' });
    const status = await waitForIdle(app, admin);
    expect(status.lastError?.code, JSON.stringify(status)).toBe('BUDGET_REACHED');
    expect(status.bytes.today.sent + status.bytes.today.received).toBeLessThan(20_000);
    expect(await centralCount(registration.database)).toBeLessThan(200);
    // The next run does not even start while the day's budget is spent.
    await injectAs(app, admin, { method: 'POST', url: '/api/sync/run' });
    const again = await waitForIdle(app, admin);
    expect(again.budget).toMatchObject({ reached: 'day', resumesAt: expect.stringMatching(/T00:00:00/) });
    expect(again.lastError.message).toMatch(/daily data budget is used up/);
    await app.close();
  });
});
