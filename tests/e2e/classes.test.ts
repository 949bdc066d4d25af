// Classes in Chromium against a real hub with the seed curriculum: a teacher
// creates a class, enrols 22 learners, takes attendance for all of them on one
// screen, and assigns a seed lesson to the class; a learner signs in, finds
// the assignment on their home page and completes the lesson; the teacher's
// report shows the learner's answers and score, and the CSV download carries
// the figures the screen shows.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser, signInOverHttp, type TestSession } from '../support/auth.ts';
import { createLearner, signInLearnerInBrowser, watchErrors } from './learn-home-helpers.ts';

let hub: HubProcess;
let browser: Browser;
let admin: TestSession;
const TEACHER = { username: 'mwalimu', password: 'teacher-password-1' };
const LESSON = 'cb-en-l01';

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir() }, 60_000);
  const credentials = await setUpHubOverHttp(hub.url, { language: 'en' });
  admin = await signInOverHttp(hub.url, credentials.username, credentials.password);
  const teacher = await fetch(`${hub.url}/api/people`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ givenName: 'Grace', familyName: 'Achieng', roles: ['teacher'], ...TEACHER }),
  });
  if (teacher.status !== 201) throw new Error(`creating the teacher failed: ${teacher.status}`);
  const coTeacher = await fetch(`${hub.url}/api/people`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ givenName: 'Baraka', familyName: 'Otieno', roles: ['teacher'], username: 'baraka', password: 'teacher-password-2' }),
  });
  if (coTeacher.status !== 201) throw new Error(`creating the co-teacher failed: ${coTeacher.status}`);
  await createLearner(hub.url, admin, { givenName: 'Amina', familyName: 'Wanjiru', pin: '4821', language: 'en' });
  for (let i = 1; i <= 21; i++) await createLearner(hub.url, admin, { givenName: `Learner${String(i).padStart(2, '0')}`, familyName: 'Kamau', pin: '1234', language: 'en' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

let classPath = '';

async function teacherPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  await signInInBrowser(page, hub.url, TEACHER.username, TEACHER.password);
  return page;
}

describe('classes, attendance, assignments and the class report', () => {
  it('lets a teacher create a class, enrol 22 learners, take their attendance on one screen and assign a seed lesson', async () => {
    const page = await teacherPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/teach/classes`);
    await page.getByLabel('Class name').fill('Kisumu morning');
    await page.getByLabel('Level').fill('Beginners');
    await page.getByRole('button', { name: 'Create the class' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kisumu morning' }).waitFor();
    classPath = new URL(page.url()).pathname;
    await page.getByLabel('Add a co-teacher').selectOption({ label: 'Baraka Otieno' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByTestId('class-teachers').textContent()).toMatch(/Grace Achieng.*Baraka Otieno/);

    const pick = page.locator('fieldset.pick input[type="checkbox"]');
    await expect.poll(() => pick.count()).toBe(22);
    for (const box of await pick.all()) await box.check();
    await page.getByTestId('enrol-button').click();
    await expect.poll(() => page.getByTestId('class-learners').locator('li').count()).toBe(22);

    await page.getByRole('link', { name: 'Take attendance' }).click();
    await page.getByTestId('attendance-form').waitFor();
    expect(await page.locator('tr[data-person]').count()).toBe(22);
    await page.getByLabel('Place or village').fill('Kisumu');
    await page.getByRole('button', { name: 'Everyone present' }).click();
    const row = (name: string) => page.locator('tr[data-person]').filter({ hasText: name });
    await row('Learner01 Kamau').locator('input[value="absent"]').check();
    await row('Learner02 Kamau').locator('input[value="late"]').check();
    expect(await row('Learner03 Kamau').getByRole('radio', { name: /Learner03 Kamau: Present/ }).isChecked()).toBe(true);
    await page.getByTestId('save-attendance').click();
    await page.getByText('Saved: 20 present, 1 late, 1 absent.').waitFor();

    await page.goto(`${hub.url}${classPath}`);
    await page.getByLabel('Course', { exact: true }).selectOption('computer-basics-en');
    await expect.poll(() => page.getByLabel('Lesson', { exact: true }).locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('Lesson', { exact: true }).selectOption(LESSON);
    await page.getByTestId('assign-button').click();
    await page.getByText('Assigned.').waitFor();
    await page.getByTestId('assignments').getByText('Parts of a computer').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the learner the assignment on their home page, and they complete it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/learn');
    const mine = page.getByTestId('my-assignments');
    await mine.getByRole('heading', { name: 'From your teacher' }).waitFor();
    await mine.getByRole('link', { name: /Parts of a computer/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/learn/lessons/${LESSON}`);

    const card = page.locator(`article[data-activity-id="${LESSON}-a1"]`);
    for (let i = 0; i < 30 && !(await card.isVisible()); i++) await page.getByTestId('next-step').click();
    await card.getByLabel('The keyboard').check();
    await card.getByTestId('check').click();
    await expect.poll(() => card.getByTestId('feedback').getAttribute('data-correct')).toBe('false');
    await card.getByTestId('retry').click();
    await card.getByLabel('The screen').check();
    await card.getByTestId('check').click();
    await expect.poll(() => card.getByTestId('feedback').getAttribute('data-correct')).toBe('true');

    const tf = page.locator(`article[data-activity-id="${LESSON}-a4"]`);
    for (let i = 0; i < 30 && !(await tf.isVisible()); i++) await page.getByTestId('next-step').click();
    await tf.getByLabel('False').check();
    await tf.getByTestId('check').click();
    await expect.poll(() => tf.getByTestId('feedback').getAttribute('data-correct')).toBe('true');
    for (let i = 0; i < 30 && !(await page.getByTestId('finish-lesson').isVisible()); i++) await page.getByTestId('next-step').click();
    await page.getByTestId('finish-lesson').click();
    await page.getByTestId('lesson-done').waitFor();

    // Once the outbox has delivered the events, the assignment shows as done.
    await expect.poll(async () => {
      await page.goto(`${hub.url}/learn`);
      await page.getByTestId('my-assignments').waitFor();
      return page.getByTestId('my-assignments').getByText('Done').count();
    }, { timeout: 30_000 }).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the teacher the learner's answers and score, and the CSV download has the same figures", async () => {
    const page = await teacherPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}${classPath}/report`);
    const grid = page.getByTestId('report-grid');
    await grid.waitFor();
    const amina = page.getByTestId('report-figures').locator('tr', { hasText: 'Amina Wanjiru' });
    await amina.waitFor();
    const cells = await amina.locator('td').allTextContents();
    expect(cells[0]).toBe('1 / 1'); // lessons completed
    expect(cells[2]).toBe('3'); // answers: wrong then right, then one more right
    expect(cells[6]).toBe('1 present, 0 late, 0 absent');
    await grid.getByText('✔').first().waitFor();

    // The CSV the Download link gives, read in the page with the teacher's session.
    const href = (await page.getByTestId('report-csv').getAttribute('href'))!;
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    const [header, ...rows] = parse(csv, { bom: true }) as string[][];
    const row = rows.find((r) => r[0] === 'Amina Wanjiru')!;
    const cell = (name: string) => row[header!.indexOf(name)];
    expect(rows).toHaveLength(22);
    expect(cell('lessons_completed')).toBe(cells[0]!.split(' / ')[0]);
    expect(cell('activities_mastered')).toBe(cells[1]!.split(' / ')[0]);
    expect(cell('attempts')).toBe(cells[2]);
    expect(`${cell('sessions_present')} present, ${cell('sessions_late')} late, ${cell('sessions_absent')} absent`).toBe(cells[6]);
    expect(cell(`lesson: Parts of a computer`)).toBe('completed');
    expect(cell(`activity ${LESSON}-a1`)).toBe('mastered');

    await amina.getByRole('link', { name: 'Amina Wanjiru' }).or(page.getByTestId('report-grid').getByRole('link', { name: 'Amina Wanjiru' })).first().click();
    const answers = page.getByTestId('answers');
    await answers.waitFor();
    await answers.getByText('The keyboard').waitFor();
    await answers.getByText('The screen').waitFor();
    expect(await answers.getByText('(100%)').count()).toBe(2);
    expect(await answers.getByText('(0%)').count()).toBe(1);

    await page.goto(`${hub.url}/teach`);
    await page.getByTestId('todays-classes').getByText('Attendance taken: 20 present, 1 late, 1 absent').waitFor();
    await page.getByText('Lesson completed').first().waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
