import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { ADMIN, createPerson, setUpAndSignIn, setUpHub, signIn, signInLearner } from '../../tests/support/auth.ts';
import { DEFAULT_AUTH } from '../config.ts';
import { PRODUCTION_KDF, PRODUCTION_PIN_KDF } from './kdf.ts';

afterAll(removeTempDirs);

describe('staff sign-in', () => {
  it('signs in with username and password, answers /api/me, and signs out', async () => {
    const app = await buildTestApp();
    await setUpHub(app);
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'ADMIN', password: ADMIN.password } });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^darasa_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken, user } = response.json();
    expect(user).toMatchObject({ displayName: 'admin Admin', roles: ['admin'], kind: 'staff' });

    const me = await app.inject({ url: '/api/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ id: user.id, displayName: 'admin Admin', roles: ['admin'] });

    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    await app.close();
  });

  it('answers a wrong password and an unknown username alike, with 401 INVALID_CREDENTIALS', async () => {
    const app = await buildTestApp();
    await setUpHub(app);
    const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: 'not the password' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    await app.close();
  });

  it('answers /api/me with 401 UNAUTHENTICATED for no cookie, a forged cookie and an expired session', async () => {
    const app = await buildTestApp({ auth: { ...DEFAULT_AUTH, kdf: { N: 1024, r: 8, p: 1 }, pinKdf: { N: 1024, r: 8, p: 1 }, staffIdleMs: 200 } });
    const admin = await setUpAndSignIn(app);
    for (const headers of [{}, { cookie: 'darasa_session=forged-token-that-was-never-issued-000000000' }, { cookie: `darasa_session=${'x'.repeat(5000)}` }]) {
      const response = await app.inject({ url: '/api/me', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('UNAUTHENTICATED');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const expired = await app.inject({ url: '/api/me', headers: admin.headers });
    expect(expired.json().code).toBe('UNAUTHENTICATED');
    await app.close();
  });

  it('refuses sign-in before setup with 409 SETUP_REQUIRED', async () => {
    const app = await buildTestApp();
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: 'whatever1' } });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('SETUP_REQUIRED');
    await app.close();
  });

  it('hashes with the production scrypt parameters and still signs in', async () => {
    const app = await buildTestApp({ auth: DEFAULT_AUTH });
    expect(app.auth.config.kdf).toEqual(PRODUCTION_KDF);
    expect(app.auth.config.pinKdf).toEqual(PRODUCTION_PIN_KDF);
    const admin = await setUpAndSignIn(app);
    const account = await app.auth.people.getAccount(admin.user.id);
    expect(account?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect((await app.inject({ url: '/api/me', headers: admin.headers })).statusCode).toBe(200);
    const learner = await createPerson(app, admin, { pin: '4821' });
    expect((await app.auth.people.getAccount(learner.id))?.pinHash).toMatch(/^scrypt\$8192\$8\$1\$/);
    await signInLearner(app, learner.id, '4821');
    await app.close();
  });
});

describe('cross-site request forgery', () => {
  it('refuses a state-changing call without the CSRF token, or with another session\'s, and changes nothing', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const other = await signIn(app, ADMIN.username, ADMIN.password);
    const payload = { givenName: 'Forged', familyName: 'Person', roles: ['learner'] };
    for (const headers of [{ cookie: admin.cookie }, { cookie: admin.cookie, 'x-csrf-token': other.csrfToken }, { cookie: admin.cookie, 'x-csrf-token': '' }]) {
      const response = await app.inject({ method: 'POST', url: '/api/people', headers, payload });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('CSRF_INVALID');
    }
    const signOut = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: admin.cookie } });
    expect(signOut.json().code).toBe('CSRF_INVALID');
    const list = await app.inject({ url: '/api/people?q=Forged', headers: admin.headers });
    expect(list.json().total).toBe(0);
    await app.close();
  });

  it('gives scripts the token from GET /api/session/csrf', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const { csrfToken } = (await app.inject({ url: '/api/session/csrf', headers: { cookie: admin.cookie } })).json();
    expect(csrfToken).toBe(admin.csrfToken);
    await app.close();
  });
});

describe('learner sign-in', () => {
  it('signs a learner in with the PIN and answers /api/me with a learner session', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const learner = await createPerson(app, admin, { givenName: 'Baraka', familyName: 'Mwangi', pin: '4821', language: 'sw' });
    const picker = (await app.inject('/api/session/learners')).json();
    expect(picker.learners).toEqual([{ id: learner.id, displayName: 'Baraka M.', initials: 'BM', noPin: false }]);
    const session = await signInLearner(app, learner.id, '4821');
    const me = (await app.inject({ url: '/api/me', headers: session.headers })).json();
    // The preferred language comes along, so the learner's home opens in it.
    expect(me).toMatchObject({ id: learner.id, displayName: 'Baraka Mwangi', roles: ['learner'], language: 'sw', kind: 'learner', idleSeconds: 900 });
    await app.close();
  });

  it('lets a child flagged noPin sign in without a PIN only where the hub allows it', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const child = await createPerson(app, admin, { givenName: 'Zawadi', noPin: true, pin: undefined });
    const refused = await app.inject({ method: 'POST', url: '/api/session/learner', payload: { personId: child.id } });
    expect(refused.json().code).toBe('INVALID_CREDENTIALS');
    await app.inject({ method: 'PATCH', url: '/api/settings', headers: admin.headers, payload: { allowNoPin: true } });
    const session = await signInLearner(app, child.id);
    expect(session.user.id).toBe(child.id);
    await app.close();
  });

  it('ends an idle learner session on its own after the configured time', async () => {
    const app = await buildTestApp({ auth: { ...DEFAULT_AUTH, kdf: { N: 1024, r: 8, p: 1 }, pinKdf: { N: 1024, r: 8, p: 1 }, learnerIdleMs: 300 } });
    const admin = await setUpAndSignIn(app);
    const learner = await createPerson(app, admin);
    const session = await signInLearner(app, learner.id, '1234');
    // Activity keeps it alive…
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await app.inject({ url: '/api/me', headers: session.headers })).statusCode).toBe(200);
    }
    // …idleness ends it, while the staff session (longer idle time) lives on.
    await new Promise((resolve) => setTimeout(resolve, 450));
    const me = await app.inject({ url: '/api/me', headers: session.headers });
    expect(me.statusCode).toBe(401);
    expect((await app.inject({ url: '/api/me', headers: admin.headers })).statusCode).toBe(200);
    await app.close();
  });

  it('refuses a staff member on the learner route and a learner id that does not exist, alike', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    for (const personId of [admin.user.id, 'person:hub-aaaaaaaaaa:nope', 'garbage']) {
      const response = await app.inject({ method: 'POST', url: '/api/session/learner', payload: { personId, pin: '1234' } });
      expect(response.json().code).toBe('INVALID_CREDENTIALS');
    }
    await app.close();
  });
});
