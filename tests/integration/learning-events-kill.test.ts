// Nothing acknowledged is ever lost: learners send events to a real hub
// process, the hub is SIGKILLed mid-stream (a solar power cut), restarted on the
// same data, and the browsers' outboxes send everything again. Every event the
// hub had acknowledged is still there — the resend comes back `duplicate` — and
// every event is stored exactly once, for the person who sent it.
import { afterAll, describe, expect, it } from 'vitest';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInOverHttp, type TestSession } from '../support/auth.ts';
import { openStore } from '../../server/store/store.ts';
import type { EventDoc } from '../../sync/documents.ts';
import { learnerOverHttp, signInLearnerOverHttp } from '../../server/learning/test-fixtures.ts';

afterAll(removeTempDirs);

const OBJECT = { courseId: 'computer-basics-en', lessonId: 'cb-en-l01', activityId: 'cb-en-l01-a1' };
const newEvent = (n: number) => ({ id: crypto.randomUUID(), verb: 'answered', object: OBJECT, result: { correct: n % 2 === 0, response: { choice: n % 3 } }, at: new Date().toISOString() });
type Sent = ReturnType<typeof newEvent>;

async function send(url: string, as: TestSession, events: Sent[]): Promise<{ accepted: string[]; duplicate: string[]; rejected: unknown[] }> {
  const response = await fetch(`${url}/api/events`, { method: 'POST', headers: { ...as.headers, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
  if (response.status !== 200) throw new Error(`events: ${response.status}`);
  return (await response.json()) as { accepted: string[]; duplicate: string[]; rejected: unknown[] };
}

describe('event ingest across a hub power cut', () => {
  // Two hub starts, seed install and production PIN hashing: slow on a busy 2-core machine.
  it('keeps every acknowledged event exactly once after SIGKILL and restart', { timeout: 180_000 }, async () => {
    const dataDir = await makeTempDir();
    let hub: HubProcess = await startHubProcess({ DATA_DIR: dataDir, CLIENT_DIR: '' });
    const admin = await setUpHubOverHttp(hub.url);
    const staff = await signInOverHttp(hub.url, admin.username, admin.password);
    const learners = await Promise.all(['Amani', 'Bahati', 'Chausiku'].map((name) => learnerOverHttp(hub.url, staff, name)));

    const sent = learners.map(() => [] as Sent[]);
    const acknowledged = new Set<string>();
    let running = true;
    const loops = learners.map(async (learner, i) => {
      for (let n = 0; running; n++) {
        const batch = Array.from({ length: 5 }, (_, k) => newEvent(n * 5 + k));
        sent[i]!.push(...batch);
        try {
          const answer = await send(hub.url, learner, batch);
          expect(answer.rejected).toEqual([]);
          for (const id of [...answer.accepted, ...answer.duplicate]) acknowledged.add(id);
        } catch {
          return; // the hub is gone: these events wait in the outbox
        }
      }
    });
    while (acknowledged.size < 90) await new Promise((resolve) => setTimeout(resolve, 5));
    hub.child.kill('SIGKILL');
    running = false;
    await Promise.all(loops);
    await hub.stop();
    const acknowledgedAtKill = new Set(acknowledged);

    hub = await startHubProcess({ DATA_DIR: dataDir, CLIENT_DIR: '' });
    try {
      for (const [i, learner] of learners.entries()) {
        // The session may or may not have reached the disk before the cut: sign in again if it did not.
        const me = await fetch(`${hub.url}/api/me`, { headers: { cookie: learner.cookie } });
        const session = me.status === 200 ? learner : await signInLearnerOverHttp(hub.url, learner.user.id);
        const all = sent[i]!;
        for (let start = 0; start < all.length; start += 100) {
          const batch = all.slice(start, start + 100);
          const answer = await send(hub.url, session, batch);
          expect(answer.rejected).toEqual([]);
          for (const id of answer.accepted) expect(acknowledgedAtKill.has(id), `acknowledged event ${id} was lost`).toBe(false);
          for (const id of batch.map((e) => e.id)) if (acknowledgedAtKill.has(id)) expect(answer.duplicate).toContain(id);
        }
      }
    } finally {
      expect(await hub.stop('SIGTERM')).toBe(0);
    }

    const store = await openStore(dataDir);
    try {
      const rows = (await store.databases.hub.allDocs({ startkey: 'event:', endkey: 'event:\uffff', include_docs: true })).rows;
      const docs = rows.map((row) => row.doc as unknown as EventDoc);
      const stored = new Map(docs.map((doc) => [doc._id.split(':')[2]!, doc]));
      expect(stored.size).toBe(docs.length);
      const everything = sent.flat();
      expect(docs.length).toBe(everything.length);
      for (const [i, events] of sent.entries()) {
        for (const e of events) {
          const doc = stored.get(e.id);
          expect(doc?.personId).toBe(learners[i]!.user.id);
          expect(doc?.result).toEqual(e.result);
        }
      }
      for (const id of acknowledgedAtKill) expect(stored.has(id)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
