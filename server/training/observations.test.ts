import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, personWithRoles } from '../../tests/support/auth.ts';
import { observe, pastSession, scoresOf, trainingWorld, CRITERIA } from './training-test-world.ts';

afterAll(removeTempDirs);

describe('classroom observation', () => {
  it('serves the programme default criteria until a trainer edits them, keeping the ids of existing criteria', async () => {
    const { app, trainer, teacher } = await trainingWorld();
    const initial = (await injectAs(app, trainer, { url: '/api/observations/criteria' })).json();
    expect(initial).toMatchObject({ isDefault: true, updatedAt: null });
    expect(initial.criteria.map((c: { id: string }) => c.id)).toEqual(CRITERIA);
    expect(initial.criteria[1].label).toBe('Use of the workstations');

    const edited = await injectAs(app, trainer, {
      method: 'PUT',
      url: '/api/observations/criteria',
      payload: { criteria: [{ id: 'preparation', label: 'Lesson preparation' }, { id: 'inclusion', label: 'Inclusion' }, { label: 'Time keeping', guidance: 'Starts and ends on time.' }] },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ isDefault: false, updatedBy: trainer.user.displayName });
    expect(edited.json().criteria).toEqual([
      { id: 'preparation', label: 'Lesson preparation' },
      { id: 'inclusion', label: 'Inclusion' },
      { id: 'time-keeping', label: 'Time keeping', guidance: 'Starts and ends on time.' },
    ]);
    const doc = await app.observations.repository.getCriteria();
    expect(doc?._id).toBe(`observation-criteria:${app.store.hubId}:current`);

    const refusals = [
      { criteria: [] },
      { criteria: [{ label: ' ' }] },
      { criteria: [{ label: 'x'.repeat(81) }] },
      { criteria: Array.from({ length: 21 }, (_, i) => ({ label: `Criterion ${i}` })) },
      { criteria: [{ label: 'Same' }, { label: 'same' }] },
      { criteria: [{ id: 'a', label: 'One' }, { id: 'a', label: 'Two' }] },
    ];
    for (const payload of refusals) {
      const response = await injectAs(app, trainer, { method: 'PUT', url: '/api/observations/criteria', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().message.length).toBeGreaterThan(10);
    }
    expect((await injectAs(app, teacher, { method: 'PUT', url: '/api/observations/criteria', payload: { criteria: [{ label: 'Mine' }] } })).statusCode).toBe(403);
    await app.close();
  });

  it('records a trainer\'s observation of a teacher\'s session with each criterion\'s label, score and notes, and its average', async () => {
    const { app, trainer, teacher, classId, sessionId } = await trainingWorld();
    const response = await observe(app, trainer, {
      teacherId: teacher.user.id,
      sessionId,
      scores: [{ criterionId: 'preparation', score: 4, notes: 'Ready early' }, ...scoresOf([0, 3, 2, 3]).slice(1)],
      notes: 'A good session',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      teacherId: teacher.user.id, teacherName: teacher.user.displayName, sessionId, classId, className: 'Kisumu morning',
      observerId: trainer.user.id, observerName: trainer.user.displayName, averageScore: 3, notes: 'A good session',
    });
    expect(response.json().scores[0]).toEqual({ criterionId: 'preparation', label: 'Preparation', score: 4, notes: 'Ready early' });
    expect(response.json().id).toMatch(new RegExp(`^observation:${app.store.hubId}:`));
    const history = (await injectAs(app, trainer, { url: `/api/observations?teacherId=${encodeURIComponent(teacher.user.id)}` })).json();
    expect(history.observations).toHaveLength(1);
    const sessions = (await injectAs(app, trainer, { url: `/api/observations/teachers/${encodeURIComponent(teacher.user.id)}/sessions` })).json();
    expect(sessions.classes).toEqual([{ id: classId, name: 'Kisumu morning', sessions: [{ id: sessionId, date: expect.any(String), present: 1, observed: true }] }]);
    const teachers = (await injectAs(app, trainer, { url: '/api/observations/teachers' })).json().teachers;
    expect(teachers.find((t: { id: string }) => t.id === teacher.user.id)).toMatchObject({ observations: 1, latestAverage: 3 });
    await app.close();
  });

  it('refuses an observation for a session that does not exist (404 naming it, with what to do)', async () => {
    const { app, trainer, teacher, classId } = await trainingWorld();
    for (const sessionId of [`attendance:${app.store.hubId}:nothing.2026-01-01`, 'not-an-id', classId]) {
      const response = await observe(app, trainer, { teacherId: teacher.user.id, sessionId, scores: scoresOf([3, 3, 3, 3]) });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'UNKNOWN_SESSION', message: expect.stringContaining(sessionId) });
      expect(response.json().message).toMatch(/Pick the session/);
    }
    expect(await app.observations.repository.listObservations()).toEqual([]);
    await app.close();
  });

  it('refuses a teacher who did not teach the session, and observing one\'s own session', async () => {
    const { app, admin, trainer, otherTeacher, sessionId } = await trainingWorld();
    const response = await observe(app, trainer, { teacherId: otherTeacher.user.id, sessionId, scores: scoresOf([3, 3, 3, 3]) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'NOT_SESSION_TEACHER', message: expect.stringContaining(otherTeacher.user.displayName) });
    // A trainer who also teaches the class cannot observe themselves.
    const both = await personWithRoles(app, admin, ['trainer', 'teacher'], 'Both');
    const klass = await injectAs(app, both, { method: 'POST', url: '/api/classes', payload: { name: 'Own class' } });
    const own = await pastSession(app, klass.json().id, '2026-01-05', both.user.id);
    expect((await observe(app, both, { teacherId: both.user.id, sessionId: own, scores: scoresOf([4, 4, 4, 4]) })).statusCode).toBe(403);
    expect(await app.observations.repository.listObservations()).toEqual([]);
    await app.close();
  });

  it('refuses unknown, missing or repeated criteria and scores outside 1–4', async () => {
    const { app, trainer, teacher, sessionId } = await trainingWorld();
    const teacherId = teacher.user.id;
    const cases: [object[], number, string | RegExp][] = [
      [[...scoresOf([3, 3, 3, 3]), { criterionId: 'punctuality', score: 3 }], 400, /unknown criterion "punctuality"/],
      [scoresOf([3, 3, 3, 3]).slice(0, 3), 400, /"Checking understanding" not scored/],
      [[...scoresOf([3, 3, 3, 3]), { criterionId: 'inclusion', score: 2 }], 400, /"inclusion" scored twice/],
      [scoresOf([0, 3, 3, 3]), 400, /score/],
      [scoresOf([5, 3, 3, 3]), 400, /score/],
      [scoresOf([2.5, 3, 3, 3]), 400, /score/],
      [[], 400, /scores/],
    ];
    for (const [scores, status, message] of cases) {
      const response = await observe(app, trainer, { teacherId, sessionId, scores });
      expect(response.statusCode, JSON.stringify(scores)).toBe(status);
      expect(response.json().message).toMatch(message);
    }
    const missing = await observe(app, trainer, { teacherId, sessionId });
    expect(missing.statusCode).toBe(400);
    expect(await app.observations.repository.listObservations()).toEqual([]);
    await app.close();
  });

  it('refuses an observer without the trainer role: a teacher, an administrator who is not a trainer, nobody signed in', async () => {
    const { app, admin, teacher, otherTeacher, sessionId } = await trainingWorld();
    const body = { teacherId: teacher.user.id, sessionId, scores: scoresOf([3, 3, 3, 3]) };
    for (const who of [admin, otherTeacher, teacher]) {
      const response = await observe(app, who, body);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN');
    }
    expect((await observe(app, null, body)).statusCode).toBe(401);
    // Reading is for trainers and administrators, not teachers.
    expect((await injectAs(app, admin, { url: `/api/observations?teacherId=${encodeURIComponent(teacher.user.id)}` })).statusCode).toBe(200);
    expect((await injectAs(app, teacher, { url: `/api/observations?teacherId=${encodeURIComponent(teacher.user.id)}` })).statusCode).toBe(403);
    await app.close();
  });

  it('gives a teacher\'s trend per criterion and average over time, and keeps a renamed criterion on one line', async () => {
    const { app, trainer, teacher, classId, sessionId } = await trainingWorld();
    const teacherId = teacher.user.id;
    const s1 = await pastSession(app, classId, '2026-01-10', teacherId);
    const s2 = await pastSession(app, classId, '2026-02-14', teacherId);
    // Written out of date order: the trend orders by the session's day.
    expect((await observe(app, trainer, { teacherId, sessionId: s2, scores: scoresOf([3, 3, 2, 2]) })).statusCode).toBe(201);
    expect((await observe(app, trainer, { teacherId, sessionId: s1, scores: scoresOf([2, 1, 2, 2]) })).statusCode).toBe(201);
    await injectAs(app, trainer, {
      method: 'PUT',
      url: '/api/observations/criteria',
      payload: { criteria: [{ id: 'preparation', label: 'Planning' }, { id: 'workstations', label: 'Workstations' }, { id: 'inclusion', label: 'Inclusion' }, { id: 'checking-understanding', label: 'Checking' }] },
    });
    expect((await observe(app, trainer, { teacherId, sessionId, scores: scoresOf([4, 4, 3, 4]) })).statusCode).toBe(201);

    const trend = (await injectAs(app, trainer, { url: `/api/observations/teachers/${encodeURIComponent(teacherId)}/trend` })).json();
    expect(trend.criteria).toEqual([
      { id: 'preparation', label: 'Planning' }, { id: 'workstations', label: 'Workstations' }, { id: 'inclusion', label: 'Inclusion' }, { id: 'checking-understanding', label: 'Checking' },
    ]);
    expect(trend.points.map((p: { date: string; averageScore: number }) => [p.date, p.averageScore])).toEqual([['2026-01-10', 1.75], ['2026-02-14', 2.5], [expect.any(String), 3.75]]);
    expect(trend.points[0].scores).toEqual({ preparation: 2, workstations: 1, inclusion: 2, 'checking-understanding': 2 });
    const line = (id: string) => trend.summary.find((s: { criterionId: string }) => s.criterionId === id);
    expect(line('average')).toEqual({ criterionId: 'average', count: 3, mean: 2.67, first: 1.75, latest: 3.75, change: 2 });
    expect(line('workstations')).toEqual({ criterionId: 'workstations', count: 3, mean: 2.67, first: 1, latest: 4, change: 3 });
    expect(line('preparation')).toEqual({ criterionId: 'preparation', count: 3, mean: 3, first: 2, latest: 4, change: 2 });
    // History keeps the labels as they were scored, newest first.
    const history = (await injectAs(app, trainer, { url: `/api/observations?teacherId=${encodeURIComponent(teacherId)}` })).json().observations;
    expect(history.map((o: { date: string }) => o.date).slice(1)).toEqual(['2026-02-14', '2026-01-10']);
    expect(history[2].scores[0].label).toBe('Preparation');
    expect(history[0].scores[0].label).toBe('Planning');
    // A teacher never observed has an empty trend.
    const none = (await injectAs(app, trainer, { url: `/api/observations/teachers/${encodeURIComponent(trainer.user.id)}/trend` })).json();
    expect(none).toEqual({ teacherId: trainer.user.id, criteria: [], points: [], summary: [] });
    await app.close();
  });

  it('gives the default criteria in the hub\'s language (French hub)', async () => {
    const { app, trainer } = await trainingWorld();
    await app.auth.settings.update({ defaultLanguage: 'fr' });
    const criteria = (await injectAs(app, trainer, { url: '/api/observations/criteria' })).json().criteria;
    expect(criteria.map((c: { label: string }) => c.label)).toEqual(['Préparation', 'Utilisation des postes', 'Inclusion', 'Vérification de la compréhension']);
    await app.close();
  });
});
