// Secrets never reach the hub's log: with the most verbose log level, a setup,
// a staff sign-in, a learner's PIN sign-in (right and wrong), a PIN reset and
// an import leave no password, PIN, hash or session token in the output.
import { afterAll, describe, expect, it } from 'vitest';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInOverHttp } from '../support/auth.ts';

afterAll(removeTempDirs);

describe('the hub log', () => {
  it('never contains a password, a PIN, a hash or a session token', async () => {
    const hub = await startHubProcess({ DATA_DIR: await makeTempDir(), CLIENT_DIR: '', LOG_LEVEL: 'trace' });
    try {
      const admin = await setUpHubOverHttp(hub.url);
      const session = await signInOverHttp(hub.url, admin.username, admin.password);
      const json = { ...session.headers, 'content-type': 'application/json' };
      const person = await fetch(`${hub.url}/api/people`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ givenName: 'Log', familyName: 'Probe', roles: ['learner'], pin: '7391' }),
      }).then((r) => r.json() as Promise<{ id: string }>);
      await fetch(`${hub.url}/api/session/learner`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: person.id, pin: '8264' }) });
      const learner = await fetch(`${hub.url}/api/session/learner`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: person.id, pin: '7391' }) });
      expect(learner.status).toBe(200);
      const learnerToken = /darasa_session=([^;]+)/.exec(learner.headers.get('set-cookie') ?? '')![1]!;
      await fetch(`${hub.url}/api/people/${encodeURIComponent(person.id)}/pin`, { method: 'POST', headers: json, body: JSON.stringify({ pin: '5602' }) });
      await fetch(`${hub.url}/api/people/import`, { method: 'POST', headers: { ...session.headers, 'content-type': 'text/csv' }, body: 'given_name,family_name,pin\nCsv,Probe,4417\n' });
      await hub.stop();
      const log = hub.output();
      expect(log).toMatch(/"url":"\/api\/session\/learner"/); // the log did record the requests
      // PINs are looked for as quoted strings or CSV cells: bare digits turn up in timestamps.
      for (const secret of [admin.password, '"7391"', '"8264"', '"5602"', 'Probe,4417', 'scrypt$', session.cookie.split('=')[1]!, learnerToken, session.csrfToken]) {
        expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
      }
    } finally {
      await hub.stop();
    }
  }, 90_000); // a hub start under tsx on a busy machine
});
