// The coding judge in a real hub process (TypeScript loader, production
// settings): a learner's endless loop is stopped after the time limit and
// reported, while the same hub keeps answering other learners; a right answer
// to the seed's first coding exercise passes every hidden test.
import { afterAll, describe, expect, it } from 'vitest';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInOverHttp, type TestSession } from '../support/auth.ts';
import { learnerOverHttp } from '../../server/learning/test-fixtures.ts';
import { STOPPED_MESSAGE } from '../../server/learning/coding-judge.ts';

afterAll(removeTempDirs);

const ACTIVITY = 'code-en-l01-a3'; // "total is 2150", "change is 2850"

async function check(url: string, as: TestSession, code: string) {
  const response = await fetch(`${url}/api/activities/${ACTIVITY}/check`, { method: 'POST', headers: { ...as.headers, 'content-type': 'application/json' }, body: JSON.stringify({ response: { code } }) });
  expect(response.status).toBe(200);
  return (await response.json()) as { correct: boolean; tests: { name: string; passed: boolean; message?: string }[] };
}

describe('coding judge in a hub process', () => {
  it('stops an endless loop, reports it, and keeps serving everyone else', { timeout: 120_000 }, async () => {
    const hub = await startHubProcess({ DATA_DIR: await makeTempDir(), CLIENT_DIR: '' });
    try {
      const admin = await setUpHubOverHttp(hub.url);
      const staff = await signInOverHttp(hub.url, admin.username, admin.password);
      const [looper, other] = await Promise.all([learnerOverHttp(hub.url, staff, 'Looper'), learnerOverHttp(hub.url, staff, 'Other')]);

      let judged = false;
      const looping = check(hub.url, looper, 'let total = 0; let change = 0; for (;;) { total++; }').finally(() => (judged = true));
      // While the loop spins in its worker (2 s), another learner is answered.
      const me = await fetch(`${hub.url}/api/me`, { headers: { cookie: other.cookie } });
      expect(me.status).toBe(200);
      expect(judged, 'the hub answered only after the judge finished').toBe(false);
      const stopped = await looping;
      expect(stopped.correct).toBe(false);
      expect(stopped.tests.map((t) => t.message)).toEqual([STOPPED_MESSAGE, STOPPED_MESSAGE]);

      const right = await check(hub.url, other, 'let total = 1500 + 450 + 200;\nlet change = 5000 - total;\nconsole.log(total, change);');
      expect(right).toMatchObject({ correct: true, tests: [{ passed: true }, { passed: true }] });
    } finally {
      await hub.stop();
    }
  });
});
