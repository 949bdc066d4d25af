// The learner home and the offline app shell in Chromium with 4× CPU
// throttling (an old i3 workstation), against a real hub with the seed
// curriculum:
//   - JS+CSS the learner home needs (gzip 9; first visit, no service worker);
//   - time from navigation to the learner home showing its courses (median of 5);
//   - a lesson reloaded while the hub answers vs while it is stopped (served by
//     the service worker from its cache): the ratio says what a power dip costs;
//   - what the worker precaches once per build (the whole app).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_CLIENT_DIR } from '../../server/config.ts';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInOverHttp } from '../support/auth.ts';
import { createLearner, freePort, signInLearnerInBrowser } from '../e2e/learn-home-helpers.ts';
import { median, round, type Benchmark, type BenchRow } from './harness.ts';

const RUNS = 5;

async function throttled(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return page;
}

async function timed(page: Page, url: string, ready: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await page.goto(url);
  await ready();
  return performance.now() - start;
}

export const learnHome: Benchmark = {
  name: 'learn-home',
  async run() {
    const env = { DATA_DIR: await makeTempDir(), PORT: String(await freePort()) };
    let hub: HubProcess = await startHubProcess(env);
    const credentials = await setUpHubOverHttp(hub.url);
    const admin = await signInOverHttp(hub.url, credentials.username, credentials.password);
    await createLearner(hub.url, admin, { givenName: 'Amina', familyName: 'Wanjiru', pin: '4821' });
    const browser = await launchBrowser();
    const rows: BenchRow[] = [];
    try {
      // Weight: a first visit with no worker, every JS and CSS file the home asks for.
      const bare = await browser.newContext({ serviceWorkers: 'block', locale: 'en-GB' });
      const page0 = await bare.newPage();
      await signInLearnerInBrowser(page0, hub.url, /Amina W\./, '4821');
      const files = new Set<string>();
      page0.on('request', (request) => {
        const url = new URL(request.url());
        if (/\.(js|css)$/.test(url.pathname)) files.add(url.pathname);
      });
      await page0.goto(`${hub.url}/learn`, { waitUntil: 'networkidle' });
      await page0.locator('[data-testid="course-card"]').first().waitFor();
      const gzip = [...files].reduce((sum, file) => sum + gzipSync(new Uint8Array(readFileSync(path.join(DEFAULT_CLIENT_DIR, file))), { level: 9 }).length, 0);
      rows.push({ bench: 'learn-home', metric: 'learner home JS+CSS gzipped', value: round(gzip / 1024, 1), unit: 'KB', note: `${files.size} files` });
      await bare.close();

      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await throttled(context);
      await signInLearnerInBrowser(page, hub.url, /Amina W\./, '4821');
      await page.evaluate(() => navigator.serviceWorker.ready);
      const homeTimes: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        homeTimes.push(await timed(page, `${hub.url}/learn`, () => page.locator('[data-testid="course-card"]').first().waitFor()));
      }
      rows.push({ bench: 'learn-home', metric: 'learner home shows courses (4× CPU throttle)', value: Math.round(median(homeTimes)), unit: 'ms', note: `median of ${RUNS}` });

      const href = (await page.getByTestId('continue-card').getByRole('link').getAttribute('href'))!;
      const lessonReady = () => page.locator('main h1').first().waitFor();
      await timed(page, `${hub.url}${href}`, lessonReady); // puts the lesson in the cache
      const online: number[] = [];
      for (let i = 0; i < RUNS; i += 1) online.push(await timed(page, `${hub.url}${href}`, lessonReady));
      await hub.stop('SIGKILL');
      const offline: number[] = [];
      for (let i = 0; i < RUNS; i += 1) offline.push(await timed(page, `${hub.url}${href}`, lessonReady));
      hub = await startHubProcess(env);
      rows.push(
        { bench: 'learn-home', metric: 'lesson reload, hub up (4× throttle)', value: Math.round(median(online)), unit: 'ms', note: `median of ${RUNS}` },
        { bench: 'learn-home', metric: 'lesson reload, hub stopped (from worker cache)', value: Math.round(median(offline)), unit: 'ms', note: `median of ${RUNS}` },
        { bench: 'learn-home', metric: 'hub stopped / hub up', value: round(median(offline) / median(online), 2), unit: 'ratio' },
      );

      const precached = await page.evaluate(async () => {
        const cache = await caches.open('darasa-shell-v1');
        let bytes = 0;
        const keys = await cache.keys();
        for (const key of keys) bytes += (await (await cache.match(key))!.blob()).size;
        return { bytes, files: keys.length };
      });
      rows.push({ bench: 'learn-home', metric: 'app shell precached by the worker (uncompressed)', value: round(precached.bytes / 1024, 1), unit: 'KB', note: `${precached.files} files, once per build` });
      await context.close();
      return rows;
    } finally {
      await browser.close();
      await hub.stop();
      await removeTempDirs();
    }
  },
};
