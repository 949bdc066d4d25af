// A timed quiz in Chromium: the learner answers without per-question
// feedback, submits, and sees the score and which answers were right; the
// `submitted` event reaches the hub with the score and the answers. A second
// attempt is left to run out of time and is submitted by the countdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { ADMIN, signInOverHttp } from '../support/auth.ts';
import { buildPack, text, withChecksums } from '../support/packs.ts';
import { enrolLearner, learnerContext, readEvents, watchErrors, type Learner } from './learn-player-helpers.ts';

let hub: HubProcess;
let browser: Browser;
let learner: Learner;
let dataDir: string;

const QUIZ = `---
id: t-l02
title: Check what you know
quiz:
  timeLimitMinutes: 1
  passScore: 0.5
---
Answer every question, then submit.

\`\`\`activity
id: t-quiz-a1
kind: true-false
prompt: The screen shows pictures.
answer: true
explanation: Yes, the screen shows pictures.
\`\`\`

\`\`\`activity
id: t-quiz-a2
kind: numeric
prompt: How many buttons does a usual mouse have, not counting the wheel?
answer: 2
\`\`\`

\`\`\`activity
id: t-quiz-a3
kind: multiple-choice
prompt: Which of these are parts of a computer?
choices:
  - text: The keyboard
    correct: true
  - text: The screen
    correct: true
  - text: A banana
\`\`\`
`;

beforeAll(async () => {
  dataDir = await makeTempDir();
  hub = await startHubProcess({ DATA_DIR: dataDir });
  learner = await enrolLearner(hub.url);
  const files = buildPack();
  files.set('courses/test-course/lessons/02-second.md', text(QUIZ));
  const zip = await writePackZip(withChecksums(files));
  const admin = await signInOverHttp(hub.url, ADMIN.username, ADMIN.password);
  const form = new FormData();
  form.append('pack', new Blob([zip.slice()], { type: 'application/zip' }), 'pack.zip');
  const response = await fetch(`${hub.url}/api/packs`, { method: 'POST', headers: admin.headers, body: form });
  if (response.status !== 201) throw new Error(`pack import failed: ${response.status} ${await response.text()}`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

describe('quizzes', () => {
  it('collects answers without feedback, submits them, and shows which were right', async () => {
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/learn/lessons/t-l02`);
    await page.getByRole('heading', { level: 1, name: 'Check what you know' }).waitFor();
    await page.getByTestId('countdown').waitFor();

    const q = (id: string) => page.locator(`section[data-activity-id="${id}"]`);
    await q('t-quiz-a1').getByLabel('True').check();
    await q('t-quiz-a2').getByLabel('Your number').fill('3');
    await q('t-quiz-a3').getByLabel('The keyboard').check();
    await q('t-quiz-a3').getByLabel('The screen').check();
    expect(await page.getByTestId('feedback').count()).toBe(0);
    await page.getByTestId('submit-quiz').click();

    const result = page.getByTestId('quiz-result');
    await result.waitFor();
    expect(await result.getByRole('heading', { level: 2 }).textContent()).toBe('Your score: 67%');
    expect(await result.getAttribute('data-passed')).toBe('true');
    expect(await page.getByTestId('quiz-answer').evaluateAll((items) => items.map((item) => item.getAttribute('data-correct')))).toEqual(['true', 'false', 'true']);
    await expect.poll(() => page.getByTestId('save-indicator').getAttribute('data-status'), { timeout: 20_000 }).toBe('saved');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('submits by itself when the time is up', async () => {
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${hub.url}/learn/lessons/t-l02`);
    await page.getByTestId('countdown').waitFor();
    await page.locator('section[data-activity-id="t-quiz-a1"]').getByLabel('False').check();
    await page.clock.runFor(61_000);
    const result = page.getByTestId('quiz-result');
    await result.waitFor();
    await result.getByText('Time was up, so your answers were sent.').waitFor();
    await page.clock.resume();
    await expect.poll(() => page.getByTestId('save-indicator').getAttribute('data-status'), { timeout: 20_000 }).toBe('saved');
    await context.close();

    await hub.stop();
    const submitted = (await readEvents(dataDir)).filter((e) => e.verb === 'submitted');
    expect(submitted).toHaveLength(2);
    const responses = submitted.map((e) => e.result?.response as { answers: Record<string, unknown>; timedOut?: boolean });
    expect(responses).toContainEqual({ answers: { 't-quiz-a1': { value: true }, 't-quiz-a2': { value: 3 }, 't-quiz-a3': { choices: [0, 1] } } });
    expect(responses).toContainEqual({ answers: { 't-quiz-a1': { value: false } }, timedOut: true });
  });
});
