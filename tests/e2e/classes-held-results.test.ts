// Quiz results held back by the teacher, in Chromium: a quiz assigned with
// "show results later" says so on the learner's home page; after Submit the
// player shows no score and no right or wrong, only that results come later,
// while the teacher's report already has the score the hub marked; once the
// teacher releases the results, the same quiz shows them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { ADMIN, signInOverHttp, type TestSession } from '../support/auth.ts';
import { buildPack, text, withChecksums } from '../support/packs.ts';
import { enrolLearner, learnerContext, watchErrors, type Learner } from './learn-player-helpers.ts';
import { uploadPackOverHttp } from './learn-home-helpers.ts';

let hub: HubProcess;
let browser: Browser;
let learner: Learner;
let teacher: TestSession;
let classId: string;
let assignmentId: string;

const QUIZ = `---
id: t-l02
title: Check what you know
quiz:
  passScore: 0.5
---
Answer, then submit.

\`\`\`activity
id: t-quiz-a1
kind: true-false
prompt: The screen shows pictures.
answer: true
\`\`\`

\`\`\`activity
id: t-quiz-a2
kind: true-false
prompt: A mouse is for typing.
answer: false
\`\`\`
`;

async function call(as: TestSession, method: string, path: string, body?: unknown) {
  const response = await fetch(`${hub.url}${path}`, { method, headers: { ...as.headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown> & { id: string }>;
}

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir(), SEED_CONTENT: '0' });
  learner = await enrolLearner(hub.url);
  const admin = await signInOverHttp(hub.url, ADMIN.username, ADMIN.password);
  const files = buildPack();
  files.set('courses/test-course/lessons/02-second.md', text(QUIZ));
  await uploadPackOverHttp(hub.url, admin, withChecksums(files));
  await call(admin, 'POST', '/api/people', { givenName: 'Grace', familyName: 'Achieng', roles: ['teacher'], username: 'grace', password: 'teacher-password-1' });
  teacher = await signInOverHttp(hub.url, 'grace', 'teacher-password-1');
  classId = (await call(teacher, 'POST', '/api/classes', { name: 'Quiz class' })).id;
  await call(teacher, 'POST', `/api/classes/${classId}/learners`, { personIds: [learner.personId] });
  assignmentId = (await call(teacher, 'POST', `/api/classes/${classId}/assignments`, { item: { kind: 'quiz', id: 't-l02' }, showResults: 'later' })).id;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

async function answerQuiz(page: Page) {
  await page.goto(`${hub.url}/learn/lessons/t-l02`);
  await page.getByRole('heading', { level: 1, name: 'Check what you know' }).waitFor();
  const q = (id: string) => page.locator(`section[data-activity-id="${id}"]`);
  await q('t-quiz-a1').getByLabel('True').check();
  await q('t-quiz-a2').getByLabel('True').check();
  await page.getByTestId('submit-quiz').click();
}

describe('quiz results shown later', () => {
  it('hides the score and the marks from the learner until the teacher releases them', async () => {
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/learn`);
    await page.getByTestId('my-assignments').getByText('Your teacher will show the quiz results later.').waitFor();

    await answerQuiz(page);
    await page.getByTestId('quiz-held').waitFor();
    expect(await page.getByTestId('quiz-result').count()).toBe(0);
    expect(await page.getByText(/Your score/).count()).toBe(0);
    await expect.poll(() => page.getByTestId('save-indicator').getAttribute('data-status'), { timeout: 20_000 }).toBe('saved');

    // The teacher already sees the score the hub marked: one of two right.
    // (Polled: the outbox may show "saved" between two of its uploads on a busy machine.)
    type Report = { learners: { quizzes: (number | null)[] }[]; quizzes: { mostMissed: { activityId: string }[] }[] };
    const reportNow = async () => (await call(teacher, 'GET', `/api/classes/${classId}/report`)) as unknown as Report;
    await expect.poll(async () => (await reportNow()).learners[0]!.quizzes, { timeout: 20_000 }).toEqual([50]);
    const report = await reportNow();
    expect(report.quizzes[0]!.mostMissed.map((m) => m.activityId)).toEqual(['t-quiz-a2']);

    await call(teacher, 'POST', `/api/classes/${classId}/assignments/${assignmentId}/release`);
    await answerQuiz(page);
    const result = page.getByTestId('quiz-result');
    await result.waitFor();
    expect(await result.getByRole('heading', { level: 2 }).textContent()).toBe('Your score: 50%');
    expect(errors).toEqual([]);
    await context.close();
  });
});
