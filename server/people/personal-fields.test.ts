// Personal fields live in the local database, beside the pseudonymous person
// in the hub database that replicates; the API still shows whole people.
import { afterAll, describe, expect, it } from 'vitest';
import { personPrivateId } from '../../sync/documents.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { createPerson, injectAs, setUpAndSignIn, signInLearner } from '../../tests/support/auth.ts';
import { ageBandFor } from './person-record.ts';

afterAll(removeTempDirs);

const NEEMA = { givenName: 'Neema', familyName: 'Achieng', birthYear: 2012, community: 'Kisumu', guardianContact: '+254 700 111 222', gender: 'female', pin: '8642' };

describe('personal fields stay in the local database', () => {
  it('writes the person without names to the hub database and the names to a local twin; the API shows both joined', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const created = await createPerson(app, admin, NEEMA);
    const localId = created.id.split(':')[2];
    expect(created).toMatchObject({ givenName: 'Neema', familyName: 'Achieng', birthYear: 2012, community: 'Kisumu', guardianContact: '+254 700 111 222', ageBand: ageBandFor(2012) });

    const person = await app.store.databases.hub.get(created.id);
    expect(person).toMatchObject({ type: 'person', roles: ['learner'], gender: 'female', ageBand: ageBandFor(2012), hasPin: true, active: true });
    const hubJson = JSON.stringify((await app.store.databases.hub.allDocs({ include_docs: true })).rows);
    for (const personal of ['Neema', 'Achieng', '2012', 'Kisumu', '700 111 222', '"username"', '"givenName"', '"birthYear"']) expect(hubJson).not.toContain(personal);

    const secret = await app.store.databases.local.get(`person-private:${app.store.hubId}:${localId}`);
    expect(secret).toMatchObject({ type: 'person-private', personId: created.id, givenName: 'Neema', familyName: 'Achieng', birthYear: 2012, community: 'Kisumu', guardianContact: '+254 700 111 222' });

    // Every reader goes through the repository: list, search, sign-in grid, CSV export, edits.
    expect((await injectAs(app, admin, { url: '/api/people?q=kisumu' })).json().people.map((p: { id: string }) => p.id)).toEqual([created.id]);
    expect((await app.inject({ url: '/api/session/learners' })).json().learners).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.id, displayName: 'Neema A.' })]));
    expect((await injectAs(app, admin, { url: '/api/people/export' })).body).toContain('Neema,Achieng');
    const edited = await injectAs(app, admin, { method: 'PATCH', url: `/api/people/${encodeURIComponent(created.id)}`, payload: { familyName: 'Otieno', roles: ['learner', 'teacher'], username: 'neema', password: 'password-1234' } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ givenName: 'Neema', familyName: 'Otieno', username: 'neema', community: 'Kisumu' });
    expect(JSON.stringify(await app.store.databases.hub.get(created.id))).not.toMatch(/Otieno|neema|Neema/);
    expect((await signInLearner(app, created.id, '8642')).user.displayName).toBe('Neema Otieno');
    await app.close();
  });

  it('loses nothing acknowledged when a write is cut between the two documents', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const before = (await injectAs(app, admin, { url: '/api/people' })).json().total;
    // A create cut after the private document: no person points at it, nobody sees it.
    const orphan = `person:${app.store.hubId}:cutbeforeperson`;
    await app.store.databases.local.put({ _id: personPrivateId(orphan), type: 'person-private', personId: orphan, givenName: 'Half', familyName: 'Written', createdAt: 'x', updatedAt: 'x' });
    expect((await injectAs(app, admin, { url: '/api/people' })).json().total).toBe(before);
    expect((await injectAs(app, admin, { url: `/api/people/${encodeURIComponent(orphan)}` })).statusCode).toBe(404);

    // A person whose private document is missing still reads, signs in and can be given names again.
    const created = await createPerson(app, admin, { givenName: 'Juma', familyName: 'Mwangi', pin: '1357' });
    const secret = await app.store.databases.local.get(personPrivateId(created.id));
    await app.store.databases.local.remove(secret);
    const nameless = (await injectAs(app, admin, { url: `/api/people/${encodeURIComponent(created.id)}` })).json();
    expect(nameless).toMatchObject({ id: created.id, givenName: '', familyName: '', roles: ['learner'], hasPin: true });
    expect((await app.inject({ url: '/api/session/learners' })).statusCode).toBe(200);
    await signInLearner(app, created.id, '1357');
    const renamed = await injectAs(app, admin, { method: 'PATCH', url: `/api/people/${encodeURIComponent(created.id)}`, payload: { givenName: 'Juma', familyName: 'Mwangi' } });
    expect(renamed.json()).toMatchObject({ givenName: 'Juma', familyName: 'Mwangi' });
    await app.close();
  });

  it('refuses the loser of two simultaneous edits before it touches the names', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const created = await createPerson(app, admin, { givenName: 'Asha', familyName: 'Njeri' });
    const stale = (await app.auth.people.getPerson(created.id))!;
    await app.auth.people.putPerson({ ...stale, givenName: 'Winner', updatedAt: new Date().toISOString() });
    await expect(app.auth.people.putPerson({ ...stale, givenName: 'Loser', updatedAt: new Date().toISOString() })).rejects.toMatchObject({ status: 409 });
    expect((await app.auth.people.getPerson(created.id))!.givenName).toBe('Winner');
    await app.close();
  });
});
