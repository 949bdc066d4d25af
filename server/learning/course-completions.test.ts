// Course completions recorded by the hub (course-completions.ts), against a
// real app with real PouchDB: a record once the last lesson of a course is
// completed (dated like the certificate), one record however often, and the
// start-up catch-up for data from before the record existed and for a stop
// between an event and its record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import type { CourseCompletionDoc } from '../../sync/course-completion.ts';
import { CourseCompletions } from './course-completions.ts';
import { CODING_LESSON, COURSE, event, LESSON, QUIZ, setUpLearning } from './test-fixtures.ts';

let app: FastifyInstance;
let admin: TestSession;
let learner: TestSession;

beforeAll(async () => {
  app = await buildTestApp();
  ({ admin, learner } = await setUpLearning(app));
}, 60_000);
afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

const post = async (as: TestSession, events: unknown[]) => {
  const response = await injectAs(app, as, { method: 'POST', url: '/api/events', payload: { events } });
  expect(response.statusCode, response.body).toBe(200);
  await app.learning.completions.idle();
};

async function records(): Promise<CourseCompletionDoc[]> {
  const prefix = `course-completion:${app.store.hubId}:`;
  const rows = await app.store.databases.hub.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
  return rows.rows.map((row) => row.doc as unknown as CourseCompletionDoc);
}

const fresh = () => new CourseCompletions(app.store.databases.hub, app.store.hubId, app.learning.progress, app.learning.content, (error) => { throw error; });

describe('course completions', () => {
  it('records a course once its last lesson is completed, dated like the certificate', async () => {
    await post(learner, [event('completed', { lessonId: LESSON }, undefined, '2026-11-02T09:00:00.000Z'), event('completed', { lessonId: CODING_LESSON }, undefined, '2026-11-03T09:00:00.000Z')]);
    await post(learner, [event('completed', { lessonId: QUIZ, activityId: 'lt-quiz-q1' }, undefined, '2026-11-04T09:00:00.000Z')]);
    expect(await records()).toEqual([]);
    await post(learner, [event('completed', { lessonId: QUIZ }, undefined, '2026-11-05T09:00:00.000Z')]);
    const [record, ...more] = await records();
    expect(more).toEqual([]);
    expect(record).toMatchObject({ type: 'course-completion', personId: learner.user.id, courseId: COURSE, completedAt: '2026-11-05T09:00:00.000Z', lessons: 3, courseVersion: '1.0.0', certificate: true, audience: 'learner' });
    const certificate = await injectAs(app, learner, { method: 'GET', url: `/api/me/certificates/${COURSE}` });
    expect(certificate.statusCode, certificate.body).toBe(200);
    expect(certificate.json().completedAt).toBe(record!.completedAt);
  });

  it('keeps one record however often the course is completed again', async () => {
    const [before] = await records();
    await post(learner, [event('completed', { lessonId: QUIZ }, undefined, '2026-11-09T09:00:00.000Z')]);
    const after = await records();
    expect(after).toHaveLength(1);
    expect(after[0]!._rev).toBe(before!._rev);
  });

  it('records nothing for a person who has not completed every lesson', async () => {
    const other = await personWithRoles(app, admin, ['learner'], 'Baraka');
    await post(other, [event('completed', { lessonId: LESSON }), event('completed', { lessonId: QUIZ })]);
    expect((await records()).map((r) => r.personId)).toEqual([learner.user.id]);
  });

  it('catches up at start-up: everyone the first time, then those with completions since', async () => {
    const db = app.store.databases.hub;
    const remove = async () => {
      const [doc] = await records();
      await db.remove(doc!._id, doc!._rev!);
      expect(await records()).toEqual([]);
    };
    // Data from before the records existed: no catch-up mark yet.
    await remove();
    const mark = await db.get('_local/course-completions').catch(() => null);
    if (mark) await db.remove(mark as never);
    expect(await fresh().catchUp()).toBe(1);
    expect(await records()).toHaveLength(1);
    // A stop between an event and its record: the event is on disk, the record is not.
    await remove();
    expect(await fresh().catchUp()).toBe(0);
    const stored = event('completed', { lessonId: LESSON }, undefined, '2026-11-10T09:00:00.000Z');
    await app.learning.repository.createAll([
      { _id: app.learning.repository.docId(stored.id), type: 'event', createdAt: stored.at, personId: learner.user.id, verb: 'completed', object: { courseId: COURSE, lessonId: LESSON }, at: stored.at, receivedAt: stored.at, workstation: '127.0.0.1' },
    ]);
    app.learning.progress.noteWritten([]);
    expect(await fresh().catchUp()).toBe(1);
    expect((await records())[0]).toMatchObject({ personId: learner.user.id, courseId: COURSE, completedAt: '2026-11-05T09:00:00.000Z' });
  });
});
