import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { createPerson, personWithRoles, setUpAndSignIn, signIn, signInLearner } from '../../tests/support/auth.ts';
import { MAX_ADDRESS_FAILURES, MAX_PIN_FAILURES } from './lockout.ts';

afterAll(removeTempDirs);

function tryPin(app: Awaited<ReturnType<typeof buildTestApp>>, personId: string, pin: string, remoteAddress = '10.0.0.21') {
  return app.inject({ method: 'POST', url: '/api/session/learner', payload: { personId, pin }, remoteAddress });
}

describe('guessing PINs and passwords', () => {
  it('locks a learner after repeated wrong PINs, refuses even the right PIN, and a teacher unlocks', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const teacher = await personWithRoles(app, admin, ['teacher']);
    const learner = await createPerson(app, admin, { pin: '2468' });

    for (let i = 1; i < MAX_PIN_FAILURES; i += 1) {
      expect((await tryPin(app, learner.id, '0000')).json().code).toBe('INVALID_CREDENTIALS');
    }
    const last = await tryPin(app, learner.id, '0000');
    expect(last.statusCode).toBe(423);
    expect(last.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringMatching(/Ask your teacher/) });
    expect((await tryPin(app, learner.id, '2468')).json().code).toBe('ACCOUNT_LOCKED');

    const listed = (await app.inject({ url: `/api/people/${encodeURIComponent(learner.id)}`, headers: teacher.headers })).json();
    expect(listed.locked).toBe(true);
    const unlock = await app.inject({ method: 'POST', url: `/api/people/${encodeURIComponent(learner.id)}/unlock`, headers: teacher.headers });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().locked).toBe(false);
    expect((await tryPin(app, learner.id, '2468')).statusCode).toBe(200);
    await app.close();
  });

  it('keeps the lock across a hub restart', async () => {
    const dataDir = await makeTempDir();
    const first = await buildTestApp({ dataDir });
    const admin = await setUpAndSignIn(first);
    const learner = await createPerson(first, admin, { pin: '2468' });
    for (let i = 0; i < MAX_PIN_FAILURES; i += 1) await tryPin(first, learner.id, '0000');
    await first.close();
    const second = await buildTestApp({ dataDir });
    expect((await tryPin(second, learner.id, '2468')).json().code).toBe('ACCOUNT_LOCKED');
    await second.close();
  });

  it('a teacher\'s new PIN also unlocks, and the old PIN stops working', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const teacher = await personWithRoles(app, admin, ['teacher']);
    const learner = await createPerson(app, admin, { pin: '2468' });
    for (let i = 0; i < MAX_PIN_FAILURES; i += 1) await tryPin(app, learner.id, '0000');
    const reset = await app.inject({ method: 'POST', url: `/api/people/${encodeURIComponent(learner.id)}/pin`, headers: teacher.headers, payload: { pin: '1357' } });
    expect(reset.statusCode).toBe(200);
    expect((await tryPin(app, learner.id, '2468')).json().code).toBe('INVALID_CREDENTIALS');
    expect((await tryPin(app, learner.id, '1357')).statusCode).toBe(200);
    await app.close();
  });

  it('refuses a workstation address that guesses across many accounts, while other workstations sign in', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const learners = [];
    for (let i = 0; i < 8; i += 1) learners.push(await createPerson(app, admin, { givenName: `Learner${i}`, pin: '9999' }));
    // Spread over accounts so that no one account locks first: only the address's count trips.
    let failures = 0;
    while (failures < MAX_ADDRESS_FAILURES) {
      const target = learners[failures % learners.length]!;
      const response = await tryPin(app, target.id, '0000', '10.0.0.66');
      failures += 1;
      if (response.json().code !== 'INVALID_CREDENTIALS') break;
      if (failures % learners.length === 0) {
        // Unlock the accounts between rounds, as a teacher would: the address count keeps growing.
        for (const learner of learners) await app.auth.lockout.unlockAccount(learner.id);
      }
    }
    const blocked = await tryPin(app, learners[0]!.id, '9999', '10.0.0.66');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('TOO_MANY_ATTEMPTS');
    const elsewhere = await signInLearner(app, learners[1]!.id, '9999', '10.0.0.7');
    expect(elsewhere.user.id).toBe(learners[1]!.id);
    await app.close();
  });

  it('locks a staff account after repeated wrong passwords', async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    await createPerson(app, admin, { roles: ['teacher'], username: 'mwalimu', password: 'right-password', givenName: 'Juma' });
    let last;
    for (let i = 0; i < 10; i += 1) last = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'mwalimu', password: 'wrong-password' } });
    expect(last!.json().code).toBe('ACCOUNT_LOCKED');
    await expect(signIn(app, 'mwalimu', 'right-password')).rejects.toThrow(/ACCOUNT_LOCKED/);
    await app.close();
  });
});
