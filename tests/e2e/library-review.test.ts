// Issue 9's library journey in Chromium, with two real hub processes and the
// embedded central as a real process: on hub 1 a teacher submits her published
// course for review from the course editor; a trainer reads it lesson by
// lesson, comments and approves it; hub 1 syncs, central's publisher (run
// every second by the dashboard process here) publishes it; hub 2 syncs, and a teacher there finds it in the shared library,
// previews a lesson and duplicates it into a draft of her own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { CentralProcess } from '../support/central-process.ts';
import { removeTempDirs } from '../support/temp-dir.ts';
import { signInOverHttp, type TestSession } from '../support/auth.ts';
import { syncNowOverHttp } from '../support/sync-check.ts';
import { listLibrary } from '../../sync/library/publish.ts';
import { callJson, pageAs as pageOn, publishCountingMoney, startCentralWithDashboard, startTruck, type Truck } from './trucks-helpers.ts';

let central: CentralProcess;
let browser: Browser;
let one: Truck;
let two: Truck;
const TEACHER = { username: 'neema', password: 'teacher-password-1' };
const TRAINER = { username: 'tumaini', password: 'trainer-password-1' };
const TEACHER2 = { username: 'baraka', password: 'teacher-password-2' };
let courseId = '';
let lessonIds: string[] = [];

const post = (url: string, as: TestSession, body: unknown, method = 'POST') => callJson(url, as, method, body);

async function truck(people: { givenName: string; roles: string[]; username: string; password: string }[]): Promise<Truck> {
  const t = await startTruck(central);
  for (const person of people) await post(`${t.hub.url}/api/people`, t.admin, { familyName: 'Mwangi', ...person });
  return t;
}

const pageAs = (t: Truck, who: { username: string; password: string }): Promise<Page> => pageOn(browser, t, who);

beforeAll(async () => {
  // The dashboard beside central runs the library publisher every second here (every minute by default).
  central = await startCentralWithDashboard({ CENTRAL_LIBRARY_PUBLISH_MS: '1000' });
  [one, two] = await Promise.all([
    truck([{ givenName: 'Neema', roles: ['teacher'], ...TEACHER }, { givenName: 'Tumaini', roles: ['trainer'], ...TRAINER }]),
    truck([{ givenName: 'Baraka', roles: ['teacher'], ...TEACHER2 }]),
  ]);
  // The teacher's course, written and published through the authoring API.
  ({ courseId, lessonIds } = await publishCountingMoney(one.hub.url, await signInOverHttp(one.hub.url, TEACHER.username, TEACHER.password)));
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await one?.hub.stop();
  await two?.hub.stop();
  await central?.stop();
  await removeTempDirs();
});

describe('curriculum review and the shared library in Chromium', () => {
  it('a teacher submits, a trainer approves, and after sync a teacher on another hub duplicates the course from the library', async () => {
    // Hub 1: the teacher submits from the course editor.
    const teacher = await pageAs(one, TEACHER);
    await teacher.goto(`${one.hub.url}/teach/courses/${courseId}`);
    await teacher.getByLabel('A word to the trainer (optional)').fill('Please check the questions.');
    await teacher.getByRole('button', { name: 'Submit version 1 for review' }).click();
    await teacher.getByText("Version 1 is waiting for a trainer's review.").waitFor();

    // Hub 1: the trainer reads the second lesson, comments on it and approves.
    const trainer = await pageAs(one, TRAINER);
    await trainer.getByTestId('nav-reviews').click();
    await trainer.getByRole('link', { name: 'Counting money' }).click();
    await trainer.getByText('Please check the questions.').waitFor();
    const notes = trainer.locator(`[data-testid="review-lesson"][data-lesson-id="${lessonIds[1]}"]`);
    await notes.getByRole('button', { name: 'Read the lesson' }).click();
    await notes.getByText('We count notes at the market.').waitFor();
    await notes.getByText('6 shillings').waitFor();
    await notes.getByLabel('Comment on this lesson').fill('A good question; keep it.');
    await trainer.getByLabel('Comment on the whole course').fill('Ready for every truck.');
    await trainer.getByRole('button', { name: 'Approve for the shared library' }).click();
    await trainer.getByText("Approved. The course goes to the shared library with this hub's next sync.").waitFor();

    // The teacher sees the decision and the trainer's comments in her editor.
    await teacher.reload();
    await teacher.getByText('Version 1 is approved').waitFor();
    await teacher.getByTestId('review-comments').getByText('A good question; keep it.').waitFor();

    // Sync hub 1, central's publisher runs, sync hub 2.
    expect((await syncNowOverHttp(one.hub.url, one.admin)).lastError).toBeNull();
    // Central's own publisher (beside its dashboard) publishes it.
    await expect.poll(async () => (await listLibrary(central.admin)).map((p) => `${p.packId} ${p.version}`), { timeout: 30_000, interval: 250 }).toEqual([`library-${courseId} 1.0.0`]);
    expect((await syncNowOverHttp(two.hub.url, two.admin)).lastError).toBeNull();

    // Hub 1's next sync brings central's decision to the teacher's editor.
    expect((await syncNowOverHttp(one.hub.url, one.admin)).lastError).toBeNull();
    await teacher.reload();
    await teacher.getByText(/^Published in the shared library on \d{4}-\d{2}-\d{2}/).waitFor();

    // Hub 2: a teacher finds it in the library, previews a lesson, duplicates it.
    const other = await pageAs(two, TEACHER2);
    await other.getByTestId('nav-library').click();
    const card = other.locator(`[data-testid="library-course"][data-course-id="${courseId}"]`);
    await card.getByRole('heading', { name: 'Counting money' }).waitFor();
    await card.getByText(/version 1\.0\.0 · 2 lessons/).waitFor();
    await card.getByRole('button', { name: 'Preview' }).click();
    await card.getByRole('button', { name: 'Coins' }).click();
    await card.getByText('We count coins at the market.').waitFor();
    await card.getByRole('button', { name: 'Make a copy to adapt' }).click();
    await other.waitForURL(/\/teach\/courses\/hub-[a-z0-9]+-c-[a-z2-7]+$/);
    await other.getByRole('heading', { name: 'Counting money (my copy)' }).waitFor();
    expect(other.url()).not.toContain(courseId);
    expect(await other.getByTestId('lesson-row').count()).toBe(2);
  }, 180_000);
});
