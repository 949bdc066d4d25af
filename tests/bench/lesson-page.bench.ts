// The lesson player's weight and speed as a learner's old PC sees it:
//   - JS sent for a lesson page (every .js file Chromium fetches to show
//     /learn/lessons/:id, gzipped at level 9), and separately what a coding
//     lesson adds (the CodeMirror editor, loaded only when a coding step shows);
//   - time to interactive with 4× CPU throttling (CDP Emulation.setCPUThrottlingRate,
//     roughly an old Core i3 on this machine): from navigation start until the
//     lesson's first step and its Next button are on screen (the test then
//     clicks it and waits for the next step, to be sure the page answers).
//     Each run is a new browser context (a cold cache, as the first lesson of
//     the day); the median of the runs is reported, and a warm-cache figure too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { DEFAULT_CLIENT_DIR } from '../../server/config.ts';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { enrolLearner, learnerContext, type Learner } from '../e2e/learn-player-helpers.ts';
import { median, round, type Benchmark } from './harness.ts';

const RUNS = 5;
const THROTTLE = 4;
const LESSON = 'cb-en-l01';

function gzipOf(files: Iterable<string>): number {
  let total = 0;
  for (const file of files) total += gzipSync(new Uint8Array(readFileSync(path.join(DEFAULT_CLIENT_DIR, file))), { level: 9 }).length;
  return total;
}

/** Opens the lesson throttled; returns ms to interactive and the JS files fetched. */
async function openLesson(browser: Browser, url: string, learner: Learner, lessonId: string, warm: boolean) {
  const context = await learnerContext(browser, url, learner);
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('request', (request) => {
    const pathname = new URL(request.url()).pathname;
    if (pathname.endsWith('.js')) scripts.add(pathname);
  });
  if (warm) await page.goto(`${url}/learn/lessons/${lessonId}`, { waitUntil: 'networkidle' });
  // Notes, inside the page, when the Next button first appears.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="next-step"]')) return;
      (window as unknown as { nextShownAt: number }).nextShownAt = performance.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.goto(`${url}/learn/lessons/${lessonId}`);
  const next = page.getByTestId('next-step');
  await next.waitFor();
  // Interactive: the Next button's click is handled (the step counter moves).
  await next.click();
  await page.getByTestId('step-position').getByText(/^Step 2 of/).waitFor();
  const ms = await page.evaluate(() => (window as unknown as { nextShownAt: number }).nextShownAt);
  await context.close();
  return { ms, scripts };
}

export const lessonPage: Benchmark = {
  name: 'lesson-page',
  async run() {
    const hub = await startHubProcess({ DATA_DIR: await makeTempDir() });
    const browser = await launchBrowser();
    try {
      const learner = await enrolLearner(hub.url);
      const cold: number[] = [];
      const warm: number[] = [];
      let scripts = new Set<string>();
      for (let i = 0; i < RUNS; i++) {
        const run = await openLesson(browser, hub.url, learner, LESSON, false);
        cold.push(run.ms);
        scripts = run.scripts;
        warm.push((await openLesson(browser, hub.url, learner, LESSON, true)).ms);
      }
      const lessonJs = gzipOf(scripts);

      // What a coding lesson adds once its editor appears.
      const context = await learnerContext(browser, hub.url, learner);
      const page = await context.newPage();
      const editorFiles = new Set<string>();
      await page.goto(`${hub.url}/learn/lessons/code-en-l01`);
      await page.getByTestId('next-step').waitFor();
      page.on('request', (request) => {
        const pathname = new URL(request.url()).pathname;
        if (pathname.endsWith('.js')) editorFiles.add(pathname);
      });
      for (let i = 0; i < 10 && !(await page.getByTestId('code-editor').isVisible()); i++) await page.getByTestId('next-step').click();
      await page.getByTestId('code-editor').waitFor();
      await context.close();
      const editorJs = gzipOf(editorFiles);

      const kb = (bytes: number) => round(bytes / 1024, 1);
      const tti = median(cold);
      return [
        { bench: 'lesson-page', metric: `time to interactive, ${THROTTLE}× CPU throttling, cold cache (median of ${RUNS})`, value: round(tti), unit: 'ms', target: '≤ 1500 ms', meets: tti <= 1500 },
        { bench: 'lesson-page', metric: `time to interactive, ${THROTTLE}× CPU throttling, warm cache (median of ${RUNS})`, value: round(median(warm)), unit: 'ms' },
        { bench: 'lesson-page', metric: 'JS sent for a lesson page (gzip)', value: kb(lessonJs), unit: 'KB', target: '≤ 100 KB', meets: lessonJs <= 100 * 1024, note: `${scripts.size} files` },
        { bench: 'lesson-page', metric: 'JS a coding step adds (CodeMirror, lazy; gzip)', value: kb(editorJs), unit: 'KB', note: `${editorFiles.size} files` },
      ];
    } finally {
      await browser.close();
      await hub.stop();
      await removeTempDirs();
    }
  },
};
