// Sync faults from issue 7, through the link simulator between a hub and the
// embedded central: the link cut in the middle of a batch, a link that stalls,
// and central down then back. After each, central holds every record exactly
// once, nothing on the hub is lost, and the next run resumes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral, registerHub, type HubRegistration } from '../../sync/central/provision.ts';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy.ts';
import { buildTestApp } from '../support/test-app.ts';
import { setUpAndSignIn, injectAs, type TestSession } from '../support/auth.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
let central: EmbeddedCentral;

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...ADMIN, port: 0 });
  await ensureCentral({ url: central.url, ...ADMIN });
});

afterAll(async () => {
  await central?.close();
  await removeTempDirs();
});

interface Rig {
  app: FastifyInstance;
  admin: TestSession;
  link: LinkProxy;
  registration: HubRegistration;
}

/** A hub with `events` waiting, connected to central through a simulated link. */
async function rig(events: number, timeoutMs = 3000): Promise<Rig> {
  const link = await startLinkProxy({ target: new URL(central.url).host });
  const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs } });
  const admin = await setUpAndSignIn(app);
  const registration = await registerHub({ url: central.url, ...ADMIN }, app.store.hubId);
  // Events of realistic size (~300 bytes), so a batch takes a while on a slow link.
  await app.store.databases.hub.bulkDocs(Array.from({ length: events }, (_, i) => ({
    _id: `event:${app.store.hubId}:${String(i).padStart(6, '0')}`,
    type: 'event',
    verb: 'answered',
    object: { courseId: 'computer-basics-en', lessonId: 'cb-en-l02', activityId: `cb-en-l02-a${i % 5}` },
    result: { response: { choice: i % 3 }, correct: i % 2 === 0, score: (i % 10) / 10 },
    at: new Date(1_790_000_000_000 + i * 1000).toISOString(),
  })));
  const connect = await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { centralUrl: link.url, username: registration.username, password: registration.password } });
  expect(connect.statusCode).toBe(200);
  return { app, admin, link, registration };
}

async function centralIds(database: string): Promise<string[]> {
  const auth = `Basic ${Buffer.from(`${ADMIN.adminUser}:${ADMIN.adminPassword}`).toString('base64')}`;
  const body = (await (await fetch(`${central.url}/${database}/_all_docs`, { headers: { authorization: auth } })).json()) as { rows: { id: string }[] };
  return body.rows.map((row) => row.id).filter((id) => id.startsWith('event:'));
}

const status = async (r: Rig) => (await injectAs(r.app, r.admin, { url: '/api/sync/status' })).json();

describe('sync through a broken link', () => {
  it('survives a cut in the middle of a batch: the next run resumes and central has every event once', async () => {
    const r = await rig(1500);
    r.link.set({ bandwidthBytesPerSec: 60_000 });
    const run = r.app.sync.run();
    // Cut once the first requests have carried data, i.e. mid-transfer.
    await expect.poll(() => r.link.bytes.up, { timeout: 10_000, interval: 20 }).toBeGreaterThan(20_000);
    r.link.cut();
    await run;
    const afterCut = await status(r);
    expect(afterCut.lastError?.code).toBe('CENTRAL_UNREACHABLE');
    const partial = (await centralIds(r.registration.database)).length;
    expect(partial).toBeLessThan(1500);

    r.link.set({ bandwidthBytesPerSec: 0 });
    const upBefore = r.link.bytes.up;
    await r.app.sync.run();
    const after = await status(r);
    expect(after.lastError).toBeNull();
    expect(after.pending.byKind.event ?? 0).toBe(0);
    const ids = await centralIds(r.registration.database);
    expect(ids).toHaveLength(1500);
    expect(new Set(ids).size).toBe(1500);
    // Resumed, not restarted: the second run sent less than the whole backlog again.
    const local = await r.app.store.databases.hub.allDocs({ include_docs: true });
    const wholeBacklog = local.rows.reduce((n, row) => n + JSON.stringify(row.doc).length, 0);
    expect(r.link.bytes.up - upBefore).toBeLessThan(wholeBacklog);
    await r.app.close();
    await r.link.close();
  });

  it('fails a stalled link in bounded time and loses nothing', async () => {
    const r = await rig(50, 1500);
    r.link.stall(true);
    const started = Date.now();
    await r.app.sync.run();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await status(r)).lastError?.code).toBe('CENTRAL_UNREACHABLE');
    expect((await r.app.store.databases.hub.allDocs({ startkey: 'event:', endkey: 'event:\uffff' })).rows).toHaveLength(50);
    r.link.stall(false);
    await r.app.sync.run();
    expect(await centralIds(r.registration.database)).toHaveLength(50);
    await r.app.close();
    await r.link.close();
  });
});
