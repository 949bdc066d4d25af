// The bytes a sync uses are saved while it runs, not only when it ends: a hub
// killed (or a power cut) in the middle of a long sync still counts what the
// link carried against its data budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral } from '../../sync/central/provision.ts';
import { startLinkProxy, type LinkProxy } from '../../tests/support/link-proxy.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { setUpAndSignIn } from '../../tests/support/auth.ts';
import { connectHub, makeEvents } from '../../tests/support/sync-check.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { SyncRepository } from './repository.ts';
import { ByteMeter } from './byte-meter.ts';

const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
let central: EmbeddedCentral;
let link: LinkProxy;

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...ADMIN, port: 0 });
  await ensureCentral({ url: central.url, ...ADMIN });
  link = await startLinkProxy({ target: new URL(central.url).host });
});

afterAll(async () => {
  await link?.close();
  await central?.close();
  await removeTempDirs();
});

describe('bytes used by a running sync', () => {
  it('hands out each byte once, and takes back what could not be saved', () => {
    const meter = new ByteMeter();
    meter.add(100, 10);
    const first = meter.take();
    meter.add(5, 1);
    meter.giveBack(first);
    expect(meter.take()).toEqual({ sent: 105, received: 11 });
    expect(meter.take()).toEqual({ sent: 0, received: 0 });
    expect(meter.total).toEqual({ sent: 105, received: 11 });
  });

  it('are in the saved figures while a slow sync is still running', { timeout: 60_000 }, async () => {
    const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 20_000 } });
    const session = await setUpAndSignIn(app);
    await app.store.databases.hub.bulkDocs(makeEvents(app.store.hubId, 1500));
    await connectHub(app, session, { url: central.url, ...ADMIN }, link.url);
    link.set({ bandwidthBytesPerSec: 15_000 });
    const run = app.sync.run();
    const repository = new SyncRepository(app.store.databases.local, app.store.hubId);
    const savedToday = async () => Object.values((await repository.getState()).bytesByDay).reduce((n, b) => n + b.sent + b.received, 0);
    await expect.poll(savedToday, { timeout: 20_000, interval: 200 }).toBeGreaterThan(10_000);
    expect(app.sync.running).toBe(true);
    link.set({ bandwidthBytesPerSec: 0 });
    await run;
    await app.close();
  });
});
