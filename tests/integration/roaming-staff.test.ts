// Roaming staff (issue 9): a teacher made on hub A signs in on hubs B and C
// with the same account after they sync through one embedded central; a staff
// account disabled on its home hub, on a visiting hub or at central is refused
// everywhere after the next syncs, and its open sessions end; central's
// validator refuses a hub forging another hub's account or taking a username
// another hub holds; learners' PINs and names never reach central.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral } from '../../sync/central/provision.ts';
import { disableStaffAtCentral } from '../../sync/staff/admin.ts';
import { STAFF_DB, staffAccountId } from '../../sync/staff/staff-documents.ts';
import { readStaffChanges, type StaffChangesPage } from '../../sync/staff/central-staff.ts';
import { buildTestApp } from '../support/test-app.ts';
import { createPerson, injectAs, setUpAndSignIn, signIn, type TestSession } from '../support/auth.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { connectHub, syncStatus, type CentralLike } from '../support/sync-check.ts';
import type { HubRegistration } from '../../sync/central/provision.ts';
import { runDarasa } from '../support/darasa-cli.ts';
import { startLinkProxy } from '../support/link-proxy.ts';
import { uploadFiles } from '../support/packs.ts';
import { event, learningPack } from '../../server/learning/test-fixtures.ts';

const CENTRAL_ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
const PASSWORD = 'roaming-pass-1234';
let central: EmbeddedCentral;
let admin: CentralLike;

interface Hub {
  app: FastifyInstance;
  admin: TestSession;
  registration: HubRegistration;
}
let A: Hub;
let B: Hub;
let C: Hub;

async function makeHub(): Promise<Hub> {
  const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 15_000 } });
  const session = await setUpAndSignIn(app);
  const registration = await connectHub(app, session, admin, central.url);
  return { app, admin: session, registration };
}

async function sync(...hubs: Hub[]): Promise<void> {
  for (const hub of hubs) {
    await hub.app.sync.run();
    const status = await syncStatus(hub.app, hub.admin);
    expect(status.lastError, hub.app.store.hubId).toBeNull();
  }
}

function signInAttempt(hub: Hub, username: string, password: string) {
  return hub.app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
}

async function teacherOn(hub: Hub, username: string, roles = ['teacher']): Promise<string> {
  const person = await createPerson(hub.app, hub.admin, { givenName: 'Juma', familyName: 'Mwangi', roles, username, password: PASSWORD });
  return person.id;
}

const basic = () => `Basic ${Buffer.from(`${CENTRAL_ADMIN.adminUser}:${CENTRAL_ADMIN.adminPassword}`).toString('base64')}`;

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...CENTRAL_ADMIN, port: 0 });
  admin = { url: central.url, ...CENTRAL_ADMIN };
  await ensureCentral(admin);
  A = await makeHub();
  B = await makeHub();
  C = await makeHub();
}, 120_000);

afterAll(async () => {
  for (const hub of [A, B, C]) await hub?.app.close();
  await central?.close();
  await removeTempDirs();
});

describe('roaming staff accounts', () => {
  it('a teacher made on hub A signs in on hub B with the same account after both sync; a wrong password is refused', { timeout: 60_000 }, async () => {
    const personId = await teacherOn(A, 'juma');
    expect((await signInAttempt(B, 'juma', PASSWORD)).statusCode).toBe(401);
    await sync(A, B);

    const session = await signIn(B.app, 'juma', PASSWORD);
    expect(session.user).toMatchObject({ id: personId, displayName: 'Juma Mwangi', roles: ['teacher'] });
    // Case does not matter, as for local usernames.
    expect((await signInAttempt(B, 'JUMA', PASSWORD)).statusCode).toBe(200);
    const wrong = await signInAttempt(B, 'juma', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');

    // On B they are a person wherever one is looked up: by id, as a class's teacher.
    const viewed = await injectAs(B.app, B.admin, { url: `/api/people/${encodeURIComponent(personId)}` });
    expect(viewed.json()).toMatchObject({ id: personId, givenName: 'Juma', familyName: 'Mwangi', roles: ['teacher'] });
    const made = await injectAs(B.app, B.admin, { method: 'POST', url: '/api/classes', payload: { name: 'Visiting class', teacherIds: [personId] } });
    expect(made.statusCode, made.body).toBe(201);
    const theirs = await injectAs(B.app, session, { url: '/api/classes' });
    expect(theirs.json().classes.map((c: { name: string; teachers: { name: string }[] }) => [c.name, c.teachers[0]!.name])).toEqual([['Visiting class', 'Juma Mwangi']]);
    // What they do on B carries their home person id: an event they record, pushed with B's records.
    expect((await uploadFiles(B.app, B.admin, learningPack())).statusCode).toBeLessThan(300);
    const recorded = await injectAs(B.app, session, { method: 'POST', url: '/api/events', payload: { events: [event('opened')] } });
    expect(recorded.statusCode, recorded.body).toBeLessThan(300);
    const events = await B.app.store.databases.hub.allDocs({ startkey: 'event:', endkey: 'event:\uffff', include_docs: true });
    expect(events.rows.map((row) => (row.doc as unknown as { personId: string }).personId)).toEqual([personId]);
    // They appear on B's list of visiting staff, not among B's own people, and cannot be edited there.
    const list = await injectAs(B.app, B.admin, { url: '/api/people/roaming' });
    expect(list.json().visiting).toEqual([expect.objectContaining({ username: 'juma', personId, homeHubId: A.app.store.hubId, active: true, pendingSync: false })]);
    expect((await injectAs(B.app, B.admin, { url: '/api/people?role=teacher' })).json().total).toBe(0);
    const edit = await injectAs(B.app, B.admin, { method: 'PATCH', url: `/api/people/${encodeURIComponent(personId)}`, payload: { givenName: 'X' } });
    expect(edit.json().code).toBe('NOT_OWN_HUB');
    // B cannot give its own person that username while the visitor holds it.
    const clash = await injectAs(B.app, B.admin, { method: 'POST', url: '/api/people', payload: { givenName: 'Other', familyName: 'Juma', roles: ['teacher'], username: 'juma', password: PASSWORD } });
    expect(clash.json().code).toBe('USERNAME_TAKEN');

    // The lockout applies to a visiting account as to a local one (from another workstation).
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) codes.push((await B.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'juma', password: 'guess-guess' }, remoteAddress: '10.0.0.9' })).json().code);
    expect(codes.at(-1)).toBe('ACCOUNT_LOCKED');
    expect((await signInAttempt(B, 'juma', PASSWORD)).json().code).toBe('ACCOUNT_LOCKED');
  });

  it('the admin role never roams, and a person only an admin does not roam at all', { timeout: 60_000 }, async () => {
    const both = await teacherOn(A, 'amina-admin', ['teacher', 'admin']);
    await createPerson(A.app, A.admin, { givenName: 'Only', familyName: 'Admin', roles: ['admin'], username: 'only-admin', password: PASSWORD });
    await sync(A, B);
    expect((await signIn(B.app, 'amina-admin', PASSWORD)).user).toMatchObject({ id: both, roles: ['teacher'] });
    expect((await signInAttempt(B, 'only-admin', PASSWORD)).statusCode).toBe(401);
    // Hub A's own administrator ("admin" on every test hub) is not at central either.
    const ids = await centralStaffIds();
    expect(ids).toContain(staffAccountId('amina-admin'));
    expect(ids).not.toContain(staffAccountId('only-admin'));
    expect(ids).not.toContain(staffAccountId('admin'));
  });

  it('changes at home reach the visited hub: a new password (open sessions end), a new username, a teacher no longer staff stops roaming', { timeout: 60_000 }, async () => {
    const personId = await teacherOn(A, 'gathoni');
    const other = await teacherOn(A, 'hadija');
    await sync(A, B);
    const onB = await signIn(B.app, 'gathoni', PASSWORD);
    await signIn(B.app, 'hadija', PASSWORD);

    const patch = (id: string, payload: object) => injectAs(A.app, A.admin, { method: 'PATCH', url: `/api/people/${encodeURIComponent(id)}`, payload });
    expect((await patch(personId, { password: 'a-new-password-99', username: 'gathoni-k' })).statusCode).toBe(200);
    expect((await patch(other, { roles: ['learner'], pin: '2468' })).statusCode).toBe(200);
    await sync(A, B);

    expect((await injectAs(B.app, onB, { url: '/api/classes' })).statusCode).toBe(401);
    expect((await signInAttempt(B, 'gathoni', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');
    expect((await signInAttempt(B, 'gathoni-k', PASSWORD)).json().code).toBe('INVALID_CREDENTIALS');
    expect((await signIn(B.app, 'gathoni-k', 'a-new-password-99')).user.id).toBe(personId);
    // No longer a teacher: no longer signs in elsewhere (a learner's PIN never travels).
    expect((await signInAttempt(B, 'hadija', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');
    // Sent once: a further sync with nothing changed writes no staff account.
    const before = (await centralStaffRevs()).join();
    await sync(A, B);
    expect((await centralStaffRevs()).join()).toBe(before);
  });

  it('disabled on its home hub A: after A then B sync, refused on B and its session on B ends', { timeout: 60_000 }, async () => {
    const personId = await teacherOn(A, 'baraka');
    await sync(A, B);
    const onB = await signIn(B.app, 'baraka', PASSWORD);
    expect((await injectAs(B.app, onB, { url: '/api/classes' })).statusCode).toBe(200);

    const off = await injectAs(A.app, A.admin, { method: 'PATCH', url: `/api/people/${encodeURIComponent(personId)}`, payload: { active: false } });
    expect(off.statusCode).toBe(200);
    // Until B hears of it, B still lets them in: "after the next sync".
    await sync(A);
    expect((await signInAttempt(B, 'baraka', PASSWORD)).statusCode).toBe(200);
    await sync(B);
    expect((await injectAs(B.app, onB, { url: '/api/classes' })).statusCode).toBe(401);
    const refused = await signInAttempt(B, 'baraka', PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ACCOUNT_INACTIVE');
    // A wrong password still says only that it is wrong: no hint that the account exists.
    expect((await signInAttempt(B, 'baraka', 'wrong-password')).json().code).toBe('INVALID_CREDENTIALS');
  });

  it('disabled on visiting hub B: refused on B at once, and on A (its home) and C after the syncs', { timeout: 90_000 }, async () => {
    const personId = await teacherOn(A, 'chausiku');
    await sync(A, B, C);
    const onB = await signIn(B.app, 'chausiku', PASSWORD);
    const onA = await signIn(A.app, 'chausiku', PASSWORD);
    expect((await signInAttempt(C, 'chausiku', PASSWORD)).statusCode).toBe(200);

    // Only an administrator may disable.
    const teacherOnB = await teacherOn(B, 'b-teacher');
    const asTeacher = await signIn(B.app, 'b-teacher', PASSWORD);
    expect((await injectAs(B.app, asTeacher, { method: 'POST', url: '/api/people/roaming/chausiku/disable' })).statusCode).toBe(403);
    expect(teacherOnB).toMatch(/^person:/);
    const missing = await injectAs(B.app, B.admin, { method: 'POST', url: '/api/people/roaming/nobody-here/disable' });
    expect(missing.statusCode).toBe(404);

    const disabled = await injectAs(B.app, B.admin, { method: 'POST', url: '/api/people/roaming/chausiku/disable' });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({ active: false, disabledBy: B.app.store.hubId, pendingSync: true });
    expect((await injectAs(B.app, onB, { url: '/api/classes' })).statusCode).toBe(401);
    expect((await signInAttempt(B, 'chausiku', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');

    await sync(B);
    expect((await injectAs(B.app, B.admin, { url: '/api/people/roaming' })).json().visiting.find((v: { username: string }) => v.username === 'chausiku')).toMatchObject({ active: false, pendingSync: false });
    await sync(A, C);
    expect((await signInAttempt(A, 'chausiku', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');
    expect((await signInAttempt(C, 'chausiku', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');
    // Home: the person is deactivated, their session there ended.
    expect((await injectAs(A.app, A.admin, { url: `/api/people/${encodeURIComponent(personId)}` })).json().active).toBe(false);
    expect((await injectAs(A.app, onA, { url: '/api/classes' })).statusCode).toBe(401);
    // A's next sync does not switch it back on (it sends the disabled account, or nothing).
    await sync(A, B);
    expect((await signInAttempt(B, 'chausiku', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');
  });

  it('a disable made on a hub whose link is down waits there, refused locally, and reaches the others once the link is back', { timeout: 90_000 }, async () => {
    const link = await startLinkProxy({ target: new URL(central.url).host });
    const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 2_000 } });
    try {
      const session = await setUpAndSignIn(app);
      const registration = await connectHub(app, session, admin, link.url);
      const D: Hub = { app, admin: session, registration };
      await teacherOn(A, 'imani');
      await sync(A, D);
      expect((await injectAs(app, session, { method: 'POST', url: '/api/people/roaming/imani/disable' })).statusCode).toBe(200);

      link.stall(true);
      await app.sync.run();
      expect((await syncStatus(app, session)).lastError?.code).toBe('CENTRAL_UNREACHABLE');
      expect((await signInAttempt(D, 'imani', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');
      expect((await signInAttempt(A, 'imani', PASSWORD)).statusCode).toBe(200);
      const waiting = (await injectAs(app, session, { url: '/api/people/roaming' })).json().visiting.find((v: { username: string }) => v.username === 'imani');
      expect(waiting).toMatchObject({ active: false, pendingSync: true });

      link.stall(false);
      await sync(D, A);
      expect((await signInAttempt(A, 'imani', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');
      const sent = (await injectAs(app, session, { url: '/api/people/roaming' })).json().visiting.find((v: { username: string }) => v.username === 'imani');
      expect(sent).toMatchObject({ active: false, pendingSync: false, disabledBy: app.store.hubId });
    } finally {
      await app.close();
      await link.close();
    }
  });

  it('disabled at central: refused on every hub after it syncs', { timeout: 90_000 }, async () => {
    await teacherOn(A, 'dalila', ['trainer']);
    await sync(A, B, C);
    for (const hub of [A, B, C]) expect((await signInAttempt(hub, 'dalila', PASSWORD)).statusCode).toBe(200);
    // The operator's command, in its own process.
    const flags = ['--central', central.url, '--admin-user', CENTRAL_ADMIN.adminUser, '--admin-password', CENTRAL_ADMIN.adminPassword];
    const cli = await runDarasa('central', 'disable-staff', 'Dalila', ...flags);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^Disabled dalila \(Juma Mwangi, trainer of hub-/);
    expect((await disableStaffAtCentral(admin, 'dalila')).changed).toBe(false);
    const listed = await runDarasa('central', 'staff', '--json', ...flags);
    expect(JSON.parse(listed.stdout).find((a: { username: string }) => a.username === 'dalila')).toMatchObject({ active: false, disabledBy: 'central' });
    const unknown = await runDarasa('central', 'disable-staff', 'nobody-at-all', ...flags);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no staff account "nobody-at-all" at central/);
    await sync(A, B, C);
    for (const hub of [A, B, C]) expect((await signInAttempt(hub, 'dalila', PASSWORD)).json().code, hub.app.store.hubId).toBe('ACCOUNT_INACTIVE');
  });

  it('disabled at central: refused on a hub whose data budget is used up, after its next (budget-stopped) sync', { timeout: 90_000 }, async () => {
    await teacherOn(A, 'kiprono');
    await sync(A, B);
    expect((await signInAttempt(B, 'kiprono', PASSWORD)).statusCode).toBe(200);
    // B's day budget is used up: records wait, but staff accounts (and the heartbeat) still travel.
    const spent = (await syncStatus(B.app, B.admin)).bytes.today;
    const budget = await injectAs(B.app, B.admin, { method: 'PUT', url: '/api/sync/budget', payload: { dailyBytes: Math.max(1, spent.sent + spent.received), monthlyBytes: null } });
    expect(budget.statusCode, budget.body).toBe(200);
    expect((await disableStaffAtCentral(admin, 'kiprono')).changed).toBe(true);
    await B.app.sync.run();
    const status = await syncStatus(B.app, B.admin);
    expect(status.lastError?.code).toBe('BUDGET_REACHED');
    expect((await signInAttempt(B, 'kiprono', PASSWORD)).json().code).toBe('ACCOUNT_INACTIVE');
    // The bytes it took are counted against the budget, like the heartbeat's.
    const after = (await syncStatus(B.app, B.admin)).bytes.today;
    expect(after.sent + after.received).toBeGreaterThan(spent.sent + spent.received);
    await injectAs(B.app, B.admin, { method: 'PUT', url: '/api/sync/budget', payload: { dailyBytes: null, monthlyBytes: null } });
  });

  it("a username another hub holds stays local: central refuses it, the hub says so, and each hub's own wins there", { timeout: 60_000 }, async () => {
    const onA = await teacherOn(A, 'eliya');
    await sync(A);
    // B makes its own "eliya" before it has heard of A's.
    const onB = await createPerson(B.app, B.admin, { givenName: 'Eliya', familyName: 'Other', roles: ['teacher'], username: 'eliya', password: 'b-password-5678' });
    await sync(B);
    const list = (await injectAs(B.app, B.admin, { url: '/api/people/roaming' })).json();
    expect(list.refused).toEqual([expect.objectContaining({ username: 'eliya', reason: expect.stringMatching(/held by a staff account of hub hub-/) })]);
    expect((await signIn(B.app, 'eliya', 'b-password-5678')).user.id).toBe(onB.id);
    expect((await signInAttempt(B, 'eliya', PASSWORD)).statusCode).toBe(401);
    await sync(C);
    expect((await signIn(C.app, 'eliya', PASSWORD)).user.id).toBe(onA);
  });

  it("central's validator refuses a hub forging another hub's staff account or taking a held username", { timeout: 30_000 }, async () => {
    await teacherOn(A, 'faraji');
    await sync(A);
    const hubAuth = (hub: Hub) => `Basic ${Buffer.from(`${hub.registration.username}:${hub.registration.password}`).toString('base64')}`;
    const current = await (await fetch(`${central.url}/${STAFF_DB}/${staffAccountId('faraji')}`, { headers: { authorization: hubAuth(B) } })).json();
    const put = (hub: Hub, doc: object) =>
      fetch(`${central.url}/${STAFF_DB}/${encodeURIComponent((doc as { _id: string })._id)}`, { method: 'PUT', headers: { authorization: hubAuth(hub), 'content-type': 'application/json' }, body: JSON.stringify(doc) });

    // B rewrites A's teacher's password hash: refused.
    const forged = await put(B, { ...current, passwordHash: current.passwordHash.replace(/.$/, 'x') });
    expect(forged.status).toBe(403);
    expect((await forged.json()).reason).toMatch(/may only disable the staff account staff-account:faraji/);
    // B takes the username for a person of its own: refused.
    const taken = await put(B, { ...current, personId: `person:${B.app.store.hubId}:mine`, homeHubId: B.app.store.hubId });
    expect((await taken.json()).reason).toMatch(/the username "faraji" is held by a staff account of hub/);
    // B invents an account for a person of A: refused.
    const invented = await put(B, { ...current, _id: staffAccountId('invented'), _rev: undefined, username: 'invented', personId: `person:${A.app.store.hubId}:x` });
    expect((await invented.json()).reason).toMatch(/may only write staff accounts of its own people/);
    // B deletes it: refused.
    const deleted = await fetch(`${central.url}/${STAFF_DB}/${staffAccountId('faraji')}?rev=${current._rev}`, { method: 'DELETE', headers: { authorization: hubAuth(B) } });
    expect(deleted.status).toBe(403);
    // Nothing changed.
    const after = await (await fetch(`${central.url}/${STAFF_DB}/${staffAccountId('faraji')}`, { headers: { authorization: basic() } })).json();
    expect(after._rev).toBe(current._rev);
  });

  it("reads central's changes page by page to the end, as a hub does", { timeout: 30_000 }, async () => {
    const source = { databaseUrl: `${central.url}/${STAFF_DB}`, username: C.registration.username, password: C.registration.password, fetch };
    const seen = new Set<string>();
    let since: string | number = 0;
    let pages = 0;
    for (let more = true; more; pages++) {
      const page: StaffChangesPage = (await readStaffChanges(source, since, 2))!;
      for (const change of page.changes) seen.add(change.username);
      since = page.lastSeq;
      more = page.more;
    }
    expect(pages).toBeGreaterThan(2);
    expect([...seen].sort()).toEqual((await centralStaffIds()).map((id) => id.slice('staff-account:'.length)).sort());
    expect((await readStaffChanges(source, since))!.changes).toEqual([]);
  });

  it("learners' PINs, hashes and names never reach central; staff passwords travel only as salted hashes", { timeout: 60_000 }, async () => {
    const learner = await createPerson(A.app, A.admin, { givenName: 'Zawadi', familyName: 'Kipchumba', roles: ['learner'], pin: '4321', username: 'zawadi-learner', password: 'learner-pass-999' });
    await sync(A);
    const account = (await A.app.store.databases.local.get(`account:${learner.id}`)) as unknown as { pinHash: string; passwordHash: string };
    expect(account.pinHash).toMatch(/^scrypt\$/);
    const everything = await centralText();
    for (const secret of [account.pinHash, account.passwordHash, 'Zawadi', 'Kipchumba', 'zawadi-learner', '4321', 'learner-pass-999', PASSWORD]) {
      expect(everything.includes(secret), `central holds "${secret}"`).toBe(false);
    }
    expect(everything).not.toMatch(/"pinHash"/);
  });
});

async function centralStaffRevs(): Promise<string[]> {
  const body = await (await fetch(`${central.url}/${STAFF_DB}/_all_docs`, { headers: { authorization: basic() } })).json();
  return body.rows.map((row: { id: string; value: { rev: string } }) => `${row.id}@${row.value.rev}`);
}

async function centralStaffIds(): Promise<string[]> {
  const body = await (await fetch(`${central.url}/${STAFF_DB}/_all_docs`, { headers: { authorization: basic() } })).json();
  return body.rows.map((row: { id: string }) => row.id).filter((id: string) => !id.startsWith('_design/'));
}

/** Every document in every database at central, as one string. */
async function centralText(): Promise<string> {
  const dbs = (await (await fetch(`${central.url}/_all_dbs`, { headers: { authorization: basic() } })).json()) as string[];
  let text = '';
  for (const db of dbs) {
    const body = await (await fetch(`${central.url}/${encodeURIComponent(db)}/_all_docs?include_docs=true`, { headers: { authorization: basic() } })).text();
    text += body;
  }
  return text;
}
