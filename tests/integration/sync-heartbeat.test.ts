// The hub's status heartbeat (issue 7, "a tiny status heartbeat"): after each
// sync central holds the hub's latest status — last seen, records waiting,
// bytes used, budget — and when the budget is used up it is the only thing sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral, type HubRegistration } from '../../sync/central/provision.ts';
import { hubStatusId, type HubStatusDoc } from '../../sync/replicator/heartbeat.ts';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy.ts';
import { buildTestApp } from '../support/test-app.ts';
import { setUpAndSignIn, injectAs, type TestSession } from '../support/auth.ts';
import { connectHub, makeEvents, centralDocs } from '../support/sync-check.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { readVersion } from '../../server/config.ts';

const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
let central: EmbeddedCentral;
let app: FastifyInstance;
let admin: TestSession;
let link: LinkProxy;
let registration: HubRegistration;

const centralLike = () => ({ url: central.url, ...ADMIN });
async function hubStatusAtCentral(): Promise<HubStatusDoc> {
  const auth = `Basic ${Buffer.from(`${ADMIN.adminUser}:${ADMIN.adminPassword}`).toString('base64')}`;
  const response = await fetch(`${central.url}/${registration.database}/${encodeURIComponent(hubStatusId(app.store.hubId))}`, { headers: { authorization: auth } });
  expect(response.status).toBe(200);
  return (await response.json()) as HubStatusDoc;
}

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...ADMIN, port: 0 });
  await ensureCentral(centralLike());
  link = await startLinkProxy({ target: new URL(central.url).host });
  app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 3000 } });
  admin = await setUpAndSignIn(app);
  registration = await connectHub(app, admin, centralLike(), link.url);
});

afterAll(async () => {
  await app?.close();
  await link?.close();
  await central?.close();
  await removeTempDirs();
});

describe("the hub's status at central", () => {
  it('is written after each sync: last success, nothing waiting, the software version', async () => {
    await app.store.databases.hub.bulkDocs(makeEvents(app.store.hubId, 20));
    await app.sync.run();
    const status = await hubStatusAtCentral();
    expect(status).toMatchObject({ type: 'hub-status', hubId: app.store.hubId, softwareVersion: readVersion(), pending: {}, refused: 0, conflicts: 0, lastError: null });
    expect(status.lastSuccessAt).not.toBeNull();
    expect(status.bytes.today.sent).toBeGreaterThan(0);
  });

  it('is the only thing sent once the budget is used up, and says how much waits', async () => {
    const used = (await injectAs(app, admin, { url: '/api/sync/status' })).json().bytes.today;
    const budget = await injectAs(app, admin, { method: 'PUT', url: '/api/sync/budget', payload: { dailyBytes: Math.max(1000, used.sent + used.received), monthlyBytes: null } });
    expect(budget.statusCode).toBe(200);
    await app.store.databases.hub.bulkDocs(makeEvents(app.store.hubId, 30, 100));
    const recordsBefore = await centralDocs(centralLike(), registration.database);
    const up = link.bytes.up;

    await app.sync.run();
    const after = (await injectAs(app, admin, { url: '/api/sync/status' })).json();
    expect(after.lastError.code).toBe('BUDGET_REACHED');
    expect((await centralDocs(centralLike(), registration.database)).size).toBe(recordsBefore.size);
    const status = await hubStatusAtCentral();
    expect(status.budget.reached).toBe('day');
    expect(status.pending.event).toBe(30);
    const heartbeatBytes = link.bytes.up - up;
    expect(heartbeatBytes).toBeLessThan(2_000);
    console.log(`status heartbeat with the budget used up: ${heartbeatBytes} bytes up`);
  });
});
