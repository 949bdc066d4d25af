// GET /api/me/training: a teacher reads the observations trainers made of their
// sessions and the certification decisions about them — their own only.
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs } from '../../tests/support/auth.ts';
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
