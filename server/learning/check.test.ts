// POST /api/activities/:id/check for every activity kind, partial credit, the
// coding judge's time limit, and that the key never leaves the hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { injectAs, type TestSession } from '../../tests/support/auth.ts';
import { setUpLearning } from './test-fixtures.ts';
import { STOPPED_MESSAGE } from './coding-judge.ts';

let app: FastifyInstance;
let learner: TestSession;

beforeAll(async () => {
  app = await buildTestApp();
  ({ learner } = await setUpLearning(app));
});
afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

const check = (activityId: string, response: unknown) => injectAs(app, learner, { method: 'POST', url: `/api/activities/${activityId}/check`, payload: { response } });
const mark = async (activityId: string, response: unknown) => {
  const answer = await check(activityId, response);
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json();
};

describe('checking answers', () => {
  it('single-choice: right, wrong with a hint, and the explanation as safe HTML', async () => {
    expect(await mark('lt-single', { choice: 0 })).toEqual({
      correct: true, score: 1, feedback: { explanation: 'The **screen** shows pictures.', explanationHtml: expect.stringContaining('<strong>screen</strong>') },
    });
    const wrong = await mark('lt-single', { choice: 1 });
    expect(wrong).toMatchObject({ correct: false, score: 0, feedback: { hint: 'You look at it.' } });
  });

  it('multiple-choice: exact set is correct, partial credit otherwise, wrong picks cost', async () => {
    expect(await mark('lt-multi', { choices: [1, 0] })).toMatchObject({ correct: true, score: 1 });
    expect(await mark('lt-multi', { choices: [0] })).toMatchObject({ correct: false, score: 0.5 });
    expect(await mark('lt-multi', { choices: [0, 2] })).toMatchObject({ correct: false, score: 0 });
    expect(await mark('lt-multi', { choices: [0, 1, 2] })).toMatchObject({ correct: false, score: 0.5 });
  });

  it('true-false, numeric with tolerance, short text ignoring case, spaces and accents', async () => {
    expect(await mark('lt-tf', { value: true })).toMatchObject({ correct: true, score: 1 });
    expect(await mark('lt-tf', { value: false })).toMatchObject({ correct: false, score: 0 });
    expect(await mark('lt-num', { value: 1024 })).toMatchObject({ correct: true });
    expect(await mark('lt-num', { value: 976 })).toMatchObject({ correct: true });
    expect(await mark('lt-num', { value: 1025 })).toMatchObject({ correct: false });
    expect(await mark('lt-short', { text: '  ENTER. ' })).toMatchObject({ correct: true });
    expect(await mark('lt-short', { text: 'rétürn' })).toMatchObject({ correct: true });
    expect(await mark('lt-short', { text: 'Space' })).toMatchObject({ correct: false });
  });

  it('ordering: share of items in place', async () => {
    expect(await mark('lt-order', { items: ['Switch on', 'Sign in', 'Open the lesson', 'Sign out'] })).toMatchObject({ correct: true, score: 1 });
    expect(await mark('lt-order', { items: ['Switch on', 'Sign in', 'Sign out', 'Open the lesson'] })).toMatchObject({ correct: false, score: 0.5 });
  });

  it('matching: share of pairs right', async () => {
    expect(await mark('lt-match', { pairs: { Screen: 'shows', Keyboard: 'types', Mouse: 'points' } })).toMatchObject({ correct: true, score: 1 });
    expect(await mark('lt-match', { pairs: { Screen: 'shows', Keyboard: 'points', Mouse: 'types' } })).toMatchObject({ correct: false, score: 0.3333 });
  });

  it('typing: always correct, scored by accuracy, with words per minute', async () => {
    const perfect = await mark('lt-typing', { typed: 'the cat sat on a mat', durationMs: 12_000 });
    expect(perfect).toMatchObject({ correct: true, score: 1, accuracy: 1, wpm: 20 });
    const slip = await mark('lt-typing', { typed: 'the cat st on a mat', durationMs: 12_000 });
    expect(slip.correct).toBe(true);
    expect(slip.accuracy).toBe(0.95);
    expect(slip.wpm).toBeLessThan(20);
  });

  it('coding: runs the hidden tests in a worker and names which pass', async () => {
    expect(await mark('lt-code', { code: 'let total = 2 + 3;' })).toMatchObject({
      correct: true, score: 1, tests: [{ name: 'total is 5', passed: true }, { name: 'total is a number', passed: true }],
    });
    const half = await mark('lt-code', { code: 'let total = "5";' });
    expect(half).toMatchObject({ correct: false, score: 0, feedback: { hint: 'Use +.' } });
    const wrongType = await mark('lt-code', { code: 'let total = 4;' });
    expect(wrongType.tests).toEqual([{ name: 'total is 5', passed: false, message: expect.any(String) }, { name: 'total is a number', passed: true }]);
    const broken = await mark('lt-code', { code: 'let total = ;' });
    expect(broken.tests[0].message).toMatch(/SyntaxError/);
  });

  it('coding: stops an endless loop within the time limit, reports it, and the hub keeps serving', async () => {
    const looping = check('lt-code', { code: 'let total = 0; while (true) { total++; }' });
    // While the worker spins, the hub still answers other requests.
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    const answer = (await looping).json();
    expect(answer.correct).toBe(false);
    expect(answer.tests.every((t: { passed: boolean; message: string }) => !t.passed && t.message === STOPPED_MESSAGE)).toBe(true);
    expect(await mark('lt-code', { code: 'let total = 5;' })).toMatchObject({ correct: true });
  });

  it('coding: the learner code reaches neither the hub nor Node', async () => {
    const escape = await mark('lt-code', { code: 'let total = typeof process === "undefined" && typeof require === "undefined" ? 5 : 0;' });
    expect(escape.correct).toBe(true);
    const viaConstructor = await mark('lt-code', { code: 'let total = (() => { try { return this.constructor.constructor("return process")() ? 0 : 5; } catch { return 5; } })();' });
    expect(viaConstructor.correct).toBe(true);
    const memory = await mark('lt-code', { code: 'const a = []; while (true) a.push(new Array(1e6).fill(1)); let total = 5;' });
    expect(memory.correct).toBe(false);
  });

  it('refuses a response that does not fit the kind, an unknown activity and a huge answer', async () => {
    for (const [id, response] of [['lt-single', { choice: 7 }], ['lt-multi', { choices: 'all' }], ['lt-order', { items: ['Switch on'] }], ['lt-match', { pairs: { Printer: 'prints' } }], ['lt-tf', 'yes'], ['lt-num', { value: '12' }]] as const) {
      const answer = await check(id, response);
      expect(answer.statusCode, id).toBe(400);
      expect(answer.json().code).toBe('RESPONSE_INVALID');
    }
    expect((await check('no-such-activity', { choice: 0 })).json()).toMatchObject({ code: 'UNKNOWN_ACTIVITY' });
    expect((await check('lt-code', { code: 'x'.repeat(100_000) })).statusCode).toBe(413);
  });

  it('never returns the key', async () => {
    const body = JSON.stringify(await mark('lt-code', { code: 'let total = 1;' })) + JSON.stringify(await mark('lt-single', { choice: 1 }));
    expect(body).not.toContain('2 + 3;');
    expect(body).not.toContain('total === 5');
    expect(body).not.toContain('"correct":true,"text"');
  });
});
