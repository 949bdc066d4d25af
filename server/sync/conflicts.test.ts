// Conflicts, end to end against the embedded central: a central administrator
// edits the hub's settings document beside the hub, the next sync lists the
// conflict, the administrator compares the versions and keeps one, the sync
// carries the choice, and central ends with one version: the kept one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { setUpAndSignIn, injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import { readAtCentral, writeSiblingAtCentral } from '../../tests/support/central-conflict.ts';

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

interface Hub {
  app: FastifyInstance;
  admin: TestSession;
  database: string;
  settingsId: string;
}

async function waitForIdle(app: FastifyInstance, admin: TestSession) {
  for (;;) {
    const status = (await injectAs(app, admin, { url: '/api/sync/status' })).json();
    if (!status.running) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function syncNow({ app, admin }: Hub) {
  expect((await injectAs(app, admin, { method: 'POST', url: '/api/sync/run' })).statusCode).toBe(202);
  const status = await waitForIdle(app, admin);
  expect(status.lastError, JSON.stringify(status.lastError)).toBeNull();
  return status;
}

/** A connected hub whose settings document has two versions at central: the hub's and one named at central. */
async function hubWithConflictAtCentral(): Promise<Hub & { hubRev: string; centralRev: string }> {
  const app = await buildTestApp();
  const admin = await setUpAndSignIn(app);
  const registration = await registerHub({ url: central.url, ...ADMIN }, app.store.hubId);
  await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { pairingCode: registration.pairingCode } });
  const hub = { app, admin, database: registration.database, settingsId: `hub:${app.store.hubId}:settings` };
  await syncNow(hub);
  const hubRev = ((await app.store.databases.hub.get(hub.settingsId)) as { _rev: string })._rev;
  const centralRev = await writeSiblingAtCentral({ url: central.url, ...ADMIN }, hub.database, hub.settingsId, { name: 'Named at central', updatedAt: '2030-01-02T03:04:05.000Z' });
  return { ...hub, hubRev, centralRev };
}

describe('conflicts', () => {
  for (const keep of ['central', 'hub'] as const) {
    it(`lists a conflict made at central, compares the versions, and keeps the ${keep}'s version everywhere`, async () => {
      const hub = await hubWithConflictAtCentral();
      const { app, admin, settingsId } = hub;
      const hubName = ((await app.store.databases.hub.get(settingsId)) as { name: string }).name;

      const status = await syncNow(hub);
      expect(status.conflicts).toEqual([settingsId]);
      expect(status.conflictDetails).toEqual([{ id: settingsId, where: 'central', type: 'hub', revs: expect.arrayContaining([hub.hubRev, hub.centralRev]) }]);

      const described = await injectAs(app, admin, { url: `/api/sync/conflicts/${encodeURIComponent(settingsId)}` });
      expect(described.statusCode, described.body).toBe(200);
      const body = described.json();
      expect(body.differences).toEqual(['name', 'updatedAt']);
      const byRev = Object.fromEntries(body.versions.map((v: { rev: string }) => [v.rev, v]));
      expect(byRev[hub.hubRev]).toMatchObject({ where: ['hub', 'central'], fields: { name: hubName } });
      expect(byRev[hub.centralRev]).toMatchObject({ where: ['central'], updatedAt: '2030-01-02T03:04:05.000Z', fields: { name: 'Named at central' } });
      expect(body.versions.filter((v: { winner: boolean }) => v.winner)).toHaveLength(1);

      const keepRev = keep === 'central' ? hub.centralRev : hub.hubRev;
      const keptName = keep === 'central' ? 'Named at central' : hubName;
      const resolved = await injectAs(app, admin, { method: 'POST', url: `/api/sync/conflicts/${encodeURIComponent(settingsId)}/resolve`, payload: { keepRev } });
      expect(resolved.statusCode, resolved.body).toBe(200);
      expect(resolved.json().conflicts).toEqual([]);
      // The resolve started a sync that carries the choice to central.
      const after = await waitForIdle(app, admin);
      expect(after.lastError).toBeNull();
      expect(after.conflictDetails).toEqual([]);
      expect(after.pending.total).toBe(0);

      const atCentral = await readAtCentral({ url: central.url, ...ADMIN }, hub.database, settingsId);
      expect(atCentral).toMatchObject({ _rev: keepRev, name: keptName });
      expect(atCentral._conflicts).toBeUndefined();
      const atHub = (await app.store.databases.hub.get(settingsId, { conflicts: true })) as { _rev: string; name: string; _conflicts?: string[] };
      expect(atHub).toMatchObject({ _rev: keepRev, name: keptName });
      expect(atHub._conflicts).toBeUndefined();
      // The hub shows the kept settings at once, and they can still be changed.
      expect((await app.inject('/api/hub')).json().name).toBe(keptName);
      const renamed = await injectAs(app, admin, { method: 'PATCH', url: '/api/settings', payload: { hubName: 'Truck after the conflict' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      // And it stays resolved: another sync finds nothing, and carries the new name.
      expect((await syncNow(hub)).conflicts).toEqual([]);
      expect(await readAtCentral({ url: central.url, ...ADMIN }, hub.database, settingsId)).toMatchObject({ name: 'Truck after the conflict' });
      await app.close();
    });
  }

  it('refuses an event, an unknown record, a version that is not current, and a teacher, changing nothing', async () => {
    const hub = await hubWithConflictAtCentral();
    const { app, admin, settingsId } = hub;
    await syncNow(hub);
    const resolve = (as: TestSession, id: string, keepRev: string) =>
      injectAs(app, as, { method: 'POST', url: `/api/sync/conflicts/${encodeURIComponent(id)}/resolve`, payload: { keepRev } });

    const event = await resolve(admin, `event:${app.store.hubId}:e1`, hub.hubRev);
    expect(event.statusCode).toBe(422);
    expect(event.json()).toMatchObject({ code: 'CONFLICT_EVENT', message: expect.stringMatching(/never edited/) });

    const unknown = await resolve(admin, `hub:${app.store.hubId}:nothing`, hub.hubRev);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('CONFLICT_NOT_FOUND');
    expect((await injectAs(app, admin, { url: `/api/sync/conflicts/${encodeURIComponent(`hub:${app.store.hubId}:nothing`)}` })).statusCode).toBe(404);

    const stale = await resolve(admin, settingsId, `1-${'d'.repeat(32)}`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT_REV_UNKNOWN', message: expect.stringMatching(/Reload the conflict/) });

    const badRev = await resolve(admin, settingsId, 'not a revision');
    expect(badRev.statusCode).toBe(400);

    const teacher = await personWithRoles(app, admin, ['teacher']);
    expect((await resolve(teacher, settingsId, hub.centralRev)).statusCode).toBe(403);
    expect((await injectAs(app, teacher, { url: `/api/sync/conflicts/${encodeURIComponent(settingsId)}` })).statusCode).toBe(403);

    // Nothing changed: both versions are still at central, and still listed.
    const atCentral = await readAtCentral({ url: central.url, ...ADMIN }, hub.database, settingsId);
    expect(atCentral._conflicts).toHaveLength(1);
    expect((await injectAs(app, admin, { url: '/api/sync/status' })).json().conflicts).toEqual([settingsId]);
    expect(((await app.store.databases.hub.get(settingsId)) as { _rev: string })._rev).toBe(hub.hubRev);
    await app.close();
  });

  it('resolves a conflict in the hub database itself, and the push carries it to central', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const registration = await registerHub({ url: central.url, ...ADMIN }, app.store.hubId);
    await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { pairingCode: registration.pairingCode } });
    const hub = { app, admin, database: registration.database, settingsId: `hub:${app.store.hubId}:settings` };
    // A first sync looks at every record; the next ones only at what changed since.
    expect((await syncNow(hub)).conflicts).toEqual([]);
    // Two versions on the hub, as revisions coming back from elsewhere would leave.
    const current = (await app.store.databases.hub.get(hub.settingsId, { revs: true })) as unknown as { _rev: string; _revisions: { start: number; ids: string[] } };
    const otherRev = `${current._revisions.start}-${'e'.repeat(32)}`;
    await app.store.databases.hub.bulkDocs([{ ...current, _rev: otherRev, _revisions: { start: current._revisions.start, ids: ['e'.repeat(32), ...current._revisions.ids.slice(1)] }, name: 'Restored from a backup' }], { new_edits: false });

    const status = await syncNow(hub);
    expect(status.conflictDetails.map((entry: { where: string }) => entry.where).sort()).toEqual(['central', 'hub']);
    const resolved = await injectAs(app, admin, { method: 'POST', url: `/api/sync/conflicts/${encodeURIComponent(hub.settingsId)}/resolve`, payload: { keepRev: otherRev } });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await waitForIdle(app, admin)).conflicts).toEqual([]);
    expect(await readAtCentral({ url: central.url, ...ADMIN }, hub.database, hub.settingsId)).toMatchObject({ _rev: otherRev, name: 'Restored from a backup' });
    await app.close();
  });
});
