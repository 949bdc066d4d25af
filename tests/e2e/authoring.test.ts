// Course authoring in a real browser: a teacher creates a course, writes a
// lesson with a picture uploaded from the workstation and two questions
// (choose one, short answer), tries it as a learner, and publishes it; a
// learner on another workstation then opens the lesson and answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { ADMIN, signInInBrowser, signInOverHttp } from '../support/auth.ts';
import { PNG } from '../support/packs.ts';
import { enrolLearner, learnerContext, watchErrors, goToActivity, type Learner } from './learn-player-helpers.ts';

let hub: HubProcess;
let browser: Browser;
let learner: Learner;
const TEACHER = { username: 'neema', password: 'teacher-password-1' };

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir(), SEED_CONTENT: '0' }, 60_000);
  learner = await enrolLearner(hub.url);
  const admin = await signInOverHttp(hub.url, ADMIN.username, ADMIN.password);
  const created = await fetch(`${hub.url}/api/people`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ givenName: 'Neema', familyName: 'Mwangi', roles: ['teacher'], ...TEACHER }),
  });
  if (created.status !== 201) throw new Error(`creating the teacher failed: ${await created.text()}`);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

describe('authoring a course in the browser', () => {
  it('a teacher writes, previews and publishes a lesson with a picture and two questions; a learner opens it', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInInBrowser(page, hub.url, TEACHER.username, TEACHER.password);

    // A new course, then a lesson in its first module.
    await page.getByTestId('nav-authoring').click();
    await page.getByTestId('new-course-title').fill('Selling at the market');
    await page.getByTestId('create-course').click();
    await page.getByRole('heading', { level: 1, name: 'Selling at the market' }).waitFor();
    await page.getByTestId('new-lesson-title').fill('Counting money');
    await page.getByTestId('add-lesson').click();
    await page.getByRole('heading', { name: 'Edit the lesson' }).waitFor();
    const lessonId = new URL(page.url()).pathname.split('/').at(-1)!;

    // Text with a picture uploaded from this computer, shown in the live preview.
    await page.getByTestId('add-text').click();
    const text = page.getByTestId('markdown').first();
    await text.fill('# Counting money\n\nCount the coins before you give change.');
    const picture = path.join(await makeTempDir(), 'coins.png');
    await writeFile(picture, PNG);
    // The upload is held at the network until the progress bar has been seen.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/courses/media', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('media-file').first().setInputFiles(picture);
    await page.getByTestId('media-progress').waitFor();
    release();
    await expect.poll(() => text.inputValue(), { timeout: 20_000 }).toMatch(/!\[coins\]\(\.\.\/\.\.\/\.\.\/media\/[a-f0-9]{64}\.png\)/);
    await page.getByTestId('markdown-preview').first().locator('img[alt="coins"]').waitFor();
    expect(await page.getByTestId('markdown-preview').first().locator('strong, h1').count()).toBeGreaterThan(0);

    // Two questions: choose one, and a short answer.
    await page.getByTestId('new-kind').selectOption('single-choice');
    await page.getByTestId('add-activity').click();
    const choice = page.locator('fieldset[data-kind="single-choice"]');
    await choice.getByTestId('activity-prompt').fill('How many 10-shilling coins make 50 shillings?');
    await choice.getByTestId('choice-text').nth(0).fill('Five');
    await choice.getByTestId('choice-text').nth(1).fill('Ten');
    await page.getByTestId('new-kind').selectOption('short-text');
    await page.getByTestId('add-activity').click();
    const short = page.locator('fieldset[data-kind="short-text"]');
    await short.getByTestId('activity-prompt').fill('What do you give back when someone pays too much?');
    await short.getByTestId('accept').fill('change\nthe change');
    // The short answer goes before the choice question, by keyboard.
    await page.getByRole('button', { name: 'Move item 3 up' }).click();
    expect(await page.locator('fieldset.activity-form').first().getAttribute('data-kind')).toBe('short-text');
    await page.getByTestId('save-lesson').click();
    await page.getByTestId('saved').getByText(/Saved at/).waitFor();

    // Try it as a learner: the player's inputs, checked against the draft.
    await page.getByTestId('preview-link').click();
    await page.getByText('Preview: this is how learners will see the saved draft.').waitFor();
    await page.locator('.step img[alt="coins"]').waitFor();
    await page.getByTestId('preview-next').click();
    await page.getByLabel('Your answer').fill('Change');
    await page.getByTestId('preview-check').click();
    await page.locator('[data-testid="feedback"][data-correct="true"]').waitFor();
    await page.getByTestId('preview-next').click();
    await page.getByLabel('Ten').check();
    await page.getByTestId('preview-check').click();
    await page.locator('[data-testid="feedback"][data-correct="false"]').waitFor();

    // Publish from the course page.
    await page.getByRole('link', { name: 'Back to editing' }).click();
    await page.getByRole('link', { name: 'Back to the course' }).click();
    await page.getByTestId('publish').click();
    await page.getByTestId('published').getByText('Published as version 1.').waitFor();
    await page.getByTestId('versions').getByText('Version 1').waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // A learner on another workstation opens the published lesson and answers.
    const workstation = await learnerContext(browser, hub.url, learner);
    const learnerPage = await workstation.newPage();
    await learnerPage.goto(`${hub.url}/learn/lessons/${lessonId}`);
    await learnerPage.getByRole('heading', { level: 1, name: 'Counting money' }).waitFor();
    await learnerPage.locator('img[alt="coins"]').waitFor();
    const card = await goToActivity(learnerPage, (await (await fetch(`${hub.url}/api/lessons/${lessonId}`, { headers: { cookie: learner.cookie } })).json()).activities[1].id);
    await card.getByLabel('Five').check();
    await card.getByTestId('check').click();
    await card.locator('[data-testid="feedback"][data-correct="true"]').waitFor();
    await workstation.close();
  });

  it('two teachers on the same lesson: the second save is refused with who changed it, and "Keep mine" saves over it knowingly', async () => {
    const api = await signInOverHttp(hub.url, TEACHER.username, TEACHER.password);
    const post = async (url: string, body: unknown) => (await fetch(`${hub.url}${url}`, { method: 'POST', headers: { ...api.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    const course = await post('/api/courses', { title: 'Shared lesson', language: 'en' });
    const lesson = await post(`/api/courses/${course.id}/draft/lessons`, { moduleId: course.modules[0].id, title: 'Draft title' });
    const url = `${hub.url}/teach/courses/${course.id}/lessons/${lesson.id}`;

    const open = async () => {
      const context = await browser.newContext({ locale: 'en' });
      const page = await context.newPage();
      await signInInBrowser(page, hub.url, TEACHER.username, TEACHER.password);
      await page.goto(url);
      await page.getByTestId('lesson-title').waitFor();
      return { context, page };
    };
    const first = await open();
    const second = await open();
    await first.page.getByTestId('lesson-title').fill('Title from the first workstation');
    await first.page.getByTestId('save-lesson').click();
    await first.page.getByTestId('saved').getByText(/Saved at/).waitFor();

    await second.page.getByTestId('lesson-title').fill('Title from the second workstation');
    await second.page.getByTestId('save-lesson').click();
    const notice = second.page.getByTestId('conflict');
    await notice.getByText(/Changed by Neema Mwangi at .* since you opened it\./).waitFor();
    const stored = async () => (await (await fetch(`${hub.url}/api/courses/${course.id}/draft/lessons/${lesson.id}`, { headers: api.headers })).json()).title;
    expect(await stored()).toBe('Title from the first workstation');
    await second.page.getByTestId('conflict-keep').click();
    await second.page.getByTestId('saved').getByText(/Saved at/).waitFor();
    expect(await stored()).toBe('Title from the second workstation');

    // The first workstation is now the stale one; it reloads and sees the kept version.
    await first.page.getByTestId('save-lesson').click();
    await first.page.getByTestId('conflict-reload').click();
    await expect.poll(() => first.page.getByTestId('lesson-title').inputValue()).toBe('Title from the second workstation');
    await first.context.close();
    await second.context.close();
  });
});
