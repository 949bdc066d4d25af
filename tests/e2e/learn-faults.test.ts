// Nothing the learner answered is lost or counted twice, whatever the power
// does (contract B; DESIGN.md principle 5). Real hub processes, real Chromium,
// the browser's own IndexedDB:
//   1. the hub is killed (SIGKILL) while the learner is answering, restarts on
//      the same data and port, the learner answers more, and every answer that
//      got feedback is stored exactly once;
//   2. events are still queued (the hub is not taking them) when the tab is
//      reloaded and the hub goes down; once it is back they are all sent.
// Counts are read from the data directory after the hub is stopped.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { enrolLearner, goToActivity, learnerContext, readEvents, watchErrors } from './learn-player-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await removeTempDirs();
});

/** A port that was free a moment ago, so a restarted hub comes back at the same address as the page. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const saveStatus = (page: Page) => page.getByTestId('save-indicator').getAttribute('data-status');

/** Answers the true/false question and waits for the hub's feedback; returns whether it was right. */
async function answerTrueFalse(card: Locator, value: boolean): Promise<boolean> {
  if (await card.getByTestId('retry').isVisible()) await card.getByTestId('retry').click();
  await card.getByLabel(value ? 'True' : 'False').check();
  await card.getByTestId('check').click();
  await card.getByTestId('feedback').waitFor();
  return (await card.getByTestId('feedback').getAttribute('data-correct')) === 'true';
}

describe('learning events survive faults', () => {
  it('stores every answer exactly once when the hub is killed while the learner answers', async () => {
    const dataDir = await makeTempDir();
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port) };
    let hub: HubProcess = await startHubProcess(env);
    const learner = await enrolLearner(hub.url);
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    const errors = watchErrors(page, /status of 4\d\d|ERR_CONNECTION_REFUSED|Failed to load resource/);
    await page.goto(`${hub.url}/learn/lessons/cb-en-l02`);
    const card = await goToActivity(page, 'cb-en-l02-a5');

    const given: boolean[] = [];
    for (const value of [true, false, true]) {
      expect(await answerTrueFalse(card, value)).toBe(value);
      given.push(value);
    }
    // The third answer's event is being sent right now: the power goes.
    await hub.stop('SIGKILL');
    await expect.poll(() => saveStatus(page), { timeout: 20_000 }).not.toBe('saving');

    hub = await startHubProcess(env);
    for (const value of [false, true, true]) {
      expect(await answerTrueFalse(card, value)).toBe(value);
      given.push(value);
    }
    await expect.poll(() => saveStatus(page), { timeout: 40_000 }).toBe('saved');
    await context.close();
    expect(await hub.stop('SIGTERM')).toBe(0);

    const answered = (await readEvents(dataDir)).filter((e) => e.verb === 'answered' && e.object.activityId === 'cb-en-l02-a5');
    expect(answered.map((e) => e.personId)).toEqual(given.map(() => learner.personId));
    // Exactly once each: the same number, in the order given (ids are unique by construction).
    const inOrder = answered.sort((a, b) => ((a as { at?: string }).at ?? '').localeCompare((b as { at?: string }).at ?? ''));
    expect(inOrder.map((e) => (e.result?.response as { value: boolean }).value)).toEqual(given);
    expect(inOrder.map((e) => e.result?.correct)).toEqual(given);
    expect(errors.filter((e) => !/could not queue/.test(e))).toEqual([]);
  });

  it('sends events that were still queued when the tab was reloaded and the hub went down', async () => {
    const dataDir = await makeTempDir();
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port) };
    let hub: HubProcess = await startHubProcess(env);
    const learner = await enrolLearner(hub.url);
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    await page.goto(`${hub.url}/learn/lessons/cb-en-l02`);
    await page.getByTestId('step-position').waitFor();
    await expect.poll(() => saveStatus(page), { timeout: 20_000 }).toBe('saved');

    // The hub stops taking events (as when it is overloaded or restarting): they queue up.
    await context.route('**/api/events', (route) => route.abort('connectionrefused'));
    const card = await goToActivity(page, 'cb-en-l02-a5');
    const given = [false, true];
    for (const value of given) await answerTrueFalse(card, value);
    await page.getByTestId('finish-lesson').isVisible();
    await expect.poll(() => saveStatus(page), { timeout: 20_000 }).toBe('waiting');

    // Reload while queued: they are still there after the reload.
    await page.reload();
    await page.getByTestId('step-position').waitFor();
    await expect.poll(() => saveStatus(page), { timeout: 20_000 }).toBe('waiting');

    // The power goes; the learner presses reload on a hub that is not there.
    await hub.stop('SIGKILL');
    await context.unroute('**/api/events');
    await page.reload().catch(() => undefined);

    hub = await startHubProcess(env);
    await page.goto(`${hub.url}/learn/lessons/cb-en-l02`);
    await expect.poll(() => saveStatus(page), { timeout: 40_000 }).toBe('saved');
    await context.close();
    expect(await hub.stop('SIGTERM')).toBe(0);

    const events = await readEvents(dataDir);
    const answered = events.filter((e) => e.verb === 'answered' && e.object.activityId === 'cb-en-l02-a5');
    expect(answered.map((e) => (e.result?.response as { value: boolean }).value).sort()).toEqual([...given].sort());
    // Each page load records one `opened`: at least the first, the reload while queued, and the one after the restart.
    expect(events.filter((e) => e.verb === 'opened').length).toBeGreaterThanOrEqual(3);
    expect(new Set(events.map((e) => e._id)).size).toBe(events.length);
  });
});
