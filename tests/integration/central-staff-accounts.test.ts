// The central dashboard's travelling staff accounts (issue 9) against the
// embedded central: a teacher made on hub A reaches central through a real
// sync; the dashboard lists it (given name and family initial, never a hash)
// to a programme manager and an administrator, not to an analyst nor without
// sign-in; an analyst or a programme manager cannot disable it (403), an
// unknown username is a 404 a person can act on, an administrator disables it
// (again: 200, nothing changed), and after hub B syncs the teacher's sign-in
// there is refused; after A syncs, home deactivates the person too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral } from '../../sync/central/provision.ts';
import { TEST_KDF } from '../../server/auth/kdf.ts';
import { buildDashboard } from '../../server/central-dashboard/app.ts';
import { buildTestApp } from '../support/test-app.ts';
import { createPerson, injectAs, setUpAndSignIn, signIn, type TestSession } from '../support/auth.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { connectHub, syncStatus, type CentralLike } from '../support/sync-check.ts';

const CENTRAL_ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
const PASSWORD = 'roaming-pass-1234';
const CHIEF = { username: 'chief', password: 'chief-password-1' };

let central: EmbeddedCentral;
let admin: CentralLike;
let dashboard: FastifyInstance;
interface Hub {
  app: FastifyInstance;
  admin: TestSession;
}
let A: Hub;
let B: Hub;
type Staff = { cookie: string; csrf: string };
let chief: Staff;
let analyst: Staff;
let manager: Staff;

async function makeHub(): Promise<Hub> {
  const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 15_000 } });
  const session = await setUpAndSignIn(app);
  await connectHub(app, session, admin, central.url);
  return { app, admin: session };
}

async function sync(...hubs: Hub[]): Promise<void> {
  for (const hub of hubs) {
    await hub.app.sync.run();
    expect((await syncStatus(hub.app, hub.admin)).lastError, hub.app.store.hubId).toBeNull();
  }
}

const signInAttempt = (hub: Hub, username: string) => hub.app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });

async function staffSignIn(username: string, password: string): Promise<Staff> {
  const response = await dashboard.inject({ method: 'POST', url: '/api/central/session', payload: { username, password } });
  expect(response.statusCode, response.body).toBe(200);
  return { cookie: String(response.headers['set-cookie']).split(';')[0]!, csrf: response.json().csrfToken };
}

const list = (as: Staff | null) => dashboard.inject({ method: 'GET', url: '/api/central/staff-accounts', headers: as ? { cookie: as.cookie } : {} });
const disable = (as: Staff, username: string, csrf = as.csrf) =>
  dashboard.inject({ method: 'POST', url: `/api/central/staff-accounts/${encodeURIComponent(username)}/disable`, headers: { cookie: as.cookie, 'x-csrf-token': csrf } });

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...CENTRAL_ADMIN, port: 0 });
  admin = { url: central.url, ...CENTRAL_ADMIN };
  await ensureCentral(admin);
  A = await makeHub();
  B = await makeHub();
  dashboard = await buildDashboard({
    central: admin,
    version: 'test',
    clientDir: null,
    logLevel: 'silent',
    kdf: TEST_KDF,
    staleDays: 7,
    indexWaitMs: 60_000,
    sessionHours: 1,
    historyPollMs: 0,
    firstAdministrator: CHIEF,
  });
  chief = await staffSignIn(CHIEF.username, CHIEF.password);
  for (const [username, role] of [['ana', 'analyst'], ['pm', 'programme-manager']] as const) {
    const created = await dashboard.inject({
      method: 'POST',
      url: '/api/central/staff',
      headers: { cookie: chief.cookie, 'x-csrf-token': chief.csrf },
      payload: { username, password: `${username}-password-1`, roles: [role] },
    });
    expect(created.statusCode, created.body).toBe(201);
  }
  analyst = await staffSignIn('ana', 'ana-password-1');
  manager = await staffSignIn('pm', 'pm-password-1');
}, 120_000);

afterAll(async () => {
  await dashboard?.close();
  for (const hub of [A, B]) await hub?.app.close();
  await central?.close();
  await removeTempDirs();
});

describe('travelling staff in the central dashboard', () => {
  it('lists a teacher that reached central through a sync, by given name and family initial, never with a hash', { timeout: 90_000 }, async () => {
    const person = await createPerson(A.app, A.admin, { givenName: 'Juma', familyName: 'Mwangi', roles: ['teacher'], username: 'juma', password: PASSWORD });
    expect((await list(manager)).json().accounts).toEqual([]);
    await sync(A, B);
    expect((await signInAttempt(B, 'juma')).statusCode).toBe(200);

    for (const as of [manager, chief]) {
      const response = await list(as);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().accounts).toEqual([
        {
          username: 'juma',
          displayName: 'Juma M.',
          roles: ['teacher'],
          homeHubId: A.app.store.hubId,
          homeHubName: 'Test truck',
          active: true,
          disabledAt: null,
          disabledBy: null,
          disabledByName: null,
          updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      ]);
      for (const secret of ['scrypt$', 'passwordHash', 'Mwangi', person.id, PASSWORD]) expect(response.body.includes(secret), secret).toBe(false);
    }
  });

  it('shows nothing without sign-in (401) nor to an analyst (403): these are named people', async () => {
    const anonymous = await list(null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('UNAUTHENTICATED');
    const asAnalyst = await list(analyst);
    expect(asAnalyst.statusCode).toBe(403);
    expect(asAnalyst.json().code).toBe('FORBIDDEN');
    expect(asAnalyst.body).not.toContain('juma');
  });

  it('refuses to disable for an analyst or a programme manager (403), without the CSRF token, and for an unknown or malformed username', async () => {
    for (const as of [analyst, manager]) {
      const refused = await disable(as, 'juma');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('FORBIDDEN');
    }
    expect((await disable(chief, 'juma', 'not-the-token')).json().code).toBe('CSRF_INVALID');
    const unknown = await disable(chief, 'nobody-here');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_ROAMING_STAFF', message: expect.stringContaining('"nobody-here"') });
    expect(unknown.json().message).toMatch(/home hub has synced/);
    const malformed = await disable(chief, 'no spaces/please');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('VALIDATION_FAILED');
    // Still active everywhere.
    expect((await list(chief)).json().accounts[0].active).toBe(true);
    expect((await signInAttempt(B, 'juma')).statusCode).toBe(200);
  });

  it('an administrator disables it (any case; again is 200, nothing changed); after B syncs its sign-in there is refused, after A syncs home deactivates the person', { timeout: 90_000 }, async () => {
    const onB = await signIn(B.app, 'juma', PASSWORD);
    const done = await disable(chief, 'JUMA');
    expect(done.statusCode, done.body).toBe(200);
    const first = done.json();
    expect(first).toMatchObject({ changed: true, account: { username: 'juma', displayName: 'Juma M.', active: false, disabledBy: 'central', disabledByName: null } });
    expect(Date.parse(first.account.disabledAt)).not.toBeNaN();
    expect(done.body).not.toContain('scrypt$');

    const again = await disable(chief, 'juma');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ changed: false, account: { active: false, disabledAt: first.account.disabledAt, disabledBy: 'central' } });
    expect((await list(manager)).json().accounts[0]).toMatchObject({ username: 'juma', active: false, disabledBy: 'central', disabledAt: first.account.disabledAt });

    // "After the next sync": B lets them in until it has synced.
    expect((await signInAttempt(B, 'juma')).statusCode).toBe(200);
    await sync(B);
    const refused = await signInAttempt(B, 'juma');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ACCOUNT_INACTIVE');
    expect((await injectAs(B.app, onB, { url: '/api/classes' })).statusCode).toBe(401);

    await sync(A);
    expect((await signInAttempt(A, 'juma')).json().code).toBe('ACCOUNT_INACTIVE');
    // A's next sync does not switch it back on at central.
    await sync(A, B);
    expect((await list(chief)).json().accounts[0]).toMatchObject({ active: false, disabledBy: 'central' });
    expect((await signInAttempt(B, 'juma')).json().code).toBe('ACCOUNT_INACTIVE');
  });

  it('names the hub that disabled an account when a visiting hub did', { timeout: 90_000 }, async () => {
    await createPerson(A.app, A.admin, { givenName: 'Neema', familyName: 'achieng', roles: ['teacher', 'trainer'], username: 'neema', password: PASSWORD });
    await sync(A, B);
    const off = await injectAs(B.app, B.admin, { method: 'POST', url: '/api/people/roaming/neema/disable' });
    expect(off.statusCode, off.body).toBe(200);
    await sync(B);
    const neema = (await list(chief)).json().accounts.find((a: { username: string }) => a.username === 'neema');
    expect(neema).toMatchObject({ displayName: 'Neema A.', roles: ['teacher', 'trainer'], active: false, disabledBy: B.app.store.hubId, disabledByName: 'Test truck' });
    // Disabling at central what a hub already disabled changes nothing and keeps who did it.
    expect((await disable(chief, 'neema')).json()).toMatchObject({ changed: false, account: { disabledBy: B.app.store.hubId } });
  });

  it('documents both routes in the dashboard’s OpenAPI document, with who may call them', async () => {
    const doc = (await dashboard.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { description?: string }>> };
    expect(doc.paths['/api/central/staff-accounts']?.get?.description).toContain('central.roaming-staff.read');
    expect(doc.paths['/api/central/staff-accounts/{username}/disable']?.post?.description).toContain('central.roaming-staff.disable');
  });
});
