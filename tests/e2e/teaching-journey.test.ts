// Issue 6's whole journey in Chromium, against a real hub: a teacher creates a
// class, enrols learners, takes attendance, writes a new lesson with a picture
// and two questions, publishes it and assigns it to the class; a learner signs
// in, finds it on their home page and completes it; the teacher's report and
// its CSV show the learner's answers and score.
import { parse } from 'csv-parse/sync';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser, signInOverHttp } from '../support/auth.ts';
import { PNG } from '../support/packs.ts';
import { createLearner, signInLearnerInBrowser, watchErrors } from './learn-home-helpers.ts';
import { goToActivity } from './learn-player-helpers.ts';

let hub: HubProcess;
let browser: Browser;
const TEACHER = { username: 'zawadi', password: 'teacher-password-1' };
let courseId = '';
let lessonId = '';
let classPath = '';

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir() }, 60_000);
  const credentials = await setUpHubOverHttp(hub.url, { language: 'en' });
  const admin = await signInOverHttp(hub.url, credentials.username, credentials.password);
  const teacher = await fetch(`${hub.url}/api/people`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ givenName: 'Zawadi', familyName: 'Njeri', roles: ['teacher'], ...TEACHER }),
  });
  if (teacher.status !== 201) throw new Error(`creating the teacher failed: ${teacher.status}`);
  await createLearner(hub.url, admin, { givenName: 'Amina', familyName: 'Wanjiru', pin: '4821', language: 'en' });
  await createLearner(hub.url, admin, { givenName: 'Juma', familyName: 'Kamau', pin: '1234', language: 'en' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

async function teacherPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  await signInInBrowser(page, hub.url, TEACHER.username, TEACHER.password);
  return page;
}

describe("a teacher's day, from a new class to its report", () => {
  it('creates a class, enrols learners and takes attendance', async () => {
    const page = await teacherPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/teach/classes`);
    await page.getByLabel('Class name').fill('Market women');
    await page.getByRole('button', { name: 'Create the class' }).click();
    await page.getByRole('heading', { level: 1, name: 'Market women' }).waitFor();
    classPath = new URL(page.url()).pathname;
    const pick = page.locator('fieldset.pick input[type="checkbox"]');
    await expect.poll(() => pick.count()).toBe(2);
    for (const box of await pick.all()) await box.check();
    await page.getByTestId('enrol-button').click();
    await expect.poll(() => page.getByTestId('class-learners').locator('li').count()).toBe(2);

    await page.getByRole('link', { name: 'Take attendance' }).click();
    await page.getByTestId('attendance-form').waitFor();
    await page.getByLabel('Place or village').fill('Kisumu');
    await page.getByRole('button', { name: 'Everyone present' }).click();
    await page.getByTestId('save-attendance').click();
    await page.getByText('Saved: 2 present, 0 late, 0 absent.').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('writes a lesson with a picture and two questions, publishes it and assigns it to the class', async () => {
    const page = await teacherPage();
    const errors = watchErrors(page);
    await page.getByTestId('nav-authoring').click();
    await page.getByTestId('new-course-title').fill('Selling at the market');
    await page.getByTestId('create-course').click();
    await page.getByRole('heading', { level: 1, name: 'Selling at the market' }).waitFor();
    await page.getByTestId('new-lesson-title').fill('Counting money');
    await page.getByTestId('add-lesson').click();
    await page.getByRole('heading', { name: 'Edit the lesson' }).waitFor();
    const parts = new URL(page.url()).pathname.split('/');
    lessonId = parts.at(-1)!;
    courseId = parts[parts.indexOf('courses') + 1]!;

    await page.getByTestId('add-text').click();
    const text = page.getByTestId('markdown').first();
    await text.fill('# Counting money\n\nCount the coins before you give change.');
    const picture = path.join(await makeTempDir(), 'coins.png');
    await writeFile(picture, PNG);
    await page.getByTestId('media-file').first().setInputFiles(picture);
    await expect.poll(() => text.inputValue(), { timeout: 20_000 }).toMatch(/!\[coins\]\(/);

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
    await short.getByTestId('accept').fill('change');
    await page.getByTestId('save-lesson').click();
    await page.getByTestId('saved').getByText(/Saved at/).waitFor();

    await page.goto(`${hub.url}/teach/courses/${courseId}`);
    await page.getByTestId('publish').click();
    await page.getByTestId('published').getByText('Published as version 1.').waitFor();

    await page.goto(`${hub.url}${classPath}`);
    await page.getByLabel('Course', { exact: true }).selectOption(courseId);
    await expect.poll(() => page.getByLabel('Lesson', { exact: true }).locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('Lesson', { exact: true }).selectOption(lessonId);
    await page.getByTestId('assign-button').click();
    await page.getByText('Assigned.').waitFor();
    await page.getByTestId('assignments').getByText('Counting money').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets the learner find the lesson on their home page and complete it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
    const mine = page.getByTestId('my-assignments');
    await mine.getByRole('link', { name: /Counting money/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/learn/lessons/${lessonId}`);
    await page.locator('img[alt="coins"]').waitFor();

    const activities = (await page.evaluate(async (url) => (await fetch(url)).json(), `/api/lessons/${lessonId}`)) as { activities: { id: string; kind: string }[] };
    const choiceId = activities.activities.find((a) => a.kind === 'single-choice')!.id;
    const shortId = activities.activities.find((a) => a.kind === 'short-text')!.id;
    const choice = await goToActivity(page, choiceId);
    await choice.getByLabel('Five').check();
    await choice.getByTestId('check').click();
    await expect.poll(() => choice.getByTestId('feedback').getAttribute('data-correct')).toBe('true');
    const short = await goToActivity(page, shortId);
    await short.getByLabel('Your answer').fill('Change');
    await short.getByTestId('check').click();
    await expect.poll(() => short.getByTestId('feedback').getAttribute('data-correct')).toBe('true');
    for (let i = 0; i < 30 && !(await page.getByTestId('finish-lesson').isVisible()); i++) await page.getByTestId('next-step').click();
    await page.getByTestId('finish-lesson').click();
    await page.getByTestId('lesson-done').waitFor();
    await expect.poll(async () => {
      await page.goto(`${hub.url}/learn`);
      await page.getByTestId('my-assignments').waitFor();
      return page.getByTestId('my-assignments').getByText('Done').count();
    }, { timeout: 30_000 }).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the teacher the learner's answers and score, and the CSV has the same figures", async () => {
    const page = await teacherPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}${classPath}/report`);
    const amina = page.getByTestId('report-figures').locator('tr', { hasText: 'Amina Wanjiru' });
    await amina.waitFor();
    const cells = await amina.locator('td').allTextContents();
    expect(cells[0]).toBe('1 / 1'); // lessons completed
    expect(cells[1]).toBe('2 / 2'); // activities mastered
    expect(cells[2]).toBe('2'); // answers

    const href = (await page.getByTestId('report-csv').getAttribute('href'))!;
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    const [header, ...rows] = parse(csv, { bom: true }) as string[][];
    const row = rows.find((r) => r[0] === 'Amina Wanjiru')!;
    const cell = (name: string) => row[header!.indexOf(name)];
    expect(rows).toHaveLength(2);
    expect(cell('lessons_completed')).toBe('1');
    expect(cell('activities_mastered')).toBe('2');
    expect(cell('attempts')).toBe(cells[2]);
    expect(cell('lesson: Counting money')).toBe('completed');

    await page.getByTestId('report-grid').getByRole('link', { name: 'Amina Wanjiru' }).or(amina.getByRole('link', { name: 'Amina Wanjiru' })).first().click();
    const answers = page.getByTestId('answers');
    await answers.waitFor();
    await answers.getByText('Five').waitFor();
    await answers.getByText('Change').waitFor();
    expect(await answers.getByText('(100%)').count()).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
