// Privacy across sync (DESIGN.md, data principle 6): a hub with learners and
// staff, made through the API (one by one and by CSV import, then edited),
// syncs to the embedded central; then every document in the hub's central
// database is read and searched for each personal string the hub actually
// stored (names, birth years, communities, guardian contacts, usernames) and
// for every password and PIN hash. None may be there; the pseudonymous people
// (roles, gender, age band) must be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { PERSONAL_FIELDS, type PersonPrivateDoc } from '../../sync/documents.ts';
import type { AccountDoc } from '../../server/people/repository.ts';
import { ageBandFor } from '../../server/people/person-record.ts';
import { buildTestApp } from '../support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { ADMIN, createPerson, injectAs, setUpAndSignIn } from '../support/auth.ts';

const CENTRAL = { adminUser: 'admin', adminPassword: 'central-admin-password' };
const auth = `Basic ${Buffer.from(`${CENTRAL.adminUser}:${CENTRAL.adminPassword}`).toString('base64')}`;
let central: EmbeddedCentral;

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), adminUser: CENTRAL.adminUser, adminPassword: CENTRAL.adminPassword, port: 0 });
  await ensureCentral({ url: central.url, ...CENTRAL });
}, 60_000);

afterAll(async () => {
  await central?.close();
  await removeTempDirs();
});

const CSV = 'given_name,family_name,gender,birth_year,community,guardian_contact,pin\nTumaini,Wanjiku,female,2013,Mathare,+254 711 222 333,4821\nIssa,Mbeki-Kariuki,male,2001,Goma,,1357\n';

describe('what reaches central', () => {
  it('holds the pseudonymous people of a synced hub and not one name, birth year, community, contact, username, password or PIN hash', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const neema = await createPerson(app, admin, { givenName: 'Neema', familyName: 'Achieng', gender: 'female', birthYear: 2012, community: 'Kisumu', guardianContact: '+254 700 111 222', language: 'sw', pin: '8642' });
    await createPerson(app, admin, { givenName: 'Zuberi', familyName: 'Omondi', roles: ['teacher'], username: 'mwalimu-zuberi', password: 'chalk-and-slate-42', gender: 'male', ageBand: '35-49' });
    const imported = await app.inject({ method: 'POST', url: '/api/people/import', headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: CSV });
    expect(imported.statusCode).toBe(201);
    // An edit after creation: the name changes, the old one must not travel either.
    const renamed = await injectAs(app, admin, { method: 'PATCH', url: `/api/people/${encodeURIComponent(neema.id)}`, payload: { familyName: 'Auma', community: 'Kondele' } });
    expect(renamed.statusCode).toBe(200);

    // The actual strings the hub stored: every personal field and every secret hash.
    const local = (await app.store.databases.local.allDocs({ include_docs: true })).rows.map((row) => row.doc as unknown as Record<string, unknown>);
    const secrets = local.filter((doc) => doc.type === 'person-private') as unknown as PersonPrivateDoc[];
    const accounts = local.filter((doc) => doc.type === 'account') as unknown as AccountDoc[];
    expect(secrets).toHaveLength(5); // admin, Neema, Zuberi, two imported
    const forbidden = new Set<string>(['Achieng', 'Kisumu', ADMIN.password, 'chalk-and-slate-42', 'scrypt$', '"username"']);
    for (const secret of secrets) for (const field of PERSONAL_FIELDS) if (secret[field] !== undefined && secret[field] !== '') forbidden.add(String(secret[field]));
    // The first administrator's username is "admin", which is also a role name: the
    // "username" key above and the other, unique usernames stand for it.
    forbidden.delete('admin');
    for (const account of accounts) for (const hash of [account.passwordHash, account.pinHash]) if (hash) forbidden.add(hash);
    for (const expected of ['Neema', 'Auma', 'Kondele', '2012', '+254 700 111 222', 'mwalimu-zuberi', 'Tumaini', 'Mbeki-Kariuki', 'Mathare', '+254 711 222 333', '2001']) expect(forbidden).toContain(expected);

    const registration = await registerHub({ url: central.url, ...CENTRAL }, app.store.hubId);
    expect((await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { pairingCode: registration.pairingCode } })).statusCode).toBe(200);
    expect((await injectAs(app, admin, { method: 'POST', url: '/api/sync/run' })).statusCode).toBe(202);
    let status;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await injectAs(app, admin, { url: '/api/sync/status' })).json();
    } while (status.running);
    expect(status.lastError).toBeNull();
    expect(status.refused).toEqual([]);
    expect(status.pending.total).toBe(0);

    // Every document in the hub's central database, every revision central holds of it.
    const all = await fetch(`${central.url}/${registration.database}/_all_docs?include_docs=true&conflicts=true`, { headers: { authorization: auth } });
    const rows = ((await all.json()) as { rows: { id: string; doc: Record<string, unknown> }[] }).rows.filter((row) => !row.id.startsWith('_design/'));
    const revisions = await Promise.all(rows.map(async (row) => (await fetch(`${central.url}/${registration.database}/${encodeURIComponent(row.id)}?open_revs=all&revs=true`, { headers: { authorization: auth, accept: 'application/json' } })).text()));
    const everything = JSON.stringify(rows) + revisions.join('\n');
    for (const text of forbidden) expect(everything, `central holds "${text}"`).not.toContain(text);

    const people = rows.filter((row) => row.doc.type === 'person').map((row) => row.doc);
    expect(people).toHaveLength(5);
    expect(people.find((p) => p._id === neema.id)).toMatchObject({ roles: ['learner'], gender: 'female', ageBand: ageBandFor(2012), language: 'sw', hasPin: true, active: true });
    expect(people).toEqual(expect.arrayContaining([
      expect.objectContaining({ roles: ['teacher'], gender: 'male', ageBand: '35-49' }),
      expect.objectContaining({ roles: ['admin'] }),
      expect.objectContaining({ roles: ['learner'], gender: 'male', ageBand: ageBandFor(2001) }),
    ]));
    for (const person of people) for (const field of PERSONAL_FIELDS) expect(person).not.toHaveProperty(field);
    await app.close();
  }, 120_000);
});
