import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import { COURSE, LESSONS, event } from '../learning/test-fixtures.ts';
import { evaluateLevel, observedSessions } from './certification-service.ts';
import { observe, pastSession, scoresOf, trainingWorld, type App } from './training-test-world.ts';

afterAll(removeTempDirs);

const LEVEL = { name: 'Digital classroom teacher', requires: { courseIds: [COURSE], observedSessions: 2, minAverageScore: 3 } };

async function completeCourse(app: App, teacher: TestSession) {
  const response = await injectAs(app, teacher, { method: 'POST', url: '/api/events', payload: { events: LESSONS.map((lessonId) => event('completed', { lessonId })) } });
  expect(response.statusCode).toBe(200);
}

const decide = (app: App, as: TestSession | null, payload: object) => injectAs(app, as, { method: 'POST', url: '/api/certifications', payload });

async function levelWorld() {
  const world = await trainingWorld();
  const put = await injectAs(world.app, world.trainer, { method: 'PUT', url: '/api/certifications/levels/level-1', payload: LEVEL });
  expect(put.statusCode).toBe(200);
  const sessions = await Promise.all(['2026-03-02', '2026-03-09', '2026-03-16'].map((day) => pastSession(world.app, world.classId, day, world.teacher.user.id)));
  return { ...world, sessions };
}

describe('certification levels', () => {
  it('serves the programme defaults (the seed teaching course, 2 sessions ≥ 3; 4 sessions ≥ 3.5) until a trainer edits one', async () => {
    const { app, admin, trainer, teacher } = await trainingWorld();
    const levels = (await injectAs(app, trainer, { url: '/api/certifications/levels' })).json().levels;
    expect(levels.map((l: { levelId: string; rank: number; requires: object; isDefault: boolean }) => [l.levelId, l.rank, l.requires, l.isDefault])).toEqual([
      ['level-1', 1, { courseIds: ['teaching-digital-classroom-en'], observedSessions: 2, minAverageScore: 3 }, true],
      ['level-2', 2, { courseIds: ['teaching-digital-classroom-en'], observedSessions: 4, minAverageScore: 3.5 }, true],
    ]);
    expect(levels[0].name).toBe('Digital classroom teacher');
    expect(levels[0].courses).toEqual([{ courseId: 'teaching-digital-classroom-en', title: null }]); // the seed is not installed in this test hub

    const edited = await injectAs(app, trainer, { method: 'PUT', url: '/api/certifications/levels/level-1', payload: LEVEL });
    expect(edited.json()).toMatchObject({ levelId: 'level-1', rank: 1, isDefault: false, courses: [{ courseId: COURSE, title: 'Learning test course' }] });
    const added = await injectAs(app, admin, { method: 'PUT', url: '/api/certifications/levels/master', payload: { name: 'Master trainer', requires: { courseIds: [], observedSessions: 8, minAverageScore: 3.75 } } });
    expect(added.json()).toMatchObject({ levelId: 'master', rank: 3 });
    expect(await app.certification.levels()).toHaveLength(3);

    const refused: [object, RegExp][] = [
      [{ name: 'Empty', requires: { courseIds: [], observedSessions: 0, minAverageScore: 3 } }, /at least one course or one observed session/],
      [{ name: 'Elsewhere', requires: { courseIds: ['no-such-course'], observedSessions: 1, minAverageScore: 3 } }, /not on this hub: no-such-course/],
      [{ name: 'Too high', requires: { courseIds: [], observedSessions: 1, minAverageScore: 4.5 } }, /minAverageScore/],
    ];
    for (const [payload, message] of refused) {
      const response = await injectAs(app, trainer, { method: 'PUT', url: '/api/certifications/levels/level-3', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(message);
    }
    expect((await injectAs(app, teacher, { method: 'PUT', url: '/api/certifications/levels/level-1', payload: LEVEL })).statusCode).toBe(403);
    await app.close();
  });
});

describe('certification criteria', () => {
  it('counts a session at exactly the minimum average, not one just below, and a session observed twice once with its mean', () => {
    const requires = { courseIds: ['c1', 'c2'], observedSessions: 2, minAverageScore: 3 };
    const obs = (sessionId: string, averageScore: number, date = '2026-03-01') => ({ sessionId, averageScore, date, createdAt: date }) as never;
    expect(evaluateLevel(requires, new Set(['c1', 'c2']), [{ averageScore: 3 }, { averageScore: 3 }])).toEqual({ courseIdsCompleted: ['c1', 'c2'], courseIdsMissing: [], qualifyingObservations: 2, met: true });
    expect(evaluateLevel(requires, new Set(['c1', 'c2']), [{ averageScore: 3 }, { averageScore: 2.99 }]).met).toBe(false);
    expect(evaluateLevel(requires, new Set(['c1']), [{ averageScore: 4 }, { averageScore: 4 }])).toEqual({ courseIdsCompleted: ['c1'], courseIdsMissing: ['c2'], qualifyingObservations: 2, met: false });
    const sessions = observedSessions([obs('s1', 3.5), obs('s1', 2.5), obs('s2', 3.25, '2026-03-02'), obs('s2', 2.5, '2026-03-02')]);
    expect(sessions).toEqual([{ sessionId: 's1', date: '2026-03-01', averageScore: 3 }, { sessionId: 's2', date: '2026-03-02', averageScore: 2.88 }]);
    expect(evaluateLevel({ ...requires, courseIds: [] }, new Set(), sessions)).toMatchObject({ qualifyingObservations: 1, met: false });
  });

  it('refuses "certified" until the course is completed and enough sessions score at or above the minimum, naming what is missing; then certifies with a code that verifies', async () => {
    const { app, admin, trainer, teacher, sessions } = await levelWorld();
    const teacherId = teacher.user.id;
    const certify = () => decide(app, trainer, { teacherId, levelId: 'level-1', decision: 'certified' });

    let response = await certify();
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'CERTIFICATION_NOT_MET' });
    expect(response.json().message).toMatch(/course "Learning test course" not completed; 0 of 2 observed sessions with an average of 3 or more/);

    // Boundary: 3.0 counts, 2.75 does not.
    expect((await observe(app, trainer, { teacherId, sessionId: sessions[0], scores: scoresOf([3, 3, 3, 3]) })).json().averageScore).toBe(3);
    expect((await observe(app, trainer, { teacherId, sessionId: sessions[1], scores: scoresOf([3, 3, 3, 2]) })).json().averageScore).toBe(2.75);
    await completeCourse(app, teacher);
    response = await certify();
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toMatch(/1 of 2 observed sessions/);
    expect(response.json().message).not.toMatch(/course/);
    const evaluation = (await injectAs(app, trainer, { url: `/api/certifications/teachers/${encodeURIComponent(teacherId)}/evaluation` })).json();
    expect(evaluation.levels[0]).toMatchObject({ levelId: 'level-1', evaluation: { courseIdsCompleted: [COURSE], courseIdsMissing: [], qualifyingObservations: 1, met: false }, certified: null });

    // A second trainer's view of the 2.75 session lifts its mean to 3.
    expect((await observe(app, trainer, { teacherId, sessionId: sessions[1], scores: scoresOf([4, 3, 3, 3]) })).json().averageScore).toBe(3.25);
    response = await certify();
    expect(response.statusCode).toBe(201);
    const decision = response.json();
    expect(decision).toMatchObject({
      teacherId, levelId: 'level-1', levelName: 'Digital classroom teacher', decision: 'certified', certifiedBy: trainer.user.id, hubName: 'Test truck',
      evaluation: { courseIdsCompleted: [COURSE], courseIdsMissing: [], qualifyingObservations: 2, met: true },
      verificationCode: expect.stringMatching(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}$/),
    });
    expect(decision.id).toMatch(new RegExp(`^certification:${app.store.hubId}:`));
    // Certifying again answers the same decision.
    const again = await certify();
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(decision.id);
    // Two trainers certifying at the same moment write one decision.
    const second = await personWithRoles(app, admin, ['trainer'], 'Second');
    const both = await Promise.all([certify(), decide(app, second, { teacherId, levelId: 'level-1', decision: 'certified' })]);
    expect(both.map((r) => [r.statusCode, r.json().id])).toEqual([[200, decision.id], [200, decision.id]]);
    await injectAs(app, trainer, { method: 'PUT', url: '/api/certifications/levels/course-only', payload: { name: 'Course only', requires: { courseIds: [COURSE], observedSessions: 0, minAverageScore: 1 } } });
    const race = await Promise.all([trainer, second].map((who) => decide(app, who, { teacherId, levelId: 'course-only', decision: 'certified' })));
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(race[0]!.json().id).toBe(race[1]!.json().id);
    expect((await injectAs(app, trainer, { url: `/api/certifications?teacherId=${encodeURIComponent(teacherId)}` })).json().certifications).toHaveLength(2);

    // Public verification: level, date, hub and given name + family initial only.
    const verify = (code: string) => app.inject({ url: `/api/certifications/verify/${encodeURIComponent(code)}` });
    expect((await verify(decision.verificationCode.toLowerCase())).json()).toEqual({
      valid: true, levelName: 'Digital classroom teacher', decidedAt: decision.decidedAt, hubName: 'Test truck', teacherName: 'Teacher O.',
    });
    const invalid = { valid: false, levelName: null, decidedAt: null, hubName: null, teacherName: null };
    expect((await verify('AAAA-BBBB-CC')).json()).toEqual(invalid);
    expect((await verify('probe')).json()).toEqual(invalid);
    await app.close();
  });

  it('records "not yet" only with a reason, whether or not the level is met', async () => {
    const { app, trainer, teacher } = await levelWorld();
    const teacherId = teacher.user.id;
    for (const reason of [undefined, '   ']) {
      const response = await decide(app, trainer, { teacherId, levelId: 'level-1', decision: 'not-yet', ...(reason === undefined ? {} : { reason }) });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('REASON_REQUIRED');
    }
    const response = await decide(app, trainer, { teacherId, levelId: 'level-1', decision: 'not-yet', reason: 'Observe two more sessions first' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ decision: 'not-yet', reason: 'Observe two more sessions first', evaluation: { met: false } });
    expect(response.json().verificationCode).toBeUndefined();
    await app.close();
  });

  it('refuses a trainer from nowhere: anyone without the trainer role certifying (an administrator too), and certifying oneself', async () => {
    const { app, admin, trainer, teacher, otherTeacher, learnerId } = await levelWorld();
    const body = { teacherId: teacher.user.id, levelId: 'level-1', decision: 'not-yet', reason: 'Not yet' };
    for (const who of [admin, otherTeacher, teacher]) {
      const response = await decide(app, who, body);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('certifications.decide') });
    }
    expect((await decide(app, null, body)).statusCode).toBe(401);
    expect((await decide(app, trainer, { ...body, teacherId: trainer.user.id })).json().code).toBe('UNKNOWN_TEACHER'); // a trainer who does not teach
    const both = await personWithRoles(app, admin, ['trainer', 'teacher'], 'Both');
    const self = await decide(app, both, { ...body, teacherId: both.user.id });
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toMatch(/certifying yourself/);
    const unknown = await decide(app, trainer, { ...body, teacherId: learnerId });
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_TEACHER' });
    expect((await decide(app, trainer, { ...body, levelId: 'level-9' })).json()).toMatchObject({ code: 'UNKNOWN_LEVEL' });
    expect((await decide(app, trainer, { ...body, decision: 'maybe' })).statusCode).toBe(400);
    expect(await app.certification.decisions(teacher.user.id)).toEqual([]);
    await app.close();
  });

  it('documents every observation and certification route in the OpenAPI document, with its answers', async () => {
    const { app } = await trainingWorld();
    const doc = (await app.inject('/api/openapi.json')).json();
    const expected: [string, string, string][] = [
      ['get', '/api/observations/criteria', '200'], ['put', '/api/observations/criteria', '200'], ['get', '/api/observations/teachers', '200'],
      ['get', '/api/observations/teachers/{teacherId}/sessions', '200'], ['get', '/api/observations/teachers/{teacherId}/trend', '200'],
      ['get', '/api/observations', '200'], ['post', '/api/observations', '201'],
      ['get', '/api/certifications/levels', '200'], ['put', '/api/certifications/levels/{levelId}', '200'],
      ['get', '/api/certifications/teachers/{teacherId}/evaluation', '200'], ['get', '/api/certifications', '200'], ['post', '/api/certifications', '201'],
      ['get', '/api/certifications/verify/{code}', '200'],
    ];
    for (const [method, path, ok] of expected) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.responses[ok], `${method} ${path} ${ok}`).toBeDefined();
      if (!path.includes('verify')) expect(Object.keys(operation.responses)).toContain('403');
    }
    expect(Object.keys(doc.paths['/api/observations'].post.responses)).toEqual(expect.arrayContaining(['400', '403', '404']));
    expect(Object.keys(doc.paths['/api/certifications'].post.responses)).toEqual(expect.arrayContaining(['400', '403', '404', '422']));
    await app.close();
  });
});
