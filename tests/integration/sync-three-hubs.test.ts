// Three hubs syncing to one central at the same time (issue 7), each over its
// own simulated link to the embedded central: every run completes, and each
// hub's database at central holds exactly that hub's records, once — nothing of
// another hub's. A second round after more recording sends only what is new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral } from '../../sync/central/provision.ts';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy.ts';
import { buildTestApp } from '../support/test-app.ts';
import { setUpAndSignIn, type TestSession } from '../support/auth.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { centralDocs, connectHub, expectExactlyOnce, hubRecords, makeEvents, syncStatus, type CentralLike } from '../support/sync-check.ts';

const CENTRAL_ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
let central: EmbeddedCentral;
let admin: CentralLike;

interface Hub {
  app: FastifyInstance;
  session: TestSession;
  link: LinkProxy;
  database: string;
}
const hubs: Hub[] = [];

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...CENTRAL_ADMIN, port: 0 });
  admin = { url: central.url, ...CENTRAL_ADMIN };
  await ensureCentral(admin);
  for (const events of [900, 600, 300]) {
    // 25 ms each way: a run lasts long enough for the three to overlap at central.
    const link = await startLinkProxy({ target: new URL(central.url).host, latencyMs: 25 });
    const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 10_000 } });
    const session = await setUpAndSignIn(app);
    await app.store.databases.hub.bulkDocs(makeEvents(app.store.hubId, events));
    const { database } = await connectHub(app, session, admin, link.url);
    hubs.push({ app, session, link, database });
  }
});

afterAll(async () => {
  for (const hub of hubs) {
    await hub.app.close();
    await hub.link.close();
  }
  await central?.close();
  await removeTempDirs();
});

/** Runs all three at once; returns when each started and ended. */
async function syncAllAtOnce(): Promise<{ start: number; end: number }[]> {
  return Promise.all(hubs.map(async (hub) => {
    const start = performance.now();
    await hub.app.sync.run();
    return { start, end: performance.now() };
  }));
}

async function expectEachHoldsItsOwn(): Promise<void> {
  for (const hub of hubs) {
    const status = await syncStatus(hub.app, hub.session);
    expect(status.lastError, hub.app.store.hubId).toBeNull();
    expect(status.pending.total).toBe(0);
    expectExactlyOnce(await hubRecords(hub.app.store.databases.hub), await centralDocs(admin, hub.database));
  }
}

describe('three hubs syncing to one central at once', () => {
  it("all complete, and each hub's database at central holds exactly its own records once", { timeout: 90_000 }, async () => {
    const runs = await syncAllAtOnce();
    // They really overlapped: every run started before any had ended.
    expect(Math.max(...runs.map((r) => r.start))).toBeLessThan(Math.min(...runs.map((r) => r.end)));
    await expectEachHoldsItsOwn();
    const counts = await Promise.all(hubs.map(async (hub) => [...(await centralDocs(admin, hub.database)).keys()].filter((id) => id.startsWith('event:')).length));
    expect(counts).toEqual([900, 600, 300]);
  });

  it('a second round at once sends only what was recorded since', { timeout: 90_000 }, async () => {
    const upBefore = hubs.map((hub) => hub.link.bytes.up);
    for (const [i, hub] of hubs.entries()) await hub.app.store.databases.hub.bulkDocs(makeEvents(hub.app.store.hubId, 20, [900, 600, 300][i]));
    await syncAllAtOnce();
    await expectEachHoldsItsOwn();
    for (const [i, hub] of hubs.entries()) {
      const sent = hub.link.bytes.up - upBefore[i]!;
      const status = await syncStatus(hub.app, hub.session);
      expect(status.lastRun).toMatchObject({ ok: true, written: 20 });
      // 20 small events and the protocol's few requests: a few kilobytes, not the whole backlog again.
      expect(sent).toBeLessThan(20_000);
    }
  });
});
