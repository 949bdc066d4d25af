// The learner's home, course page, progress and certificate in Chromium,
// against a real hub process: a learner signs in and lands on /learn, sees the
// courses of their language with no progress, the bar moves as lesson events
// arrive, the whole course is completed, and the certificate's code is the one
// the hub verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInOverHttp, type TestSession } from '../support/auth.ts';
import { createLearner, packInLanguage, packWithQuiz, postEvents, signInLearnerInBrowser, signInLearnerOverHttp, uploadPackOverHttp, watchErrors } from './learn-home-helpers.ts';

let hub: HubProcess;
let browser: Browser;
let admin: TestSession;
let aminaId: string;
let amina: TestSession;

const COURSE = 'test-course';

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir(), SEED_CONTENT: '0' });
  const credentials = await setUpHubOverHttp(hub.url, { hubName: 'Truck 3 — Mwanza' });
  admin = await signInOverHttp(hub.url, credentials.username, credentials.password);
  await uploadPackOverHttp(hub.url, admin, packWithQuiz());
  await uploadPackOverHttp(hub.url, admin, packInLanguage('fr', 'Cours de test'));
  aminaId = await createLearner(hub.url, admin, { givenName: 'Amina', familyName: 'Wanjiru', pin: '4821', language: 'en' });
  amina = await signInLearnerOverHttp(hub.url, aminaId, '4821');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

describe('the learner home', () => {
  it('lands a learner on /learn with the courses of their language, progress 0, and a way to start', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/learn');
    await page.getByRole('heading', { level: 1, name: 'Hello, Amina Wanjiru!' }).waitFor();

    const card = page.locator(`[data-testid="course-card"][data-course-id="${COURSE}"]`);
    await card.getByText('0 of 2 lessons done').waitFor();
    expect(await page.getByText('Cours de test').count()).toBe(0);
    const start = page.getByTestId('continue-card');
    await start.getByRole('heading', { name: 'Start here' }).waitFor();
    expect(await start.getByRole('link', { name: 'Start' }).getAttribute('href')).toBe('/learn/lessons/t-l01');
    expect(await page.getByRole('search').getByRole('searchbox').count()).toBeGreaterThan(0);

    await card.getByRole('link', { name: 'Test course' }).click();
    await page.getByRole('heading', { level: 1, name: 'Test course' }).waitFor();
    await page.locator('[data-testid="lesson-row"][data-lesson-id="t-l01"]').getByText('Not done yet').waitFor();
    await page.getByTestId('course-go').getByText('Start the course').waitFor();
    await page.goto(`${hub.url}/learn`);
    await card.waitFor();

    // Keyboard: the first big action is reachable with Tab and opens on Enter.
    await page.getByTestId('continue-card').waitFor();
    await page.locator('main').focus(); // where the app puts focus after each navigation
    let focused = '';
    for (let i = 0; i < 3 && focused !== '/learn/lessons/t-l01'; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    }
    expect(focused).toBe('/learn/lessons/t-l01');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('moves the progress bar as lesson events arrive and continues where the learner left off', async () => {
    await postEvents(hub.url, amina, [
      { verb: 'opened', object: { courseId: COURSE, lessonId: 't-l01' } },
      { verb: 'completed', object: { courseId: COURSE, lessonId: 't-l01' } },
      { verb: 'opened', object: { courseId: COURSE, lessonId: 't-l02' } },
      { verb: 'spent', object: { courseId: COURSE, lessonId: 't-l01' }, result: { durationMs: 65 * 60_000 } },
      { verb: 'typed', object: { courseId: COURSE, lessonId: 't-l01', activityId: 't-l01-a2' }, result: { wpm: 12, accuracy: 0.9, durationMs: 30_000 } },
      { verb: 'submitted', object: { courseId: COURSE, lessonId: 't-l02' }, result: { score: 0.8, response: { answers: { 't-l02-q1': { value: true } } } } },
      { verb: 'submitted', object: { courseId: COURSE, lessonId: 't-l02' }, result: { score: 0, response: { answers: { 't-l02-q1': { value: false } } } } },
    ]);
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
    const card = page.locator(`[data-testid="course-card"][data-course-id="${COURSE}"]`);
    await card.getByText('1 of 2 lessons done').waitFor();
    expect(await card.locator('progress').getAttribute('value')).toBe('1');
    const next = page.getByTestId('continue-card');
    await next.getByRole('heading', { name: 'Continue where you left off' }).waitFor();
    await next.getByText('The second lesson about keyboards').waitFor();

    await card.getByRole('link', { name: 'Test course' }).click();
    await page.getByRole('heading', { level: 1, name: 'Test course' }).waitFor();
    await page.getByText('1 of 2 lessons done').waitFor();
    expect(await page.getByTestId('course-go').getAttribute('href')).toBe('/learn/lessons/t-l02');
    await page.getByTestId('course-go').getByText('Continue the course').waitFor();
    // Progress gives counts, not which lessons: a lesson done is never shown as "not done yet".
    expect(await page.locator('[data-testid="lesson-row"][data-lesson-id="t-l01"]').getByText('Not done yet').count()).toBe(0);

    await page.goto(`${hub.url}/learn/progress`);
    const mine = page.locator(`[data-testid="course-progress"][data-course-id="${COURSE}"]`);
    await mine.getByText('1 of 2 lessons done').waitFor();
    await mine.getByText('Time learnt: 1 hour 5 minutes').waitFor();
    await mine.getByText('Latest: 12 words per minute (90 % correct). Best: 12 words per minute.').waitFor();
    expect(await mine.getByRole('table', { name: 'Your typing results, oldest first' }).count()).toBe(1);
    expect(await mine.getByRole('img', { name: 'Your typing results, oldest first' }).count()).toBe(1);
    const quiz = mine.getByRole('table', { name: 'Quiz scores' }).getByRole('row', { name: /The second lesson about keyboards/ });
    expect((await quiz.innerText()).replace(/\s+/g, ' ').trim()).toBe('The second lesson about keyboards 80 % 0 % ✔ Passed');
    expect(await mine.getByRole('link', { name: 'Open my certificate' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('completes the course, opens a one-page certificate whose code the hub verifies', async () => {
    const before = await fetch(`${hub.url}/api/me/certificates/${COURSE}`, { headers: amina.headers });
    expect(before.status).toBe(404);
    await postEvents(hub.url, amina, [{ verb: 'completed', object: { courseId: COURSE, lessonId: 't-l02' } }]);

    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
    const card = page.locator(`[data-testid="course-card"][data-course-id="${COURSE}"]`);
    await card.getByText('2 of 2 lessons done').waitFor();
    await card.getByText('Course finished!').waitFor();

    await page.goto(`${hub.url}/learn/courses/${COURSE}`);
    await page.locator('[data-testid="lesson-row"][data-lesson-id="t-l01"]').getByText('Done', { exact: true }).waitFor();
    await page.locator('[data-testid="lesson-row"][data-lesson-id="t-l02"]').getByText('Done', { exact: true }).waitFor();

    await page.goto(`${hub.url}/learn/progress`);
    await page.getByRole('link', { name: 'Open my certificate' }).click();
    const certificate = page.getByTestId('certificate');
    await certificate.waitFor();
    expect(await page.getByTestId('certificate-name').textContent()).toBe('Amina Wanjiru');
    await certificate.getByText('Test course').waitFor();
    await certificate.getByText('Truck 3 — Mwanza').waitFor();
    const code = (await page.getByTestId('verification-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}$/);
    await certificate.getByText(`/api/certificates/verify/${code}`, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Print the certificate' }).waitFor();

    const verified = await (await fetch(`${hub.url}/api/certificates/verify/${encodeURIComponent(code)}`)).json();
    expect(verified).toMatchObject({ valid: true, courseTitle: 'Test course', hubName: 'Truck 3 — Mwanza' });
    expect(JSON.stringify(verified)).not.toContain('Amina');

    // Printed: the app's header, navigation and the print button are gone, and it fits one A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print the certificate' }).isVisible()).toBe(false);
    expect(await page.getByTestId('certificate-name').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the courses of the language the workstation is set to, in that language', async () => {
    // GET /api/me names no profile language yet, so the app's language decides.
    await createLearner(hub.url, admin, { givenName: 'Fatou', familyName: 'Diop', pin: '1357', language: 'fr' });
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/sign-in`);
    await page.getByLabel('Language').selectOption('fr');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('darasa.locale'))).toBe('fr');
    await signInLearnerInBrowser(page, hub.url, /Fatou D\./, '1357');
    await page.getByRole('heading', { level: 1, name: 'Bonjour, Fatou Diop !' }).waitFor();
    const card = page.locator('[data-testid="course-card"][data-course-id="test-course-fr"]');
    await card.getByText('0 leçon terminée sur 2').waitFor();
    expect(await page.locator(`[data-testid="course-card"][data-course-id="${COURSE}"]`).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
