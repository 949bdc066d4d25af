import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { createPerson, personWithRoles, setUpAndSignIn, signIn, signInLearner } from '../../tests/support/auth.ts';

afterAll(removeTempDirs);

const url = (id: string, rest = '') => `/api/people/${encodeURIComponent(id)}${rest}`;

describe('people', () => {
  it('creates a learner with profile fields and lists, searches and reads them, never showing a secret', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const created = await createPerson(app, admin, {
      givenName: 'Neema', familyName: 'Achieng', gender: 'prefer-not-to-say', birthYear: 2012, community: 'Kisumu', language: 'sw', guardianContact: '+254 700 000 000', pin: '8642',
    });
    expect(created.id).toMatch(new RegExp(`^person:${app.store.hubId}:`));
    expect(created).toMatchObject({ displayName: 'Neema Achieng', roles: ['learner'], gender: 'prefer-not-to-say', birthYear: 2012, community: 'Kisumu', hasPin: true, active: true, locked: false });
    await createPerson(app, admin, { givenName: 'Otieno', familyName: 'Baraka', community: 'Homa Bay' });

    const search = (await app.inject({ url: '/api/people?q=kisumu', headers: admin.headers })).json();
    expect(search.people.map((p: { id: string }) => p.id)).toEqual([created.id]);
    const learners = (await app.inject({ url: '/api/people?role=learner', headers: admin.headers })).json();
    expect(learners.total).toBe(2);
    const one = await app.inject({ url: url(created.id), headers: admin.headers });
    expect(one.json().givenName).toBe('Neema');
    expect(JSON.stringify(learners) + one.body).not.toMatch(/scrypt|8642|pinHash|passwordHash/);

    // Secrets go only to the local database, never to the hub one (which replicates).
    const hubDocs = await app.store.databases.hub.allDocs({ include_docs: true });
    expect(JSON.stringify(hubDocs)).not.toMatch(/scrypt/);
    const localDocs = await app.store.databases.local.allDocs({ include_docs: true });
    expect(JSON.stringify(localDocs)).toMatch(/scrypt/);
    await app.close();
  });

  it('refuses a duplicate username, whatever its case, with 409 USERNAME_TAKEN, and writes nothing', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    await createPerson(app, admin, { roles: ['teacher'], username: 'mwalimu', password: 'password-1', givenName: 'A' });
    const before = (await app.inject({ url: '/api/people', headers: admin.headers })).json().total;
    const response = await app.inject({ method: 'POST', url: '/api/people', headers: admin.headers, payload: { givenName: 'B', familyName: 'C', roles: ['teacher'], username: 'Mwalimu', password: 'password-2' } });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('USERNAME_TAKEN');
    expect((await app.inject({ url: '/api/people', headers: admin.headers })).json().total).toBe(before);
    await app.close();
  });

  it('refuses empty and blank names, over-long fields, bad PINs and unknown fields with 400 naming the field', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const base = { givenName: 'Ok', familyName: 'Fine', roles: ['learner'] };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, givenName: '' }, /givenName/],
      [{ ...base, familyName: '   ' }, /familyName/],
      [{ ...base, givenName: 'x'.repeat(81) }, /givenName/],
      [{ ...base, community: 'y'.repeat(500) }, /community/],
      [{ ...base, pin: '12345' }, /pin/],
      [{ ...base, pin: 'abcd' }, /pin/],
      [{ ...base, roles: [] }, /roles/],
      [{ ...base, roles: ['wizard'] }, /roles/],
      [{ ...base, gender: 'unknown' }, /gender/],
      [{ ...base, isAdmin: true }, /isAdmin|additional/],
    ];
    for (const [payload, field] of cases) {
      const response = await app.inject({ method: 'POST', url: '/api/people', headers: admin.headers, payload });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
      expect(response.json().message).toMatch(field);
    }
    const staffWithoutPassword = await app.inject({ method: 'POST', url: '/api/people', headers: admin.headers, payload: { ...base, roles: ['teacher'], username: 'nopass' } });
    expect(staffWithoutPassword.json().code).toBe('PERSON_INVALID');
    expect((await app.inject({ url: '/api/people', headers: admin.headers })).json().total).toBe(1);
    await app.close();
  });

  it('lets a teacher enrol learners but not create staff nor edit an administrator', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const teacher = await personWithRoles(app, admin, ['teacher']);
    const learner = await createPerson(app, teacher, { givenName: 'Enrolled' });
    expect(learner.roles).toEqual(['learner']);
    const staff = await app.inject({ method: 'POST', url: '/api/people', headers: teacher.headers, payload: { givenName: 'X', familyName: 'Y', roles: ['admin'], username: 'sneaky', password: 'password-9' } });
    expect(staff.statusCode).toBe(403);
    expect(staff.json().code).toBe('FORBIDDEN');
    const editAdmin = await app.inject({ method: 'PATCH', url: url(admin.user.id), headers: teacher.headers, payload: { password: 'taken-over-1' } });
    expect(editAdmin.json().code).toBe('FORBIDDEN');
    const promote = await app.inject({ method: 'PATCH', url: url(learner.id), headers: teacher.headers, payload: { roles: ['learner', 'admin'] } });
    expect(promote.json().code).toBe('FORBIDDEN');
    await signIn(app, 'admin', 'correct horse battery');
    await app.close();
  });

  it("refuses to edit a person of another hub (an administrator, or a teacher going after another hub's admin)", async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const now = new Date().toISOString();
    const foreignId = 'person:hub-otherhub00:0000000000abcdefgh';
    await app.store.databases.hub.put({ _id: foreignId, type: 'person', givenName: 'Far', familyName: 'Away', roles: ['admin'], active: true, createdAt: now, updatedAt: now });
    const response = await app.inject({ method: 'PATCH', url: url(foreignId), headers: admin.headers, payload: { givenName: 'Changed' } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('NOT_OWN_HUB');
    const teacher = await personWithRoles(app, admin, ['teacher']);
    const byTeacher = await app.inject({ method: 'PATCH', url: url(foreignId), headers: teacher.headers, payload: { password: 'taken-over-1' } });
    expect(byTeacher.statusCode).toBe(403);
    expect(['NOT_OWN_HUB', 'FORBIDDEN']).toContain(byTeacher.json().code);
    expect(((await app.store.databases.hub.get(foreignId)) as { givenName: string }).givenName).toBe('Far');
    await app.close();
  });

  it('deactivates without deleting, ends the sessions, and refuses sign-in after', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const learner = await createPerson(app, admin, { pin: '1111' });
    const session = await signInLearner(app, learner.id, '1111');
    const response = await app.inject({ method: 'PATCH', url: url(learner.id), headers: admin.headers, payload: { active: false } });
    expect(response.json().active).toBe(false);
    expect((await app.inject({ url: '/api/me', headers: session.headers })).statusCode).toBe(401);
    const again = await app.inject({ method: 'POST', url: '/api/session/learner', payload: { personId: learner.id, pin: '1111' } });
    expect(again.json().code).toBe('ACCOUNT_INACTIVE');
    expect((await app.inject({ url: '/api/people', headers: admin.headers })).json().total).toBe(1);
    expect((await app.inject({ url: '/api/people?includeInactive=true', headers: admin.headers })).json().total).toBe(2);
    await app.close();
  });

  it('ends the sessions on a password change, and keeps one active administrator', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const teacher = await createPerson(app, admin, { roles: ['teacher'], username: 'juma', password: 'first-password', givenName: 'Juma' });
    const session = await signIn(app, 'juma', 'first-password');
    await app.inject({ method: 'PATCH', url: url(teacher.id), headers: admin.headers, payload: { password: 'second-password' } });
    expect((await app.inject({ url: '/api/me', headers: session.headers })).statusCode).toBe(401);
    await signIn(app, 'juma', 'second-password');
    const demote = await app.inject({ method: 'PATCH', url: url(admin.user.id), headers: admin.headers, payload: { active: false } });
    expect(demote.json()).toMatchObject({ code: 'PERSON_INVALID', message: expect.stringMatching(/at least one active administrator/) });
    await app.close();
  });

  it('shows a renamed person under the new name in their open session', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const learner = await createPerson(app, admin, { pin: '1111' });
    const session = await signInLearner(app, learner.id, '1111');
    await app.inject({ method: 'PATCH', url: url(learner.id), headers: admin.headers, payload: { givenName: 'Renamed' } });
    expect((await app.inject({ url: '/api/me', headers: session.headers })).json().displayName).toBe('Renamed Otieno');
    await app.close();
  });
});
