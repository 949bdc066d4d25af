// For the observation and certification tests only: a set-up hub with the
// learning test course, a trainer, two teachers and a learner, a class the
// first teacher teaches with today's session taken through the API, and
// earlier sessions written as the classes repository writes them (the API
// only takes today's attendance).
import type { FastifyInstance } from 'fastify';
import type { AttendanceDoc } from '../../sync/documents.ts';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { createPerson, injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import { setUpLearning } from '../learning/test-fixtures.ts';

export type App = FastifyInstance;

export async function trainingWorld() {
  const app = await buildTestApp();
  const { admin } = await setUpLearning(app);
  const trainer = await personWithRoles(app, admin, ['trainer'], 'Trainer');
  const teacher = await personWithRoles(app, admin, ['teacher'], 'Teacher');
  const otherTeacher = await personWithRoles(app, admin, ['teacher'], 'Other');
  const learner = await createPerson(app, admin, { givenName: 'Asha' });
  const created = await injectAs(app, teacher, { method: 'POST', url: '/api/classes', payload: { name: 'Kisumu morning' } });
  if (created.statusCode !== 201) throw new Error(`class: ${created.statusCode} ${created.body}`);
  const classId = created.json().id as string;
  await injectAs(app, teacher, { method: 'POST', url: `/api/classes/${classId}/learners`, payload: { personIds: [learner.id] } });
  const session = await injectAs(app, teacher, { method: 'POST', url: `/api/classes/${classId}/sessions`, payload: { attendance: [{ personId: learner.id, status: 'present' }] } });
  if (session.statusCode !== 200) throw new Error(`session: ${session.statusCode} ${session.body}`);
  return { app, admin, trainer, teacher, otherTeacher, learnerId: learner.id, classId, sessionId: session.json().id as string };
}

/** A session on an earlier day, as the classes repository writes it. */
export async function pastSession(app: App, classId: string, date: string, teacherId: string): Promise<string> {
  const repository = app.classes.service.repository;
  const now = new Date().toISOString();
  const doc: AttendanceDoc = { _id: repository.attendanceId(classId, date), type: 'attendance', createdAt: now, classId, date, teacherId, statuses: {}, updatedAt: now };
  return (await repository.putAttendance(doc))._id;
}

export const CRITERIA = ['preparation', 'workstations', 'inclusion', 'checking-understanding'];

/** Scores for the default criteria, in their order. */
export const scoresOf = (scores: number[]) => CRITERIA.map((criterionId, i) => ({ criterionId, score: scores[i]! }));

export function observe(app: App, as: TestSession | null, body: object) {
  return injectAs(app, as, { method: 'POST', url: '/api/observations', payload: body });
}
