// Teacher cohorts (issue 9): classes of kind 'cohort' under /api/cohorts, run
// by trainers, whose members are teachers. On a hub with the seed curriculum,
// so the seed teacher course "Teaching with the digital classroom" is assigned.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SEED_PACK_DIR } from '../config.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { createPerson, injectAs, personWithRoles, signInLearner, type TestSession } from '../../tests/support/auth.ts';
import { event, LESSON, setUpLearning } from '../learning/test-fixtures.ts';
import { REPORT_CSV_COLUMNS } from './report-csv.ts';
import { localDay } from './service.ts';

const SEED_COURSE = 'teaching-digital-classroom-en';

let app: FastifyInstance;
let admin: TestSession;
let trainer: TestSession;
let otherTrainer: TestSession;
let teacher: TestSession;
let teacher2: TestSession;
let learner: { id: string };
let cohortId: string;
let classId: string;

const post = (as: TestSession, url: string, payload: object) => injectAs(app, as, { method: 'POST', url, payload });
const get = (as: TestSession, url: string) => injectAs(app, as, { url });

beforeAll(async () => {
  app = await buildTestApp({ seedPackDir: SEED_PACK_DIR });
  ({ admin } = await setUpLearning(app));
  trainer = await personWithRoles(app, admin, ['trainer'], 'Trainer');
  otherTrainer = await personWithRoles(app, admin, ['trainer'], 'Othertrainer');
  teacher = await personWithRoles(app, admin, ['teacher'], 'Neema');
  teacher2 = await personWithRoles(app, admin, ['teacher'], 'Juma');
  learner = await createPerson(app, admin, { givenName: 'Asha' });
  const created = await post(trainer, '/api/cohorts', { name: 'Kisumu teachers 2026', visitDates: [localDay()] });
  expect(created.statusCode).toBe(201);
  expect(created.json()).toMatchObject({ kind: 'cohort', teachers: [{ id: trainer.user.id }], learnerCount: 0 });
  cohortId = created.json().id;
  const cls = await post(teacher, '/api/classes', { name: 'Neema morning class' });
  classId = cls.json().id;
  await post(teacher, `/api/classes/${classId}/learners`, { personIds: [learner.id] });
}, 120_000);

afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

describe('cohorts', () => {
  it('are created by trainers (not teachers) and seen by the trainers who run them (and administrators) only', async () => {
    const byTeacher = await post(teacher, '/api/cohorts', { name: 'Mine' });
    expect(byTeacher.statusCode).toBe(403);
    expect(byTeacher.json().code).toBe('FORBIDDEN');
    expect((await get(teacher, '/api/cohorts')).statusCode).toBe(403);
    expect((await get(trainer, '/api/cohorts')).json().classes.map((c: { id: string }) => c.id)).toEqual([cohortId]);
    expect((await get(otherTrainer, '/api/cohorts')).json().classes).toEqual([]);
    expect((await get(admin, '/api/cohorts')).json().classes.map((c: { id: string }) => c.id)).toEqual([cohortId]);
    // A trainer cannot open, change or read the report of another trainer's cohort.
    const attempts = await Promise.all([
      get(otherTrainer, `/api/cohorts/${cohortId}`),
      get(otherTrainer, `/api/cohorts/${cohortId}/report`),
      get(otherTrainer, `/api/cohorts/${cohortId}/sessions`),
      post(otherTrainer, `/api/cohorts/${cohortId}/learners`, { personIds: [teacher.user.id] }),
      post(otherTrainer, `/api/cohorts/${cohortId}/assignments`, { item: { kind: 'course', id: SEED_COURSE } }),
      injectAs(app, otherTrainer, { method: 'PATCH', url: `/api/cohorts/${cohortId}`, payload: { name: 'Mine now' } }),
    ]);
    for (const response of attempts) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'NOT_YOUR_COHORT', message: expect.stringContaining('You do not run the cohort Kisumu teachers 2026') });
    }
    // Co-trainers must be trainers (or administrators).
    const coTeacher = await injectAs(app, trainer, { method: 'PATCH', url: `/api/cohorts/${cohortId}`, payload: { teacherIds: [trainer.user.id, teacher.user.id] } });
    expect(coTeacher.statusCode).toBe(400);
    expect(coTeacher.json()).toMatchObject({ code: 'NOT_TRAINERS', message: expect.stringContaining(teacher.user.id) });
  });

  it('are kept apart from classes: each route finds its own kind only (404 for the other)', async () => {
    expect((await get(admin, '/api/classes')).json().classes.map((c: { id: string }) => c.id)).toEqual([classId]);
    expect((await get(admin, '/api/cohorts')).json().classes.map((c: { id: string }) => c.id)).toEqual([cohortId]);
    for (const url of [`/api/classes/${cohortId}`, `/api/classes/${cohortId}/report`, `/api/classes/${cohortId}/sessions`, `/api/cohorts/${classId}`, `/api/cohorts/${classId}/report`, `/api/cohorts/${classId}/assignments`]) {
      const response = await get(admin, url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    expect((await post(admin, `/api/classes/${cohortId}/learners`, { personIds: [learner.id] })).statusCode).toBe(404);
    expect((await get(admin, '/api/teach/home')).json().classes.map((c: { id: string }) => c.id)).toEqual([classId]);
  });

  it('enrol active teachers only, refusing a learner or a trainer with a message naming them, and enrolling nobody then', async () => {
    const refused = await post(trainer, `/api/cohorts/${cohortId}/learners`, { personIds: [teacher.user.id, learner.id, otherTrainer.user.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('NOT_COHORT_TEACHERS');
    expect(refused.json().message).toMatch(/not active teachers on this hub: .*A cohort enrols teachers; learners join classes/);
    expect(refused.json().message).toContain(learner.id);
    expect(refused.json().message).toContain(otherTrainer.user.id);
    expect(refused.json().message).not.toContain(teacher.user.id);
    expect((await get(trainer, `/api/cohorts/${cohortId}`)).json().learnerCount).toBe(0);
    const enrolled = await post(trainer, `/api/cohorts/${cohortId}/learners`, { personIds: [teacher.user.id, teacher2.user.id] });
    expect(enrolled.statusCode).toBe(200);
    expect(enrolled.json().learners.map((l: { name: string }) => l.name).sort()).toEqual(['Juma Otieno', 'Neema Otieno']);
    // Teachers stay teachers of their class.
    expect((await get(teacher, `/api/classes/${classId}`)).statusCode).toBe(200);
  });

  it("takes a session's attendance, assigns the seed teacher course, and the teacher sees it as from their trainer", async () => {
    const session = await post(trainer, `/api/cohorts/${cohortId}/sessions`, { place: 'Kisumu', attendance: [{ personId: teacher.user.id, status: 'present' }, { personId: teacher2.user.id, status: 'late' }] });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ date: localDay(), counts: { present: 1, late: 1, absent: 0 }, teacher: { id: trainer.user.id } });
    // Marked as a cohort's session, so central counts it as teacher training, not as a class of learners.
    expect(await app.store.databases.hub.get(session.json().id)).toMatchObject({ type: 'attendance', kind: 'cohort' });
    const outsider = await post(trainer, `/api/cohorts/${cohortId}/sessions`, { attendance: [{ personId: learner.id, status: 'present' }] });
    expect(outsider.json()).toMatchObject({ code: 'NOT_IN_COHORT', message: expect.stringContaining(learner.id) });

    const assigned = await post(trainer, `/api/cohorts/${cohortId}/assignments`, { item: { kind: 'course', id: SEED_COURSE }, dueDate: '2030-06-30' });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json()).toMatchObject({ classId: cohortId, item: { kind: 'course', id: SEED_COURSE, title: 'Teaching with the digital classroom' } });
    expect(assigned.json().learnerIds.sort()).toEqual([teacher.user.id, teacher2.user.id].sort());
    expect((await get(trainer, `/api/cohorts/${cohortId}/assignments`)).json().assignments).toHaveLength(1);

    const mine = (await get(teacher, '/api/me/assignments')).json().assignments;
    expect(mine).toEqual([expect.objectContaining({ from: 'cohort', className: 'Kisumu teachers 2026', itemId: SEED_COURSE, firstLessonId: 'teach-en-l01', done: false })]);
    // The learner's class assignments stay "from a teacher".
    await post(teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'lesson', id: LESSON } });
    const learnerSees = (await get(await signInLearner(app, learner.id, '1234'), '/api/me/assignments')).json().assignments;
    expect(learnerSees).toEqual([expect.objectContaining({ from: 'class', itemId: LESSON })]);
  });

  it("reports the teachers' progress on the assigned course, the CSV carrying the JSON's figures cell for cell", async () => {
    const sent = await post(teacher, '/api/events', {
      events: [
        event('answered', { courseId: SEED_COURSE, lessonId: 'teach-en-l01', activityId: 'teach-en-l01-a1' }, { correct: false, score: 0 }),
        event('answered', { courseId: SEED_COURSE, lessonId: 'teach-en-l01', activityId: 'teach-en-l01-a1' }, { correct: true, score: 1 }),
        event('spent', { courseId: SEED_COURSE, lessonId: 'teach-en-l01' }, { durationMs: 240_000 }),
        event('completed', { courseId: SEED_COURSE, lessonId: 'teach-en-l01' }),
      ],
    });
    expect(sent.json().rejected).toEqual([]);
    const response = await get(trainer, `/api/cohorts/${cohortId}/report`);
    expect(response.statusCode).toBe(200);
    const json = response.json();
    expect(json).toMatchObject({ classId: cohortId, className: 'Kisumu teachers 2026' });
    expect(json.lessons.map((l: { lessonId: string }) => l.lessonId)).toEqual(['teach-en-l01', 'teach-en-l02', 'teach-en-l03', 'teach-en-l04', 'teach-en-l05', 'teach-en-l06']);
    const neema = json.learners.find((l: { personId: string }) => l.personId === teacher.user.id);
    expect(neema).toMatchObject({ lessonsCompleted: 1, attempts: 2, timeLearntMinutes: 4, present: 1, late: 0, lessons: ['completed', 'none', 'none', 'none', 'none', 'none'] });
    expect(json.learners.find((l: { personId: string }) => l.personId === teacher2.user.id)).toMatchObject({ lessonsCompleted: 0, attempts: 0, late: 1 });

    const csv = await get(trainer, `/api/cohorts/${cohortId}/report?format=csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/report-Kisumu-teachers-2026\.csv/);
    const [header, ...rows] = parse(csv.body, { bom: true }) as string[][];
    expect(rows).toHaveLength(json.learners.length);
    const fields: Record<string, string> = {
      learner: 'name', person_id: 'personId', lessons_completed: 'lessonsCompleted', activities_mastered: 'activitiesMastered', activities_tried: 'activitiesTried',
      attempts: 'attempts', quiz_average_percent: 'quizAveragePercent', time_learnt_minutes: 'timeLearntMinutes', typing_practices: 'typingPractices',
      typing_best_wpm: 'typingBestWpm', typing_latest_wpm: 'typingLatestWpm', sessions_present: 'present', sessions_late: 'late', sessions_absent: 'absent',
    };
    json.learners.forEach((row: Record<string, unknown> & { groups: string[]; lessons: string[]; quizzes: (number | null)[]; cells: { status: string }[] }, i: number) => {
      const cells = rows[i]!;
      expect(cells).toHaveLength(header!.length);
      const byName = Object.fromEntries(header!.map((name, j) => [name, cells[j]]));
      for (const column of REPORT_CSV_COLUMNS) {
        if (column === 'groups') expect(byName.groups).toBe(row.groups.join('; '));
        else expect(byName[column], column).toBe(row[fields[column]!] === null ? '' : String(row[fields[column]!]));
      }
      // Every remaining cell, in order: quiz best percents, lesson states, activity states.
      const rest = cells.slice(REPORT_CSV_COLUMNS.length);
      expect(rest).toEqual([...row.quizzes.map((q) => (q === null ? '' : String(q))), ...row.lessons, ...row.cells.map((c) => c.status)]);
    });
    // The drill-down names the teacher's answers; someone outside the cohort is refused.
    expect((await get(trainer, `/api/cohorts/${cohortId}/learners/${teacher.user.id}/answers`)).json().answers).toHaveLength(2);
    expect((await get(trainer, `/api/cohorts/${cohortId}/learners/${learner.id}/answers`)).json().code).toBe('NOT_IN_COHORT');
  });

  it('documents every cohort route in the OpenAPI document', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    const expected = [
      ['get', '/api/cohorts'], ['post', '/api/cohorts'], ['get', '/api/cohorts/{id}'], ['patch', '/api/cohorts/{id}'],
      ['post', '/api/cohorts/{id}/learners'], ['delete', '/api/cohorts/{id}/learners/{personId}'],
      ['get', '/api/cohorts/{id}/sessions'], ['post', '/api/cohorts/{id}/sessions'],
      ['get', '/api/cohorts/{id}/assignments'], ['post', '/api/cohorts/{id}/assignments'], ['post', '/api/cohorts/{id}/assignments/{assignmentId}/release'],
      ['get', '/api/cohorts/{id}/report'], ['get', '/api/cohorts/{id}/learners/{personId}/answers'],
    ];
    for (const [method, path] of expected as [string, string][]) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.tags).toEqual(['cohorts']);
      expect(Object.keys(operation.responses)).toContain('403');
    }
    expect(Object.keys(doc.paths['/api/cohorts/{id}/report'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
  });
});
