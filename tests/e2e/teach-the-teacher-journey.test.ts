// Issue 9's whole journey in Chromium, with two real hub processes and the
// embedded central (with its dashboard and library publisher) as a real
// process. On truck 1 a trainer observes a teacher's class session; the
// teacher submits her course for review; the trainer approves it. Truck 1
// syncs, central publishes the course to the shared library, truck 2 syncs:
// the trainer signs in on truck 2 with the same account (roaming staff), and a
// teacher there duplicates the course from the library to adapt it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { CentralProcess } from '../support/central-process.ts';
import { removeTempDirs } from '../support/temp-dir.ts';
import { signInOverHttp, type TestSession } from '../support/auth.ts';
import { syncNowOverHttp } from '../support/sync-check.ts';
import { hubDatabase } from '../../sync/central/provision.ts';
import { couchRequest } from '../../sync/central/couch-http.ts';
import { listLibrary } from '../../sync/library/publish.ts';
import { createLearner } from './learn-home-helpers.ts';
import { callJson, pageAs as pageOn, publishCountingMoney, startCentralWithDashboard, startTruck, type Truck } from './trucks-helpers.ts';

let central: CentralProcess;
let browser: Browser;
let one: Truck;
let two: Truck;
const TEACHER = { username: 'zawadi', password: 'teacher-password-1' };
const TRAINER = { username: 'jabari', password: 'trainer-password-1' };
const TEACHER2 = { username: 'imani', password: 'teacher-password-2' };
let teacherId = '';
let courseId = '';

const call = (url: string, as: TestSession, method: string, body?: unknown) => callJson(url, as, method, body);
const pageAs = (t: Truck, who: { username: string; password: string }): Promise<Page> => pageOn(browser, t, who);

beforeAll(async () => {
  // The dashboard beside central runs the library publisher every second here (every minute by default).
  central = await startCentralWithDashboard({ CENTRAL_LIBRARY_PUBLISH_MS: '1000' });
  [one, two] = await Promise.all([startTruck(central), startTruck(central)]);

  // Truck 1: a teacher, a trainer, and the teacher's class with today's session.
  const url = one.hub.url;
  teacherId = (await call(`${url}/api/people`, one.admin, 'POST', { givenName: 'Zawadi', familyName: 'Otieno', roles: ['teacher'], ...TEACHER })).id;
  await call(`${url}/api/people`, one.admin, 'POST', { givenName: 'Jabari', familyName: 'Mwita', roles: ['trainer'], ...TRAINER });
  await call(`${two.hub.url}/api/people`, two.admin, 'POST', { givenName: 'Imani', familyName: 'Njeri', roles: ['teacher'], ...TEACHER2 });
  const learnerId = await createLearner(url, one.admin, { givenName: 'Amina', familyName: 'Wanjiru', pin: '4821', language: 'en' });
  const teacher = await signInOverHttp(url, TEACHER.username, TEACHER.password);
  const klass = await call(`${url}/api/classes`, teacher, 'POST', { name: 'Market maths' });
  await call(`${url}/api/classes/${encodeURIComponent(klass.id)}/learners`, teacher, 'POST', { personIds: [learnerId] });
  await call(`${url}/api/classes/${encodeURIComponent(klass.id)}/sessions`, teacher, 'POST', { attendance: [{ personId: learnerId, status: 'present' }] });

  // Her course, written and published through the authoring API.
  ({ courseId } = await publishCountingMoney(url, teacher));
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await one?.hub.stop();
  await two?.hub.stop();
  await central?.stop();
  await removeTempDirs();
});

describe("teach-the-teacher: from a trainer's observation to a course on another truck", () => {
  it('a trainer observes, the teacher submits, the trainer approves; after sync the trainer signs in on truck 2 and a teacher there duplicates the course', async () => {
    // Truck 1: the trainer observes the teacher's session.
    const trainer = await pageAs(one, TRAINER);
    await trainer.goto(`${one.hub.url}/train/observe`);
    await trainer.locator(`tr[data-teacher="${teacherId}"]`).getByRole('link', { name: 'Observe' }).click();
    await trainer.getByRole('heading', { level: 1, name: 'Observing Zawadi Otieno' }).waitFor();
    await trainer.getByLabel('Class', { exact: true }).selectOption({ label: 'Market maths' });
    await expect.poll(() => trainer.getByLabel('Session', { exact: true }).inputValue()).toMatch(/^attendance:/);
    for (const [criterion, value] of Object.entries({ preparation: 4, workstations: 3, inclusion: 4, 'checking-understanding': 3 })) {
      await trainer.locator(`fieldset[data-criterion="${criterion}"] input[value="${value}"]`).check();
    }
    await trainer.getByLabel('Notes on Inclusion').fill('Every learner had a turn at the keyboard');
    await trainer.getByRole('button', { name: 'Save the observation' }).click();
    await trainer.getByTestId('observation-saved').waitFor();
    await expect.poll(() => trainer.getByTestId('mean-average').textContent()).toBe('3.5');

    // The teacher reads the trainer's feedback on her home page.
    const teacher = await pageAs(one, TEACHER);
    await teacher.goto(`${one.hub.url}/teach`);
    const feedback = teacher.getByTestId('my-observation');
    await feedback.getByText('Market maths', { exact: false }).waitFor();
    await feedback.getByText('Every learner had a turn at the keyboard').waitFor();
    await feedback.getByText('Average score: 3.5 out of 4').waitFor();

    // The teacher submits her course from the editor.
    await teacher.goto(`${one.hub.url}/teach/courses/${courseId}`);
    await teacher.getByRole('button', { name: 'Submit version 1 for review' }).click();
    await teacher.getByText("Version 1 is waiting for a trainer's review.").waitFor();

    // The trainer approves it.
    await trainer.getByTestId('nav-reviews').click();
    await trainer.getByRole('link', { name: 'Counting money' }).click();
    await trainer.getByLabel('Comment on the whole course').fill('Clear and local: ready for every truck.');
    await trainer.getByRole('button', { name: 'Approve for the shared library' }).click();
    await trainer.getByText("Approved. The course goes to the shared library with this hub's next sync.").waitFor();

    // Truck 1 syncs; central's publisher publishes the course; truck 2 syncs.
    expect((await syncNowOverHttp(one.hub.url, one.admin)).lastError).toBeNull();
    await expect.poll(async () => (await listLibrary(central.admin)).map((p) => p.courseIds).flat(), { timeout: 30_000, interval: 250 }).toEqual([courseId]);
    expect((await syncNowOverHttp(two.hub.url, two.admin)).lastError).toBeNull();
    // The observation reached truck 1's database at central, where reporting counts it.
    const observations = await couchRequest<{ rows: { id: string }[] }>(central.admin, 'GET', `/${hubDatabase(one.hubId)}/_all_docs?startkey=${encodeURIComponent('"observation:"')}&endkey=${encodeURIComponent('"observation:\ufff0"')}`);
    expect(observations.body.rows).toHaveLength(1);

    // Truck 2: the trainer signs in with the same account.
    const visiting = await pageAs(two, TRAINER);
    await visiting.getByTestId('nav-reviews').waitFor();

    // Truck 2: a teacher finds the course in the library and makes her own copy.
    const other = await pageAs(two, TEACHER2);
    await other.getByTestId('nav-library').click();
    const card = other.locator(`[data-testid="library-course"][data-course-id="${courseId}"]`);
    await card.getByRole('heading', { name: 'Counting money' }).waitFor();
    await card.getByRole('button', { name: 'Make a copy to adapt' }).click();
    await other.getByRole('heading', { name: 'Counting money (my copy)' }).waitFor();
    expect(await other.getByTestId('lesson-row').count()).toBe(2);
  }, 240_000);
});
