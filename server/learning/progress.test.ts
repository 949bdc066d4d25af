// Progress derived from a known set of events, through the API: what a learner
// did is exactly what GET /api/me/progress says, and certificates follow it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import { CODING_LESSON, COURSE, event, LESSON, LESSONS, QUIZ, setUpLearning } from './test-fixtures.ts';

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

const t = (minute: number) => new Date(Date.UTC(2025, 0, 15, 9) + minute * 60_000).toISOString();
const record = async (as: TestSession, events: unknown[]) => {
  const response = await injectAs(app, as, { method: 'POST', url: '/api/events', payload: { events } });
  expect(response.json().rejected).toEqual([]);
};
const progressOf = async (as: TestSession) => {
  const response = await injectAs(app, as, { method: 'GET', url: '/api/me/progress' });
  expect(response.statusCode).toBe(200);
  return response.json().courses;
};
const answered = (activityId: string, score: number, minute: number) => event('answered', { activityId }, { correct: score === 1, score }, t(minute));

describe('GET /api/me/progress', () => {
  it('is empty before any event', async () => {
    expect(await progressOf(learner)).toEqual([]);
  });

  it('derives lessons, mastery, quiz scores, time and typing from a known set of events', async () => {
    await record(learner, [
      event('opened', { lessonId: LESSON }, undefined, t(0)),
      answered('lt-single', 0, 1),
      answered('lt-single', 1, 2), // mastered (default: one correct)
      answered('lt-match', 1, 3),
      answered('lt-match', 0, 4),
      answered('lt-match', 1, 5), // not mastered: never 2 in a row
      answered('lt-multi', 0.5, 6),
      answered('lt-multi', 1, 7),
      answered('lt-multi', 1, 8), // mean of the last three 0.833 ≥ 0.8: mastered
      event('typed', { activityId: 'lt-typing' }, { wpm: 12, accuracy: 0.9 }, t(9)),
      event('typed', { activityId: 'lt-typing' }, { wpm: 18, accuracy: 0.85 }, t(10)), // typing attempts count for mastery
      event('mastered', { activityId: 'lt-tf' }, undefined, t(11)), // the browser's claim alone masters nothing
      event('spent', { lessonId: LESSON }, { durationMs: 90_000 }, t(12)),
      event('completed', { lessonId: LESSON }, undefined, t(13)),
      event('opened', { lessonId: QUIZ }, undefined, t(14)),
      event('submitted', { lessonId: QUIZ }, { score: 0, response: { answers: {} } }, t(15)),
      event('submitted', { lessonId: QUIZ }, { score: 1, response: { answers: { 'lt-quiz-q1': { value: true } } } }, t(16)),
      event('submitted', { lessonId: QUIZ }, { score: 0.4, response: { answers: {} } }, t(17)),
      event('spent', { lessonId: QUIZ }, { durationMs: 30_000 }, t(18)),
    ]);
    expect(await progressOf(learner)).toEqual([{
      courseId: COURSE,
      title: 'Learning test course',
      language: 'en',
      lessonsTotal: 3,
      lessonsCompleted: 1,
      completedLessonIds: [LESSON],
      activitiesTotal: 10,
      activitiesMastered: 3, // single, multi (minScore), typing; not matching, true-false, coding or the quiz
      quizzes: [{ lessonId: QUIZ, title: 'The quiz', bestScore: 1, lastScore: 0.4, passed: true }],
      timeSpentMs: 120_000,
      typing: { bestWpm: 18, latestWpm: 18, bestAccuracy: 0.9, latestAccuracy: 0.85, history: [{ at: t(9), wpm: 12, accuracy: 0.9 }, { at: t(10), wpm: 18, accuracy: 0.85 }] },
      completedAt: null,
      lastLessonId: QUIZ,
      lastOpenedAt: t(14),
    }]);
  });

  it('orders events by their time, not by arrival', async () => {
    // lt-match so far: right at 3, wrong at 4, right at 5. A right answer at 6
    // arrives before a wrong one made at 5.5 (an outbox catching up): by time
    // there is no run of two, so it is not mastered; by arrival it would be.
    await record(learner, [answered('lt-match', 1, 6), answered('lt-match', 0, 5.5)]);
    expect((await progressOf(learner))[0].activitiesMastered).toBe(3);
    await record(learner, [answered('lt-match', 1, 30)]);
    expect((await progressOf(learner))[0].activitiesMastered).toBe(4);
  });

  it('shows only the signed-in person\'s progress', async () => {
    const other = await personWithRoles(app, admin, ['learner'], 'Other');
    expect(await progressOf(other)).toEqual([]);
    await record(other, [event('opened', { lessonId: CODING_LESSON })]);
    const [course] = await progressOf(other);
    expect(course).toMatchObject({ lessonsCompleted: 0, activitiesMastered: 0, lastLessonId: CODING_LESSON, typing: null, quizzes: [] });
  });
});

describe('certificates', () => {
  it('refuses a certificate before the course is completed', async () => {
    const response = await injectAs(app, learner, { method: 'GET', url: `/api/me/certificates/${COURSE}` });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NOT_COMPLETED');
  });

  it('issues one after every lesson is completed, with a code anyone can verify', async () => {
    await record(learner, [
      event('completed', { lessonId: QUIZ }, undefined, t(40)),
      event('completed', { lessonId: CODING_LESSON }, undefined, t(41)),
      event('completed', { lessonId: CODING_LESSON }, undefined, t(50)), // a second completion changes nothing
    ]);
    const [course] = await progressOf(learner);
    expect(course).toMatchObject({ lessonsCompleted: LESSONS.length, completedLessonIds: LESSONS, completedAt: t(41) });

    const response = await injectAs(app, learner, { method: 'GET', url: `/api/me/certificates/${COURSE}` });
    expect(response.statusCode).toBe(200);
    const certificate = response.json();
    expect(certificate).toEqual({
      courseId: COURSE, courseTitle: 'Learning test course', learnerName: learner.user.displayName, completedAt: t(41), hubName: 'Test truck',
      verificationCode: expect.stringMatching(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}$/),
    });
    // Stable: asking again gives the same code.
    expect((await injectAs(app, learner, { method: 'GET', url: `/api/me/certificates/${COURSE}` })).json().verificationCode).toBe(certificate.verificationCode);

    const verify = (code: string) => app.inject({ method: 'GET', url: `/api/certificates/verify/${encodeURIComponent(code)}` });
    expect((await verify(certificate.verificationCode)).json()).toEqual({ valid: true, courseTitle: 'Learning test course', completedAt: t(41), hubName: 'Test truck' });
    expect((await verify(certificate.verificationCode.toLowerCase().replace(/-/g, ' '))).json().valid).toBe(true);
    const body = (await verify(certificate.verificationCode)).body;
    expect(body).not.toContain(learner.user.displayName);
    const wrong = certificate.verificationCode.startsWith('A') ? `B${certificate.verificationCode.slice(1)}` : `A${certificate.verificationCode.slice(1)}`;
    expect((await verify(wrong)).json()).toEqual({ valid: false, courseTitle: null, completedAt: null, hubName: null });
    expect((await verify('not a code at all')).json().valid).toBe(false);
  });

  it('verifies a code after a restart, without the certificate having been opened since', async () => {
    const code = (await injectAs(app, learner, { method: 'GET', url: `/api/me/certificates/${COURSE}` })).json().verificationCode;
    const dataDir = app.store.dataDir;
    await app.close();
    app = await buildTestApp({ dataDir });
    expect((await app.inject({ method: 'GET', url: `/api/certificates/verify/${code}` })).json()).toMatchObject({ valid: true, completedAt: t(41) });
  });
});
