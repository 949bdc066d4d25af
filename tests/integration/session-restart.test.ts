// Sessions are kept on the hub's disk (the `local` database), so a hub that
// restarts — a power cut, an update — does not sign 21 learners out at once.
// A real hub process: sign in, stop it with SIGTERM, start a new process on the
// same DATA_DIR, and the same cookie still works.
import { afterAll, describe, expect, it } from 'vitest';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInOverHttp } from '../support/auth.ts';

afterAll(removeTempDirs);

describe('sessions across a hub restart', () => {
  it('keeps a signed-in session working after SIGTERM and a new start on the same data', async () => {
    const dataDir = await makeTempDir();
    const first = await startHubProcess({ DATA_DIR: dataDir, CLIENT_DIR: '' });
    const admin = await setUpHubOverHttp(first.url);
    const session = await signInOverHttp(first.url, admin.username, admin.password);
    const before = await fetch(`${first.url}/api/me`, { headers: { cookie: session.cookie } });
    expect(before.status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startHubProcess({ DATA_DIR: dataDir, CLIENT_DIR: '' });
    try {
      const after = await fetch(`${second.url}/api/me`, { headers: { cookie: session.cookie } });
      expect(after.status).toBe(200);
      expect((await after.json()).roles).toEqual(['admin']);
      // The CSRF token survives too: a state-changing call goes through.
      const created = await fetch(`${second.url}/api/people`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ givenName: 'After', familyName: 'Restart', roles: ['learner'], pin: '1234' }),
      });
      expect(created.status).toBe(201);
      const signOut = await fetch(`${second.url}/api/session`, { method: 'DELETE', headers: session.headers });
      expect(signOut.status).toBe(204);
      expect((await fetch(`${second.url}/api/me`, { headers: { cookie: session.cookie } })).status).toBe(401);
    } finally {
      await second.stop();
    }
  }, 120_000); // two hub starts under tsx take tens of seconds on a busy 2-core machine
});
