import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { createPerson, injectAs, personWithRoles, signInLearner, type TestSession } from '../../tests/support/auth.ts';
import { COURSE, LESSON, QUIZ, setUpLearning } from '../learning/test-fixtures.ts';
import { ClassRepository } from './repository.ts';
import { localDay } from './service.ts';

afterAll(removeTempDirs);

type App = Awaited<ReturnType<typeof buildTestApp>>;

async function world() {
  const app = await buildTestApp();
  const { admin } = await setUpLearning(app);
  const teacher = await personWithRoles(app, admin, ['teacher'], 'Teacher');
  const other = await personWithRoles(app, admin, ['teacher'], 'Other');
  const learners = await Promise.all(['Asha', 'Baraka', 'Chausiku'].map((givenName) => createPerson(app, admin, { givenName })));
  const created = await injectAs(app, teacher, { method: 'POST', url: '/api/classes', payload: { name: 'Kisumu morning', level: 'beginner', language: 'en', visitDates: [localDay()] } });
  expect(created.statusCode).toBe(201);
  const classId = created.json().id as string;
  return { app, admin, teacher, other, learners, classId };
}

const post = (app: App, as: TestSession, url: string, payload: object) => injectAs(app, as, { method: 'POST', url, payload });

describe('classes', () => {
  it('lets a teacher create a class, enrol learners, group them, and lists it for its teachers only', async () => {
    const { app, admin, teacher, other, learners, classId } = await world();
    const enrolled = await post(app, teacher, `/api/classes/${classId}/learners`, { personIds: learners.map((l) => l.id) });
    expect(enrolled.statusCode).toBe(200);
    expect(enrolled.json().learners).toHaveLength(3);
    // Enrolling again changes nothing.
    expect((await post(app, teacher, `/api/classes/${classId}/learners`, { personIds: [learners[0]!.id] })).json().learnerCount).toBe(3);
    const grouped = await injectAs(app, teacher, { method: 'PATCH', url: `/api/classes/${classId}`, payload: { groups: [{ name: 'Group A', learnerIds: [learners[0]!.id] }] } });
    expect(grouped.json().groups).toEqual([{ id: 'group-a', name: 'Group A', learnerIds: [learners[0]!.id] }]);
    expect((await injectAs(app, teacher, { url: '/api/classes' })).json().classes.map((c: { id: string }) => c.id)).toEqual([classId]);
    expect((await injectAs(app, other, { url: '/api/classes' })).json().classes).toEqual([]);
    expect((await injectAs(app, admin, { url: '/api/classes' })).json().classes).toHaveLength(1);
    // A co-teacher added by the teacher may act on the class.
    const coTeach = await injectAs(app, teacher, { method: 'PATCH', url: `/api/classes/${classId}`, payload: { teacherIds: [teacher.user.id, other.user.id] } });
    expect(coTeach.statusCode).toBe(200);
    expect((await injectAs(app, other, { url: `/api/classes/${classId}` })).statusCode).toBe(200);
    await app.close();
  });

  it('refuses a teacher acting on a class they do not teach (403), and learners altogether', async () => {
    const { app, other, learners, classId } = await world();
    const attempts = [
      injectAs(app, other, { url: `/api/classes/${classId}` }),
      injectAs(app, other, { url: `/api/classes/${classId}/report` }),
      post(app, other, `/api/classes/${classId}/learners`, { personIds: [learners[0]!.id] }),
      post(app, other, `/api/classes/${classId}/sessions`, { attendance: [{ personId: learners[0]!.id, status: 'present' }] }),
      post(app, other, `/api/classes/${classId}/assignments`, { item: { kind: 'lesson', id: LESSON } }),
      injectAs(app, other, { method: 'PATCH', url: `/api/classes/${classId}`, payload: { name: 'Mine now' } }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'NOT_YOUR_CLASS', message: expect.stringMatching(/do not teach the class Kisumu morning/) });
    }
    const learner = await signInLearner(app, learners[0]!.id, '1234');
    expect((await injectAs(app, learner, { url: '/api/classes' })).statusCode).toBe(403);
    await app.close();
  });

  it('refuses to enrol a staff member, an unknown id or a deactivated learner, naming them, and enrols nobody', async () => {
    const { app, admin, teacher, other, learners, classId } = await world();
    const gone = await createPerson(app, admin, { givenName: 'Gone' });
    await injectAs(app, admin, { method: 'PATCH', url: `/api/people/${gone.id}`, payload: { active: false } });
    const unknown = 'person:hub-aaaaaaaaaa:nobody';
    const response = await post(app, teacher, `/api/classes/${classId}/learners`, { personIds: [learners[0]!.id, other.user.id, unknown, gone.id] });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('NOT_LEARNERS');
    for (const id of [other.user.id, unknown, gone.id]) expect(response.json().message).toContain(id);
    expect(response.json().message).not.toContain(learners[0]!.id);
    expect((await injectAs(app, teacher, { url: `/api/classes/${classId}` })).json().learnerCount).toBe(0);
    const malformed = await post(app, teacher, `/api/classes/${classId}/learners`, { personIds: ['not-a-person'] });
    expect(malformed.statusCode).toBe(400);
    await app.close();
  });

  it('takes attendance for the day in one document, changes it the same day, and refuses learners not enrolled', async () => {
    const { app, teacher, learners, classId } = await world();
    await post(app, teacher, `/api/classes/${classId}/learners`, { personIds: [learners[0]!.id, learners[1]!.id] });
    const first = await post(app, teacher, `/api/classes/${classId}/sessions`, { place: 'Kisumu', attendance: [{ personId: learners[0]!.id, status: 'present' }, { personId: learners[1]!.id, status: 'absent' }] });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ date: localDay(), place: 'Kisumu', editable: true, counts: { present: 1, absent: 1, late: 0 } });
    const again = await post(app, teacher, `/api/classes/${classId}/sessions`, { attendance: [{ personId: learners[1]!.id, status: 'late' }] });
    expect(again.json()).toMatchObject({ id: first.json().id, counts: { present: 1, absent: 0, late: 1 } });
    const outsider = await post(app, teacher, `/api/classes/${classId}/sessions`, { attendance: [{ personId: learners[2]!.id, status: 'present' }] });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json()).toMatchObject({ code: 'NOT_IN_CLASS', message: expect.stringContaining(learners[2]!.id) });
    const badStatus = await post(app, teacher, `/api/classes/${classId}/sessions`, { attendance: [{ personId: learners[0]!.id, status: 'asleep' }] });
    expect(badStatus.statusCode).toBe(400);
    expect((await injectAs(app, teacher, { url: `/api/classes/${classId}/sessions` })).json().sessions).toHaveLength(1);
    await app.close();
  });

  it('refuses to edit attendance on a later day than the session (409 ATTENDANCE_CLOSED)', async () => {
    const { app, teacher, learners, classId } = await world();
    await post(app, teacher, `/api/classes/${classId}/learners`, { personIds: [learners[0]!.id] });
    // Yesterday's session, as written yesterday.
    const yesterday = localDay(new Date(Date.now() - 24 * 3600_000));
    const repository = new ClassRepository(app.store);
    await repository.putAttendance({
      _id: repository.attendanceId(classId, yesterday), type: 'attendance', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
      classId, date: yesterday, teacherId: teacher.user.id, statuses: { [learners[0]!.id]: 'absent' },
    });
    const response = await post(app, teacher, `/api/classes/${classId}/sessions`, { date: yesterday, attendance: [{ personId: learners[0]!.id, status: 'present' }] });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'ATTENDANCE_CLOSED', message: expect.stringContaining(yesterday) });
    const sessions = (await injectAs(app, teacher, { url: `/api/classes/${classId}/sessions` })).json().sessions;
    expect(sessions[0]).toMatchObject({ date: yesterday, editable: false, counts: { absent: 1, present: 0 } });
    await app.close();
  });

  it('assigns to a class, a group or chosen learners, refuses learners not in the class with their ids, and shows each learner only their own', async () => {
    const { app, teacher, learners, classId } = await world();
    const [asha, baraka, chausiku] = learners as [{ id: string }, { id: string }, { id: string }];
    await post(app, teacher, `/api/classes/${classId}/learners`, { personIds: [asha.id, baraka.id] });
    await injectAs(app, teacher, { method: 'PATCH', url: `/api/classes/${classId}`, payload: { groups: [{ id: 'g1', name: 'One', learnerIds: [asha.id] }] } });
    const outside = await post(app, teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'lesson', id: LESSON }, target: { kind: 'learners', personIds: [baraka.id, chausiku.id] } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe('NOT_IN_CLASS');
    expect(outside.json().message).toContain(chausiku.id);
    expect(outside.json().message).not.toContain(baraka.id);
    expect((await post(app, teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'lesson', id: 'no-such-lesson' } })).json().code).toBe('UNKNOWN_CONTENT');
    expect((await post(app, teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'quiz', id: LESSON } })).json().code).toBe('UNKNOWN_CONTENT');
    expect((await post(app, teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'lesson', id: LESSON }, target: { kind: 'group', groupId: 'nope' } })).json().code).toBe('UNKNOWN_GROUP');

    const toClass = await post(app, teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'course', id: COURSE }, dueDate: '2030-01-31' });
    expect(toClass.statusCode).toBe(201);
    expect(toClass.json().learnerIds.sort()).toEqual([asha.id, baraka.id].sort());
    await post(app, teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'quiz', id: QUIZ }, target: { kind: 'group', groupId: 'g1' }, showResults: 'later' });
    await post(app, teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'lesson', id: LESSON }, target: { kind: 'learners', personIds: [baraka.id] } });

    const mine = async (id: string) => (await injectAs(app, await signInLearner(app, id, '1234'), { url: '/api/me/assignments' })).json().assignments;
    expect((await mine(asha.id)).map((a: { itemId: string; resultsHeld: boolean }) => [a.itemId, a.resultsHeld]).sort()).toEqual([[COURSE, false], [QUIZ, true]]);
    expect((await mine(baraka.id)).map((a: { itemId: string }) => a.itemId).sort()).toEqual([COURSE, LESSON].sort());
    expect(await mine(chausiku.id)).toEqual([]);
    await app.close();
  });

  it('holds quiz results back from learners until the teacher releases them, and scores the held submission on the hub', async () => {
    const { app, teacher, learners, classId } = await world();
    const asha = learners[0]!;
    await post(app, teacher, `/api/classes/${classId}/learners`, { personIds: [asha.id] });
    const assignment = (await post(app, teacher, `/api/classes/${classId}/assignments`, { item: { kind: 'quiz', id: QUIZ }, showResults: 'later' })).json();
    const learner = await signInLearner(app, asha.id, '1234');
    const check = async () => (await post(app, learner, '/api/activities/lt-quiz-q1/check', { response: { value: true } })).json();
    expect(await check()).toEqual({ correct: false, score: 0, held: true, feedback: {} });
    // Not a quiz: marked as usual.
    expect((await post(app, learner, '/api/activities/lt-tf/check', { response: { value: true } })).json()).toMatchObject({ correct: true, score: 1 });
    // The browser knows no score: it sends the answers only; the report marks them.
    const at = new Date(Date.now() - 60_000).toISOString();
    const sent = await post(app, learner, '/api/events', { events: [{ id: 'held-quiz-submission-1', verb: 'submitted', object: { courseId: COURSE, lessonId: QUIZ }, result: { response: { answers: { 'lt-quiz-q1': { value: true } } } }, at }] });
    expect(sent.json().accepted).toEqual(['held-quiz-submission-1']);
    const report = (await injectAs(app, teacher, { url: `/api/classes/${classId}/report` })).json();
    expect(report.learners[0].quizzes).toEqual([100]);
    expect((await injectAs(app, learner, { url: '/api/me/assignments' })).json().assignments[0]).toMatchObject({ itemId: QUIZ, resultsHeld: true });

    const released = await post(app, teacher, `/api/classes/${classId}/assignments/${assignment.id}/release`, {});
    expect(released.json()).toMatchObject({ released: true });
    expect(await check()).toMatchObject({ correct: true, score: 1 });
    expect((await injectAs(app, learner, { url: '/api/me/assignments' })).json().assignments[0]).toMatchObject({ resultsHeld: false });
    await app.close();
  });

  it('documents every classes route in the OpenAPI document', async () => {
    const app = await buildTestApp();
    const doc = (await app.inject('/api/openapi.json')).json();
    const expected = [
      ['get', '/api/classes'], ['post', '/api/classes'], ['get', '/api/classes/{id}'], ['patch', '/api/classes/{id}'],
      ['post', '/api/classes/{id}/learners'], ['delete', '/api/classes/{id}/learners/{personId}'],
      ['get', '/api/classes/{id}/sessions'], ['post', '/api/classes/{id}/sessions'],
      ['get', '/api/classes/{id}/assignments'], ['post', '/api/classes/{id}/assignments'], ['post', '/api/classes/{id}/assignments/{assignmentId}/release'],
      ['get', '/api/classes/{id}/report'], ['get', '/api/classes/{id}/learners/{personId}/answers'], ['get', '/api/teach/home'], ['get', '/api/me/assignments'],
    ];
    for (const [method, path] of expected as [string, string][]) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(Object.keys(operation.responses)).toContain('403');
      expect(operation.responses['200'] ?? operation.responses['201']).toBeDefined();
    }
    expect(Object.keys(doc.paths['/api/classes/{id}/report'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    await app.close();
  });
});
