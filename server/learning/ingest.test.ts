// POST /api/events: idempotent ingest and every kind of bad input, against a
// real app with real PouchDB in a temporary directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import type { EventDoc } from '../../sync/documents.ts';
import { COURSE, event, LESSON, QUIZ, setUpLearning } from './test-fixtures.ts';

let app: FastifyInstance;
let admin: TestSession;
let learner: TestSession;

beforeAll(async () => {
  app = await buildTestApp();
  ({ admin, learner } = await setUpLearning(app));
});
afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

const post = (as: TestSession, events: unknown[], extra: { remoteAddress?: string } = {}) =>
  injectAs(app, as, { method: 'POST', url: '/api/events', payload: { events }, ...extra });

async function storedEvents(): Promise<EventDoc[]> {
  const result = await app.store.databases.hub.allDocs({ startkey: 'event:', endkey: 'event:\uffff', include_docs: true });
  return result.rows.map((row) => row.doc as unknown as EventDoc);
}

describe('POST /api/events', () => {
  it('writes new events for the signed-in person and answers a retry as duplicate, changing nothing', async () => {
    const events = [event('opened'), event('answered', { activityId: 'lt-single' }, { response: { choice: 0 }, correct: true, score: 1 })];
    const first = await post(learner, events);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ accepted: events.map((e) => e.id), duplicate: [], rejected: [] });
    const doc = (await app.store.databases.hub.get(`event:${app.store.hubId}:${events[1]!.id}`)) as unknown as EventDoc;
    expect(doc).toMatchObject({ type: 'event', personId: learner.user.id, verb: 'answered', object: { courseId: COURSE, lessonId: LESSON, activityId: 'lt-single' }, at: events[1]!.at });
    expect(doc.workstation).toBeTruthy();

    const before = await storedEvents();
    const retry = await post(learner, events);
    expect(retry.json()).toEqual({ accepted: [], duplicate: events.map((e) => e.id), rejected: [] });
    expect(await storedEvents()).toEqual(before);
  });

  it('treats keys in another order as the same content', async () => {
    const e = event('answered', { activityId: 'lt-tf' }, { correct: true, score: 1 });
    await post(learner, [e]);
    const reordered = { at: e.at, result: { score: 1, correct: true }, object: { activityId: 'lt-tf', lessonId: LESSON, courseId: COURSE }, verb: 'answered', id: e.id };
    expect((await post(learner, [reordered])).json().duplicate).toEqual([e.id]);
  });

  it('rejects a reused id with other content and keeps the first', async () => {
    const e = event('answered', { activityId: 'lt-tf' }, { correct: true });
    await post(learner, [e]);
    const changed = { ...e, result: { correct: false } };
    const answer = (await post(learner, [changed])).json();
    expect(answer.rejected).toEqual([{ id: e.id, code: 'DUPLICATE_EVENT_CONFLICT', message: expect.stringContaining(e.id) }]);
    const doc = (await app.store.databases.hub.get(`event:${app.store.hubId}:${e.id}`)) as unknown as EventDoc;
    expect(doc.result).toEqual({ correct: true });
  });

  it('answers the same id twice in one batch once as accepted and once as duplicate', async () => {
    const e = event('opened');
    expect((await post(learner, [e, e])).json()).toEqual({ accepted: [e.id], duplicate: [e.id], rejected: [] });
  });

  it('cannot record an event for another learner', async () => {
    const other = await personWithRoles(app, admin, ['learner'], 'Baraka');
    // No personId field exists: naming one is refused.
    const forged = { ...event('completed'), personId: other.user.id };
    const refused = (await post(learner, [forged])).json();
    expect(refused.rejected[0]).toMatchObject({ id: forged.id, code: 'EVENT_INVALID' });
    // Reusing another learner's event id cannot overwrite or claim it.
    const theirs = event('opened');
    await post(other, [theirs]);
    const mine = (await post(learner, [theirs])).json();
    expect(mine.rejected[0]).toMatchObject({ id: theirs.id, code: 'DUPLICATE_EVENT_CONFLICT' });
    const doc = (await app.store.databases.hub.get(`event:${app.store.hubId}:${theirs.id}`)) as unknown as EventDoc;
    expect(doc.personId).toBe(other.user.id);
    expect((await storedEvents()).some((d) => d._id.endsWith(forged.id))).toBe(false);
  });

  it('rejects unknown courses, lessons and activities one by one, keeping the good events of the batch', async () => {
    const good = event('opened');
    const events = [
      event('opened', { courseId: 'no-such-course' }),
      event('opened', { lessonId: 'no-such-lesson' }),
      event('answered', { activityId: 'no-such-activity' }, { correct: true }),
      good,
    ];
    const answer = (await post(learner, events)).json();
    expect(answer.accepted).toEqual([good.id]);
    expect(answer.rejected.map((r: { code: string }) => r.code)).toEqual(['UNKNOWN_COURSE', 'UNKNOWN_LESSON', 'UNKNOWN_ACTIVITY']);
  });

  it('rejects a time in the future or before 2020, and a malformed time', async () => {
    const future = event('opened', {}, undefined, new Date(Date.now() + 10 * 60_000).toISOString());
    const ancient = event('opened', {}, undefined, '1999-12-31T23:59:59.000Z');
    const nonsense = { ...event('opened'), at: 'yesterday' };
    const slightlyAhead = event('opened', {}, undefined, new Date(Date.now() + 60_000).toISOString());
    const answer = (await post(learner, [future, ancient, nonsense, slightlyAhead])).json();
    expect(answer.rejected.map((r: { code: string }) => r.code)).toEqual(['EVENT_TIME_INVALID', 'EVENT_TIME_INVALID', 'EVENT_INVALID']);
    expect(answer.accepted).toEqual([slightlyAhead.id]);
  });

  it('rejects events missing what their verb needs', async () => {
    const answer = (await post(learner, [
      event('answered', {}, { correct: true }),
      event('submitted', { lessonId: LESSON }, { score: 1 }),
      event('spent'),
      event('typed', { activityId: 'lt-typing' }, { wpm: 20 }),
    ])).json();
    expect(answer.rejected.map((r: { code: string }) => r.code)).toEqual(['EVENT_INVALID', 'EVENT_INVALID', 'EVENT_INVALID', 'EVENT_INVALID']);
    const quiz = event('submitted', { lessonId: QUIZ }, { score: 1, response: { answers: { 'lt-quiz-q1': { value: true } } } });
    expect((await post(learner, [quiz])).json().accepted).toEqual([quiz.id]);
  });

  it('rejects an answer over 20 KB, and refuses a 5 MB body with 413, writing nothing', async () => {
    const big = event('answered', { activityId: 'lt-short' }, { response: { text: 'x'.repeat(21 * 1024) }, correct: false });
    expect((await post(learner, [big])).json().rejected[0]).toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    const before = (await storedEvents()).length;
    const huge = event('answered', { activityId: 'lt-short' }, { response: { text: 'x'.repeat(5 * 1024 * 1024) }, correct: false });
    const response = await post(learner, [event('opened'), huge]);
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('BODY_TOO_LARGE');
    expect((await storedEvents()).length).toBe(before);
  });

  it('answers 400 only for a malformed body', async () => {
    expect((await post(learner, [])).statusCode).toBe(400);
    expect((await post(learner, [{ ...event('opened'), id: 'bad id!' }])).statusCode).toBe(400);
    expect((await post(learner, Array.from({ length: 101 }, () => event('opened')))).statusCode).toBe(400);
    const noCsrf = await app.inject({ method: 'POST', url: '/api/events', headers: { cookie: learner.cookie }, payload: { events: [event('opened')] } });
    expect(noCsrf.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'POST', url: '/api/events', payload: { events: [event('opened')] } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('bounds a flood with 429 EVENTS_FLOOD and keeps the events recorded before it', async () => {
    const flooder = await personWithRoles(app, admin, ['learner'], 'Flood');
    const address = '10.0.0.99';
    const sent: string[] = [];
    let refused = null;
    for (let i = 0; i < 8 && !refused; i++) {
      const batch = Array.from({ length: 100 }, () => event('opened'));
      const response = await post(flooder, batch, { remoteAddress: address });
      if (response.statusCode === 429) refused = response.json();
      else sent.push(...response.json().accepted);
    }
    expect(refused).toMatchObject({ code: 'EVENTS_FLOOD' });
    expect(sent.length).toBe(600);
    const stored = (await storedEvents()).filter((doc) => doc.personId === flooder.user.id);
    expect(stored.map((doc) => doc._id.split(':')[2]).sort()).toEqual([...sent].sort());
    // Another workstation and learner are not held back by this one's flood.
    expect((await post(learner, [event('opened')], { remoteAddress: '10.0.0.5' })).statusCode).toBe(200);
  });
});
