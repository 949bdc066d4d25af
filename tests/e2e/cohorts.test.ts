// Teacher cohorts in Chromium against a real hub with the seed curriculum: a
// trainer signs in, creates a cohort from the Training pages, enrols a
// teacher, takes the session's attendance and assigns the seed course
// "Teaching with the digital classroom"; the teacher finds it on their own
// home page under "From your trainer"; the trainer's home lists the teacher
// with their training progress (and as stalled: nothing done yet).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser, signInOverHttp, type TestSession } from '../support/auth.ts';
import { createLearner, watchErrors } from './learn-home-helpers.ts';

let hub: HubProcess;
let browser: Browser;
let admin: TestSession;
const TRAINER = { username: 'mkufunzi', password: 'trainer-password-1' };
const TEACHER = { username: 'mwalimu', password: 'teacher-password-1' };
const SEED_COURSE = 'teaching-digital-classroom-en';

async function createStaff(person: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${hub.url}/api/people`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify(person),
  });
  if (response.status !== 201) throw new Error(`creating ${String(person.username)} failed: ${response.status} ${await response.text()}`);
}

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir() }, 60_000);
  const credentials = await setUpHubOverHttp(hub.url, { language: 'en' });
  admin = await signInOverHttp(hub.url, credentials.username, credentials.password);
  await createStaff({ givenName: 'Zawadi', familyName: 'Mutua', roles: ['trainer'], ...TRAINER });
  await createStaff({ givenName: 'Grace', familyName: 'Achieng', roles: ['teacher'], ...TEACHER });
  await createStaff({ givenName: 'Baraka', familyName: 'Otieno', roles: ['teacher'], username: 'baraka', password: 'teacher-password-2' });
  // A learner is never offered for a cohort.
  await createLearner(hub.url, admin, { givenName: 'Amina', familyName: 'Wanjiru', pin: '4821', language: 'en' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

async function staffPage(account: { username: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signInInBrowser(page, hub.url, account.username, account.password);
  return page;
}

describe('teacher cohorts and the trainer home', () => {
  it('lets a trainer create a cohort, enrol a teacher, take attendance and assign the seed teacher course', async () => {
    const page = await staffPage(TRAINER);
    const errors = watchErrors(page);
    await page.getByTestId('nav-training').click();
    await page.getByRole('heading', { level: 1, name: 'Training' }).waitFor();
    await page.getByTestId('all-cohorts').click();
    await page.getByRole('heading', { level: 1, name: 'My cohorts' }).waitFor();
    await page.getByLabel('Cohort name').fill('Kisumu teachers 2026');
    await page.getByRole('button', { name: 'Create the cohort' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kisumu teachers 2026' }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toMatch(/^\/train\/cohorts\/class:/);
    await expect.poll(() => page.getByTestId('class-teachers').textContent()).toMatch(/Trainers:\s*Zawadi Mutua/);

    // The enrol search offers teachers only (not the learner).
    const pick = page.locator('fieldset.pick label');
    await expect.poll(() => pick.count()).toBe(2);
    expect((await pick.allTextContents()).join(' ')).not.toContain('Amina');
    await pick.filter({ hasText: 'Grace Achieng' }).locator('input').check();
    await page.getByTestId('enrol-button').click();
    await expect.poll(() => page.getByTestId('class-learners').locator('li').allTextContents()).toEqual([expect.stringContaining('Grace Achieng')]);
    await page.getByRole('heading', { name: 'Teachers (1)' }).waitFor();

    await page.getByRole('link', { name: 'Take attendance' }).click();
    await page.getByTestId('attendance-form').waitFor();
    expect(await page.locator('tr[data-person]').count()).toBe(1);
    await page.getByLabel('Place or village').fill('Kisumu');
    await page.getByRole('button', { name: 'Everyone present' }).click();
    await page.getByTestId('save-attendance').click();
    await page.getByText('Saved: 1 present, 0 late, 0 absent.').waitFor();
    await page.getByRole('link', { name: 'Back to the cohort' }).click();

    await page.getByLabel('Course', { exact: true }).selectOption(SEED_COURSE);
    await page.getByRole('radio', { name: 'The whole cohort' }).check();
    await page.getByTestId('assign-button').click();
    await page.getByText('Assigned.').waitFor();
    await page.getByTestId('assignments').getByText('Teaching with the digital classroom').waitFor();
    await page.getByText(/1 present, 0 late, 0 absent/).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the teacher the cohort course on their home page, from their trainer', async () => {
    const page = await staffPage(TEACHER);
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/teach`);
    const fromTrainer = page.getByTestId('from-trainer');
    await fromTrainer.getByRole('heading', { name: 'From your trainer' }).waitFor();
    await fromTrainer.getByText(/Kisumu teachers 2026/).waitFor();
    await fromTrainer.getByRole('link', { name: 'Teaching with the digital classroom' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/learn/lessons/teach-en-l01');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("lists the teacher on the trainer's home with their training progress, and refuses the teacher the trainer pages", async () => {
    const page = await staffPage(TRAINER);
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/train`);
    const row = page.getByTestId('trained-teachers').locator('tr[data-person]');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByText('Grace Achieng').waitFor();
    await row.getByText('Kisumu teachers 2026').waitFor();
    await row.getByText(/0% \(0 of 6 lessons\)/).waitFor();
    await row.getByText('Not observed yet').waitFor();
    await row.getByText('Not certified yet').waitFor();
    expect(await row.getByRole('link', { name: 'Observe' }).getAttribute('href')).toMatch(/^\/train\/observe\/person/);
    await page.getByTestId('stalled').getByText(/Grace Achieng: no activity yet/).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();

    const teacher = await staffPage(TEACHER);
    const response = await teacher.evaluate(async () => (await fetch('/api/trainer/home')).status);
    expect(response).toBe(403);
    await teacher.context().close();
  });
});
