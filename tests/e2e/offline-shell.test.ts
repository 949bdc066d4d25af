// The offline app shell (client/public/sw.js) in Chromium against a real hub
// process: a learner reading a lesson keeps the app and the lesson when the hub
// goes away (power dip) and the page is reloaded; the hub comes back on the
// same address and the page carries on. Personal answers (progress) are kept
// for the same learner only and dropped on sign-out or when someone else signs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInOverHttp } from '../support/auth.ts';
import { buildPack } from '../support/packs.ts';
import { createLearner, freePort, postEvents, signInLearnerInBrowser, signInLearnerOverHttp, uploadPackOverHttp, watchErrors } from './learn-home-helpers.ts';

let hub: HubProcess;
let browser: Browser;
let aminaId: string;
let env: { DATA_DIR: string; PORT: string; SEED_CONTENT: string };

beforeAll(async () => {
  env = { DATA_DIR: await makeTempDir(), PORT: String(await freePort()), SEED_CONTENT: '0' };
  hub = await startHubProcess(env);
  const credentials = await setUpHubOverHttp(hub.url);
  const admin = await signInOverHttp(hub.url, credentials.username, credentials.password);
  await uploadPackOverHttp(hub.url, admin, buildPack());
  aminaId = await createLearner(hub.url, admin, { givenName: 'Amina', familyName: 'Wanjiru', pin: '4821' });
  await createLearner(hub.url, admin, { givenName: 'Baraka', familyName: 'Mwangi', pin: '1357' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

/** Waits until the service worker controls the page (first visit: after it claimed it). */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

const cachedPaths = (page: Page, cacheName: string) =>
  page.evaluate(async (name) => {
    if (!(await caches.has(name))) return [];
    return (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
  }, cacheName);

/** Whom each cached personal answer belongs to (the worker's tag). */
const cachedOwners = (page: Page) =>
  page.evaluate(async () => {
    const cache = await caches.open('darasa-personal-v1');
    return Promise.all((await cache.keys()).map(async (key) => (await cache.match(key))?.headers.get('x-darasa-person') ?? null));
  });

describe('the offline app shell', () => {
  it('keeps the app and the lesson being read when the hub stops, and carries on when it is back', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
    await controlled(page);
    await page.getByTestId('continue-card').getByRole('link', { name: 'Start' }).click();
    await page.getByRole('heading', { level: 1, name: 'The first lesson about screens' }).waitFor();
    await page.getByText('The screen shows pictures.').first().waitFor();
    // The lesson and its picture are in the cache before the hub goes.
    await expect.poll(() => cachedPaths(page, 'darasa-content-v1')).toContain('/api/lessons/t-l01');
    await expect.poll(async () => (await cachedPaths(page, 'darasa-media-v1')).length).toBe(1);

    await hub.stop('SIGKILL');
    await page.reload();
    await page.locator('.app-header .brand-name').waitFor();
    await page.getByRole('heading', { level: 1, name: 'The first lesson about screens' }).waitFor();
    await page.getByText('The screen shows pictures.').first().waitFor();
    const picture = page.locator('main img').first();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    hub = await startHubProcess(env);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'The first lesson about screens' }).waitFor();
    expect(await page.evaluate(() => fetch('/api/health').then((r) => r.status))).toBe(200);
    // The hub's own answers again: the learner is still signed in after the restart.
    expect(await page.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(200);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('serves a learner their own cached progress only, and forgets it on sign-out or when another learner signs in', async () => {
    const amina = await signInLearnerOverHttp(hub.url, aminaId, '4821');
    await postEvents(hub.url, amina, [{ verb: 'completed', object: { courseId: 'test-course', lessonId: 't-l01' } }]);
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
    await controlled(page);
    await page.goto(`${hub.url}/learn/progress`);
    await page.getByRole('heading', { level: 1, name: 'My progress' }).waitFor();
    await expect.poll(() => cachedPaths(page, 'darasa-personal-v1')).toContain('/api/me/progress');

    // Hub away: Amina's own progress page still answers from the cache.
    await restartHubWhile(async () => {
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'My progress' }).waitFor();
      // The shell says the hub is away (a banner); the page itself answers from the cache.
      await page.locator('[data-testid="course-progress"][data-course-id="test-course"]').getByText('1 of 2 lessons done').waitFor();
      expect(await page.locator('main').getByRole('alert').count()).toBe(0);
    });

    // Sign-out drops the personal cache at once.
    await page.goto(`${hub.url}/learn`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Who are you?' }).waitFor();
    await expect.poll(() => cachedPaths(page, 'darasa-personal-v1')).toEqual([]);

    // Amina again, then Baraka signs in on the same browser: nothing of Amina's is served to him.
    await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
    await page.goto(`${hub.url}/learn/progress`);
    await expect.poll(() => cachedPaths(page, 'darasa-personal-v1')).toContain('/api/me/progress');
    await signInLearnerInBrowser(page, hub.url, /Baraka M\./, '1357');
    const baraka = await page.evaluate(() => fetch('/api/me').then((r) => r.json()).then((me: { id: string }) => me.id));
    // Whatever is cached now is Baraka's own (his home page asked for his progress).
    await expect.poll(() => cachedOwners(page)).not.toContain(aminaId);
    expect((await cachedOwners(page)).every((owner) => owner === baraka)).toBe(true);
    await context.close();
  });
});

/** Runs `check` while the hub process is stopped, then starts it again on the same port. */
async function restartHubWhile(check: () => Promise<void>): Promise<void> {
  await hub.stop('SIGKILL');
  try {
    await check();
  } finally {
    hub = await startHubProcess(env);
  }
}
