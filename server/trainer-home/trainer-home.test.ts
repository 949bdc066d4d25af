// The trainer's home from a known set: three teachers in a cohort, their
// events, observations, certification decisions, a draft and course reviews
// (written straight into the hub database, as their own domains would).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import { COURSE, CODING_LESSON, event, LESSON, setUpLearning } from '../learning/test-fixtures.ts';

let app: FastifyInstance;
let admin: TestSession;
let trainer: TestSession;
let otherTrainer: TestSession;
let amina: TestSession; // quiet for 20 days, observed twice, certified, authored a course under review
let baraka: TestSession; // never did anything
let chiku: TestSession; // active today
let cohortId: string;

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600_000).toISOString();
const post = (as: TestSession, url: string, payload: object) => injectAs(app, as, { method: 'POST', url, payload });

beforeAll(async () => {
  app = await buildTestApp();
  ({ admin } = await setUpLearning(app));
  trainer = await personWithRoles(app, admin, ['trainer'], 'Trainer');
  otherTrainer = await personWithRoles(app, admin, ['trainer'], 'Other');
  amina = await personWithRoles(app, admin, ['teacher'], 'Amina');
  baraka = await personWithRoles(app, admin, ['teacher'], 'Baraka');
  chiku = await personWithRoles(app, admin, ['teacher'], 'Chiku');
  cohortId = (await post(trainer, '/api/cohorts', { name: 'Cohort A' })).json().id;
  await post(trainer, `/api/cohorts/${cohortId}/learners`, { personIds: [amina.user.id, baraka.user.id, chiku.user.id] });
  expect((await post(trainer, `/api/cohorts/${cohortId}/assignments`, { item: { kind: 'course', id: COURSE } })).statusCode).toBe(201);

  const sent = async (as: TestSession, events: unknown[]) => expect((await post(as, '/api/events', { events })).json().rejected).toEqual([]);
  await sent(amina, [event('completed', { lessonId: LESSON }, undefined, daysAgo(21)), event('completed', { lessonId: CODING_LESSON }, undefined, daysAgo(20))]);
  await sent(chiku, [event('completed', { lessonId: LESSON }, undefined, daysAgo(0))]);

  const hub = app.store.hubId;
  const db = app.store.databases.hub;
  const now = new Date().toISOString();
  const base = { createdAt: now, updatedAt: now };
  const observation = (id: string, date: string, averageScore: number) => ({
    _id: `observation:${hub}:${id}`, type: 'observation', ...base, teacherId: amina.user.id, sessionId: `attendance:${hub}:x.${date}`, classId: `class:${hub}:x`,
    date, observerId: trainer.user.id, scores: [{ criterionId: 'prep', label: 'Preparation', score: Math.round(averageScore) }], averageScore,
  });
  const decision = (id: string, decision: 'certified' | 'not-yet', decidedAt: string) => ({
    _id: `certification:${hub}:${id}`, type: 'certification', ...base, teacherId: amina.user.id, levelId: 'level-1', levelName: 'Level 1', decision,
    evaluation: { courseIdsCompleted: [], courseIdsMissing: [], qualifyingObservations: 2, met: decision === 'certified' }, certifiedBy: trainer.user.id, decidedAt,
  });
  const review = (courseId: string, authorId: string, status: string, at: string) => ({
    _id: `course-review:${hub}:${courseId}`, type: 'course-review', ...base, courseId, authorId, status, version: 1,
    rounds: [{ kind: 'submitted', by: authorId, at, version: 1, comments: [] }], updatedAt: at,
  });
  await db.bulkDocs([
    observation('o1', '2026-01-10', 2.5),
    observation('o2', '2026-02-01', 3.25),
    decision('c1', 'not-yet', daysAgo(30)),
    decision('c2', 'certified', daysAgo(2)),
    // A later 'not yet' for a higher level does not hide the level the teacher holds.
    { ...decision('c3', 'not-yet', daysAgo(1)), levelId: 'level-2', levelName: 'Level 2' },
    {
      _id: `course-draft:${hub}:${hub}-water`, type: 'course-draft', ...base, courseId: `${hub}-water`, updatedAt: daysAgo(3), updatedBy: { id: amina.user.id },
      meta: { title: 'Clean water at home', language: 'en', level: 'beginner', tags: [], estimatedMinutes: 30, licence: 'CC-BY-4.0', authors: [] }, description: '', modules: [], publishedVersion: 1,
    },
    review(`${hub}-water`, amina.user.id, 'submitted', daysAgo(1)),
    review(`${hub}-other`, chiku.user.id, 'approved', daysAgo(5)),
  ] as never[]);
}, 120_000);

afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

describe('GET /api/trainer/home', () => {
  it('lists the teachers of my cohorts with their training, observations, certification and curricula', async () => {
    const response = await injectAs(app, trainer, { url: '/api/trainer/home' });
    expect(response.statusCode).toBe(200);
    const home = response.json();
    expect(home.cohorts.map((c: { id: string }) => c.id)).toEqual([cohortId]);
    expect(home.teachers.map((t: { name: string }) => t.name)).toEqual(['Amina Otieno', 'Baraka Otieno', 'Chiku Otieno']);
    const [a, b, c] = home.teachers;
    expect(a).toMatchObject({
      cohorts: [{ id: cohortId, name: 'Cohort A' }],
      training: { lessonsAssigned: 3, lessonsCompleted: 2, percent: 67, coursesAssigned: 1, coursesCompleted: 0 },
      observations: { count: 2, latestDate: '2026-02-01', latestAverage: 3.25 },
      certification: { levelId: 'level-1', levelName: 'Level 1', decision: 'certified' },
      curricula: [{ courseId: `${app.store.hubId}-water`, title: 'Clean water at home', publishedVersion: 1, review: 'submitted' }],
      stalled: true,
    });
    expect(b).toMatchObject({ training: { lessonsCompleted: 0, percent: 0 }, observations: { count: 0, latestAverage: null }, certification: null, curricula: [], lastActivityAt: null, stalled: true });
    expect(c).toMatchObject({ training: { lessonsCompleted: 1, percent: 33 }, stalled: false });
  });

  it('says what needs the trainer: reviews waiting and teachers stalled (quiet 14 days, or never active)', async () => {
    const { attention, stalledAfterDays } = (await injectAs(app, trainer, { url: '/api/trainer/home' })).json();
    expect(stalledAfterDays).toBe(14);
    expect(attention.reviews).toEqual([expect.objectContaining({ courseId: `${app.store.hubId}-water`, title: 'Clean water at home', authorId: amina.user.id, authorName: 'Amina Otieno', version: 1 })]);
    expect(attention.stalled.map((s: { name: string; reason: string }) => [s.name, s.reason])).toEqual([['Amina Otieno', 'quiet'], ['Baraka Otieno', 'never']]);
  });

  it("shows another trainer none of these teachers, and refuses teachers", async () => {
    const other = (await injectAs(app, otherTrainer, { url: '/api/trainer/home' })).json();
    expect(other.teachers).toEqual([]);
    expect(other.cohorts).toEqual([]);
    // Reviews wait for any trainer of the hub.
    expect(other.attention.reviews).toHaveLength(1);
    expect((await injectAs(app, amina, { url: '/api/trainer/home' })).statusCode).toBe(403);
    expect((await injectAs(app, admin, { url: '/api/trainer/home' })).json().teachers).toHaveLength(3);
  });
});
