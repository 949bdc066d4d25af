// GET /api/me/training: a teacher reads the observations trainers made of their
// sessions and the certification decisions about them — their own only.
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs } from '../../tests/support/auth.ts';
import { COURSE, LESSONS, event } from '../learning/test-fixtures.ts';
import { observe, scoresOf, trainingWorld } from './training-test-world.ts';

afterAll(removeTempDirs);

describe('GET /api/me/training', () => {
  it("gives a teacher their own observations and decisions, and another teacher none of them", async () => {
    const { app, trainer, teacher, otherTeacher, sessionId } = await trainingWorld();
    const saved = await observe(app, trainer, { teacherId: teacher.user.id, sessionId, scores: scoresOf([4, 3, 3, 2]).map((s, i) => (i === 3 ? { ...s, notes: 'Ask each learner, not only the first to answer' } : s)) });
    expect(saved.statusCode).toBe(201);
    const notYet = await injectAs(app, trainer, { method: 'POST', url: '/api/certifications', payload: { teacherId: teacher.user.id, levelId: 'level-1', decision: 'not-yet', reason: 'One more observed session first' } });
    expect(notYet.statusCode).toBe(201);

    const mine = await injectAs(app, teacher, { url: '/api/me/training' });
    expect(mine.statusCode).toBe(200);
    const body = mine.json();
    expect(body.observations).toHaveLength(1);
    expect(body.observations[0]).toMatchObject({ teacherId: teacher.user.id, sessionId, averageScore: 3 });
    expect(JSON.stringify(body.observations[0])).toContain('Ask each learner, not only the first to answer');
    expect(body.certifications).toEqual([expect.objectContaining({ teacherId: teacher.user.id, decision: 'not-yet', reason: 'One more observed session first' })]);

    expect((await injectAs(app, otherTeacher, { url: '/api/me/training' })).json()).toEqual({ observations: [], certifications: [] });
    expect((await app.inject({ url: '/api/me/training' })).statusCode).toBe(401);
    await app.close();
  });
});

describe('GET /api/me/certifications/:id', () => {
  it("gives a teacher the printable view of their own certificate, and nobody another's, a 'not yet' or an unknown one", async () => {
    const { app, trainer, teacher, otherTeacher } = await trainingWorld();
    const teacherId = teacher.user.id;
    const level = { name: 'Course only', requires: { courseIds: [COURSE], observedSessions: 0, minAverageScore: 1 } };
    expect((await injectAs(app, trainer, { method: 'PUT', url: '/api/certifications/levels/course-only', payload: level })).statusCode).toBe(200);
    const completed = await injectAs(app, teacher, { method: 'POST', url: '/api/events', payload: { events: LESSONS.map((lessonId) => event('completed', { lessonId })) } });
    expect(completed.statusCode).toBe(200);
    const certified = await injectAs(app, trainer, { method: 'POST', url: '/api/certifications', payload: { teacherId, levelId: 'course-only', decision: 'certified' } });
    expect(certified.statusCode).toBe(201);
    const notYet = await injectAs(app, trainer, { method: 'POST', url: '/api/certifications', payload: { teacherId, levelId: 'level-1', decision: 'not-yet', reason: 'Two observed sessions first' } });
    expect(notYet.statusCode).toBe(201);
    const url = (id: string) => `/api/me/certifications/${encodeURIComponent(id)}`;

    // The same view the trainer's certificate page prints (GET /api/certifications?teacherId=).
    const mine = await injectAs(app, teacher, { url: url(certified.json().id) });
    expect(mine.statusCode).toBe(200);
    const trainersView = (await injectAs(app, trainer, { url: `/api/certifications?teacherId=${encodeURIComponent(teacherId)}` })).json().certifications;
    expect(mine.json()).toEqual(trainersView.find((d: { id: string }) => d.id === certified.json().id));
    expect(mine.json()).toMatchObject({ teacherId, levelName: 'Course only', decision: 'certified', hubName: 'Test truck', verificationCode: certified.json().verificationCode });
    const verified = await app.inject({ url: `/api/certifications/verify/${encodeURIComponent(mine.json().verificationCode)}` });
    expect(verified.json()).toMatchObject({ valid: true, levelName: 'Course only' });

    // Another teacher (and the trainer, who is not its teacher) get the answer an unknown id gets.
    for (const [who, id] of [[otherTeacher, certified.json().id], [trainer, certified.json().id], [teacher, `certification:${app.store.hubId}:nothing`], [teacher, 'person:anything']] as const) {
      const refused = await injectAs(app, who, { url: url(id) });
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toEqual({ code: 'NO_SUCH_CERTIFICATE', message: expect.stringContaining('GET /api/me/training') });
    }
    const notCertified = await injectAs(app, teacher, { url: url(notYet.json().id) });
    expect(notCertified.statusCode).toBe(404);
    expect(notCertified.json()).toMatchObject({ code: 'NOT_CERTIFIED_YET', message: expect.stringContaining('"not yet"') });
    expect((await app.inject({ url: url(certified.json().id) })).statusCode).toBe(401);
    const operation = (await app.inject('/api/openapi.json')).json().paths['/api/me/certifications/{id}'].get;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
    await app.close();
  });
});
