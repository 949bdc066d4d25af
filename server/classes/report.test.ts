// The class report from a known set of events: the figures are what the
// events say, and the CSV export carries exactly the JSON's figures.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { createPerson, injectAs, personWithRoles, signInLearner, type TestSession } from '../../tests/support/auth.ts';
import { COURSE, event, LESSON, QUIZ, setUpLearning } from '../learning/test-fixtures.ts';
import { REPORT_CSV_COLUMNS } from './report-csv.ts';

let app: FastifyInstance;
let teacher: TestSession;
let classId: string;
let asha: { id: string };
let baraka: { id: string };

const t = (minute: number, day = 15) => new Date(Date.UTC(2025, 0, day, 9) + minute * 60_000).toISOString();
const answered = (activityId: string, correct: boolean, minute: number, response: unknown = { value: correct }) => event('answered', { activityId }, { correct, score: correct ? 1 : 0, response }, t(minute));
const submitted = (score: number, value: boolean, minute: number) => event('submitted', { lessonId: QUIZ }, { score, response: { answers: { 'lt-quiz-q1': { value } } } }, t(minute));

async function record(as: TestSession, events: unknown[]) {
  const response = await injectAs(app, as, { method: 'POST', url: '/api/events', payload: { events } });
  expect(response.json().rejected).toEqual([]);
}

beforeAll(async () => {
  app = await buildTestApp();
  const { admin } = await setUpLearning(app);
  teacher = await personWithRoles(app, admin, ['teacher'], 'Teacher');
  asha = await createPerson(app, admin, { givenName: 'Asha', familyName: 'Otieno' });
  baraka = await createPerson(app, admin, { givenName: 'Baraka', familyName: 'Mwangi' });
  classId = (await injectAs(app, teacher, { method: 'POST', url: '/api/classes', payload: { name: 'Report class' } })).json().id;
  await injectAs(app, teacher, { method: 'POST', url: `/api/classes/${classId}/learners`, payload: { personIds: [asha.id, baraka.id] } });
  await injectAs(app, teacher, { method: 'PATCH', url: `/api/classes/${classId}`, payload: { groups: [{ id: 'g-a', name: 'Group A', learnerIds: [asha.id] }] } });
  await injectAs(app, teacher, { method: 'POST', url: `/api/classes/${classId}/assignments`, payload: { item: { kind: 'course', id: COURSE } } });
  await injectAs(app, teacher, { method: 'POST', url: `/api/classes/${classId}/sessions`, payload: { attendance: [{ personId: asha.id, status: 'present' }, { personId: baraka.id, status: 'absent' }] } });

  // Reports are asked for before the events arrive: the in-memory cache must follow ingest.
  expect((await injectAs(app, teacher, { url: `/api/classes/${classId}/report` })).json().learners[0].attempts).toBe(0);

  await record(await signInLearner(app, asha.id, '1234'), [
    answered('lt-single', false, 1, { choice: 1 }),
    answered('lt-single', true, 2, { choice: 0 }),
    answered('lt-tf', false, 3),
    answered('lt-tf', false, 4),
    answered('lt-tf', false, 5),
    answered('lt-short', true, 6, { text: 'Enter' }),
    event('spent', { lessonId: LESSON }, { durationMs: 120_000 }, t(7)),
    event('completed', { lessonId: LESSON }, undefined, t(8)),
    submitted(0, false, 9),
    submitted(1, true, 10),
    event('typed', { activityId: 'lt-typing' }, { wpm: 20, accuracy: 0.9 }, t(11)),
    event('typed', { activityId: 'lt-typing' }, { wpm: 25, accuracy: 0.95 }, t(12)),
    event('spent', { lessonId: LESSON }, { durationMs: 60_000 }, t(0, 16)),
  ]);
  await record(await signInLearner(app, baraka.id, '1234'), [answered('lt-single', true, 1, { choice: 0 }), submitted(0, false, 2)]);
});
afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

const report = async (query = '') => {
  const response = await injectAs(app, teacher, { url: `/api/classes/${classId}/report${query}` });
  expect(response.statusCode).toBe(200);
  expect(response.headers['server-timing']).toMatch(/^report;dur=\d/);
  return response;
};

describe('GET /api/classes/:id/report', () => {
  it('computes the grid, quizzes, attendance, time and typing from a known set of events', async () => {
    const body = (await report()).json();
    expect(body.lessons.map((l: { lessonId: string }) => l.lessonId)).toEqual(['lt-l1', 'lt-l2', 'lt-quiz']);
    expect(body.activities).toHaveLength(10);
    const [a, b] = body.learners;
    expect(a).toMatchObject({
      name: 'Asha Otieno', groups: ['Group A'], lessonsCompleted: 1, activitiesMastered: 4, activitiesTried: 5, attempts: 10,
      quizAveragePercent: 100, timeLearntMinutes: 3, typingPractices: 2, typingBestWpm: 25, typingLatestWpm: 25,
      present: 1, late: 0, absent: 0, lessons: ['completed', 'none', 'started'], quizzes: [100],
    });
    const cell = (row: { cells: unknown[] }, id: string) => row.cells[body.activities.findIndex((x: { id: string }) => x.id === id)];
    expect(cell(a, 'lt-single')).toEqual({ status: 'mastered', attempts: 2, bestPercent: 100 });
    expect(cell(a, 'lt-tf')).toEqual({ status: 'struggling', attempts: 3, bestPercent: 0 });
    expect(cell(a, 'lt-code')).toEqual({ status: 'none', attempts: 0, bestPercent: null });
    expect(cell(a, 'lt-quiz-q1')).toEqual({ status: 'mastered', attempts: 2, bestPercent: 100 });
    expect(b).toMatchObject({ name: 'Baraka Mwangi', lessonsCompleted: 0, activitiesMastered: 1, activitiesTried: 2, attempts: 2, quizAveragePercent: 0, timeLearntMinutes: 0, typingBestWpm: null, present: 0, absent: 1 });
    expect(body.quizzes).toEqual([{ lessonId: QUIZ, title: 'The quiz', submissions: 3, learnersSubmitted: 2, averageBestPercent: 50, passed: 1, mostMissed: [{ activityId: 'lt-quiz-q1', prompt: 'The screen is an output device.', missed: 2, marked: 3 }] }]);
    expect(body.sessions).toHaveLength(1);
    expect(body.sessions[0]).toMatchObject({ present: 1, absent: 1, late: 0 });
  });

  it('gives the same figures as CSV, cell for cell', async () => {
    const json = (await report()).json();
    const response = await report('?format=csv');
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/report-Report-class\.csv/);
    const [header, ...rows] = parse(response.body, { bom: true }) as string[][];
    expect(rows).toHaveLength(json.learners.length);
    const fields: Record<string, string> = {
      learner: 'name', person_id: 'personId', lessons_completed: 'lessonsCompleted', activities_mastered: 'activitiesMastered', activities_tried: 'activitiesTried',
      attempts: 'attempts', quiz_average_percent: 'quizAveragePercent', time_learnt_minutes: 'timeLearntMinutes', typing_practices: 'typingPractices',
      typing_best_wpm: 'typingBestWpm', typing_latest_wpm: 'typingLatestWpm', sessions_present: 'present', sessions_late: 'late', sessions_absent: 'absent',
    };
    json.learners.forEach((learner: Record<string, unknown> & { cells: { status: string }[]; quizzes: (number | null)[] }, i: number) => {
      const row = Object.fromEntries(header!.map((name, j) => [name, rows[i]![j]]));
      for (const column of REPORT_CSV_COLUMNS) {
        if (column === 'groups') expect(row.groups).toBe((learner.groups as string[]).join('; '));
        else expect(row[column]).toBe(learner[fields[column]!] === null ? '' : String(learner[fields[column]!]));
      }
      expect(row['quiz best percent: The quiz']).toBe(String(learner.quizzes[0]));
      json.activities.forEach((activity: { id: string }, k: number) => expect(row[`activity ${activity.id}`]).toBe(learner.cells[k]!.status));
    });
  });

  it('filters by group and by date range', async () => {
    const group = (await report('?group=g-a')).json();
    expect(group.learners.map((l: { name: string }) => l.name)).toEqual(['Asha Otieno']);
    expect(group.filters.group).toEqual({ id: 'g-a', name: 'Group A' });
    const day = (await report('?from=2025-01-15&to=2025-01-15')).json();
    expect(day.learners[0].timeLearntMinutes).toBe(2);
    expect(day.sessions).toEqual([]);
    expect(day.learners[0].present).toBe(0);
    const later = (await report('?from=2025-01-16')).json();
    expect(later.learners[0]).toMatchObject({ timeLearntMinutes: 1, attempts: 0 });
    const unknown = await injectAs(app, teacher, { url: `/api/classes/${classId}/report?group=nope` });
    expect(unknown.json().code).toBe('UNKNOWN_GROUP');
  });

  it("drills down to a learner's answers, quiz questions marked", async () => {
    const response = await injectAs(app, teacher, { url: `/api/classes/${classId}/learners/${asha.id}/answers` });
    expect(response.statusCode).toBe(200);
    const { answers, name } = response.json();
    expect(name).toBe('Asha Otieno');
    const quiz = answers.find((a: { verb: string; scorePercent: number }) => a.verb === 'submitted' && a.scorePercent === 100);
    expect(quiz.questions).toEqual([{ activityId: 'lt-quiz-q1', prompt: 'The screen is an output device.', answer: 'true', correct: true, scorePercent: 100 }]);
    const single = answers.filter((a: { activityId?: string }) => a.activityId === 'lt-single');
    expect(single.map((a: { answer: string; correct: boolean }) => [a.answer, a.correct])).toEqual([['The screen', true], ['The mouse', false]]);
    const outsider = await injectAs(app, teacher, { url: `/api/classes/${classId}/learners/${teacher.user.id}/answers` });
    expect(outsider.json().code).toBe('NOT_IN_CLASS');
  });

  it("shows the teacher today's session, who is struggling and recent submissions", async () => {
    const home = (await injectAs(app, teacher, { url: '/api/teach/home' })).json();
    expect(home.todaysClasses.map((c: { name: string }) => c.name)).toEqual(['Report class']);
    expect(home.todaysClasses[0].sessionToday).toEqual({ present: 1, late: 0, absent: 1 });
    expect(home.struggling).toEqual([expect.objectContaining({ name: 'Asha Otieno', reason: 'failedAttempts', lessonTitle: 'Every kind', failures: 3 })]);
    expect(home.recentSubmissions[0]).toMatchObject({ name: 'Asha Otieno', verb: 'submitted', scorePercent: 100, lessonTitle: 'The quiz' });
  });
});
